// What kind of request this is, by a fast heuristic over the canonical request (no model
// call): one scan of the messages and a few regular expressions over the latest user turn.
// `model: "auto"` picks among the models able to serve the class (lib/routing/auto/pick.ts),
// and every chat request stores its class on its log row (replay and optimization group by it).
//
// Precedence, first match wins: vision (an image part anywhere: only vision models can read
// the conversation) > tools (tools offered) > long_context (a big prompt) > code > math >
// quick_chat (a short exchange) > general.
import type { CanonicalRequest, ChatMessage } from "@/lib/providers/types";

export const REQUEST_CLASSES = ["vision", "tools", "long_context", "code", "math", "quick_chat", "general"] as const;
export type RequestClass = (typeof REQUEST_CLASSES)[number];

/** The parts of a request the classifier reads. */
export type ClassifiableRequest = Pick<CanonicalRequest, "messages" | "tools" | "tool_choice">;

/** Above this many characters of text (~12k tokens) a prompt is long context. */
export const LONG_CONTEXT_CHARS = 48_000;
/** A quick chat: the latest user turn is at most this long… */
const QUICK_TURN_CHARS = 280;
/** …and the whole conversation at most this long. */
const QUICK_TOTAL_CHARS = 2_000;
/**
 * Only the head and tail of a long user turn are searched for code/maths signals: they show
 * there (a pasted file, then the question), and the cost stays bounded (~10 µs at most).
 */
const SCAN_HEAD = 1_500;
const SCAN_TAIL = 500;

// ---- code ----
const CODE_FENCE = /```|~~~/;
const CODE_STRONG = /^\s*(?:def \w+\(|function\s*\w*\s*\(|class \w+\s*[:({]|import [\w{*]+ from |from [\w.]+ import |#include\s*[<"]|package [\w.]+;|public (?:static |class |void )|(?:const|let|var) \w+\s*=|fn \w+\(|func \w+\()|\bSELECT\s+[\w*,. ]+\s+FROM\s+\w|\bCREATE TABLE\b|Traceback \(most recent call last\)/m;
// Each of these is one signal; two signals make code.
const CODE_SYNTAX = /=>|::|&&|\|\||!==|===|\w\(\)|[;{]\s*$|^\s*[}\]]\s*$|<\/?[a-z]+>|\$[A-Za-z_]|\w\.[a-z]\w*\(|\[[^\]\s]{1,20}\][+*?{]/m;
/** Every CODE_SYNTAX signal has one of these characters: plain prose skips that regex. */
const CODE_SYNTAX_CHARS = /[=:&|()<>$;{}[\]]/;
/** A source file's name ("main.py"): one more signal. */
const CODE_FILE = /\w\.(?:py|js|ts|tsx|jsx|java|rb|go|rs|cpp|h|cs|php|sh|sql)\b/;
const CODE_WORDS = /\b(?:code|coding|bug|debug\w*|compil\w+|stack ?trace|traceback|exception|segfault|refactor\w*|regex|python|javascript|typescript|java|kotlin|rust|golang|sql|queries|query|bash|shell script|powershell|html|css|react|node\.?js|npm|pip|git|commit|docker|kubernetes|json|yaml|function|unit tests?|algorithm|implement\w*|syntax|script|linked list|binary tree|hash ?(?:map|table)|array|recursi\w+)\b|\bc(?:\+\+|#)(?!\w)/gi;

// ---- maths ----
const MATH_STRONG = /\\(?:frac|int|sum|sqrt|lim|prod|cdot|times|infty|partial|binom|mathbb)\b|[∫∑∏√∞≤≥≠±÷×∂∆πθ²³]|\$\$/;
// An arithmetic or algebraic expression; "-" and "/" only with spaces around (dates, ranges).
const MATH_EXPR = /\d\s*[+*^×÷=]\s*\(?-?\d|\d\s+[-/]\s+\(?-?\d|[a-z]\s*\^\s*\d|\d[a-z]\s*[-+=]\s*\d|\b[a-z]\s*=\s*-?\d/i;
const DIGIT = /\d/;
const MATH_WORDS = /\b(?:solve|equations?|integral|integrate|derivative|differentiat\w+|prove|proof|theorem|lemma|probability|calculate|compute|factori[sz]e|polynomial|matri(?:x|ces)|eigen\w*|logarithm|algebra\w*|geometry|calculus|arithmetic|trigonometr\w*|percent(?:age)?|fraction|quadratic|prime numbers?|divisible|sum of|square root|how many|how much is|what is \d)\b/gi;

/** Text of a message's content (text parts only). */
function textOf(content: ChatMessage["content"]): string {
  if (typeof content === "string") return content;
  if (content === null) return "";
  let out = "";
  for (const p of content) if (p.type === "text") out += (out ? "\n" : "") + p.text;
  return out;
}

function hasImage(m: ChatMessage): boolean {
  if (m.role !== "user" || typeof m.content === "string") return false;
  for (const p of m.content) if (p.type === "image_url") return true;
  return false;
}

/** Distinct matches of a global pattern, up to `max` (lower-cased). */
function distinctHits(text: string, pattern: RegExp, max: number): number {
  pattern.lastIndex = 0;
  const seen = new Set<string>();
  for (let m = pattern.exec(text); m !== null && seen.size < max; m = pattern.exec(text)) seen.add(m[0].toLowerCase());
  return seen.size;
}

export function looksLikeCode(text: string): boolean {
  if (CODE_FENCE.test(text) || CODE_STRONG.test(text)) return true;
  const syntax = CODE_SYNTAX_CHARS.test(text) && CODE_SYNTAX.test(text) ? 1 : 0;
  const file = CODE_FILE.test(text) ? 1 : 0;
  return syntax + file >= 2 || syntax + file + distinctHits(text, CODE_WORDS, 2) >= 2;
}

export function looksLikeMath(text: string): boolean {
  if (MATH_STRONG.test(text)) return true;
  // Every expression has a digit.
  const expr = DIGIT.test(text) && MATH_EXPR.test(text) ? 1 : 0;
  return expr + distinctHits(text, MATH_WORDS, 2) >= 2 || (expr === 1 && text.length <= 80);
}

function scanned(text: string): string {
  return text.length <= SCAN_HEAD + SCAN_TAIL ? text : text.slice(0, SCAN_HEAD) + "\n" + text.slice(-SCAN_TAIL);
}

function classify(req: ClassifiableRequest): RequestClass {
  let total = 0;
  let lastUser = "";
  let image = false;
  for (const m of req.messages) {
    const text = textOf(m.content);
    total += text.length;
    if (m.role === "user") {
      lastUser = text;
      if (!image && hasImage(m)) image = true;
    }
  }
  if (image) return "vision";
  if (req.tools?.length && req.tool_choice !== "none") return "tools";
  if (total > LONG_CONTEXT_CHARS) return "long_context";
  const turn = scanned(lastUser);
  if (looksLikeCode(turn)) return "code";
  if (looksLikeMath(turn)) return "math";
  if (lastUser.length <= QUICK_TURN_CHARS && total <= QUICK_TOTAL_CHARS) return "quick_chat";
  return "general";
}

// `auto` classifies before routing and memoises the answer, so the log row after the response
// reads it without a second scan. Other requests are classified once, for the log row, and
// store nothing: a WeakMap entry per request costs ~0.2–0.4 µs with its GC work.
const memo = new WeakMap<ClassifiableRequest, RequestClass>();

/** The class, memoised for requestClassOf (auto's routing). */
export function classifyRequest(req: ClassifiableRequest): RequestClass {
  let c = memo.get(req);
  if (c === undefined) memo.set(req, (c = classify(req)));
  return c;
}

/** The class a request's log row stores: auto's memoised answer, else worked out now. */
export function requestClassOf(req: ClassifiableRequest): RequestClass {
  return memo.get(req) ?? classify(req);
}
