// Recommendations and alerts on the real database (issue #22.6–7): logs seeded through the
// charge writer (so the rollup triggers run), then the page's functions. A use case with enough
// traffic gets a cheaper candidate with exact savings; one with too little says how much is
// needed; the one-click replay creates a run that becomes the evidence; "apply" upserts the
// policy; an alert dismissed for its window stays hidden there and shows again in a later one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/manage-keys";
import { enqueueCharge, flushCharges } from "@/lib/billing/settlement/charge-writer";
import { markupBps } from "@/lib/billing/settlement/markup";
import { isAppError } from "@/lib/errors";
import type { RequestLogRow } from "@/lib/observability/request-log";
import { playgroundKey } from "@/lib/playground/playground-key";
import { getPolicy, listPolicies } from "@/lib/policies/store";
import { createReplay, getReplay } from "@/lib/replay";
import { stopRollupFigures } from "@/lib/routing/auto/rollup-figures";
import { useGatewayEmulator } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { applyRecommendation, replayRecommendation } from "./actions";
import { alertsFor, dismissAlert } from "./alerts";
import { recommendationsFor } from "./recommend";

useGatewayEmulator();
type User = Awaited<ReturnType<typeof createTestUser>>;
let u: User;
let other: User;
let key2: string;
const NOW = new Date();
const HOUR_MS = 3_600_000;
let seq = 0;

function log(o: Partial<RequestLogRow> & { model: string; at: Date }): RequestLogRow {
  const { model, at, ...rest } = o;
  return {
    id: `req_opt${u.userId.slice(-6)}${String(seq++).padStart(5, "0")}`, userId: u.userId, apiKeyId: u.keyId, createdAt: at,
    endpoint: "chat.completions", requestedModel: model, resolvedModel: model, provider: "emulator", status: 200,
    errorClass: null, errorMessage: null, stream: false, byok: false, inputTokens: 1_000, outputTokens: 400, cachedTokens: 0,
    usageSource: "provider", costUnits: 3_000_000_000n, reservedUnits: 0n, price: null, latencyMs: 800, ttftMs: null, attempts: [],
    requestBody: { model, messages: [{ role: "user", content: `Fix this function ${seq}` }] },
    responseBody: { text: "Here is the fix." }, requestClass: "code", ...rest,
  };
}

function seed(rows: RequestLogRow[]): void {
  for (const r of rows) enqueueCharge({ log: r, charge: 0n });
}

const twoDaysAgo = new Date(NOW.getTime() - 47 * HOUR_MS);

beforeAll(async () => {
  u = await createTestUser();
  other = await createTestUser();
  key2 = (await createApiKey(u.userId, "batch jobs")).summary.id;
  const at = (i: number) => new Date(twoDaysAgo.getTime() + i * 60_000);
  seed([
    // Use case A: key 1, /chat/completions, code, on sim/claude — 25 answered calls over two days.
    ...Array.from({ length: 25 }, (_, i) => log({ model: "sim/claude", at: at(i) })),
    // Not the use case's traffic: failures, replays, the playground, orchestration sub-calls.
    ...Array.from({ length: 5 }, (_, i) => log({ model: "sim/claude", at: at(30 + i), status: 500, errorClass: "upstream_error", inputTokens: 0, outputTokens: 0 })),
    log({ model: "sim/claude", at: at(40), source: "replay" }),
    log({ model: "sim/claude", at: at(41), source: "playground", apiKeyId: key2 }),
    // Use case B: key 2, /messages, quick chat on sim/fast — 12 calls, not enough.
    ...Array.from({ length: 12 }, (_, i) => log({ model: "sim/fast", at: at(50 + i), apiKeyId: key2, endpoint: "messages", requestClass: "quick_chat", latencyMs: 5 })),
    // Use case C: key 1, math on sim/fast — already the cheapest, and fast.
    ...Array.from({ length: 22 }, (_, i) => log({ model: "sim/fast", at: at(70 + i), requestClass: "math", latencyMs: 5 })),
    // Another account's traffic never shows.
    ...Array.from({ length: 30 }, (_, i) => log({ model: "sim/gpt", at: at(100 + i), userId: other.userId, apiKeyId: other.keyId })),
  ]);
  await flushCharges();
});
afterAll(() => stopRollupFigures());

describe("recommendations", () => {
  it("recommends the cheaper model for a use case with enough data, with exact monthly savings", async () => {
    expect(markupBps()).toBe(0);
    const report = await recommendationsFor(u.userId);
    expect(report.windowDays).toBe(30);
    const rec = report.recommendations.find((r) => r.kind === "cheaper");
    expect(rec).toBeDefined();
    expect(report.recommendations.filter((r) => r.kind === "cheaper")).toHaveLength(1);
    expect(rec!.useCase).toMatchObject({
      apiKeyId: u.keyId, keyName: "test key", endpoint: "chat.completions", requestClass: "code", currentModel: "sim/claude",
      currentShare: 1, requests: 25, spanDays: 2,
    });
    expect(rec!.candidate).toBe("sim/fast");
    // sim/claude $1/$5 per M = 1e6/5e6 units per token: 25 × (1,000 × 1e6 + 400 × 5e6) = 75e9.
    // sim/fast $0.10/$0.40 = 1e5/4e5: 25 × (1,000 × 1e5 + 400 × 4e5) = 6.5e9. Two days → ×15.
    expect(rec!.savings).toEqual({
      currentUnits: 75_000_000_000n, candidateUnits: 6_500_000_000n, savingsUnits: 68_500_000_000n,
      monthlyCurrentUnits: 1_125_000_000_000n, monthlyCandidateUnits: 97_500_000_000n, monthlySavingsUnits: 1_027_500_000_000n,
    });
    expect(rec!.policyName).toBe("opt-chat-completions-code");
    expect(rec!.evidence).toEqual({ kind: "none" });
  });

  it("says how much data a small use case still needs, and lists the ones already well placed", async () => {
    const report = await recommendationsFor(u.userId);
    expect(report.pending).toHaveLength(1);
    expect(report.pending[0]).toMatchObject({
      needed: 20, useCase: { apiKeyId: key2, keyName: "batch jobs", endpoint: "messages", requestClass: "quick_chat", requests: 12 },
    });
    expect(report.optimal.map((c) => `${c.requestClass}:${c.currentModel}`)).toEqual(["math:sim/fast"]);
    expect(report.recommendations.every((r) => r.useCase.requestClass === "code")).toBe(true);
  });

  it("another account sees only its own traffic", async () => {
    const keysOf = (r: Awaited<ReturnType<typeof recommendationsFor>>) =>
      new Set([...r.recommendations.map((x) => x.useCase), ...r.optimal, ...r.pending.map((p) => p.useCase)].map((c) => c.apiKeyId));
    const theirs = await recommendationsFor(other.userId);
    expect([...keysOf(theirs)]).toEqual([other.keyId]);
    expect(theirs.recommendations.find((r) => r.kind === "cheaper")?.useCase).toMatchObject({ currentModel: "sim/gpt", requests: 30 });
    expect(keysOf(await recommendationsFor(u.userId))).toEqual(new Set([u.keyId, key2]));
  });

  it("one click replays the use case's traffic on the candidate, and the run becomes the evidence", async () => {
    // The same key, endpoint and model in another class: a neighbouring use case, not this one's sample.
    seed(Array.from({ length: 6 }, (_, i) => log({ model: "sim/claude", at: new Date(twoDaysAgo.getTime() + (200 + i) * 60_000), requestClass: "general" })));
    await flushCharges();
    const input = { candidate: "sim/fast", current: "sim/claude", apiKeyId: u.keyId, endpoint: "chat.completions", requestClass: "code", days: 30 };
    // A run across all classes of the key (as "Replay 50" made before it had the class) is not this use case's evidence.
    const wide = await createReplay(await playgroundKey(u.userId), {
      candidate: "sim/fast", days: 30, sampleSize: 50, mode: "run", judge: null, maxUnits: null,
      filters: { keyId: u.keyId, endpoint: "chat.completions", model: "sim/claude" },
    });
    expect(wide).toMatchObject({ kind: "run", status: "queued" });
    expect((await recommendationsFor(u.userId)).recommendations.find((r) => r.kind === "cheaper")!.evidence).toEqual({ kind: "none" });

    const created = await replayRecommendation(u.userId, input);
    expect(created.status).toBe("queued");
    expect(created.judge).not.toBeNull();
    expect(["sim/fast", "sim/claude"]).not.toContain(created.judge);
    const rec = (await recommendationsFor(u.userId)).recommendations.find((r) => r.kind === "cheaper")!;
    // The 25 answered code calls of the use case (not its failures, replays, playground calls or other classes).
    expect(rec.evidence).toEqual({ kind: "running", runId: created.runId, status: "queued", done: 0, total: 25 });
    expect((await getReplay(u.userId, created.runId)).filters).toEqual({
      key_id: u.keyId, endpoint: "chat.completions", model: "sim/claude", request_class: "code",
    });
    await expect(replayRecommendation(u.userId, { ...input, endpoint: "x" })).rejects.toSatisfy(isAppError);
    await expect(replayRecommendation(u.userId, { ...input, requestClass: "poetry" })).rejects.toSatisfy(isAppError);
    const { requestClass: _c, ...withoutClass } = input;
    await expect(replayRecommendation(u.userId, withoutClass)).rejects.toSatisfy(isAppError);
    // The unclassified use case has no class to ask for: its replay samples the key's traffic without one.
    const legacy = await replayRecommendation(u.userId, { ...input, requestClass: "unclassified" });
    expect((await getReplay(u.userId, legacy.runId)).filters).toEqual({ key_id: u.keyId, endpoint: "chat.completions", model: "sim/claude" });
  });

  it("apply creates the use case's policy, then updates the same one", async () => {
    const input = { kind: "cheaper", candidate: "sim/fast", current: "sim/claude", policyName: "opt-chat-completions-code" };
    const applied = await applyRecommendation(u.userId, input);
    expect(applied).toEqual({ policyName: "opt-chat-completions-code", model: "policy/opt-chat-completions-code", allowedModels: ["sim/fast", "sim/claude"] });
    expect(await getPolicy(u.userId, "opt-chat-completions-code")).toMatchObject({
      goal: "cost", allowedModels: ["sim/fast", "sim/claude"], maxFallbacks: 1, maxCostPerRequest: null, maxLatencyMs: null,
    });
    await applyRecommendation(u.userId, { ...input, kind: "faster", candidate: "sim/gpt" });
    const policies = await listPolicies(u.userId);
    expect(policies.map((p) => p.name)).toEqual(["opt-chat-completions-code"]);
    expect(policies[0]).toMatchObject({ goal: "latency", allowedModels: ["sim/gpt", "sim/claude"] });
    await expect(applyRecommendation(u.userId, { ...input, policyName: "not-ours" })).rejects.toSatisfy(isAppError);
    await expect(applyRecommendation(u.userId, { ...input, candidate: "no/such-model" })).rejects.toSatisfy(isAppError);
  });
});

describe("alerts", () => {
  it("an error spike dismissed for its hour stays hidden there and shows again when it fires in a later hour", async () => {
    const hour = new Date(Math.floor(NOW.getTime() / HOUR_MS) * HOUR_MS);
    const errors = (start: Date) => Array.from({ length: 20 }, (_, i) => log({
      model: "sim/gpt", at: new Date(start.getTime() + 60_000 + i * 1_000), status: 502, errorClass: "upstream_error", inputTokens: 0, outputTokens: 0,
    }));
    seed(errors(hour));
    await flushCharges();
    const at = new Date(hour.getTime() + 30 * 60_000);
    const before = await alertsFor(u.userId, at);
    const spike = before.find((a) => a.key === "error_spike:hour");
    expect(spike).toMatchObject({ windowStart: hour, severity: "danger" });
    expect(spike!.detail).toContain("(mostly upstream_error)");
    // Another account is untouched by this account's traffic and dismissals.
    expect((await alertsFor(other.userId, at)).some((a) => a.key === "error_spike:hour")).toBe(false);

    await dismissAlert(u.userId, { key: spike!.key, windowStart: spike!.windowStart.toISOString() }, at);
    await dismissAlert(u.userId, { key: spike!.key, windowStart: spike!.windowStart.toISOString() }, at); // twice: no error
    expect((await alertsFor(u.userId, at)).some((a) => a.key === "error_spike:hour")).toBe(false);

    const next = new Date(hour.getTime() + HOUR_MS);
    seed(errors(next));
    await flushCharges();
    const later = (await alertsFor(u.userId, new Date(next.getTime() + 30 * 60_000))).find((a) => a.key === "error_spike:hour");
    expect(later?.windowStart).toEqual(next);
  });

  it("refuses a malformed dismissal or a window the rules no longer read", async () => {
    await expect(dismissAlert(u.userId, { key: "Bad Key", windowStart: NOW.toISOString() })).rejects.toSatisfy(isAppError);
    await expect(dismissAlert(u.userId, { key: "low_balance", windowStart: "2020-01-01T00:00:00.000Z" })).rejects.toSatisfy(isAppError);
    await expect(dismissAlert(u.userId, { key: "low_balance", windowStart: NOW.toISOString(), extra: 1 })).rejects.toSatisfy(isAppError);
  });
});
