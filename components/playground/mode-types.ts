import type { ModelOption } from "@/lib/playground/model-options";
import type { RunState } from "@/lib/playground/run-state";

/** A history entry to show in a mode: its stored request and result (nonce: a new load each time). */
export type LoadedRun = { request: unknown; run: RunState; nonce: number; rerun: boolean };

export type ModeProps = {
  models: ModelOption[];
  apiBase: string;
  active: boolean;
  loaded: LoadedRun | null;
};

/** A model's display name from the catalog (its id when unknown). */
export function modelName(models: ModelOption[], id: string): string {
  return models.find((m) => m.id === id)?.name ?? id;
}
