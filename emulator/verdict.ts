/**
 * A judge's verdict. When the requested JSON Schema asks for a winner and per-candidate
 * scores — an object with `winner` and an array of objects with a candidate name (`model`,
 * `name`, `contestant` or `candidate`), a numeric `score` and optionally an integer `rank` —
 * the simulated model answers a coherent verdict instead of schema samples: the candidates
 * from the schema's enum (else the "Contestant <name>" headings of the prompt), each scored
 * within the schema's bounds from a seed of its quoted answer, ranked by score, the winner
 * ranked first, each reasoning quoting the candidate's points.
 */
import { sampleFromSchema, type JsonValue } from "./json-schema-sample";
import type { JsonSchema } from "./prompt";
import { REPLY_MARKER, replyPoints, random, seedOf } from "./variety";

type Schema = Record<string, unknown>;
type Shape = { listKey: string; nameKey: string; item: Schema; winner: Schema | null; root: Schema };

const NAME_KEYS = ["model", "name", "contestant", "candidate"];
/** How far before a quoted reply its heading (the candidate's name) may be. */
const HEADING_CHARS = 200;

function isSchema(v: unknown): v is Schema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isText(s: unknown): boolean {
  return isSchema(s) && (s.type === "string" || s.type === "STRING" || s.type === undefined);
}

function props(s: Schema): Schema {
  return isSchema(s.properties) ? s.properties : {};
}

function num(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

/** The verdict's shape, or null when the schema is not a ranking. */
export function verdictShape(schema: JsonSchema): Shape | null {
  const root = props(schema);
  if (!("winner" in root)) return null;
  for (const [listKey, list] of Object.entries(root)) {
    if (!isSchema(list) || !isSchema(list.items)) continue;
    const item = props(list.items);
    const nameKey = NAME_KEYS.find((k) => k in item);
    if (nameKey && "score" in item) return { listKey, nameKey, item, winner: isSchema(root.winner) ? root.winner : null, root };
  }
  return null;
}

function enumOf(s: unknown): string[] {
  return isSchema(s) && Array.isArray(s.enum) ? s.enum.filter((v): v is string => typeof v === "string") : [];
}

function candidatesOf(shape: Shape, prompt: string): string[] {
  const fromSchema = enumOf(shape.winner);
  if (fromSchema.length > 0) return fromSchema;
  const fromItems = enumOf(shape.item[shape.nameKey]);
  if (fromItems.length > 0) return fromItems;
  const headings = [...prompt.matchAll(/Contestant\s+([^\s:#]+)\s*\n/g)].map((m) => m[1]!);
  return [...new Set(headings)];
}

/**
 * Each candidate's quoted answer: a simulated reply belongs to the candidate named last in
 * the short heading before it ("### Contestant sim/gpt\n<reply>").
 */
function answersOf(candidates: string[], prompt: string): Map<string, string> {
  const out = new Map<string, string>();
  let at = prompt.indexOf(REPLY_MARKER);
  while (at !== -1) {
    const heading = prompt.slice(Math.max(0, at - HEADING_CHARS), at);
    let owner: string | null = null;
    let best = -1;
    for (const name of candidates) {
      const i = heading.lastIndexOf(name);
      if (i > best) [owner, best] = [name, i];
    }
    const next = prompt.indexOf(REPLY_MARKER, at + REPLY_MARKER.length);
    if (owner && !out.has(owner)) out.set(owner, prompt.slice(at, next === -1 ? undefined : next));
    at = next;
  }
  return out;
}

/** A coherent verdict for the judge `model`, or null when no candidates can be found. */
export function sampleVerdict(schema: JsonSchema, model: string, prompt: string): JsonValue | null {
  const shape = verdictShape(schema);
  if (!shape) return null;
  const candidates = candidatesOf(shape, prompt);
  if (candidates.length === 0) return null;
  const scoreSchema = isSchema(shape.item.score) ? shape.item.score : {};
  const lo = num(scoreSchema.minimum, 0);
  const hi = num(scoreSchema.maximum, 10);
  const integer = String(scoreSchema.type).toLowerCase() === "integer";
  const answers = answersOf(candidates, prompt);
  const rated = candidates.map((name, i) => {
    const answer = answers.get(name) ?? "";
    const points = replyPoints(answer);
    // Realistic spread: the upper 70 % of the range, in halves (integers for integer scores).
    const raw = lo + (hi - lo) * (0.3 + 0.7 * random(seedOf(model, name, answer))());
    const score = integer ? Math.round(raw) : Math.round(raw * 2) / 2;
    return { name, i, points, score: Math.min(hi, Math.max(lo, score)) };
  });
  const ranked = [...rated].sort((a, b) => b.score - a.score || a.i - b.i);
  const winner = ranked[0]!;
  const entries = rated.map((r) => {
    const entry: Record<string, JsonValue> = {};
    const cites = r.points.length > 0 ? `its answer covers ${r.points.join(", ")}` : "its answer is generic";
    for (const key of Object.keys(shape.item)) {
      if (key === shape.nameKey) entry[key] = r.name;
      else if (key === "score") entry[key] = r.score;
      else if (key === "rank") entry[key] = ranked.indexOf(r) + 1;
      else entry[key] = isText(shape.item[key]) ? `Scored ${r.score}: ${cites}.` : sampleFromSchema(shape.item[key], key);
    }
    return entry;
  });
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(shape.root)) {
    if (key === "winner") out[key] = winner.name;
    else if (key === shape.listKey) out[key] = entries;
    else if (!isText(shape.root[key])) out[key] = sampleFromSchema(shape.root[key], key);
    else out[key] = `${winner.name} wins with ${winner.score}; ${ranked.slice(1).map((r) => `${r.name} ${r.score}`).join(", ")}.`;
  }
  return out;
}
