// What the abuse suite sends to each POST route of the API table: a rich valid body (so one
// mutation reaches the code behind every other check) plus the schema's field list. A new
// POST route without an entry here fails the suite until it gets one.
import fc from "fast-check";
import { chatCompletionsBodySchema } from "@/lib/gateway/formats/openai/schema";
import { messagesBodySchema } from "@/lib/gateway/formats/anthropic/schema";
import {
  applyMutations, bodyOf, deepNesting, jsonText, junkValue, mutationsOf, weirdMessages, weirdString, type GeneratedBody,
} from "@/lib/abuse/arbitraries";

/** Fast emulator models only: the failing sim models (down, flaky, rate-limited, cut, slow) are left out. */
export const OK_MODELS = ["sim/fast", "sim/gpt", "sim/claude", "sim/gemini"] as const;

export type BodyProfile = {
  base: Record<string, unknown>;
  /** Top-level fields the schema knows (each gets junk, present in the base or not). */
  fields: readonly string[];
  /** Where the deep-nesting crashes live, for the targeted nesting property. */
  nestTargets: ReadonlyArray<ReadonlyArray<string | number>>;
};

const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

const openAiBase = {
  model: "sim/fast",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: [{ type: "text", text: "Weather here?" }, { type: "image_url", image_url: { url: "https://example.com/sky.png", detail: "low" } }] },
    { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } }] },
    { role: "tool", tool_call_id: "call_1", content: "Sunny" },
    { role: "user", content: "Thanks, and tomorrow?", name: "ann" },
  ],
  max_tokens: 8, temperature: 0.5, top_p: 1, stop: ["\n\n"], seed: 7, stream: false, stream_options: null,
  tools: [{ type: "function", function: { name: "weather", description: "Weather", parameters: schema } }],
  tool_choice: "auto", response_format: { type: "text" }, user: "abuse", n: 1, models: ["sim/gpt"],
  switchyard: { optimization_goal: "cost" }, modalities: ["text"], prediction: { type: "content", content: "x" },
  metadata: { run: "abuse" }, logit_bias: { "50256": -100 }, frequency_penalty: 0,
};

const anthropicBase = {
  model: "sim/fast",
  max_tokens: 8,
  system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
  messages: [
    { role: "user", content: [{ type: "text", text: "Weather?" }] },
    { role: "assistant", content: [{ type: "tool_use", id: "tu_1", name: "weather", input: { city: "Oslo" } }] },
    { role: "user", content: [{ type: "tool_result", tool_use_id: "tu_1", content: "Sunny" }, { type: "text", text: "And tomorrow?" }] },
  ],
  tools: [{ name: "weather", description: "Weather", input_schema: schema }],
  tool_choice: { type: "auto" }, stop_sequences: ["\n\n"], temperature: 0.5, top_p: 1, top_k: 5, stream: false,
  metadata: { user_id: "abuse" }, models: ["sim/gpt"], switchyard: { optimization_goal: "cost" },
};

export const BODY_PROFILES: Record<string, BodyProfile> = {
  "/chat/completions": {
    base: openAiBase,
    fields: Object.keys(chatCompletionsBodySchema.shape),
    nestTargets: [["modalities"], ["prediction"], ["metadata"], ["tools", 0, "function", "parameters"],
      ["tools", 0, "function", "parameters", "properties", "city"], ["messages", 1, "content", 0], ["messages", 1, "content", 1, "image_url", "detail"], ["response_format"], ["switchyard"]],
  },
  "/messages": {
    base: anthropicBase,
    fields: Object.keys(messagesBodySchema.shape),
    nestTargets: [["tools", 0, "input_schema"], ["tools", 0, "input_schema", "properties", "city"], ["metadata"],
      ["messages", 1, "content", 0, "input"], ["system"], ["thinking"], ["switchyard"], ["diagnostics"]],
  },
};

/** Field mutations, model swaps and weird messages around the route's valid body. */
export function jsonBodies(profile: BodyProfile): fc.Arbitrary<GeneratedBody> {
  const mutated = mutationsOf(profile.base, profile.fields).map((m) => applyMutations(profile.base, m));
  const models = fc.oneof(fc.constantFrom(...OK_MODELS), fc.constantFrom("gpt-nope", "sim/", "/", "SIM/FAST", "sim-fast", "openai/",
    "sim/fast/extra", "sim/embed", " sim/fast"), weirdString);
  const withModel = fc.tuple(models, fc.boolean()).map(([model, stream]) => ({ ...profile.base, model, stream }));
  const withMessages = weirdMessages.map((messages) => ({ ...profile.base, messages }));
  const anyJson = fc.oneof(junkValue, fc.dictionary(fc.constantFrom(...profile.fields), junkValue, { maxKeys: 6 }));
  return fc.oneof(
    { weight: 6, arbitrary: mutated },
    { weight: 2, arbitrary: withModel },
    { weight: 3, arbitrary: withMessages },
    { weight: 2, arbitrary: anyJson },
  ).map((body) => bodyOf(jsonText(body)));
}

/** The crash class: deep nesting at the fields the schema passes through untouched. */
export function nestedBodies(profile: BodyProfile): fc.Arbitrary<GeneratedBody> {
  return fc.tuple(fc.constantFrom(...profile.nestTargets), deepNesting).map(([path, nest]) =>
    bodyOf(jsonText(applyMutations(profile.base, [{ op: "set", path, value: nest }]))));
}
