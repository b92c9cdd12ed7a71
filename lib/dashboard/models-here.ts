// Which chat models a new user can call on this deployment, for the overview's model list and the
// new-key panel's first call: the catalog's available models (lib/catalog/availability.ts via
// public-models.ts), simulated ones with what they do, and the order a first call picks from.
import { usdPerMillionToUnitsPerToken } from "@/lib/billing/money";
import { publicModels, type PublicModel } from "@/lib/catalog/public-models";

export type HereModel = {
  id: string;
  name: string;
  provider: string;
  simulated: boolean;
  /** What a simulated model does ("Always fails with a 5xx …"); null for real models. */
  behaviour: string | null;
  /** USD per million tokens, exact decimal strings. */
  price: { input: string; output: string } | null;
};

export type ModelsHere = {
  /** Available chat models: simulated ones first (plain before demo), then real ones by price. */
  chat: HereModel[];
  /** Catalog models listed but not callable here (no provider configured, unpriced). */
  unavailable: number;
  /** Models a first call may use, best first: cheap and answering normally. */
  firstCall: string[];
};

/**
 * Simulated models that answer normally, in the order a first call prefers them (sim/gpt speaks
 * the OpenAI format the snippets use). The other simulated models are demos of failure — sim/down,
 * sim/flaky, sim/cut, sim/slow, sim/rate-limited … — and never a first call.
 */
export const PLAIN_SIMULATED = ["sim/gpt", "sim/fast", "sim/claude", "sim/gemini"] as const;

/** What a typical small call costs (1,000 tokens in and out), to rank real models by. */
function typicalCost(m: Pick<PublicModel, "price">): bigint | null {
  if (!m.price) return null;
  return usdPerMillionToUnitsPerToken(m.price.input) + usdPerMillionToUnitsPerToken(m.price.output);
}

function byCost(a: PublicModel, b: PublicModel): number {
  const ca = typicalCost(a);
  const cb = typicalCost(b);
  if (ca === null || cb === null) return ca === cb ? a.id.localeCompare(b.id) : ca === null ? 1 : -1;
  return ca === cb ? a.id.localeCompare(b.id) : ca < cb ? -1 : 1;
}

const plainRank = (id: string) => {
  const i = (PLAIN_SIMULATED as readonly string[]).indexOf(id);
  return i < 0 ? PLAIN_SIMULATED.length : i;
};

/** Pure: the overview's and the first call's view of a model list (tested without a catalog). */
export function modelsHereFrom(models: readonly PublicModel[]): ModelsHere {
  const chat = models.filter((m) => m.available && m.kind === "chat");
  const simulated = chat.filter((m) => m.simulated)
    .sort((a, b) => plainRank(a.id) - plainRank(b.id) || a.id.localeCompare(b.id));
  const real = chat.filter((m) => !m.simulated).sort(byCost);
  const plain = simulated.filter((m) => plainRank(m.id) < PLAIN_SIMULATED.length);
  return {
    chat: [...simulated, ...real].map((m) => ({
      id: m.id, name: m.name, provider: m.provider, simulated: m.simulated, behaviour: m.behaviour,
      price: m.price && { input: m.price.input, output: m.price.output },
    })),
    unavailable: models.filter((m) => !m.available).length,
    firstCall: [...plain, ...real].map((m) => m.id),
  };
}

export function modelsHere(): ModelsHere {
  return modelsHereFrom(publicModels());
}
