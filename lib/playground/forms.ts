// The playground's forms ↔ the API bodies they send. The body is exactly what POST /api/v1/<mode>
// takes, so "copy as code" reproduces a run and a history entry reopens into the same form.
import type { PlaygroundMode } from "@/lib/playground/modes";

export type GenSettings = { system: string; temperature: number | null; maxTokens: number | null };
export const DEFAULT_SETTINGS: GenSettings = { system: "", temperature: null, maxTokens: null };

export type ChatTurn = { role: "user" | "assistant"; content: string };

export const BLEND_STRATEGIES = [
  { id: "consensus", label: "Consensus", help: "Merges the strongest points of every answer and resolves their contradictions." },
  { id: "council", label: "Council", help: "Deliberates: agreements, disagreements and open questions, then a conclusion." },
  { id: "best_of", label: "Best of", help: "Picks the best answer and improves it with the others' correct points." },
  { id: "chain", label: "Chain", help: "Integrates the answers one after another into a single draft." },
  { id: "moa", label: "Mixture of agents", help: "Layers of models, each seeing the previous layer's answers, then a synthesis." },
  { id: "self_moa", label: "Self-MoA", help: "One model sampled several times at varied temperatures, then merged." },
] as const;
export type BlendStrategyId = (typeof BLEND_STRATEGIES)[number]["id"];

export type CompareForm = { models: string[]; prompt: string; settings: GenSettings };
export type ChatForm = { model: string; turns: ChatTurn[]; settings: GenSettings };
export type BlendForm = {
  models: string[]; strategy: BlendStrategyId; synthesizer: string; layers: number; samples: number; prompt: string; settings: GenSettings;
};
export type JudgeForm = { contestants: string[]; judge: string; criteria: string; prompt: string; settings: GenSettings };

type Message = { role: "system" | "user" | "assistant"; content: string };

function withSettings(body: Record<string, unknown>, s: GenSettings): Record<string, unknown> {
  if (s.temperature !== null) body.temperature = s.temperature;
  if (s.maxTokens !== null) body.max_tokens = s.maxTokens;
  return body;
}

function messages(s: GenSettings, turns: ChatTurn[]): Message[] {
  const system = s.system.trim();
  return [...(system ? [{ role: "system" as const, content: system }] : []), ...turns];
}

export function chatBody(f: ChatForm): Record<string, unknown> {
  return withSettings({ model: f.model, messages: messages(f.settings, f.turns) }, f.settings);
}

export function compareBody(f: CompareForm): Record<string, unknown> {
  return withSettings({ models: f.models, messages: messages(f.settings, [{ role: "user", content: f.prompt }]) }, f.settings);
}

export function blendBody(f: BlendForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    models: f.strategy === "self_moa" ? f.models.slice(0, 1) : f.models, strategy: f.strategy,
  };
  if (f.synthesizer) body.synthesizer = f.synthesizer;
  if (f.strategy === "moa") body.layers = f.layers;
  if (f.strategy === "self_moa") body.samples = f.samples;
  body.messages = messages(f.settings, [{ role: "user", content: f.prompt }]);
  return withSettings(body, f.settings);
}

/** Criteria: one per line; none = the judge's defaults. */
export function criteriaList(text: string): string[] {
  return text.split("\n").map((c) => c.trim()).filter(Boolean).slice(0, 12);
}

export function judgeBody(f: JudgeForm): Record<string, unknown> {
  const body: Record<string, unknown> = { contestants: f.contestants, judge: f.judge };
  const criteria = criteriaList(f.criteria);
  if (criteria.length) body.criteria = criteria;
  body.messages = messages(f.settings, [{ role: "user", content: f.prompt }]);
  return withSettings(body, f.settings);
}

// ---------- Back from a stored request (history → form) ----------

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
const numOrNull = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

function text(content: unknown): string {
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((p) => (typeof rec(p).text === "string" ? (rec(p).text as string) : "")).join("") : "";
}

/** Settings and the conversation of a stored body. */
export function conversationOf(body: unknown): { settings: GenSettings; turns: ChatTurn[] } {
  const b = rec(body);
  const all = Array.isArray(b.messages) ? b.messages.map(rec) : [];
  const system = all.filter((m) => m.role === "system").map((m) => text(m.content)).join("\n\n");
  const turns = all.filter((m) => m.role === "user" || m.role === "assistant")
    .map((m) => ({ role: m.role as ChatTurn["role"], content: text(m.content) }));
  return { settings: { system, temperature: numOrNull(b.temperature), maxTokens: numOrNull(b.max_tokens) }, turns };
}

function lastPrompt(turns: ChatTurn[]): string {
  return [...turns].reverse().find((t) => t.role === "user")?.content ?? "";
}

export function compareForm(body: unknown): CompareForm {
  const { settings, turns } = conversationOf(body);
  return { models: strs(rec(body).models), prompt: lastPrompt(turns), settings };
}

export function chatForm(body: unknown): ChatForm {
  const { settings, turns } = conversationOf(body);
  return { model: typeof rec(body).model === "string" ? (rec(body).model as string) : "", turns, settings };
}

export function blendForm(body: unknown): BlendForm {
  const b = rec(body);
  const { settings, turns } = conversationOf(body);
  const strategy = BLEND_STRATEGIES.find((s) => s.id === b.strategy)?.id ?? "consensus";
  return {
    models: strs(b.models), strategy, synthesizer: typeof b.synthesizer === "string" ? b.synthesizer : "",
    layers: numOrNull(b.layers) ?? 2, samples: numOrNull(b.samples) ?? 4, prompt: lastPrompt(turns), settings,
  };
}

export function judgeForm(body: unknown): JudgeForm {
  const b = rec(body);
  const { settings, turns } = conversationOf(body);
  const criteria = typeof b.criteria === "string" ? b.criteria : strs(b.criteria).join("\n");
  return { contestants: strs(b.contestants), judge: typeof b.judge === "string" ? b.judge : "", criteria, prompt: lastPrompt(turns), settings };
}

/** The endpoint a mode's body goes to, below the API base. */
export const endpointOf = (mode: PlaygroundMode): string => `/${mode}`;
