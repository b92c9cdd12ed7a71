// What the playground's model picker shows for one model (serialisable: the page passes it to
// the browser). Built on the server by models.ts; imported by components as a type only.
export type ModelOption = {
  id: string;
  name: string;
  provider: string;
  providerName: string;
  /** USD per 1M tokens, exact decimal strings; null = unpriced. */
  inputPerM: string | null;
  outputPerM: string | null;
  contextWindow: number;
  capabilities: string[];
  simulated: boolean;
  available: boolean;
  /** Why it cannot run here (what to do about it), when it cannot. */
  reason: string | null;
};

/** The pseudo-model `auto` of /chat: the gateway picks per request (lib/routing/auto). */
export const AUTO_MODEL = "auto";

export type PlaygroundDefaults = {
  /** Three available models, so Compare runs in one keystroke. */
  compare: string[];
  chat: string;
  blend: { models: string[]; synthesizer: string };
  judge: { contestants: string[]; judge: string };
};
