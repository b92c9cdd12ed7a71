// A JSON answer larger than the stream reader's 64 KB high-water mark (a long completion, a
// batch of embeddings) must be read whole: the pause that bounds a stream's buffer must not
// leave a whole-body read waiting for bytes it paused itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplayServer, type ReplayServer } from "../testing/replay-server";
import { parseOpenAIErrorBody } from "../openai/errors";
import { postForJson } from "./call";

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(() => server.close());

describe("postForJson", () => {
  it.each([64 * 1024 + 1, 1024 * 1024])("reads a %i-byte JSON body written in many chunks", async (size) => {
    const payload = JSON.stringify({ text: "x".repeat(size) });
    server.setHandler(async (_r, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      for (let i = 0; i < payload.length; i += 16 * 1024) {
        res.write(payload.slice(i, i + 16 * 1024));
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    });
    const json = await postForJson(
      { label: "test", url: `${server.baseUrl}/big`, headers: { "content-type": "application/json" }, body: "{}", apiKey: "", parseErrorBody: parseOpenAIErrorBody },
      { target: { baseUrl: server.baseUrl, apiKey: "" }, signal: new AbortController().signal, timeouts: { total: 5_000 } },
    );
    expect((json as { text: string }).text.length).toBe(size);
  });
});
