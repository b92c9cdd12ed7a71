// UpstreamExchange (undici `dispatch`) must read an answer exactly as undici's own `request()`
// does — the validated path it replaces: same status, same headers (duplicates included),
// same body whether read whole or chunk by chunk, and a failure where `request()` fails.
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplayServer, type ReplayHandler, type ReplayServer } from "../../testing/replay-server";
import { UpstreamExchange, type ExchangeRequest } from "./exchange";

let server: ReplayServer;
let agent: Agent;
beforeAll(async () => {
  server = await startReplayServer();
  agent = new Agent();
});
afterAll(async () => {
  await agent.close();
  await server.close();
});

function requestFor(path: string): ExchangeRequest {
  return { origin: server.baseUrl, path, headers: { "content-type": "application/json" }, body: '{"q":1}', idleTimeoutMs: 5_000 };
}

type Read = { status: number; headers: Record<string, unknown>; body: string };

/** The reference: undici's request(), as the adapters used it before the exchange. */
async function viaRequest(path: string): Promise<Read> {
  const req = requestFor(path);
  const res: Dispatcher.ResponseData = await agent.request({ ...req, method: "POST", headersTimeout: 5_000, bodyTimeout: 5_000 });
  return { status: res.statusCode, headers: { ...res.headers }, body: await res.body.text() };
}

async function viaExchange(path: string, byChunk: boolean): Promise<Read> {
  const ex = new UpstreamExchange(agent, requestFor(path));
  await ex.head();
  let body: string;
  if (byChunk) {
    const parts: Buffer[] = [];
    for (let c = await ex.nextChunk(); c !== null; c = await ex.nextChunk()) parts.push(c);
    body = Buffer.concat(parts).toString("utf8");
  } else body = await ex.text();
  return { status: ex.status, headers: { ...ex.headers() }, body };
}

/** Headers that differ between two answers whatever reads them. */
function stable(r: Read): Read {
  const { date: _date, ...headers } = r.headers;
  return { ...r, headers };
}

const answers: Record<string, ReplayHandler> = {
  "JSON in several writes": async (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "x-request-id": "r1" });
    res.write('{"a":"');
    await sleep(5);
    res.end('é✓𝄞"}');
  },
  "duplicate and multi-valued headers": (_req, res) => {
    res.setHeader("set-cookie", ["a=1", "b=2"]);
    res.setHeader("x-many", ["one", "two"]);
    res.writeHead(200, { "Content-Type": "text/plain", "X-Mixed-Case": "Yes" });
    res.end("ok");
  },
  "an event stream in many packets": async (_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (let i = 0; i < 40; i++) {
      res.write(`data: {"n":${i},"text":"${"x".repeat(i * 50)}"}\n\n`);
      if (i % 7 === 0) await sleep(2);
    }
    res.end("data: [DONE]\n\n");
  },
  "a body above the 64 KB high-water mark": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ big: "y".repeat(300 * 1024) }));
  },
  "an error status with a body": (_req, res) => {
    res.writeHead(429, { "content-type": "application/json", "retry-after": "3" });
    res.end('{"error":{"message":"slow down"}}');
  },
  "an empty body": (_req, res) => {
    res.writeHead(204);
    res.end();
  },
};

describe("UpstreamExchange reads what undici's request() reads", () => {
  for (const [name, handler] of Object.entries(answers)) {
    it(name, async () => {
      server.setHandler(handler);
      const reference = stable(await viaRequest("/x"));
      expect(stable(await viaExchange("/x", false))).toEqual(reference);
      expect(stable(await viaExchange("/x", true))).toEqual(reference);
    });
  }

  // header(name) reads one name from the raw list without parsing the rest (a stream's
  // content-type check): it must give what headers() gives, repeated values joined.
  for (const [name, handler] of Object.entries(answers)) {
    it(`header(name) before headers(): ${name}`, async () => {
      server.setHandler(handler);
      const reference = await viaRequest("/x");
      const ex = new UpstreamExchange(agent, requestFor("/x"));
      await ex.head();
      const names = [...Object.keys(reference.headers).filter((n) => n !== "date"), "x-absent", "content-typ"];
      const one = Object.fromEntries(names.map((n) => [n, ex.header(n)]));
      await ex.text();
      const joined = (v: unknown) => (Array.isArray(v) ? v.join(", ") : typeof v === "string" ? v : "");
      expect(one).toEqual(Object.fromEntries(names.map((n) => [n, joined(reference.headers[n])])));
      ex.headers(); // parsed now: header() reads the parsed object, with the same answers
      expect(one).toEqual(Object.fromEntries(names.map((n) => [n, ex.header(n)])));
    });
  }

  it("fails where request() fails: the upstream dies mid-body", async () => {
    server.setHandler(async (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: partial\n\n");
      await sleep(5);
      res.socket?.destroy();
    });
    await expect(viaRequest("/cut")).rejects.toThrow();
    await expect(viaExchange("/cut", false)).rejects.toThrow();
    await expect(viaExchange("/cut", true)).rejects.toThrow();
  });

  it("stops the exchange when aborted before the answer", async () => {
    server.setHandler(async (_req, res) => {
      await sleep(200);
      res.end("late");
    });
    const ex = new UpstreamExchange(agent, requestFor("/slow"));
    const why = new Error("client went away");
    ex.abort(why);
    await expect(ex.head()).rejects.toBe(why);
  });
});
