import { z } from "zod";

/**
 * How one simulated model behaves. Every knob is deterministic unless `failureMode` is
 * "random", so tests can assert exact timings, token counts and failure sequences.
 */
export type Behavior = {
  /** Delay before anything is sent (status line and headers included). */
  latencyMs: number;
  /** Extra delay before the first token (streams: after headers; non-stream: added to the wait). */
  ttftMs: number;
  /** Generation pace; 0 = as fast as possible. */
  tokensPerSecond: number;
  /** Length of the natural (uncut) text reply in tokens. */
  replyTokens: number;
  /** Fraction of requests answered with `failStatus` (0..1). */
  failureRate: number;
  /** "pattern": request n fails iff floor(n·rate) > floor((n−1)·rate) (exact, repeatable); "random": Math.random. */
  failureMode: "pattern" | "random";
  failStatus: number;
  /** Sent as `retry-after` on 429 failures (0 = header omitted). */
  retryAfterSec: number;
  /** Destroy the socket after this many content chunks (null = never; 0 = right after headers). */
  cutAfterChunks: number | null;
  /** No usage in responses or streams. */
  omitUsage: boolean;
  /** 200 with an unparsable JSON body / SSE stream. */
  garbage: boolean;
  /** Never answer (the connection stays open until the client gives up). */
  hang: boolean;
  /** JSON-mode answers are cut off mid-object (invalid JSON); usage still counts what was sent. */
  invalidJson: boolean;
  /** Prompt prefixes shorter than this are never cached (OpenAI/Gemini implicit, Anthropic explicit). */
  cacheMinTokens: number;
};

export type BehaviorPatch = Partial<Behavior>;

export const behaviorPatchSchema = z
  .object({
    latencyMs: z.number().min(0),
    ttftMs: z.number().min(0),
    tokensPerSecond: z.number().min(0),
    replyTokens: z.number().int().min(0),
    failureRate: z.number().min(0).max(1),
    failureMode: z.enum(["pattern", "random"]),
    failStatus: z.number().int().min(400).max(599),
    retryAfterSec: z.number().min(0),
    cutAfterChunks: z.number().int().min(0).nullable(),
    omitUsage: z.boolean(),
    garbage: z.boolean(),
    hang: z.boolean(),
    invalidJson: z.boolean(),
    cacheMinTokens: z.number().int().min(0),
  })
  .partial()
  .strict();

export const DEFAULT_BEHAVIOR: Readonly<Behavior> = Object.freeze({
  latencyMs: 0,
  ttftMs: 0,
  tokensPerSecond: 0,
  replyTokens: 24,
  failureRate: 0,
  failureMode: "pattern",
  failStatus: 503,
  retryAfterSec: 1,
  cutAfterChunks: null,
  omitUsage: false,
  garbage: false,
  hang: false,
  invalidJson: false,
  cacheMinTokens: 1024,
});

/** Built-in models, selected by the request's model name. Unknown names get DEFAULT_BEHAVIOR. */
export const PRESETS: Readonly<Record<string, BehaviorPatch>> = Object.freeze({
  "emu-fast": {},
  "emu-chat": { ttftMs: 150, tokensPerSecond: 120, replyTokens: 80 },
  "emu-down": { failureRate: 1, failStatus: 503 },
  "emu-flaky": { failureRate: 0.5, failStatus: 503 },
  "emu-rate-limited": { failureRate: 1, failStatus: 429, retryAfterSec: 1 },
  "emu-no-usage": { omitUsage: true },
  "emu-cut": { cutAfterChunks: 3 },
  "emu-slow": { ttftMs: 3000 },
  "emu-hang": { hang: true },
  "emu-garbage": { garbage: true },
});

/** Config accepted from `--config file.json` / `EMULATOR_CONFIG` and by startEmulator(). */
export const emulatorConfigSchema = z
  .object({
    overrides: behaviorPatchSchema.optional(),
    models: z.record(z.string().min(1), behaviorPatchSchema).optional(),
  })
  .strict();

export type EmulatorConfig = z.infer<typeof emulatorConfigSchema>;
