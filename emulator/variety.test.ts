import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "./server";
import { matchesSchema } from "./test-support";
import { countTokens } from "./tokens";
import { POINT_WORDS, replyPoints, quotedReplies } from "./variety";

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
// emu-chat's reply length (80 tokens) without its pacing, so the tests stay fast.
beforeEach(() => {
  emu.reset();
  emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 0 });
});

type Msg = { role: string; content: string };

async function openai(body: Record<string, unknown>): Promise<{ text: string; completion: number }> {
  const res = await fetch(`${emu.url}/v1/chat/completions`, {
    method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: JSON.stringify(body),
  });
  const json = (await res.json()) as { choices: Array<{ message: { content: string } }>; usage: { completion_tokens: number } };
  return { text: json.choices[0]!.message.content, completion: json.usage.completion_tokens };
}

async function anthropic(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${emu.url}/v1/messages`, {
    method: "POST",
    headers: { "x-api-key": "k", "anthropic-version": "2023-06-01", "content-type": "application/json" },
    body: JSON.stringify({ max_tokens: 1024, ...body }),
  });
  const json = (await res.json()) as { content: Array<{ text: string }> };
  return json.content.map((b) => b.text).join("");
}

async function gemini(model: string, body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${emu.url}/v1beta/models/${model}:generateContent`, {
    method: "POST", headers: { "x-goog-api-key": "k", "content-type": "application/json" }, body: JSON.stringify(body),
  });
  const json = (await res.json()) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> };
  return json.candidates[0]!.content.parts.map((p) => p.text).join("");
}

const QUESTION: Msg = { role: "user", content: "How do tides work" };
const ask = (extra: Record<string, unknown> = {}, messages: Msg[] = [QUESTION]) =>
  openai({ model: "emu-chat", messages, ...extra }).then((r) => r.text);

/** Three-word runs of `text` (lower-case words), for "is this visibly quoted" checks. */
function trigrams(text: string): Set<string> {
  const w = (text.match(/[\p{L}\p{N}]+/gu) ?? []).map((x) => x.toLowerCase());
  return new Set(w.slice(2).map((_, i) => `${w[i]} ${w[i + 1]} ${w[i + 2]}`));
}

describe("simulated replies vary", () => {
  it("per model, wire format, temperature, system prompt and question — and repeat exactly", async () => {
    const base = await ask();
    expect(base).toMatch(/^Simulated reply from emu-chat: How do tides work /);
    expect(await ask()).toBe(base);
    const variants = [
      await openai({ model: "emu-fast", messages: [QUESTION], max_tokens: 80 }).then((r) => r.text.replace("emu-fast", "emu-chat")),
      await anthropic({ model: "emu-chat", messages: [QUESTION] }),
      await gemini("emu-chat", { contents: [{ role: "user", parts: [{ text: QUESTION.content }] }] }),
      await ask({ temperature: 1.2 }),
      await ask({}, [{ role: "system", content: "Reason step by step." }, QUESTION]),
      await ask({}, [{ role: "user", content: "How do tides work today" }]),
    ];
    for (const v of variants) {
      expect(v).toMatch(/^Simulated reply from emu-chat: /);
      expect(v).not.toBe(base);
      // Not just a different word here and there: their own points differ.
      expect(replyPoints(v)).not.toEqual(replyPoints(base));
    }
  });

  it("a prompt quoting earlier replies yields a reply that quotes each of their points", async () => {
    const sources = [await ask(), await ask({ temperature: 0.4 }), await anthropic({ model: "emu-chat", messages: [QUESTION] })];
    const system = `Merge these answers.\n\n${sources.map((s, i) => `### Answer ${i + 1}\n${s}`).join("\n\n")}`;
    const synthesis = await ask({}, [{ role: "system", content: system }, QUESTION]);
    expect(synthesis).toMatch(/^Simulated reply from emu-chat: How do tides work merging /);
    const grams = trigrams(synthesis);
    for (const source of sources) {
      const own = [...trigrams(source)].filter((g) => !sources.some((o) => o !== source && trigrams(o).has(g)));
      expect(own.some((g) => grams.has(g)), `nothing of "${source}" in "${synthesis}"`).toBe(true);
    }
    expect(quotedReplies(system)).toHaveLength(3);
  });

  it("keeps exact token counts with quoted points", async () => {
    const system = `### A\n${await ask()}\n### B\n${await ask({ temperature: 2 })}`;
    for (const max of [3, 12, 17, 40]) {
      const r = await openai({ model: "emu-chat", messages: [{ role: "system", content: system }, QUESTION], max_tokens: max });
      expect(r.completion).toBe(max);
      expect(countTokens(r.text)).toBe(max);
    }
  });

  it("point words are single tokens with their leading space", () => {
    for (const w of POINT_WORDS) expect(countTokens(` ${w}`), w).toBe(1);
  });
});

const CONTESTANTS = ["sim/gpt", "sim/gemini", "sim/fast"];
const verdictSchema = {
  type: "object",
  properties: {
    winner: { type: "string", enum: CONTESTANTS },
    scores: {
      type: "array", minItems: 3, maxItems: 3,
      items: {
        type: "object",
        properties: {
          model: { type: "string", enum: CONTESTANTS },
          rank: { type: "integer", minimum: 1, maximum: 3 },
          score: { type: "number", minimum: 0, maximum: 10 },
          reasoning: { type: "string" },
        },
        required: ["model", "rank", "score", "reasoning"], additionalProperties: false,
      },
    },
    overall: { type: "string" },
  },
  required: ["winner", "scores", "overall"], additionalProperties: false,
};
type Verdict = { winner: string; overall: string; scores: Array<{ model: string; rank: number; score: number; reasoning: string }> };

async function judgePrompt(): Promise<{ system: string; answers: string[] }> {
  const answers = [await ask(), await ask({ temperature: 0.9 }), await ask({ temperature: 0.1 })];
  const blocks = CONTESTANTS.map((c, i) => `### Contestant ${c}\n${answers[i]}`).join("\n\n");
  return { system: `You are an impartial judge. Score ${CONTESTANTS.join(", ")}.\n\nThe answers:\n\n${blocks}`, answers };
}

function expectCoherent(v: Verdict, answers: string[]): void {
  expect(v.scores.map((s) => s.model).sort()).toEqual([...CONTESTANTS].sort());
  expect(v.scores.map((s) => s.rank).sort()).toEqual([1, 2, 3]);
  for (const a of v.scores) {
    expect(a.score).toBeGreaterThanOrEqual(0);
    expect(a.score).toBeLessThanOrEqual(10);
    for (const b of v.scores) if (a.score > b.score) expect(a.rank).toBeLessThan(b.rank);
    // The reasoning cites the contestant's own points.
    const points = replyPoints(answers[CONTESTANTS.indexOf(a.model)]!);
    expect(a.reasoning).toContain(points.join(", "));
  }
  expect(v.scores.find((s) => s.rank === 1)!.model).toBe(v.winner);
}

describe("simulated judges", () => {
  it("answer a verdict schema (json_schema) with a coherent verdict on the contestants", async () => {
    const { system, answers } = await judgePrompt();
    const r = await openai({
      model: "emu-fast", messages: [{ role: "system", content: system }, QUESTION],
      response_format: { type: "json_schema", json_schema: { name: "verdict", schema: verdictSchema, strict: true } },
    });
    const verdict = JSON.parse(r.text) as Verdict;
    expect(matchesSchema(verdictSchema, verdict)).toBe(true);
    expectCoherent(verdict, answers);
    expect(r.completion).toBe(countTokens(r.text));
    // Another judge weighs them differently (deterministically).
    const other = await openai({
      model: "emu-judge-2", messages: [{ role: "system", content: system }, QUESTION],
      response_format: { type: "json_schema", json_schema: { name: "verdict", schema: verdictSchema } },
    });
    expect(other.text).not.toBe(r.text);
  });

  it("follow a JSON instruction with the schema spelled out in the system prompt (Anthropic json_object)", async () => {
    const { system, answers } = await judgePrompt();
    const instruction = `Respond with one valid JSON object and nothing else. It must conform to this JSON Schema (named "verdict"): ${JSON.stringify(verdictSchema)}`;
    const text = await anthropic({ model: "emu-chat", system: `${system}\n\n${instruction}`, messages: [QUESTION] });
    const verdict = JSON.parse(text) as Verdict;
    expect(matchesSchema(verdictSchema, verdict)).toBe(true);
    expectCoherent(verdict, answers);
  });

  it("find the contestants in the prompt's headings when the schema does not list them", async () => {
    const { system } = await judgePrompt();
    // The same schema without the enums.
    const open = JSON.parse(JSON.stringify(verdictSchema).replaceAll(`,"enum":${JSON.stringify(CONTESTANTS)}`, "")) as Record<string, unknown>;
    expect(JSON.stringify(open)).not.toContain("enum");
    const text = await gemini("emu-fast", {
      systemInstruction: { parts: [{ text: system }] },
      contents: [{ role: "user", parts: [{ text: QUESTION.content }] }],
      generationConfig: { responseMimeType: "application/json", responseJsonSchema: open },
    });
    const verdict = JSON.parse(text) as Verdict;
    expect(CONTESTANTS).toContain(verdict.winner);
    expect(verdict.scores.map((s) => s.model).sort()).toEqual([...CONTESTANTS].sort());
  });

  it("invalidJson: JSON answers come back cut off, usage still exact", async () => {
    emu.setModel("emu-fast", { invalidJson: true });
    const r = await openai({
      model: "emu-fast", messages: [QUESTION],
      response_format: { type: "json_schema", json_schema: { name: "verdict", schema: verdictSchema } },
    });
    expect(() => JSON.parse(r.text) as unknown).toThrow();
    expect(r.completion).toBe(countTokens(r.text));
    const plain = await openai({ model: "emu-fast", messages: [QUESTION] });
    expect(plain.text).toMatch(/^Simulated reply from emu-fast/);
  });
});
