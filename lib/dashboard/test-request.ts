// The new-key panel's "Send a test request": one small chat completion sent by the browser
// straight to this deployment's API (same origin, so CSP's connect-src 'self' allows it and no
// CORS is involved) with the key the panel is showing. No server route of ours handles the key:
// a route that took a key from the browser and called the API with it would be an open relay
// for any key, reachable cross-site. The key is already in the page; the call is what the
// snippet next to it does.
//
// The answer and the latency come from the response; the cost from the request's own log row
// (GET /v1/requests/{x-request-id}, same key), which the charge writer writes within a second
// or so of the answer — the billed amount itself, never an estimate made here.
import { formatCostUsd } from "@/lib/billing/money";
import { SAMPLE_PROMPT } from "@/lib/dashboard/snippets";

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export type TestAnswer = {
  ok: true;
  requestId: string | null;
  model: string;
  answer: string;
  latencyMs: number;
  usage: { input: number; output: number } | null;
};

export type TestFailure = {
  ok: false;
  status: number | null;
  code: string | null;
  message: string;
  /** Where to fix it, when the dashboard has a page for it. */
  fix: { href: string; label: string } | null;
};

export type TestResult = TestAnswer | TestFailure;

/** The API path prefix of a snippet base URL ("https://host/v1" → "/v1"). */
export function apiPathOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).pathname.replace(/\/+$/, "") || "/v1";
  } catch {
    return "/v1";
  }
}

type ErrorBody = { error?: { message?: unknown; code?: unknown } };

function fixFor(status: number, message: string | null): TestFailure["fix"] {
  if (status === 402) return { href: "/dashboard/billing", label: "Buy credits" };
  // The 503 of a model without a provider here (not the busy gateway's, nor an upstream outage).
  if (status === 503 && message && /not available (on this deployment|here)/i.test(message)) {
    return { href: "/dashboard/providers", label: "Add a provider key" };
  }
  if (status === 401 || status === 403) return { href: "/dashboard/keys", label: "Check the key's settings" };
  return null;
}

/** What a failed call tells a newcomer: the API's own message, named by its status. */
export function describeFailure(status: number, body: unknown): TestFailure {
  const err = (body as ErrorBody | null)?.error;
  const code = typeof err?.code === "string" ? err.code : null;
  const apiMessage = typeof err?.message === "string" && err.message ? err.message : null;
  const lead: Record<number, string> = {
    401: "The API did not accept this key (401)",
    402: "Not enough credits for this request (402)",
    403: "This key may not make this request (403)",
    404: "Unknown model (404)",
    429: "Rate limited (429): wait a moment and send again",
    503: "Unavailable (503)",
  };
  const head = lead[status] ?? `The request failed with status ${status}`;
  return { ok: false, status, code, message: apiMessage ? `${head}. ${apiMessage}` : `${head}.`, fix: fixFor(status, apiMessage) };
}

type Completion = {
  model?: unknown;
  choices?: Array<{ message?: { content?: unknown } }>;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
};

export async function sendTestRequest(
  { apiPath, apiKey, model }: { apiPath: string; apiKey: string; model: string },
  fetchFn: Fetch = fetch,
  now: () => number = () => performance.now(),
): Promise<TestResult> {
  const started = now();
  let res: Response;
  try {
    res = await fetchFn(`${apiPath}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      // Small on purpose: a first call should cost a fraction of a cent.
      body: JSON.stringify({ model, max_tokens: 64, messages: [{ role: "user", content: SAMPLE_PROMPT }] }),
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: null, code: null, message: "Could not reach the API. Check your connection and try again.", fix: null };
  }
  const body: unknown = await res.json().catch(() => null);
  const latencyMs = Math.max(0, Math.round(now() - started));
  if (!res.ok) return describeFailure(res.status, body);
  const c = (body ?? {}) as Completion;
  const content = c.choices?.[0]?.message?.content;
  const input = c.usage?.prompt_tokens;
  const output = c.usage?.completion_tokens;
  return {
    ok: true,
    requestId: res.headers.get("x-request-id"),
    model: typeof c.model === "string" ? c.model : model,
    answer: typeof content === "string" ? content : "",
    latencyMs,
    usage: typeof input === "number" && typeof output === "number" ? { input, output } : null,
  };
}

/**
 * The billed cost of request `requestId`, formatted ("$0.000012"), once its log row is written;
 * null if it has not appeared within `timeoutMs` (the logs page will show it).
 */
export async function fetchBilledCost(
  { apiPath, apiKey, requestId }: { apiPath: string; apiKey: string; requestId: string },
  { fetchFn = fetch, timeoutMs = 15_000, intervalMs = 400, signal }: { fetchFn?: Fetch; timeoutMs?: number; intervalMs?: number; signal?: AbortSignal } = {},
): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  while (!signal?.aborted) {
    try {
      const res = await fetchFn(`${apiPath}/requests/${encodeURIComponent(requestId)}`, {
        headers: { authorization: `Bearer ${apiKey}` }, cache: "no-store", signal,
      });
      if (res.ok) {
        const row = (await res.json()) as { cost_units?: unknown };
        if (typeof row.cost_units === "string" && /^-?\d+$/.test(row.cost_units)) return formatCostUsd(BigInt(row.cost_units));
        return null;
      }
      // 404 until the charge writer has written the row; anything else will not get better.
      if (res.status !== 404) return null;
    } catch {
      if (signal?.aborted) return null;
    }
    if (Date.now() + intervalMs > deadline) return null;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return null;
}
