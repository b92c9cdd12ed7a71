// Metrics after real calls through the gateway: counters, histograms and errors by status.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMetrics, resetMetricsForTests } from "@/lib/observability/metrics";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { openaiFor, useGatewayEmulator } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

useGatewayEmulator();
let api: ApiServer;
beforeAll(async () => {
  api = await startApiServer("node");
  resetMetricsForTests();
});
afterAll(() => api.close());

const value = (text: string, line: string) => Number(text.split("\n").find((l) => l.startsWith(line + " "))?.split(" ").pop());

describe("prometheus metrics", () => {
  it("counts requests, latency, tokens and errors per provider/model/status", async () => {
    const u = await createTestUser();
    const client = openaiFor(api, u.key);
    for (let i = 0; i < 3; i++) await client.chat.completions.create({ model: "sim/gpt", messages: [{ role: "user", content: "hi" }] });
    await expect(client.chat.completions.create({ model: "sim/down", messages: [{ role: "user", content: "hi" }] }, { maxRetries: 0 })).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 100));
    const text = renderMetrics();
    expect(text).toMatch(/# TYPE switchyard_request_duration_seconds histogram/);
    const ok = text.split("\n").find((l) => l.startsWith("switchyard_requests_total{") && l.includes('model="sim/gpt"') && l.includes('status="200"'));
    expect(ok?.endsWith(" 3")).toBe(true);
    expect(text.split("\n").some((l) => l.startsWith("switchyard_errors_total{") && l.includes('model="sim/down"'))).toBe(true);
    const gptLabels = ok!.slice(ok!.indexOf("{") + 1, ok!.indexOf(',status'));
    expect(value(text, `switchyard_request_duration_seconds_count{${gptLabels}}`)).toBe(3);
    expect(value(text, `switchyard_tokens_total{${gptLabels},direction="output"}`)).toBeGreaterThan(0);
    expect(text).toMatch(/switchyard_db_pool_connections\{state="total"\} \d+/);
  });
});
