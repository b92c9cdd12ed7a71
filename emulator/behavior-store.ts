import { DEFAULT_BEHAVIOR, PRESETS, type Behavior, type BehaviorPatch } from "./behavior";

const MAX_RESOLVED = 1000;

/**
 * Resolves a model name to its behavior. Layers, later wins:
 * defaults ← built-in preset ← startup config `models[name]` ← global overrides (startup,
 * then runtime) ← runtime per-model settings (control API / setModel).
 */
export class BehaviorStore {
  private readonly startupModels: Record<string, BehaviorPatch>;
  private readonly startupOverrides: BehaviorPatch;
  private runtimeOverrides: BehaviorPatch = {};
  private runtimeModels = new Map<string, BehaviorPatch>();
  private resolved = new Map<string, Behavior>();
  private requestCounts = new Map<string, number>();

  constructor(opts: { overrides?: BehaviorPatch; models?: Record<string, BehaviorPatch> } = {}) {
    this.startupModels = { ...(opts.models ?? {}) };
    this.startupOverrides = { ...(opts.overrides ?? {}) };
  }

  resolve(model: string): Behavior {
    const hit = this.resolved.get(model);
    if (hit) return hit;
    const behavior: Behavior = {
      ...DEFAULT_BEHAVIOR,
      ...(Object.hasOwn(PRESETS, model) ? PRESETS[model] : {}),
      ...(Object.hasOwn(this.startupModels, model) ? this.startupModels[model] : {}),
      ...this.startupOverrides,
      ...this.runtimeOverrides,
      ...(this.runtimeModels.get(model) ?? {}),
    };
    if (this.resolved.size >= MAX_RESOLVED) this.resolved.clear();
    this.resolved.set(model, behavior);
    return behavior;
  }

  /** Merges `patch` into the runtime settings of one model. */
  setModel(model: string, patch: BehaviorPatch): Behavior {
    this.runtimeModels.set(model, { ...(this.runtimeModels.get(model) ?? {}), ...patch });
    this.resolved.clear();
    this.requestCounts.delete(model);
    return this.resolve(model);
  }

  clearModel(model: string): void {
    this.runtimeModels.delete(model);
    this.resolved.clear();
    this.requestCounts.delete(model);
  }

  setOverrides(patch: BehaviorPatch): BehaviorPatch {
    this.runtimeOverrides = { ...this.runtimeOverrides, ...patch };
    this.resolved.clear();
    return this.overrides();
  }

  overrides(): BehaviorPatch {
    return { ...this.startupOverrides, ...this.runtimeOverrides };
  }

  /** Back to the startup configuration: runtime settings and failure counters are dropped. */
  reset(): void {
    this.runtimeOverrides = {};
    this.runtimeModels.clear();
    this.resolved.clear();
    this.requestCounts.clear();
  }

  /** Names worth listing: presets, configured models and models set at runtime. */
  knownModels(): string[] {
    const names = new Set([
      ...Object.keys(PRESETS),
      ...Object.keys(this.startupModels),
      ...this.runtimeModels.keys(),
    ]);
    return [...names];
  }

  /** Decides whether this request to `model` fails; counts requests per model. */
  shouldFail(model: string, behavior: Behavior): boolean {
    const rate = behavior.failureRate;
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    if (behavior.failureMode === "random") return Math.random() < rate;
    const n = (this.requestCounts.get(model) ?? 0) + 1;
    this.requestCounts.set(model, n);
    return Math.floor(n * rate) > Math.floor((n - 1) * rate);
  }
}
