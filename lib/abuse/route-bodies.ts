// What the abuse suite sends to each POST route of the API table: a rich valid body (so one
// mutation reaches the code behind every other check) plus the schema's field list. A new
// POST route without an entry here fails the suite until it gets one.
import fc from "fast-check";
import { chatCompletionsBodySchema } from "@/lib/gateway/formats/openai/schema";
import { messagesBodySchema } from "@/lib/gateway/formats/anthropic/schema";
import { embeddingsBodySchema } from "@/lib/gateway/formats/embeddings/schema";
import { responsesBodySchema } from "@/lib/gateway/formats/responses/schema";
import { KEY_SETTING_FIELDS } from "@/lib/api-keys/key-settings";
import { POLICY_FIELDS } from "@/lib/policies/schema";
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
  /** The base body's success status (default 200), and whether the route takes a management key. */
  okStatus?: number;
  managementKey?: boolean;
  /** The route's 200 is not a model call (no request log to wait for): POST /replays estimates. */
  notLogged?: boolean;
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

const responsesBase = {
  model: "sim/fast",
  instructions: "Be brief.",
  input: [
    { role: "user", content: [{ type: "input_text", text: "Weather here?" }, { type: "input_image", image_url: "https://example.com/sky.png", detail: "low" }] },
    { type: "function_call", call_id: "call_1", name: "weather", arguments: '{"city":"Oslo"}' },
    { type: "function_call_output", call_id: "call_1", output: "Sunny" },
    { type: "message", role: "user", content: "Thanks, and tomorrow?" },
  ],
  tools: [{ type: "function", name: "weather", description: "Weather", parameters: schema }],
  tool_choice: "auto", max_output_tokens: 8, temperature: 0.5, top_p: 1, stream: false, store: false, user: "abuse",
  text: { format: { type: "text" } }, metadata: { run: "abuse" }, reasoning: { effort: "low" }, include: [], truncation: "disabled",
  parallel_tool_calls: true, models: ["sim/gpt"], switchyard: { optimization_goal: "cost" },
};

// The orchestration endpoints take the chat request plus their own fields (lib/orchestration).
const { models: _fallbacks, ...chatBase } = openAiBase;
const { model: _model, ...compareBase } = chatBase;
const chatFields = Object.keys(chatCompletionsBodySchema.shape);

export const BODY_PROFILES: Record<string, BodyProfile> = {
  "/chat": {
    base: { ...chatBase, routing: { strategy: "cost", fallback: ["sim/gpt"] }, optimization_goal: "cost" },
    fields: [...chatFields, "routing", "optimization_goal"],
    nestTargets: [["routing"], ["routing", "fallback"], ["metadata"], ["tools", 0, "function", "parameters"], ["messages", 1, "content", 0], ["switchyard"]],
  },
  "/compare": {
    base: { ...compareBase, models: ["sim/fast", "sim/gpt"] },
    fields: chatFields.filter((f) => f !== "model"),
    nestTargets: [["models"], ["models", 0], ["metadata"], ["tools", 0, "function", "parameters"], ["messages", 1, "content", 0], ["switchyard"]],
  },
  // lib/orchestration/blend/options.ts: models, synthesizer, strategy, layers (moa), samples (self_moa).
  "/blend": {
    base: { ...compareBase, models: ["sim/fast", "sim/gpt"], synthesizer: "sim/fast", strategy: "consensus" },
    fields: [...chatFields.filter((f) => f !== "model"), "synthesizer", "strategy", "layers", "samples"],
    nestTargets: [["models"], ["models", 0], ["synthesizer"], ["strategy"], ["metadata"], ["tools", 0, "function", "parameters"],
      ["messages", 1, "content", 0], ["switchyard"]],
  },
  // lib/orchestration/judge/options.ts: contestants (2–4), a judge that is not one of them, criteria.
  "/judge": {
    base: { ...compareBase, contestants: ["sim/fast", "sim/gpt"], judge: "sim/claude", criteria: ["accuracy", "brevity"] },
    fields: [...chatFields.filter((f) => f !== "model" && f !== "models"), "contestants", "judge", "criteria"],
    nestTargets: [["contestants"], ["contestants", 0], ["judge"], ["criteria"], ["criteria", 0], ["metadata"],
      ["tools", 0, "function", "parameters"], ["messages", 1, "content", 0], ["switchyard"]],
  },
  "/embeddings": {
    base: { model: "sim/embed", input: ["Weather here?", "Sunny"], encoding_format: "float", dimensions: 8, user: "abuse", models: ["sim/embed"],
      switchyard: { optimization_goal: "cost" } },
    fields: Object.keys(embeddingsBodySchema.shape),
    nestTargets: [["input"], ["input", 0], ["models"], ["switchyard"]],
  },
  "/responses": {
    base: responsesBase,
    fields: Object.keys(responsesBodySchema.shape),
    nestTargets: [["metadata"], ["tools", 0, "parameters"], ["tools", 0, "parameters", "properties", "city"], ["input", 0, "content", 0],
      ["input", 2, "output"], ["reasoning"], ["text"], ["stream_options"], ["conversation"], ["prompt"], ["switchyard"]],
  },
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
  // lib/replay/options.ts: an estimate (synchronous, spends nothing) on the test account's logs.
  "/replays": {
    base: { candidate: "sim/fast", days: 7, sample_size: 20, mode: "estimate", judge: "sim/gpt", max_credits: "5",
      filters: { model: "sim/gpt", endpoint: "chat.completions" } },
    fields: ["candidate", "days", "sample_size", "mode", "judge", "max_credits", "filters"],
    nestTargets: [["filters"], ["filters", "model"], ["judge"]],
    notLogged: true,
  },
  // The body is read (413 past the limit) and ignored; the literal "{id}" is no run of the account's.
  "/replays/{id}/cancel": { base: {}, fields: ["reason"], nestTargets: [["reason"]], okStatus: 404 },
  "/keys": {
    base: {
      name: "abuse key", rpm: 60, tpm: 100_000, concurrency: 4, budget: { daily: "1.5", monthly: "10", total: "100" },
      allowed_models: ["sim/fast"], expires_at: "2099-01-01T00:00:00Z", disabled: false, mode: "test", default_goal: "cost",
      policy: null, // a policy name must exist in the account (POST /policies)
    },
    fields: KEY_SETTING_FIELDS,
    nestTargets: [["budget"], ["budget", "daily"], ["allowed_models"], ["policy"]],
    okStatus: 201,
    managementKey: true,
  },
  // Created once by the base body; later bodies of the same name are 409s.
  "/policies": {
    base: {
      name: "abuse-policy", goal: "cost", allowed_models: ["sim/fast", "sim/gpt"], max_fallbacks: 1,
      max_cost_per_request: "0.5", max_latency_ms: 2_000,
    },
    fields: POLICY_FIELDS,
    nestTargets: [["allowed_models"], ["max_cost_per_request"], ["name"]],
    okStatus: 201,
    notLogged: true,
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
