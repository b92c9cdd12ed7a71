// A local stand-in for Stripe: the REST API slice Switchyard uses (through the real stripe
// SDK), the hosted pay page, signed asynchronous webhooks, and a control API for tests.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { callApi } from "./api";
import { StripeApiError } from "./errors";
import { parseStripeForm } from "./form";
import { publicView, type StripeEvent } from "./objects";
import { payPage, receiptPage } from "./pages";
import { API_VERSION, StripeState } from "./state";
import { WebhookSender, type Delivery } from "./webhooks";

export type StripeEmulatorOptions = {
  /** 0 (default) = a free port. */
  port?: number;
  host?: string;
  /** Where events are POSTed (the app's /api/stripe/webhook); settable later. */
  webhookUrl?: string | null;
  /** The endpoint's signing secret (`whsec_…`). */
  webhookSecret: string;
  /** When set, API calls must use exactly this secret key; otherwise any `sk_…` key works. */
  secretKey?: string;
  /** Delay before the first delivery attempt (default 200 ms). */
  webhookDelayMs?: number;
  /** Waits between retries (default 1 s, 2 s, 4 s, 8 s, 16 s, 30 s, 60 s). */
  retryDelaysMs?: number[];
};

export type StripeEmulatorHandle = {
  url: string;
  port: number;
  state: StripeState;
  setWebhookUrl(url: string | null): void;
  /** Delivered attempts so far (event id, attempt number, HTTP status). */
  deliveries(): Delivery[];
  events(): StripeEvent[];
  /** Resolves when no delivery is scheduled or running (or after `timeoutMs`). */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) req.destroy(new Error("body too large"));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { "content-type": "application/json", "stripe-version": API_VERSION, ...headers });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

function redirect(res: ServerResponse, to: string): void {
  res.writeHead(303, { location: to });
  res.end();
}

async function handleApi(state: StripeState, opts: StripeEmulatorOptions, req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<void> {
  const auth = req.headers.authorization ?? "";
  const key = /^Bearer\s+(\S+)$/i.exec(auth)?.[1] ?? "";
  if (!key.startsWith("sk_") || (opts.secretKey && key !== opts.secretKey)) {
    sendJson(res, 401, { error: { type: "invalid_request_error", message: `Invalid API Key provided: ${key ? `${key.slice(0, 8)}…` : "(none)"}` } });
    return;
  }
  const raw = req.method === "GET" ? query : await readBody(req);
  const idem = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
  const answer = callApi(state, req.method ?? "GET", path, parseStripeForm(raw), raw, idem);
  const headers: Record<string, string> = { "request-id": `req_${Date.now().toString(36)}` };
  if (idem) headers["idempotency-key"] = idem;
  if (answer.replayed) headers["idempotent-replayed"] = "true";
  sendJson(res, answer.status, answer.body, headers);
}

async function handlePay(state: StripeState, req: IncomingMessage, res: ServerResponse, id: string, action: string | undefined): Promise<void> {
  const s = state.sessions.get(id);
  if (!s) return sendHtml(res, 404, "<h1>Checkout session not found</h1>");
  if (req.method === "GET" && !action) return sendHtml(res, 200, payPage(s));
  if (req.method !== "POST") return sendHtml(res, 405, "<h1>Method not allowed</h1>");
  await readBody(req);
  if (action === "cancel") return redirect(res, s.cancel_url ?? s.success_url.replace("{CHECKOUT_SESSION_ID}", s.id));
  if (action !== "pay" && action !== "decline" && action !== "async") return sendHtml(res, 404, "<h1>Unknown action</h1>");
  if (s.status !== "open") return sendHtml(res, 409, payPage(s));
  state.completeSession(id, action);
  if (action === "decline") return sendHtml(res, 402, payPage(s));
  redirect(res, s.success_url.replaceAll("{CHECKOUT_SESSION_ID}", s.id));
}

/** Test knobs: pay/decline a session, refund or dispute a charge, redeliver events. */
async function handleControl(state: StripeState, webhooks: WebhookSender, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const text = req.method === "POST" ? await readBody(req) : "";
  let body: Record<string, unknown>;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return sendJson(res, 400, { error: { type: "invalid_request_error", message: "Control API bodies are JSON." } });
  }
  const num = (v: unknown) => (typeof v === "number" && Number.isInteger(v) ? v : undefined);
  let m: RegExpExecArray | null;
  if (req.method === "GET" && path === "/_control/events") return sendJson(res, 200, { events: state.events, deliveries: webhooks.deliveries });
  if (req.method === "POST" && (m = /^\/_control\/sessions\/([^/]+)\/(pay|decline|async)$/.exec(path))) {
    return sendJson(res, 200, publicView(state.completeSession(m[1]!, m[2] as "pay" | "decline" | "async")));
  }
  if (req.method === "POST" && (m = /^\/_control\/charges\/([^/]+)\/refund$/.exec(path))) {
    return sendJson(res, 200, state.refund({ charge: m[1]!, amount: num(body.amount) }));
  }
  if (req.method === "POST" && (m = /^\/_control\/charges\/([^/]+)\/dispute$/.exec(path))) {
    return sendJson(res, 200, state.dispute(m[1]!, num(body.amount)));
  }
  if (req.method === "POST" && (m = /^\/_control\/events\/([^/]+)\/redeliver$/.exec(path))) {
    const event = state.events.find((e) => e.id === m![1]);
    if (!event) return sendJson(res, 404, { error: { type: "invalid_request_error", message: "No such event" } });
    webhooks.send(event, Math.min(num(body.times) ?? 1, 50));
    return sendJson(res, 200, { ok: true });
  }
  if (req.method === "POST" && path === "/_control/decline-next") {
    state.declineNext = Math.max(0, num(body.count) ?? 1);
    return sendJson(res, 200, { declineNext: state.declineNext });
  }
  sendJson(res, 404, { error: { type: "invalid_request_error", message: `Unknown control route ${req.method} ${path}` } });
}

function listenOn(server: ReturnType<typeof createServer>, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startStripeEmulator(opts: StripeEmulatorOptions): Promise<StripeEmulatorHandle> {
  const webhooks = new WebhookSender({
    url: opts.webhookUrl ?? null, secret: opts.webhookSecret, delayMs: opts.webhookDelayMs ?? 200,
    retryDelaysMs: opts.retryDelaysMs ?? [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 60_000],
  });
  let state: StripeState | null = null;
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? "" : url.slice(q + 1);
    const s = state!;
    const work = async () => {
      if (path.startsWith("/v1/")) return handleApi(s, opts, req, res, path, query);
      const pay = /^\/pay\/([^/]+)(?:\/([a-z]+))?$/.exec(path);
      if (pay) return handlePay(s, req, res, decodeURIComponent(pay[1]!), pay[2]);
      const receipt = /^\/receipts\/([^/]+)$/.exec(path);
      if (receipt && s.charges.has(receipt[1]!)) return sendHtml(res, 200, receiptPage(s.charges.get(receipt[1]!)!));
      if (path.startsWith("/_control/")) return handleControl(s, webhooks, req, res, path);
      if (path === "/health") return sendJson(res, 200, { ok: true });
      sendJson(res, 404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${path}).` } });
    };
    work().catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof StripeApiError) return sendJson(res, err.status, err.body());
      sendJson(res, 500, { error: { type: "api_error", message: `Emulator error: ${err instanceof Error ? err.message : String(err)}` } });
    });
  });
  server.keepAliveTimeout = 65_000;
  const address = await listenOn(server, opts.port ?? 0, opts.host ?? "127.0.0.1");
  const url = `http://${address.address}:${address.port}`;
  state = new StripeState(url, webhooks);
  const st = state;
  return {
    url, port: address.port, state: st,
    setWebhookUrl: (u) => {
      webhooks.config.url = u;
    },
    deliveries: () => webhooks.deliveries,
    events: () => st.events,
    settle: async (timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs;
      while (webhooks.pending() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    },
    close: () => new Promise<void>((resolve) => {
      webhooks.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
