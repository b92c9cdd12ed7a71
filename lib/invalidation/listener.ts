// One LISTEN connection per process: a dedicated pg client (never a pooled one — a pooled
// connection would be handed to queries, and LISTEN lives as long as its session) that hears
// every process's invalidations and hands them to this process's handlers.
//
// Requests never wait for it: caches are read and written without asking the listener. When
// the connection drops, caches fall back to their TTLs, the gauge reads 0, and the listener
// reconnects with exponential backoff; once LISTEN is active again it flushes the caches,
// because whatever was published while it was away is lost (NOTIFY is not queued for
// absent listeners). A periodic ping finds a connection that died without a TCP reset.
import pg from "pg";
import type { Logger } from "pino";
import { INVALIDATION_CHANNEL, invalidationMessage, type InvalidationHandlers, type InvalidationMessage } from "@/lib/invalidation/messages";

export type ListenerOptions = {
  connectionString: string;
  handlers: InvalidationHandlers;
  log: Pick<Logger, "info" | "warn" | "error">;
  /** Called with true once LISTEN is active, false when the connection is lost. */
  onConnectedChange?: (connected: boolean) => void;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  pingIntervalMs?: number;
};

export type InvalidationListener = {
  readonly connected: boolean;
  /** Resolves once LISTEN is active (at once when it is). */
  ready(): Promise<void>;
  close(): Promise<void>;
};

function dispatch(handlers: InvalidationHandlers, message: InvalidationMessage): void {
  switch (message.kind) {
    case "api-keys": return handlers["api-keys"](message);
    case "byok": return handlers.byok(message);
    case "session": return handlers.session(message);
    case "policies": return handlers.policies(message);
    case "balance": return handlers.balance(message);
    case "replay-work": return handlers["replay-work"](message);
    default: {
      const unhandled: never = message; // a new kind must be dispatched here
      void unhandled;
    }
  }
}

export function startListener(opts: ListenerOptions): InvalidationListener {
  const { handlers, log } = opts;
  const minBackoff = opts.minBackoffMs ?? 250;
  const maxBackoff = opts.maxBackoffMs ?? 10_000;
  let client: pg.Client | null = null;
  let connected = false;
  let closed = false;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;
  let waiters: Array<() => void> = [];

  const setConnected = (value: boolean) => {
    if (connected === value) return;
    connected = value;
    opts.onConnectedChange?.(value);
  };

  function receive(payload: string | undefined): void {
    let parsed: ReturnType<typeof invalidationMessage.safeParse> | null;
    try {
      parsed = invalidationMessage.safeParse(JSON.parse(payload ?? ""));
    } catch {
      parsed = null; // not JSON
    }
    try {
      if (parsed?.success) return dispatch(handlers, parsed.data);
      // A message this version cannot read (e.g. from a newer process mid-deploy): what it
      // invalidates is unknown, so everything is.
      log.warn({ payload: payload?.slice(0, 200) }, "unreadable invalidation message: flushing local caches");
      handlers.flush();
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err) }, "invalidation handler failed");
    }
  }

  function lost(c: pg.Client, err?: unknown): void {
    if (client !== c) return; // already replaced (both 'error' and 'end' fire)
    client = null;
    setConnected(false);
    c.end().catch(() => undefined);
    if (closed) return;
    const delay = Math.min(maxBackoff, minBackoff * 2 ** failures) * (0.8 + Math.random() * 0.4);
    failures++;
    log.warn({ err: err instanceof Error ? err.message : err === undefined ? undefined : String(err), retryInMs: Math.round(delay) },
      "invalidation listener disconnected; caches fall back to their TTLs until it reconnects");
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, delay);
    retry.unref();
  }

  async function connect(): Promise<void> {
    const c = new pg.Client({
      connectionString: opts.connectionString, keepAlive: true, query_timeout: 5_000,
      application_name: opts.applicationName ?? "switchyard-invalidation",
    });
    client = c;
    c.on("error", (err) => lost(c, err));
    c.on("end", () => lost(c));
    c.on("notification", (n) => {
      if (n.channel === INVALIDATION_CHANNEL) receive(n.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${INVALIDATION_CHANNEL}`);
    } catch (err) {
      lost(c, err);
      return;
    }
    if (client !== c) return;
    if (failures > 0) log.info({ afterFailures: failures }, "invalidation listener reconnected; local caches flushed");
    failures = 0;
    // Anything cached before this point may have missed a message: start clean.
    handlers.flush();
    setConnected(true);
    for (const wake of waiters) wake();
    waiters = [];
  }

  const ping = setInterval(() => {
    const c = client;
    if (c && connected) c.query("SELECT 1").catch((err: unknown) => lost(c, err));
  }, opts.pingIntervalMs ?? 30_000);
  ping.unref();

  void connect();

  return {
    get connected() {
      return connected;
    },
    ready: () => (connected ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    async close() {
      closed = true;
      clearInterval(ping);
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      setConnected(false);
      if (c) await c.end().catch(() => undefined);
    },
  };
}
