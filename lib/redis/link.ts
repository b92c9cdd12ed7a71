// One connection to Redis, for counters shared across processes and instances (rate limits,
// throttles, breakers: docs/scale-out.md). Built never to slow a request down or take the
// gateway down with it:
// - a short command timeout and no offline queue: a command either answers within
//   COMMAND_TIMEOUT_MS or fails at once, and the caller falls back to its in-process state
//   (fail open);
// - `up` is a plain field, read synchronously: while Redis is down, callers do not even try;
// - ioredis reconnects in the background (backoff up to 2 s); `up` comes back on "ready".
// Transitions are logged once each way; /api/metrics reads `up` (lib/redis/index.ts).
import { createHash } from "node:crypto";
import { Redis } from "ioredis";

// A Redis that is down fails at once (no offline queue); this bounds only a Redis that hangs.
// 100 ms proved too short on a busy 2-core machine: a healthy Redis's reply sat behind our own
// busy event loop, the request failed open and a limit admitted one call too many.
export const COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 1_000;
const MAX_BACKOFF_MS = 2_000;

export type RedisLog = { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };

export type LinkOptions = {
  log?: RedisLog;
  onUpChange?: (up: boolean) => void;
  commandTimeoutMs?: number;
};

/** A Lua script run by its SHA (EVALSHA), loaded on first use or after a Redis restart. */
export class LuaScript {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }
}

type Handler = (message: string) => void;

export class RedisLink {
  readonly client: Redis;
  private subscriber: Redis | null = null;
  private readonly handlers = new Map<string, Set<Handler>>();
  private isUp = false;
  private closed = false;

  constructor(readonly url: string, private readonly opts: LinkOptions = {}) {
    this.client = this.connect("commands");
  }

  /** True while commands can be sent; synchronous, for the request path. */
  get up(): boolean {
    return this.isUp;
  }

  private connect(role: "commands" | "subscriber"): Redis {
    const client = new Redis(this.url, {
      commandTimeout: role === "commands" ? (this.opts.commandTimeoutMs ?? COMMAND_TIMEOUT_MS) : undefined,
      connectTimeout: CONNECT_TIMEOUT_MS,
      enableOfflineQueue: role === "subscriber", // subscriptions are replayed on reconnect
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(100 * times, MAX_BACKOFF_MS),
      connectionName: `switchyard-${role}-${process.pid}`,
    });
    // Without a listener ioredis prints every failed reconnect; the transitions are logged below.
    client.on("error", () => undefined);
    if (role === "commands") {
      client.on("ready", () => this.setUp(true));
      client.on("close", () => this.setUp(false));
      client.on("end", () => this.setUp(false));
    }
    return client;
  }

  private setUp(up: boolean): void {
    if (this.isUp === up || (up && this.closed)) return;
    this.isUp = up;
    const where = { redis: redactUrl(this.url) };
    if (up) this.opts.log?.info(where, "redis is up: counters are shared again");
    else this.opts.log?.warn(where, "redis is unreachable: counting in this process until it is back");
    this.opts.onUpChange?.(up);
  }

  /** EVALSHA, falling back to EVAL once when Redis does not know the script (first use, restart). */
  async run(script: LuaScript, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await this.client.evalsha(script.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith("NOSCRIPT")) throw err;
      return await this.client.eval(script.source, keys.length, ...keys, ...args);
    }
  }

  /** Fire and forget: a lost message only delays what the others learn (they have TTLs). */
  publish(channel: string, message: string): void {
    if (!this.isUp) return;
    this.client.publish(channel, message).catch(() => undefined);
  }

  /** Calls `handler` with each message on `channel` (a second connection, created on first use). */
  subscribe(channel: string, handler: Handler): () => void {
    if (!this.subscriber) {
      this.subscriber = this.connect("subscriber");
      this.subscriber.on("message", (ch: string, message: string) => {
        for (const h of this.handlers.get(ch) ?? []) h(message);
      });
    }
    let set = this.handlers.get(channel);
    if (!set) {
      this.handlers.set(channel, (set = new Set()));
      this.subscriber.subscribe(channel).catch(() => undefined);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /** Resolves once the subscriber connection listens (tests). */
  async subscribed(): Promise<void> {
    const sub = this.subscriber;
    if (!sub || sub.status === "ready") return;
    await new Promise<void>((resolve) => sub.once("ready", () => resolve()));
  }

  /** Resolves once commands can be sent, or after `timeoutMs` (false). */
  async ready(timeoutMs = 2_000): Promise<boolean> {
    if (this.isUp) return true;
    return new Promise<boolean>((resolve) => {
      const done = (v: boolean) => {
        clearTimeout(timer);
        this.client.off("ready", onReady);
        resolve(v);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on("ready", onReady);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.setUp(false);
    this.client.disconnect();
    this.subscriber?.disconnect();
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = "";
    u.username = "";
    return u.toString();
  } catch {
    return "redis";
  }
}
