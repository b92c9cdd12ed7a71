// A routing policy as the replay candidate (`policy/<name>`, issue #22.5/#22.1): the estimate
// prices each logged request at the policy's first pick for it, to the unit; a run's calls go
// through the policy and reconcile with the ledger; an unknown policy is a 400 on 'candidate'.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { computeCost } from "@/lib/catalog";
import { withMarkup } from "@/lib/billing/settlement/markup";
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import { pool } from "@/lib/sql/pool";
import { upsertPolicy } from "@/lib/policies/store";
import { stopRollupFigures } from "@/lib/routing/auto/rollup-figures";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { balanceOf, ledgerSum, openaiFor, priceOf, sleep, useGatewayEmulator, waitForLogCount } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { callApi } from "@/lib/testing/key-fixtures";
import { startReplayWorker, stopReplayWorker } from "./worker";

useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 0 }) });
let api: ApiServer;
let user: { userId: string; key: string };
const LOGGED = 4;
type Json = Record<string, unknown>;

beforeAll(async () => {
  api = await startApiServer("node");
  user = await createTestUser();
  const client = openaiFor(api, user.key);
  for (let i = 0; i < LOGGED; i++) {
    await client.chat.completions.create({ model: "sim/gpt", messages: [{ role: "user", content: `Question ${i}: why is the sky blue?` }], max_tokens: 40 });
  }
  await waitForLogCount(user.userId, LOGGED);
  // Goal cost among sim/fast and sim/claude: sim/fast, the cheaper, for every request.
  await upsertPolicy(user.userId, { name: "cheap", goal: "cost", allowedModels: ["sim/claude", "sim/fast"], maxFallbacks: 0,
    maxCostPerRequest: null, maxLatencyMs: null });
});
afterAll(async () => {
  stopRollupFigures();
  await api.close();
});
afterEach(() => stopReplayWorker(10_000));

const post = (body: unknown) => callApi(api.baseUrl, user.key, "POST", "/replays", body);

describe("replay candidate policy/<name>", () => {
  it("estimate: each logged request at the policy's pick (sim/fast here), to the unit", async () => {
    const r = await post({ candidate: "policy/cheap", days: 1, sample_size: 20, mode: "estimate" });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const { rows } = await pool().query<{ input_tokens: number; output_tokens: number }>(
      "SELECT input_tokens, output_tokens FROM request_logs WHERE user_id = $1", [user.userId]);
    let cand = 0n;
    for (const l of rows) cand += withMarkup(computeCost(priceOf("sim/fast"), { prompt_tokens: l.input_tokens, completion_tokens: l.output_tokens }));
    expect(r.json).toMatchObject({ candidate: "policy/cheap", replayable: LOGGED, candidate_cost_units: cand.toString() });
  });

  it("an unknown policy is a 400 on 'candidate'", async () => {
    for (const candidate of ["policy/nope", "policy/Bad Name"]) {
      const r = await post({ candidate, days: 1, sample_size: 20, mode: "estimate" });
      expect(r.status).toBe(400);
      expect((r.json.error as Json).param).toBe("candidate");
    }
  });

  it("a run calls through the policy, completes, and the ledger reconciles", async () => {
    const r = await post({ candidate: "policy/cheap", days: 1, sample_size: 20, mode: "run" });
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    const id = r.json.id as string;
    startReplayWorker({ pollMs: 20, onlyUsers: [user.userId] });
    let run: Json = {};
    const deadline = Date.now() + 30_000;
    while (run.status !== "completed" && Date.now() < deadline) {
      run = (await callApi(api.baseUrl, user.key, "GET", `/replays/${id}`)).json;
      if (run.status !== "completed") await sleep(50);
    }
    expect(run.status, JSON.stringify(run).slice(0, 500)).toBe("completed");
    expect((run.items as Json[]).every((i) => (i.candidate as Json).status === 200)).toBe(true);
    await flushCharges();
    const { rows } = await pool().query<{ model: string }>(
      "SELECT DISTINCT resolved_model AS model FROM request_logs WHERE source = 'replay' AND id LIKE $1", [`req_${id}_%`]);
    expect(rows.map((x) => x.model)).toEqual(["sim/fast"]);
    expect(await balanceOf(user.userId)).toBe(await ledgerSum(user.userId));
  });
});
