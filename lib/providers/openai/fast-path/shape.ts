// Performance trick (docs/performance.md, "Performance tricks and what they earn"): hand-written
// fast checks in front of zod. A chunk or response that passes one of these would also pass
// its zod schema (../schemas.ts) and is used as is, so zod is skipped for the common case.
// They may be stricter than zod (object tool arguments, unsafe integers): anything they refuse
// goes to zod, which keeps the final say and writes the error message. shape.test.ts checks
// them against zod. SWITCHYARD_NO_TRICKS=shape turns them off (lib/perf-tricks.ts).
import type { OpenAIChunk, OpenAIResponse } from "../schemas";
import { isObj, optString } from "@/lib/json-checks";

function optNumber(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "number" && Number.isFinite(v));
}

function isCount(v: unknown): boolean {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

function optCount(v: unknown): boolean {
  return v === undefined || v === null || isCount(v);
}

/** Strings only: object arguments are rare and zod's record copy is left to zod. */
function optArguments(v: unknown): boolean {
  return optString(v);
}

function usageOk(u: unknown): boolean {
  if (u === undefined || u === null) return true;
  if (!isObj(u) || !isCount(u.prompt_tokens) || !isCount(u.completion_tokens)) return false;
  if (!optCount(u.total_tokens) || !optCount(u.prompt_cache_hit_tokens)) return false;
  const d = u.prompt_tokens_details;
  if (d === undefined || d === null) return true;
  return isObj(d) && optCount(d.cached_tokens) && optCount(d.cache_write_tokens);
}

function toolCallDeltaOk(t: unknown): boolean {
  if (!isObj(t) || !optCount(t.index) || !optString(t.id) || !optString(t.type)) return false;
  const f = t.function;
  if (f === undefined || f === null) return true;
  return isObj(f) && optString(f.name) && optArguments(f.arguments);
}

function deltaOk(d: unknown): boolean {
  if (d === undefined || d === null) return true;
  if (!isObj(d) || !optString(d.role) || !optString(d.content) || !optString(d.refusal)) return false;
  const tc = d.tool_calls;
  if (tc === undefined || tc === null) return true;
  if (!Array.isArray(tc)) return false;
  for (let i = 0; i < tc.length; i++) if (!toolCallDeltaOk(tc[i])) return false;
  return true;
}

export function isOpenAIChunk(v: unknown): v is OpenAIChunk {
  if (!isObj(v) || !optString(v.id) || !optNumber(v.created) || !optString(v.model)) return false;
  const choices = v.choices;
  if (choices !== undefined && choices !== null) {
    if (!Array.isArray(choices)) return false;
    for (let i = 0; i < choices.length; i++) {
      const c: unknown = choices[i];
      if (!isObj(c) || !optNumber(c.index) || !optString(c.finish_reason) || !deltaOk(c.delta)) return false;
    }
  }
  if (!usageOk(v.usage)) return false;
  const groq = v.x_groq;
  return groq === undefined || groq === null || (isObj(groq) && usageOk(groq.usage));
}

function toolCallOk(t: unknown): boolean {
  if (!isObj(t) || typeof t.id !== "string" || !optString(t.type)) return false;
  const f = t.function;
  return isObj(f) && typeof f.name === "string" && optArguments(f.arguments);
}

function messageOk(m: unknown): boolean {
  if (!isObj(m) || !optString(m.content) || !optString(m.refusal)) return false;
  const tc = m.tool_calls;
  if (tc === undefined || tc === null) return true;
  if (!Array.isArray(tc)) return false;
  for (let i = 0; i < tc.length; i++) if (!toolCallOk(tc[i])) return false;
  return true;
}

export function isOpenAIResponse(v: unknown): v is OpenAIResponse {
  if (!isObj(v) || !optString(v.id) || !optNumber(v.created) || !optString(v.model)) return false;
  const choices = v.choices;
  if (!Array.isArray(choices) || choices.length === 0) return false;
  for (let i = 0; i < choices.length; i++) {
    const c: unknown = choices[i];
    if (!isObj(c) || !optNumber(c.index) || !optString(c.finish_reason) || !messageOk(c.message)) return false;
  }
  return usageOk(v.usage);
}
