import { C, DocSection, Params } from "@/components/marketing/docs/doc-primitives";
import { CodeBlock } from "@/components/ui/code-block";
import { errorCodes, type ErrorCode } from "@/lib/errors";

// What each error code means for a caller. The table is built from lib/errors.ts, so a new
// code shows up here (with a generic line) as soon as it exists.
const MEANING: Partial<Record<ErrorCode, string>> = {
  invalid_request: "A field is missing, has the wrong type or an unsupported value; `param` names it.",
  invalid_api_key: "No key, a malformed or unknown key, or a revoked one.",
  unauthorized: "The call needs authentication.",
  insufficient_credits: "The balance cannot cover a minimal answer. Buy credits on the billing page.",
  permission_denied: "The key may not do this: a model outside its allow-list, a management call without the permission.",
  key_disabled: "The key is disabled or expired.",
  budget_exhausted: "A daily, monthly or total budget of the key is spent.",
  not_found: "No such object in this account (another account's ids answer the same).",
  model_not_found: "The model is not in the catalog. GET /v1/models lists them.",
  method_not_allowed: "The path exists, not with this method.",
  request_timeout: "The request body did not arrive in time.",
  conflict: "The object changed meanwhile; retry.",
  request_too_large: "The body is larger than the deployment's limit (8 MiB by default).",
  unsupported_media_type: "Send `Content-Type: application/json`.",
  rate_limit_exceeded: "A per-key rate, token or concurrency limit. Wait `retry-after` seconds.",
  internal_error: "Our fault. The request is refunded; `x-request-id` helps support.",
  upstream_error: "Every model of the chain failed (or sent an invalid answer). Refunded.",
  service_unavailable: "No provider can serve the model here (add your own key under Providers), or the service is overloaded. Refunded.",
  upstream_timeout: "The providers did not answer in time. Refunded.",
};

const errorJson = `{
  "error": {
    "message": "The model 'openai/gpt-5-ultra' does not exist. GET /v1/models lists the available models.",
    "type": "invalid_request_error",
    "code": "model_not_found",
    "param": "model"
  }
}`;

export function ErrorsSection() {
  const codes = Object.entries(errorCodes) as Array<[ErrorCode, (typeof errorCodes)[ErrorCode]]>;
  return (
    <DocSection id="errors" title="Errors">
      <p>
        Errors are OpenAI-shaped JSON (Anthropic-shaped on <C>/v1/messages</C>) with the HTTP status below. Messages are written for the
        caller and never contain internal details. Retry on 408, 409, 429 and 5xx with backoff (the OpenAI and Anthropic SDKs do);
        other 4xx need a change to the request.
      </p>
      <CodeBlock title="404" code={errorJson} />
      <Params label="Error codes" head={["Code", "Status · type", "Meaning"]} rows={codes.map(([code, v]) => ({
        name: code,
        type: <span className="whitespace-nowrap"><span className="font-mono text-zinc-200">{v.status}</span> · {v.type}</span>,
        description: MEANING[code] ?? "See the message.",
      }))} />
    </DocSection>
  );
}

export function LimitsSection() {
  return (
    <DocSection id="limits" title="Limits">
      <Params label="Limits" head={["Limit", "", "Value"]} rows={[
        { name: "Request body", description: "8 MiB by default (413 above)." },
        { name: "Fallback models", description: <>Up to 10 in <C>models</C> / <C>routing.fallback</C>.</> },
        { name: "Orchestration", description: "compare: 2–9 models · blend: 2–6 (self_moa: 1 model, 2–8 samples; moa: 1–3 layers) · judge: 2–4 contestants." },
        { name: "Context", description: "Prompt plus max_tokens must fit the model's context window (400 otherwise)." },
        { name: "Per key", description: "Requests and tokens per minute, concurrent requests, credit budgets per day / month / total, as set on the key." },
      ]} />
      <p>
        Per-key limits use sliding windows. A refusal is a 429 with <C>retry-after</C> and the <C>x-ratelimit-limit-requests</C>,{" "}
        <C>x-ratelimit-remaining-requests</C>, <C>x-ratelimit-reset-requests</C> headers (and the <C>-tokens</C> trio for token limits);
        successful responses carry the same headers. When a budget or the balance cannot cover a request&apos;s worst case but covers a
        minimal answer, the output is capped to what it covers (<C>finish_reason: &quot;length&quot;</C>, header{" "}
        <C>x-switchyard-output-capped</C>); below that, 402 (balance) or 403 (budget).
      </p>
    </DocSection>
  );
}

export function BillingSection({ freeCredits }: { freeCredits: number }) {
  return (
    <DocSection id="billing" title="Billing">
      <ul className="ml-5 list-disc space-y-2">
        <li>1 credit = US$0.01. New accounts get {freeCredits} free credits; buy more by card (Stripe) on the billing page, or turn on auto top-up.</li>
        <li>Cost = tokens × the catalog price of the model that answered (input, cached input, cache writes and output priced separately), computed with exact integer money (10⁻¹² USD), plus the deployment&apos;s markup if it sets one. Every log row keeps the price it was billed at.</li>
        <li>Before a call, its worst case (prompt plus maximum output at the dearest model of the chain) is reserved; after it, the real cost is charged and the rest released. A failed call is refunded in full; a stream the client aborts pays for the tokens generated.</li>
        <li>Usage is the provider&apos;s report; when a provider reports none, tokens are counted and the log says <C>usage_source: estimated</C>.</li>
        <li>Calls with your own provider key (BYOK, under Providers) and test-mode keys cost no credits.</li>
        <li>The balance is the sum of an append-only ledger (grants, purchases, charges, refunds) — on the billing page, and <a href="#credits" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">GET /v1/credits</a>.</li>
      </ul>
    </DocSection>
  );
}
