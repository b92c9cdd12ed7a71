import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { ChatMessage } from "@/lib/providers/types";
import { parseJudgeOptions } from "./options";
import { DEFAULT_CRITERIA, judgeMessages, judgeResponseFormat } from "./prompt";
import { checkVerdict, verdictJsonSchema } from "./verdict";

const C = ["sim/gpt", "sim/gemini", "sim/fast"];

function refusal(body: unknown, canonical?: (n: string) => string): AppError {
  try {
    parseJudgeOptions(body, canonical);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

const good = {
  winner: "sim/gemini",
  overall: "Gemini was the most complete.",
  scores: [
    { model: "sim/gpt", rank: 2, score: 7, reasoning: "Correct but short." },
    { model: "sim/gemini", rank: 1, score: 8.5, reasoning: "Complete." },
    { model: "sim/fast", rank: 3, score: 3, reasoning: "Misses the point." },
  ],
};

describe("judge options", () => {
  it("accepts 2–4 distinct contestants, a judge outside them, criteria as text or a list", () => {
    expect(parseJudgeOptions({ contestants: ["sim/gpt", "sim/gemini"], judge: "sim/claude" })).toEqual({
      contestants: ["sim/gpt", "sim/gemini"], judge: "sim/claude", criteria: [],
    });
    expect(parseJudgeOptions({ contestants: C, judge: "sim/claude", criteria: "brevity" }).criteria).toEqual(["brevity"]);
    expect(parseJudgeOptions({ contestants: C, judge: "sim/claude", criteria: ["tone", "facts"] }).criteria).toEqual(["tone", "facts"]);
  });

  it.each([
    [{ contestants: ["sim/gpt"], judge: "sim/claude" }, "contestants", /'contestants' must list 2 to 4 models \(got 1\)/],
    [{ contestants: ["a/1", "a/2", "a/3", "a/4", "a/5"], judge: "sim/claude" }, "contestants", /2 to 4 models \(got 5\)/],
    [{ contestants: ["sim/gpt", "sim/claude"] }, "judge", /'judge' is required/],
    [{ contestants: ["sim/gpt", "sim/claude"], judge: "sim/claude" }, "judge", /The judge must not be a contestant: 'sim\/claude'/],
    [{ contestants: ["sim/gpt", "sim/gpt"], judge: "sim/claude" }, "contestants.1", /must be distinct models/],
    [{ contestants: ["sim/gpt", "sim/fast"], judge: "sim/claude", criteria: [] }, "criteria", /'criteria' must be a string/],
  ])("%j → 400 naming the rule", (body, param, message) => {
    const err = refusal(body);
    expect(err.status).toBe(400);
    expect(err.param).toBe(param);
    expect(err.message).toMatch(message);
  });

  it("recognises a contestant under another name (alias) as the judge", () => {
    const canonical = (n: string) => n.replace("sim-", "sim/");
    expect(refusal({ contestants: ["sim/gpt", "sim/claude"], judge: "sim-claude" }, canonical).param).toBe("judge");
  });
});

describe("verdict check", () => {
  it("accepts a consistent verdict and orders the scores by rank", () => {
    const r = checkVerdict(JSON.stringify(good), C);
    expect(r.ok && r.verdict.scores.map((s) => s.model)).toEqual(["sim/gemini", "sim/gpt", "sim/fast"]);
    expect(r.ok && r.verdict.winner).toBe("sim/gemini");
  });

  it("accepts JSON wrapped in a Markdown fence; ties in score may take either rank", () => {
    const tie = { ...good, scores: good.scores.map((s) => (s.model === "sim/gpt" ? { ...s, score: 8.5 } : s)) };
    expect(checkVerdict("```json\n" + JSON.stringify(tie) + "\n```", C).ok).toBe(true);
  });

  const broken: Array<[string, unknown, RegExp]> = [
    ["not JSON", "The winner is gpt.", /not valid JSON/],
    ["winner not a contestant", { ...good, winner: "sim/claude" }, /winner 'sim\/claude' is not a contestant/],
    ["a contestant scored twice", { ...good, scores: [good.scores[0], good.scores[1], { ...good.scores[0], rank: 3 }] }, /'sim\/gpt' is scored twice/],
    ["a contestant missing", { ...good, scores: good.scores.slice(0, 2) }, /'sim\/fast' is not scored/],
    ["a score above 10", { ...good, scores: [{ ...good.scores[0], score: 11 }, good.scores[1], good.scores[2]] }, /at scores\.0\.score/],
    ["a repeated rank", { ...good, scores: [{ ...good.scores[0], rank: 1 }, good.scores[1], good.scores[2]] }, /each rank must be used once/],
    ["ranks against the scores", { ...good, scores: [{ ...good.scores[0], score: 2 }, good.scores[1], good.scores[2]] }, /'sim\/fast' scores higher than 'sim\/gpt' but is ranked lower/],
    ["winner not ranked first", { ...good, winner: "sim/gpt" }, /winner 'sim\/gpt' is not the contestant ranked 1/],
    ["a missing field", { winner: good.winner, scores: good.scores }, /at overall/],
  ];
  it.each(broken)("refuses %s", (_name, value, reason) => {
    const r = checkVerdict(typeof value === "string" ? value : JSON.stringify(value), C);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it("the JSON schema names the contestants and the bounds the check enforces", () => {
    const schema = verdictJsonSchema(C) as { properties: { winner: { enum: string[] }; scores: { minItems: number; maxItems: number; items: { properties: Record<string, Record<string, unknown>> } } } };
    expect(schema.properties.winner.enum).toEqual(C);
    expect(schema.properties.scores).toMatchObject({ minItems: 3, maxItems: 3 });
    expect(schema.properties.scores.items.properties.score).toMatchObject({ minimum: 0, maximum: 10 });
    expect(schema.properties.scores.items.properties.rank).toMatchObject({ minimum: 1, maximum: 3 });
  });
});

describe("judge prompt", () => {
  const conversation: ChatMessage[] = [{ role: "user", content: "Explain tides." }];
  const answers = [{ model: "sim/gpt", text: "The moon pulls." }, { model: "sim/gemini", text: "Gravity and rotation." }];

  it("json_schema for a model with native JSON, json_object plus the schema in the instructions otherwise", () => {
    const native = judgeResponseFormat(["chat", "json"], ["sim/gpt", "sim/gemini"]);
    expect(native).toMatchObject({ type: "json_schema", json_schema: { name: "verdict", strict: true } });
    const nativeText = judgeMessages(conversation, answers, [], native)[0]!.content as string;
    expect(nativeText).not.toContain("JSON Schema");
    const fallback = judgeResponseFormat(["chat", "tools"], ["sim/gpt", "sim/gemini"]);
    expect(fallback).toEqual({ type: "json_object" });
    const text = judgeMessages(conversation, answers, [], fallback)[0]!.content as string;
    expect(text).toContain(`conform to this JSON Schema: ${JSON.stringify(verdictJsonSchema(["sim/gpt", "sim/gemini"]))}`);
  });

  it("shows the judge every answer under its contestant's name, the criteria, and keeps the user's question last", () => {
    const messages = judgeMessages(conversation, answers, ["brevity", "tone"], { type: "json_object" });
    expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
    const text = messages[0]!.content as string;
    expect(text).toContain("### Contestant sim/gpt\nThe moon pulls.");
    expect(text).toContain("### Contestant sim/gemini\nGravity and rotation.");
    expect(text).toContain("- brevity\n- tone");
    expect(text).toContain("Do not answer the message yourself");
    const defaults = judgeMessages(conversation, answers, [], { type: "json_object" })[0]!.content as string;
    for (const c of DEFAULT_CRITERIA) expect(defaults).toContain(`- ${c}`);
  });
});
