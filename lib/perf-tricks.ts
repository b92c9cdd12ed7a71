// Switches for the hot path's performance tricks that earned their place (docs/performance.md,
// "Performance tricks and what they earn") and fall back to a path that is still there (the
// upstream exchange has no switch: its fallback would be a second exchange):
// SWITCHYARD_NO_TRICKS=shape,coalesce,… (or `all`) turns the named ones off, for measurement
// only (bench/experiments/tricks-ab.ts). Read once, when this module loads: nothing reads the
// environment per request.
import { perfTricksOff } from "@/lib/env";

export type TrickName =
  /** lib/gateway/fast-path/simple-body.ts: the usual request body without zod. */
  | "simple-body"
  /** lib/providers/openai/fast-path/shape.ts: the usual upstream chunk or answer without zod. */
  | "shape"
  /** lib/providers/openai/fast-path/content-event.ts: the usual stream event without JSON.parse. */
  | "content-event"
  /** lib/gateway/http/coalesce.ts: one socket write per tick of stream events. */
  | "coalesce"
  /** lib/server/api-worker.ts: V8 heap growth capped at 2× the live heap (memory, not speed). */
  | "heap-growing";

const off = perfTricksOff();

export function trickOn(name: TrickName): boolean {
  return !off.has("all") && !off.has(name);
}
