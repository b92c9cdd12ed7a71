// Graceful drain (issue #23 point 8), API-only: the spec runs its OWN production server
// (`node dist/server.mjs`, two API workers, Redis) and sends the primary SIGTERM while a stream
// is open. Within the grace the stream finishes ([DONE]), new connections are refused, the
// primary exits 0, and the request's log row and charge are in Postgres; a stream that outlives
// a short grace is cut and charged for what was delivered — once. Streams are read raw (fetch
// on a new connection) to see the exact bytes: `data: [DONE]` or not.
import { expect, test } from "@playwright/test";
import net from "node:net";
import { startEmulator, type EmulatorHandle } from "../emulator/server";
import {
  chargesOf, closeDb, freshFetch, logsOf, moneyOf, seedAccount, sleep, startClusterServer, type ClusterServer,
} from "../lib/testing/cluster-server";

let emu: EmulatorHandle;

test.beforeAll(async () => {
  emu = await startEmulator({ port: 0, recordLimit: 0 });
  // sim/gpt (emu-chat): first token after 100 ms, then 20 tokens/s.
  emu.setModel("emu-chat", { ttftMs: 100, tokensPerSecond: 20 });
});

test.afterAll(async () => {
  await emu?.close();
  await closeDb();
});

function start(graceMs: number): Promise<ClusterServer> {
  return startClusterServer({ workers: 2, env: {
    EMULATOR_URL: emu.url, SHUTDOWN_GRACE_MS: String(graceMs),
    ...(process.env.REDIS_TEST_URL ? { REDIS_URL: process.env.REDIS_TEST_URL } : {}),
  } });
}

type OpenStream = { requestId: string; firstChunkAt: number; text: Promise<{ text: string; endedAt: number; error: string | null }> };

/** Opens a sim/gpt stream of `maxTokens` tokens and resolves once its first chunk arrived. */
async function openStream(baseUrl: string, key: string, maxTokens: number): Promise<OpenStream> {
  const res = await freshFetch(`${baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "sim/gpt", max_tokens: maxTokens, stream: true, stream_options: { include_usage: true },
      messages: [{ role: "user", content: "drain test" }] }),
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = decoder.decode((await reader.read()).value ?? new Uint8Array(), { stream: true });
  const firstChunkAt = Date.now();
  const rest = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      return { text, endedAt: Date.now(), error: null };
    } catch (err) {
      return { text, endedAt: Date.now(), error: String(err) };
    }
  })();
  return { requestId: res.headers.get("x-request-id")!, firstChunkAt, text: rest };
}

/** Whether a new TCP connection to the port is refused. */
function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", () => resolve(true));
  });
}

const contentChunks = (text: string) => (text.match(/"content":"[^"]/g) ?? []).length;

test("SIGTERM: an open stream finishes, new connections are refused, the primary exits 0, the charge is written", async () => {
  const grace = 10_000;
  const server = await start(grace);
  const account = await seedAccount(100);
  // 60 tokens at 20/s: about 3 s, most of it after the signal.
  const stream = await openStream(server.url, account.key, 60);
  await sleep(300);
  server.proc.kill("SIGTERM");
  const signalAt = Date.now();

  let refusedAfter = -1;
  while (Date.now() - signalAt < 2_000) {
    if (await connectionRefused(server.port)) {
      refusedAfter = Date.now() - signalAt;
      break;
    }
    await sleep(25);
  }
  const { text, endedAt, error } = await stream.text;
  const exit = await server.exited;
  console.log(`drain: new connections refused ${refusedAfter} ms after SIGTERM; the open stream ended ` +
    `${endedAt - signalAt} ms after it (complete: ${text.includes("data: [DONE]")}); the primary exited ` +
    `${exit.code} ${exit.at - signalAt} ms after it (grace ${grace} ms)`);
  expect(refusedAfter).toBeGreaterThanOrEqual(0);
  expect(refusedAfter).toBeLessThan(endedAt - signalAt); // refused while the stream still ran
  expect(error).toBeNull();
  expect(text).toContain('"finish_reason":"length"');
  expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  expect(exit.code).toBe(0);
  expect(exit.at - signalAt).toBeLessThan(grace);

  // Written before the exit: the log row and its one charge; the holds went back.
  const log = (await logsOf([stream.requestId])).get(stream.requestId);
  expect(log).toMatchObject({ status: 200, output_tokens: 60 });
  const charges = (await chargesOf([account.userId])).get(stream.requestId);
  expect(charges).toEqual([-BigInt(log!.cost_units)]);
  const money = await moneyOf(account.userId);
  expect(money.balance).toBe(money.ledger);
  expect(money).toMatchObject({ held: 0n, holds: 0n });
});

test("SIGTERM with a short grace: a stream still open is cut and charged once for what was delivered", async () => {
  const grace = 1_500;
  const server = await start(grace);
  const account = await seedAccount(100);
  // 200 tokens at 20/s: 10 s, far beyond the grace.
  const stream = await openStream(server.url, account.key, 200);
  await sleep(300);
  server.proc.kill("SIGTERM");
  const signalAt = Date.now();
  const { text, endedAt } = await stream.text;
  const exit = await server.exited;
  const delivered = contentChunks(text);
  console.log(`drain (grace ${grace} ms): the stream was cut ${endedAt - signalAt} ms after SIGTERM with ` +
    `${delivered} content chunks delivered; the primary exited ${exit.code} ${exit.at - signalAt} ms after it`);
  expect(text).not.toContain("data: [DONE]");
  expect(endedAt - signalAt).toBeGreaterThanOrEqual(grace - 100);
  expect(endedAt - signalAt).toBeLessThan(grace + 2_000);
  expect(exit.code).toBe(0);
  expect(exit.at - signalAt).toBeLessThan(grace + 5_000);

  const log = (await logsOf([stream.requestId])).get(stream.requestId);
  expect(log, "the cut stream has its request log").toBeDefined();
  expect(log!.output_tokens).toBeGreaterThan(0);
  expect(log!.output_tokens).toBeLessThan(200);
  expect(log!.output_tokens).toBeGreaterThanOrEqual(delivered);
  expect(BigInt(log!.cost_units)).toBeGreaterThan(0n);
  const charges = (await chargesOf([account.userId])).get(stream.requestId);
  expect(charges).toEqual([-BigInt(log!.cost_units)]);
  const money = await moneyOf(account.userId);
  expect(money.balance).toBe(money.ledger);
  expect(money).toMatchObject({ held: 0n, holds: 0n });
});
