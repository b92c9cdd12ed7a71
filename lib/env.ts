// The only module that reads process.env. Parsed once, lazily (so `next build` and unit
// tests that never touch a setting do not need it), and validated with zod.
import { z } from "zod";

const optional = z.string().trim().min(1).optional().catch(undefined);
const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  // Stable name of this server on its credit holds (default hostname/HOST:PORT); see lib/billing/settlement/holder-identity.ts.
  HOLDER_INSTANCE: z.string().regex(/^[\w.:-]{1,120}$/, "letters, digits and . _ : - only").optional(),
  // API worker processes serving the port (lib/server/primary.ts); 0 = one per core.
  WEB_CONCURRENCY: z.coerce.number().int().min(0).max(256).default(1),
  // How long a stopping server lets open requests and streams finish before cutting them.
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  // Set by the primary for its children (lib/server/internal.ts): which process this is.
  SWITCHYARD_ROLE: z.enum(["api", "next"]).optional().catch(undefined),
  SWITCHYARD_WORKER_SLOT: z.string().regex(/^\d{1,3}$/).optional().catch(undefined),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  // Shared counters across processes and instances (rate limits, throttles, breakers: lib/redis).
  // Unset: every process counts on its own, as with one server.
  REDIS_URL: z.string().url().optional().catch(undefined),
  // Auth.js: v4 reads NEXTAUTH_SECRET itself in proxy.ts; AUTH_SECRET is accepted too.
  NEXTAUTH_SECRET: optional,
  AUTH_SECRET: optional,
  NEXTAUTH_URL: optional,
  GITHUB_ID: optional,
  GITHUB_SECRET: optional,
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SIGNUP_CREDITS: z.coerce.number().int().min(0).max(1_000_000).default(500),
  // Markup on every charge, in basis points (250 = 2.5 %; SPEC §4); the reservation includes
  // it and each request log records it. /v1/models keeps the provider price.
  PRICE_MARKUP_BPS: z.coerce.number().int().min(0).max(10_000).default(0),
  // Sign-ups accepted per client IP (IPv6: per /64) in 10 minutes (lib/auth/throttle-signup.ts).
  SIGNUP_IP_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(5),
  // on: the welcome credits wait until the user clicks the link in a verification email.
  SIGNUP_EMAIL_VERIFICATION: z.enum(["on", "off"]).default("off"),
  // on: /dev/outbox lists the emails the app would have sent, even in production (test mode).
  EMAIL_OUTBOX: z.enum(["on", "off"]).default("off"),
  // Reverse proxies of ours in front of the server: the client IP is then read that many
  // entries from the right of X-Forwarded-For (lib/http/client-ip.ts). 0 = the socket address.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Largest accepted API request body (bytes). Images as data URLs need room.
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 * 1024),
  // Time an API request body may take to arrive once its handler reads it (→ 408 JSON).
  REQUEST_BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  // Provider emulator base URL: enables the simulated models (demo, tests, benchmarks).
  EMULATOR_URL: z.string().url().optional().catch(undefined),
  // Operator-defined OpenAI-compatible upstreams (JSON; see lib/providers/openai-compatible/custom-upstreams.ts).
  SWITCHYARD_UPSTREAMS: optional,
  SWITCHYARD_UPSTREAMS_FILE: optional,
  SECURE_COOKIES: bool,
  // Request logs older than this many days are deleted in batches (lib/observability/log-retention.ts);
  // 0 = keep forever. Rollups (charts, usage) and the ledger are kept whatever it says.
  LOG_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(90),
  // Bearer token for GET /api/metrics (Prometheus); unset = metrics endpoint disabled.
  METRICS_TOKEN: optional,
  // Billing (lib/billing/stripe). No secret key → checkout is off; STRIPE_EMULATOR_URL sends
  // the stripe SDK to the local Stripe emulator (test mode) instead of api.stripe.com.
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  STRIPE_EMULATOR_URL: z.string().url().optional().catch(undefined),
  // Public URL of the app, for Stripe's success/cancel redirects (falls back to NEXTAUTH_URL).
  APP_URL: z.string().url().optional().catch(undefined),
  // BYOK: 32-byte key (base64 or hex) that encrypts users' provider keys (AES-256-GCM).
  BYOK_ENCRYPTION_KEY: optional,
  // Model that merges /blend answers when the request names no synthesizer (else its first model).
  DEFAULT_SYNTHESIZER: optional,
});

export type Env = z.infer<typeof schema> & { authSecret: string | undefined };

let cached: Env | null = null;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  cached = { ...parsed.data, authSecret: parsed.data.NEXTAUTH_SECRET ?? parsed.data.AUTH_SECRET };
  return cached;
}

function readTrimmed(name: string): string | undefined {
  const v = process.env[name]?.trim();
  return v ? v : undefined;
}

/**
 * A provider's API key and base URL override, from the conventional env names
 * `<ID>_API_KEY` and `<ID>_BASE_URL` (Google also accepts GEMINI_API_KEY). The single source
 * of these names: the provider table (lib/providers/registry.ts) holds ids, never env names.
 */
export function providerEnv(providerId: string): { apiKey?: string; baseUrl?: string } {
  if (!/^[a-z0-9]+$/.test(providerId)) return {};
  const prefix = providerId.toUpperCase();
  return {
    apiKey: readTrimmed(`${prefix}_API_KEY`) ?? (providerId === "google" ? readTrimmed("GEMINI_API_KEY") : undefined),
    baseUrl: readTrimmed(`${prefix}_BASE_URL`),
  };
}

/** SWITCHYARD_NO_TRICKS=a,b: performance tricks to turn off, for measurement only (lib/perf-tricks.ts). */
export function perfTricksOff(): ReadonlySet<string> {
  return new Set((readTrimmed("SWITCHYARD_NO_TRICKS") ?? "").split(",").map((s) => s.trim()).filter(Boolean));
}

/** Test hook: forget the parsed environment. */
export function resetEnvForTests(): void {
  cached = null;
}
