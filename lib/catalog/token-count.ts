// Prompt token estimates for the credit reservation (request hot path) and for providers that
// report no usage. Counts with OpenAI's o200k_base BPE (only that encoding is loaded) and adds
// OpenAI's chat-format framing. For models with other tokenizers the count is scaled by a
// safety factor so the reservation stays an upper bound. The provider's reported usage always
// wins when present; these numbers only decide how much to hold.
//
// Counting is bounded: no count may hold the event loop for long, whatever the text. Long
// runs the tokenizer would be quadratic on are cut (token-pieces.ts), and one count (a whole
// prompt, or one text) stops using the tokenizer after COUNT_BUDGET_MS: the rest of its text
// counts as its UTF-8 byte length, an upper bound (every token stands for ≥ 1 byte). Prose
// and code tokenize at ~10–25 MB/s, so only prompts of a few hundred KB (or text built to be
// slow: random letters, ~1 MB/s) reach the bound; it overestimates, which keeps reservations
// safe (a usage estimate for such a prompt is high, never low).
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import type * as O200k from "gpt-tokenizer/encoding/o200k_base";
import type { ChatMessage, ContentPart, ToolDefinition } from "@/lib/providers/types";
import type { CatalogEntry } from "./schema";
import { cachedTokens, rememberTokens } from "./token-cache";
import { pieceEnd, RUN_LIMIT } from "./token-pieces";

/** `<|start|>role<|message|>…<|end|>` framing per message (OpenAI counts 3; we round up). */
export const TOKENS_PER_MESSAGE = 4;
export const TOKENS_PER_NAME = 1;
/** Every reply is primed with `<|start|>assistant<|message|>`. */
export const REPLY_PRIMING_TOKENS = 3;
/**
 * Fixed charge per image part. Providers bill images by size (OpenAI high detail: 85 + 170
 * per 512px tile, ≤ 1,105 for gpt-4o at 2048×768; Claude ≈ 1,600 for a 1568px image; Gemini
 * 258 per tile). 1,600 covers them except gpt-4o-mini-style multipliers; callers may override.
 */
export const IMAGE_PART_TOKENS = 1_600;
/** Framing around the tool list and each definition (namespace header, braces). */
export const TOOLS_PREAMBLE_TOKENS = 12;
export const TOKENS_PER_TOOL = 8;
export const TOKENS_PER_TOOL_CALL = 4;
/**
 * Anthropic, Gemini, Llama, Qwen, Mistral … tokenizers produce more tokens than o200k for
 * the same text (Claude's up to ~1.3× on English and code). 1.5× keeps the estimate above.
 */
export const NON_OPENAI_TOKENIZER_SAFETY_FACTOR = 1.5;

// User text may contain "<|endoftext|>" etc.: count it as plain text instead of throwing.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export type PromptCountOptions = { imageTokens?: number };

/** Tokenizer time one count may spend before the rest of its text is bounded by bytes. */
export const COUNT_BUDGET_MS = 20;
/** Chars counted before the clock is first read (≤ ~4 ms even for the slowest text). */
const UNTIMED_CHARS = 4_096;

/** The time budget of one count, shared by every text of a prompt. */
type CountBudget = { chars: number; deadline: number; spent: boolean };

const newBudget = (): CountBudget => ({ chars: 0, deadline: Infinity, spent: false });

function budgetSpent(budget: CountBudget): boolean {
  if (budget.spent) return true;
  if (budget.chars <= UNTIMED_CHARS) return false;
  const now = performance.now();
  if (budget.deadline === Infinity) budget.deadline = now + COUNT_BUDGET_MS;
  else if (now > budget.deadline) budget.spent = true;
  return budget.spent;
}

/**
 * o200k tokens in `text`, special-token look-alikes counted as ordinary text. Exact for
 * ordinary text; a run of one character class longer than RUN_LIMIT counts about one token
 * more per cut, and text past the time budget counts as its UTF-8 byte length.
 */
export function countTextTokens(text: string): number {
  return countWithin(text, newBudget());
}

function countWithin(text: string, budget: CountBudget): number {
  if (text.length === 0) return 0;
  const hit = cachedTokens(text);
  if (hit !== undefined) return hit;
  let tokens = 0;
  let start = 0;
  let repeated: Map<string, number> | undefined; // a run cut into equal pieces counts once
  while (start < text.length) {
    if (budgetSpent(budget)) return tokens + utf8Length(start === 0 ? text : text.slice(start));
    const end = pieceEnd(text, start);
    const piece = end - start === text.length ? text : text.slice(start, end);
    const memo = piece.length <= RUN_LIMIT + 1 && end < text.length;
    let n = memo ? repeated?.get(piece) : undefined;
    if (n === undefined) {
      n = countO200k(piece);
      if (memo) (repeated ??= new Map()).set(piece, n);
    }
    budget.chars += piece.length;
    tokens += n;
    start = end;
  }
  rememberTokens(text, tokens);
  return tokens;
}

// Loading the o200k ranks costs ~0.2 s and ~50 MB of RSS (14 MB stays live; the rest is parse
// garbage that V8 keeps as heap headroom), so they load on the first count, not at import: a
// process whose providers always report usage never pays it. require() keeps this synchronous.
let o200k: typeof O200k | undefined;

function countO200k(text: string): number {
  o200k ??= createRequire(import.meta.url)("gpt-tokenizer/encoding/o200k_base") as typeof O200k;
  return o200k.countTokens(text, PLAIN_TEXT);
}

/** True once the tokenizer has been loaded (for tests and diagnostics). */
export function isTokenizerLoaded(): boolean {
  return o200k !== undefined;
}

type TextCount = (text: string) => number;

function countContent(content: string | readonly ContentPart[] | null, imageTokens: number, count: TextCount): number {
  if (content === null) return 0;
  if (typeof content === "string") return count(content);
  let total = 0;
  for (const part of content) {
    total += part.type === "text" ? count(part.text) : imageTokens;
  }
  return total;
}

function countMessage(message: ChatMessage, imageTokens: number, count: TextCount): number {
  let total = TOKENS_PER_MESSAGE + countContent(message.content, imageTokens, count);
  if ("name" in message && message.name) total += TOKENS_PER_NAME + count(message.name);
  if (message.role === "assistant" && message.tool_calls) {
    for (const call of message.tool_calls) {
      total += TOKENS_PER_TOOL_CALL + count(call.function.name) + count(call.function.arguments);
    }
  }
  if (message.role === "tool") total += count(message.tool_call_id);
  return total;
}

function countTools(tools: readonly ToolDefinition[], count: TextCount): number {
  if (tools.length === 0) return 0;
  let total = TOOLS_PREAMBLE_TOKENS;
  for (const tool of tools) {
    // JSON is wordier than OpenAI's internal TypeScript-like rendering: an overestimate.
    total += TOKENS_PER_TOOL + count(JSON.stringify(tool.function));
  }
  return total;
}

function countPrompt(messages: readonly ChatMessage[], tools: readonly ToolDefinition[] | undefined,
  options: PromptCountOptions, count: TextCount): number {
  const imageTokens = options.imageTokens ?? IMAGE_PART_TOKENS;
  let total = REPLY_PRIMING_TOKENS;
  for (const message of messages) total += countMessage(message, imageTokens, count);
  return total + countTools(tools ?? [], count);
}

/**
 * o200k prompt tokens for a chat request: message text and framing, a fixed count per image
 * part, tool definitions, plus the reply priming. Exact for text on OpenAI's current models
 * to within the framing constants (which round up), with countTextTokens' bounds; the time
 * budget is shared by the whole prompt.
 */
export function countPromptTokens(
  messages: readonly ChatMessage[],
  tools?: readonly ToolDefinition[],
  options: PromptCountOptions = {},
): number {
  const budget = newBudget();
  return countPrompt(messages, tools, options, (text) => countWithin(text, budget));
}

/**
 * An upper bound of countPromptTokens without the tokenizer: every BPE token stands for at
 * least one UTF-8 byte, so a text's byte length is at least its token count.
 */
export function promptTokensUpperBound(
  messages: readonly ChatMessage[],
  tools?: readonly ToolDefinition[],
  options: PromptCountOptions = {},
): number {
  return countPrompt(messages, tools, options, utf8Length);
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** True when the model tokenizes with o200k (OpenAI's own models and the open gpt-oss ones). */
export function usesO200k(model: Pick<CatalogEntry, "provider" | "upstreamModel">): boolean {
  return model.provider === "openai" || model.upstreamModel.toLowerCase().includes("gpt-oss");
}

/**
 * Scales an o200k count to an upper bound for `model`'s own tokenizer: unchanged for o200k
 * models, × NON_OPENAI_TOKENIZER_SAFETY_FACTOR (rounded up) for everything else, including
 * the emulator.
 */
export function estimateTokensUpperBound(o200kTokens: number, model: Pick<CatalogEntry, "provider" | "upstreamModel">): number {
  if (usesO200k(model)) return o200kTokens;
  return Math.ceil(o200kTokens * NON_OPENAI_TOKENIZER_SAFETY_FACTOR);
}

/** countPromptTokens + estimateTokensUpperBound: the prompt size to reserve credits for. */
export function estimatePromptTokens(
  model: Pick<CatalogEntry, "provider" | "upstreamModel">,
  messages: readonly ChatMessage[],
  tools?: readonly ToolDefinition[],
  options?: PromptCountOptions,
): number {
  return estimateTokensUpperBound(countPromptTokens(messages, tools, options), model);
}
