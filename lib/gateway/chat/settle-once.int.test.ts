// Every chat request's reservation is settled exactly once, however it ends — also when our
// own code fails with the answer already under way (here: the sink throws as it opens the
// stream). Before run-chat.ts scheduled settlement in one `finally`, such a request was never
// settled: no log, no charge, and its reservation stayed in flight, so the account's hold
// could never be given back.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/sql/pool";
import { verifyApiKey } from "@/lib/api-keys/verify-key";
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import { releaseIdleHolds } from "@/lib/billing/settlement/holds";
import { parseChatCompletionsBody } from "@/lib/gateway/formats/openai/parse";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { openAiSink } from "@/lib/gateway/chat/openai-sink";
import { runChat } from "@/lib/gateway/chat/run-chat";
import { SIGNUP_UNITS, balanceOf, ledgerSum, useGatewayEmulator } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

useGatewayEmulator();

/** A response that records its after-work and fails nothing itself. */
function fakeResponse(): ApiResponse & { afterTasks: Array<() => void | Promise<void>> } {
  let sent = false;
  const afterTasks: Array<() => void | Promise<void>> = [];
  return {
    afterTasks,
    setHeader: () => undefined,
    writeHead: () => void (sent = true),
    write: () => undefined,
    end: () => undefined,
    get headersSent() {
      return sent;
    },
    after: (fn) => void afterTasks.push(fn),
  };
}

describe("settlement runs exactly once", () => {
  it("settles (refunds) and logs a stream whose sink fails after the head was written; the hold goes back", async () => {
    const user = await createTestUser();
    const key = await verifyApiKey(user.key);
    const body = { model: "sim/gpt", stream: true, messages: [{ role: "user", content: "hello" }] };
    const parsed = parseChatCompletionsBody(body);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const requestId = `req_${randomUUID().replaceAll("-", "")}`;
    const req: ApiRequest = {
      method: "POST", path: "/chat/completions", query: new URLSearchParams(), header: () => undefined,
      readBody: () => Promise.reject(new Error("not used")), signal: new AbortController().signal, requestId,
      startedAt: performance.now(),
    };
    const res = fakeResponse();
    const sink = openAiSink(res, false);
    sink.open = () => {
      res.writeHead(200);
      throw new Error("sink broke");
    };

    await expect(runChat({ req, res, key, parsed: parsed.value, sink, endpoint: "chat.completions", body })).rejects.toThrow("sink broke");
    expect(res.afterTasks).toHaveLength(1);
    for (const task of res.afterTasks) await task();
    await flushCharges();
    await releaseIdleHolds();

    const { rows } = await pool().query<{ status: number; cost_units: string; error_message: string | null }>(
      "SELECT status, cost_units::text, error_message FROM request_logs WHERE id = $1", [requestId]);
    expect(rows).toEqual([{ status: 500, cost_units: "0", error_message: "sink broke" }]);
    const { rows: [u] } = await pool().query<{ held: string }>("SELECT held::text FROM users WHERE id = $1", [user.userId]);
    expect(u!.held).toBe("0");
    expect(await balanceOf(user.userId)).toBe(SIGNUP_UNITS);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS);
  });
});
