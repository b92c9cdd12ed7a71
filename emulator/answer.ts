import type { Behavior } from "./behavior";
import { asksForJson, schemaInText } from "./json-instructions";
import { sampleFromSchema } from "./json-schema-sample";
import type { PromptCache } from "./prompt-cache";
import type { EmuRequest, EmuTool, JsonSchema } from "./prompt";
import { applyStop, buildReply, tokenPieces, type Generated, type ReplyVariety } from "./reply";
import { replyPoints, quotedReplies, seedOf } from "./variety";
import { sampleVerdict } from "./verdict";

/**
 * Why generation ended, format-neutral: "stop" (natural end), "length" (max tokens),
 * "stop_sequence" (a stop string matched), "tool_calls".
 */
export type Finish = "stop" | "length" | "stop_sequence" | "tool_calls";

export type UsageNumbers = {
  /** All prompt tokens, cached ones included. */
  promptTokens: number;
  completionTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
};

export type Answer =
  | { kind: "text"; generated: Generated; finish: Finish; stopSequence: string | null; usage: UsageNumbers }
  | {
      kind: "tool";
      tool: EmuTool;
      /** Arguments JSON text, as streamed (possibly cut by max tokens). */
      generated: Generated;
      /** True when the tool was named explicitly by the request's tool choice. */
      forced: boolean;
      finish: Finish;
      usage: UsageNumbers;
    };

const MAX_MEMO = 5_000;
const replyMemo = new Map<string, Generated>();

function memoReply(key: string, make: () => Generated): Generated {
  const hit = replyMemo.get(key);
  if (hit) return hit;
  const made = make();
  if (replyMemo.size >= MAX_MEMO) replyMemo.clear();
  replyMemo.set(key, made);
  return made;
}

function chooseTool(req: EmuRequest): { tool: EmuTool; forced: boolean } | null {
  if (req.tools.length === 0) return null;
  const mode = req.toolMode;
  if (mode.kind === "none") return null;
  if (mode.kind === "forced") {
    const tool = req.tools.find((t) => t.name === mode.name) ?? req.tools[0]!;
    return { tool, forced: true };
  }
  // "auto" answers a tool result with text; "required" must call a tool every time.
  if (mode.kind === "auto" && req.toolResult !== null) return null;
  return { tool: req.tools[0]!, forced: false };
}

const MAX_SEED_CHARS = 20_000;
const MAX_REFERENCES = 8;

/** The prompt text a reply may quote earlier replies from: the system prompt and the question. */
function quotingText(req: EmuRequest): string {
  return req.systemText ? `${req.systemText}\n${req.lastUserText}` : req.lastUserText;
}

/** Seed of the reply's own points: who answers, how, and to what. */
function varietySeed(req: EmuRequest, source: string): number {
  return seedOf(req.model, req.wire, req.temperature, req.systemText.slice(0, MAX_SEED_CHARS), source.slice(0, MAX_SEED_CHARS));
}

/** The points of the simulated replies quoted in the prompt: three fresh ones from each. */
function referencePoints(text: string): string[][] {
  if (!text.includes("Simulated reply from ")) return [];
  const used = new Set<string>();
  return quotedReplies(text).slice(0, MAX_REFERENCES).map((reply) => {
    const points = replyPoints(reply, 3, used);
    for (const p of points) used.add(p);
    return points;
  });
}

function textReply(req: EmuRequest, behavior: Behavior): Generated & { cut: boolean } {
  const natural = req.maxTokens === null || req.maxTokens >= behavior.replyTokens;
  const tokens = natural ? behavior.replyTokens : (req.maxTokens ?? 0);
  const source = req.toolResult ?? req.lastUserText;
  const seed = varietySeed(req, source);
  const key = `${req.model}\u0000${tokens}\u0000${natural}\u0000${req.toolResult !== null}\u0000${seed}\u0000${source.slice(0, 600)}`;
  const generated = memoReply(key, () => {
    const variety: ReplyVariety = { seed, references: referencePoints(quotingText(req)) };
    return buildReply({ model: req.model, source, toolResult: req.toolResult !== null, tokens, natural, variety });
  });
  return { ...generated, cut: !natural };
}

function jsonText(req: EmuRequest, behavior: Behavior, schema: JsonSchema | null): string {
  if (schema) return JSON.stringify(sampleVerdict(schema, req.model, quotingText(req)) ?? sampleFromSchema(schema));
  const reply = buildReply({
    model: req.model,
    source: req.lastUserText,
    toolResult: false,
    tokens: behavior.replyTokens,
    natural: true,
    variety: { seed: varietySeed(req, req.lastUserText), references: [] },
  });
  return JSON.stringify({ reply: reply.text });
}

/**
 * The JSON the request asks for: by its JSON mode, or in words in its system prompt (how
 * gateways ask providers without a JSON mode); null when it asks for none.
 */
function requestedJson(req: EmuRequest): { schema: JsonSchema | null } | null {
  if (req.json?.schema) return req.json;
  if (!req.json && !asksForJson(req.systemText)) return null;
  return { schema: schemaInText(req.systemText) };
}

/** `invalidJson`: the object is cut off before its end, as a model that ran astray leaves it. */
function brokenJson(text: string): string {
  return text.length > 2 ? text.slice(0, Math.ceil(text.length / 2)) : "{";
}

/** Decides what the model "says" and counts every token of it. */
export function computeAnswer(
  req: EmuRequest,
  behavior: Behavior,
  cache: PromptCache,
  cacheMode: "implicit" | "explicit",
): Answer {
  const cached = cache.apply(req.model, req.segments, cacheMode, behavior.cacheMinTokens);
  const usageFor = (generated: Generated): UsageNumbers => ({
    promptTokens: req.promptTokens,
    completionTokens: generated.tokens,
    cacheReadTokens: cached.readTokens,
    cacheWriteTokens: cached.writeTokens,
  });

  const call = chooseTool(req);
  if (call) {
    const args = JSON.stringify(sampleFromSchema(call.tool.parameters));
    const generated = tokenPieces(args, req.maxTokens);
    return {
      kind: "tool",
      tool: call.tool,
      generated,
      forced: call.forced,
      finish: generated.cut ? "length" : "tool_calls",
      usage: usageFor(generated),
    };
  }

  const json = requestedJson(req);
  let base: Generated & { cut: boolean };
  if (json) {
    const text = jsonText(req, behavior, json.schema);
    base = tokenPieces(behavior.invalidJson ? brokenJson(text) : text, req.maxTokens);
  } else {
    base = textReply(req, behavior);
  }
  const stopped = applyStop(base, req.stop);
  if (stopped) {
    return { kind: "text", generated: stopped, finish: "stop_sequence", stopSequence: stopped.stop, usage: usageFor(stopped) };
  }
  return {
    kind: "text",
    generated: base,
    finish: base.cut ? "length" : "stop",
    stopSequence: null,
    usage: usageFor(base),
  };
}

/** Total simulated generation time after the first token. */
export function generationMs(behavior: Behavior, tokens: number): number {
  return behavior.tokensPerSecond > 0 ? (tokens * 1000) / behavior.tokensPerSecond : 0;
}
