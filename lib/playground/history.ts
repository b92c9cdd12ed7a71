// Playground history: the account's last 50 runs, written after a run's response has ended
// (never on the request path), read back by the history panel to reopen or re-run one. It
// holds prompts, so it follows the account's privacy settings: nothing is written under zero
// retention; "purge my logs", the data export and account deletion include it (lib/account).
import { createId } from "@/lib/ids";
import { hasNul } from "@/lib/pg-text";
import { toJsonText } from "@/lib/json-text";
import { logger } from "@/lib/observability/logger";
import { sanitizeLogBody, storableText } from "@/lib/observability/log-body";
import { getPlaygroundRun, insertPlaygroundRun, listPlaygroundRuns } from "@/lib/sql/playground-runs";
import type { PlaygroundMode } from "@/lib/playground/modes";
import { boundedRun, type RunState } from "@/lib/playground/run-state";

/** A stored call's text is cut past this many characters (the request log keeps the whole answer). */
const MAX_STORED_TEXT = 16_000;
const MAX_TITLE = 140;

export type HistoryItem = { id: string; mode: PlaygroundMode; title: string; models: string[]; requestId: string | null; createdAt: string };
export type HistoryRun = HistoryItem & { request: unknown; run: RunState };

const record = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);

/** The text of the conversation's last user message (what the run was about). */
export function runTitle(body: unknown): string {
  const messages = Array.isArray(record(body).messages) ? (record(body).messages as unknown[]) : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = record(messages[i]);
    if (m.role !== "user") continue;
    const c = m.content;
    const text = typeof c === "string" ? c : Array.isArray(c) ? c.map((p) => (typeof record(p).text === "string" ? record(p).text : "")).join(" ") : "";
    const flat = text.replace(/\s+/g, " ").trim();
    return storableText(flat.length > MAX_TITLE ? `${flat.slice(0, MAX_TITLE - 1)}…` : flat);
  }
  return "";
}

/** The models a run names, in the order of its request. */
export function runModels(mode: PlaygroundMode, body: unknown): string[] {
  const b = record(body);
  const list = mode === "chat" ? strings([b.model]) : mode === "judge" ? [...strings(b.contestants), ...strings([b.judge])]
    : [...strings(b.models), ...(mode === "blend" ? strings([b.synthesizer]) : [])];
  return list.slice(0, 20).map((m) => storableText(m).slice(0, 200));
}

/** Stores a finished run (after its response); failures are logged, never thrown. */
export async function saveRun(userId: string, mode: PlaygroundMode, body: unknown, run: RunState): Promise<void> {
  try {
    const request = sanitizeLogBody(body).value;
    await insertPlaygroundRun({
      id: createId("pgr"), userId, mode, title: runTitle(body), models: runModels(mode, body),
      request: toJsonText(request), summary: toJsonText(boundedRun(run, MAX_STORED_TEXT)),
      requestLogIds: run.requestId ? [run.requestId] : [],
    });
  } catch (err) {
    logger().warn({ userId, err: err instanceof Error ? err.message : String(err) }, "playground run not saved to history");
  }
}

function item(r: { id: string; mode: string; title: string; models: string[]; requestLogIds: string[]; createdAt: Date }): HistoryItem {
  return {
    id: r.id, mode: r.mode as PlaygroundMode, title: r.title, models: r.models, requestId: r.requestLogIds[0] ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listHistory(userId: string): Promise<HistoryItem[]> {
  return (await listPlaygroundRuns(userId)).map(item);
}

/** One run of the account's, or null (another account's id answers like a missing one). */
export async function getHistoryRun(userId: string, id: string): Promise<HistoryRun | null> {
  if (id.length > 100 || hasNul(id)) return null;
  const r = await getPlaygroundRun(userId, id);
  return r ? { ...item(r), request: r.request, run: r.summary as RunState } : null;
}
