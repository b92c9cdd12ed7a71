// Performance trick (docs/performance.md, "Performance tricks and what they earn"): a fast
// check for the usual Chat Completions body (text messages and plain parameters). A body it
// accepts would also pass chatCompletionsBodySchema unchanged (no transforms there), so zod is
// skipped for it. Anything else — tools, parts, extensions, ignored parameters, any doubt —
// goes to zod, which keeps the final say and words the error. simple-body.test.ts checks
// this against the schema. SWITCHYARD_NO_TRICKS=simple-body turns it off (lib/perf-tricks.ts).
import type { ChatCompletionsBody } from "@/lib/gateway/formats/openai/schema";
import { isObj, optString } from "@/lib/json-checks";

function optBoolean(v: unknown): boolean {
  return v === undefined || v === null || typeof v === "boolean";
}

function optRange(v: unknown, min: number, max: number): boolean {
  return v === undefined || v === null || (typeof v === "number" && v >= min && v <= max);
}

/** zod's z.int(): a safe integer. */
function optInt(v: unknown, min: number): boolean {
  return v === undefined || v === null || (typeof v === "number" && Number.isSafeInteger(v) && v >= min);
}

function nonEmpty(v: unknown): boolean {
  return typeof v === "string" && v.length > 0;
}

function simpleMessage(m: unknown): boolean {
  if (!isObj(m) || typeof m.content !== "string") return false;
  switch (m.role) {
    case "system":
    case "developer":
    case "user":
      return optString(m.name);
    case "assistant":
      return optString(m.name) && (m.tool_calls === undefined || m.tool_calls === null);
    case "tool":
      return nonEmpty(m.tool_call_id);
    default:
      return false;
  }
}

function simpleMessages(v: unknown): boolean {
  if (!Array.isArray(v) || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) if (!simpleMessage(v[i])) return false; // not every(): holes
  return true;
}

function streamOptionsOk(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  return isObj(v) && optBoolean(v.include_usage) && optBoolean(v.include_obfuscation);
}

export function isSimpleChatBody(json: unknown): json is ChatCompletionsBody {
  if (!isObj(json)) return false;
  for (const key in json) {
    const v = json[key];
    let ok: boolean;
    switch (key) {
      case "model":
        ok = v === null || nonEmpty(v);
        break;
      case "messages":
        ok = simpleMessages(v);
        break;
      case "stream":
        ok = optBoolean(v);
        break;
      case "stream_options":
        ok = streamOptionsOk(v);
        break;
      case "temperature":
        ok = optRange(v, 0, 2);
        break;
      case "top_p":
        ok = optRange(v, 0, 1);
        break;
      case "max_tokens":
      case "max_completion_tokens":
        ok = optInt(v, 1);
        break;
      case "seed":
      case "n":
        ok = optInt(v, Number.MIN_SAFE_INTEGER);
        break;
      case "user":
        ok = optString(v);
        break;
      default:
        ok = false;
    }
    if (!ok) return false;
  }
  return Array.isArray(json.messages);
}
