// `model: "auto"` end to end: both chat doors pick a model, say which and why in
// `x-switchyard-route`, store the request's class on its log row (every request does), and a
// model that starts failing (the emulator's failure rate) stops being picked.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pool } from "@/lib/sql/pool";
import { resetBreakersForTests } from "@/lib/routing/breaker";
import { resetModelStatsForTests } from "@/lib/routing/model-stats";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { anthropicFor, openaiFor, settledLog, useGatewayEmulator } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { stopRollupFigures } from "./rollup-figures";

const ctx = useGatewayEmulator({ resetEach: true });
let api: ApiServer;
let user: Awaited<ReturnType<typeof createTestUser>>;
beforeAll(async () => {
  api = await startApiServer("node");
  user = await createTestUser();
});
afterAll(async () => {
  stopRollupFigures();
  await api.close();
});
beforeEach(() => resetModelStatsForTests());

const ROUTE = /^(sim\/[a-z-]+); reason=([a-z_]+): [\x20-\x7e]+ among \d+ candidates \(goal (balanced|latency|cost|reliability)\)$/;

async function logRow(requestId: string): Promise<{ request_class: string | null; requested_model: string; resolved_model: string | null }> {
  await settledLog(api, user.key, requestId);
  const { rows } = await pool().query<{ request_class: string | null; requested_model: string; resolved_model: string | null }>(
    "SELECT request_class, requested_model, resolved_model FROM request_logs WHERE id = $1", [requestId]);
  return rows[0]!;
}

describe("model: auto", () => {
  it("/chat/completions: picks a model, says which and why, and logs the request's class", async () => {
    const { data, response } = await openaiFor(api, user.key).chat.completions
      .create({ model: "auto", max_tokens: 5, messages: [{ role: "user", content: "What is 17 * 23?" }] })
      .withResponse();
    const route = response.headers.get("x-switchyard-route");
    const m = ROUTE.exec(route ?? "");
    expect(m, String(route)).not.toBeNull();
    expect(m![2]).toBe("math");
    expect(m![3]).toBe("balanced");
    expect(response.headers.get("x-switchyard-model")).toBe(m![1]);
    expect(data.model).toBeTruthy();
    const row = await logRow(response.headers.get("x-request-id")!);
    expect(row).toEqual({ request_class: "math", requested_model: "auto", resolved_model: m![1] });
  });

  it("/messages: the same, streamed, with the goal from switchyard.optimization_goal", async () => {
    const stream = anthropicFor(api, user.key).messages.stream({
      model: "auto", max_tokens: 5, messages: [{ role: "user", content: "```js\nconst a = b.c();\n```\nWhy is this undefined?" }],
      ...{ switchyard: { optimization_goal: "latency" } },
    });
    const { response } = await stream.withResponse();
    await stream.finalMessage();
    const m = ROUTE.exec(response.headers.get("x-switchyard-route") ?? "");
    expect(m).not.toBeNull();
    expect([m![2], m![3]]).toEqual(["code", "latency"]);
    expect((await logRow(response.headers.get("x-request-id")!)).request_class).toBe("code");
  });

  it("never picks a fault-demo simulator, and honours allowed_models", async () => {
    const u = await createTestUser();
    await pool().query("UPDATE api_keys SET allowed_models = ARRAY['sim/down', 'sim/flaky', 'sim/claude'] WHERE id = $1", [u.keyId]);
    const { response } = await openaiFor(api, u.key).chat.completions
      .create({ model: "auto", max_tokens: 5, messages: [{ role: "user", content: "hi" }] }).withResponse();
    expect(response.headers.get("x-switchyard-route")).toMatch(/^sim\/claude; reason=quick_chat: .* among 1 candidates/);
  });

  it("every chat request stores its class, auto or not", async () => {
    const { response } = await openaiFor(api, user.key).chat.completions
      .create({ model: "sim/gpt", max_tokens: 5, messages: [{ role: "user", content: "hello there" }] }).withResponse();
    expect(response.headers.get("x-switchyard-route")).toBeNull();
    expect((await logRow(response.headers.get("x-request-id")!)).request_class).toBe("quick_chat");
  });

  it("a model that starts failing stops being chosen", async () => {
    const client = openaiFor(api, user.key);
    const ask = async () => {
      // Breakers are reset each time: the switch must come from the measured success rate alone.
      resetBreakersForTests();
      const { response } = await client.chat.completions
        .create({ model: "auto", max_tokens: 5, messages: [{ role: "user", content: "hi" }] }).withResponse();
      await logRow(response.headers.get("x-request-id")!); // settled: its outcome is recorded
      return { picked: ROUTE.exec(response.headers.get("x-switchyard-route") ?? "")![1]!, served: response.headers.get("x-switchyard-model") };
    };
    // Healthy, sim/fast (cheapest, fastest) is the pick for a quick chat.
    for (let i = 0; i < 3; i++) expect(await ask()).toEqual({ picked: "sim/fast", served: "sim/fast" });

    ctx.emu.setModel("emu-fast", { failureRate: 1, failStatus: 503 });
    const picks: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await ask();
      picks.push(r.picked);
      expect(r.served).not.toBe("sim/fast"); // failover inside the auto chain still answers
    }
    expect(picks[0]).toBe("sim/fast"); // not known to fail yet
    const switchedAt = picks.indexOf(picks.find((p) => p !== "sim/fast")!);
    expect(switchedAt).toBeGreaterThan(0);
    expect(switchedAt).toBeLessThanOrEqual(2);
    expect(picks.slice(switchedAt).every((p) => p !== "sim/fast")).toBe(true);
  });
});
