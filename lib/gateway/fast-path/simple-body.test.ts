// The fast body check must never accept what the schema refuses, and a body it accepts must
// parse to what the zod path gives. `logprobs: null` (an ignored parameter the fast check
// does not know) forces the zod path for comparison.
import { describe, expect, it } from "vitest";
import { parseChatCompletionsBody } from "@/lib/gateway/formats/openai/parse";
import { chatCompletionsBodySchema } from "@/lib/gateway/formats/openai/schema";
import { isSimpleChatBody } from "./simple-body";

const bodies: Array<Record<string, unknown>> = [
  { model: "sim/fast", messages: [{ role: "user", content: "Benchmark request: say hello in a few words." }], max_tokens: 64 },
  {
    model: "openai/gpt-4.1-mini",
    messages: [
      { role: "system", content: "Be brief.", name: "sys" },
      { role: "developer", content: "Really." },
      { role: "user", content: "Hi", name: null },
      { role: "assistant", content: "Hello!", tool_calls: null, refusal: null, annotations: [] },
      { role: "tool", content: "42", tool_call_id: "call_1" },
      { role: "user", content: "" },
    ],
    stream: true,
    stream_options: { include_usage: true, include_obfuscation: false },
    temperature: 0.7,
    top_p: 1,
    max_completion_tokens: 100,
    seed: -3,
    n: 1,
    user: "u-1",
  },
  { model: null, messages: [{ role: "user", content: "x" }], stream: false, stream_options: null, temperature: null, max_tokens: null },
];

const ODD_VALUES: unknown[] = [
  undefined, null, "", "x", "user", "assistant", "function", 0, -1, 1, 1.5, 2, 3, 2 ** 53, Number.NaN, true, [], [{}], {}, { a: 1 },
];

function mutations(base: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  const keys = [...Object.keys(base), "stop", "tools", "models", "switchyard", "logprobs", "unknown"];
  for (const k of keys) {
    for (const v of ODD_VALUES) out.push({ ...base, [k]: v });
    const { [k]: _dropped, ...rest } = base;
    out.push(rest);
  }
  const messages = base.messages as Array<Record<string, unknown>>;
  messages.forEach((m, i) => {
    for (const k of [...Object.keys(m), "name", "tool_calls", "tool_call_id", "content"]) {
      for (const v of ODD_VALUES) {
        const copy = messages.map((x) => ({ ...x }));
        copy[i] = { ...m, [k]: v };
        out.push({ ...base, messages: copy });
      }
    }
  });
  return out;
}

describe("isSimpleChatBody", () => {
  it("accepts the usual plain-text bodies", () => {
    for (const b of bodies) expect(isSimpleChatBody(b)).toBe(true);
  });

  it("never accepts a body the schema refuses", () => {
    let accepted = 0;
    for (const base of bodies) {
      for (const m of mutations(base)) {
        if (!isSimpleChatBody(m)) continue;
        accepted++;
        expect(chatCompletionsBodySchema.safeParse(m).success, JSON.stringify(m)).toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(50);
  });

  it("parses to exactly what the zod path gives, errors included", () => {
    for (const base of bodies) {
      for (const m of [base, ...mutations(base)]) {
        if (typeof m !== "object" || m === null || "logprobs" in m) continue;
        const viaZod = parseChatCompletionsBody({ ...m, logprobs: null });
        expect(parseChatCompletionsBody(m), JSON.stringify(m)).toEqual(viaZod);
      }
    }
  });

  it("leaves sparse message arrays to zod", () => {
    const messages: unknown[] = [];
    messages[1] = { role: "user", content: "x" };
    expect(isSimpleChatBody({ model: "m", messages })).toBe(false);
  });
});
