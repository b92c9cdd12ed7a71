import { C, Endpoint, Example, Params } from "@/components/marketing/docs/doc-primitives";
import { creditsExamples, keysExamples, requestsExamples, usageExamples } from "@/components/marketing/docs/examples-account";

export function CreditsEndpoint({ base }: { base: string }) {
  return (
    <Endpoint id="credits" method="GET" path="/v1/credits" title="balance">
      <p>
        The key&apos;s account balance, as numbers a program can read: <C>balance_credits</C> (an exact decimal string, e.g.{" "}
        <C>&quot;6370.33&quot;</C>) and <C>balance_units</C> (an integer string of 10⁻¹² USD), and the same for <C>held</C> — credits reserved by
        requests in flight. Every amount in the API follows this rule: <C>&lt;name&gt;_credits</C> and <C>&lt;name&gt;_units</C>, never
        formatted with commas.
      </p>
      <Example samples={creditsExamples(base)} />
    </Endpoint>
  );
}

export function UsageEndpoint({ base }: { base: string }) {
  return (
    <Endpoint id="usage" method="GET" path="/v1/usage" title="usage by day and model">
      <p>
        Totals and one row per UTC day and model: requests, errors, input, output and cached tokens, <C>cost_credits</C> and{" "}
        <C>cost_units</C>. Query: <C>range</C> = <C>24h</C> | <C>7d</C> (default) | <C>30d</C> | <C>custom</C> with <C>from</C> and{" "}
        <C>to</C> (<C>YYYY-MM-DD</C>, up to 366 days), and an optional <C>model</C>.
      </p>
      <Example samples={usageExamples(base)} />
    </Endpoint>
  );
}

export function RequestsEndpoint({ base }: { base: string }) {
  return (
    <Endpoint id="requests" method="GET" path="/v1/requests · /v1/requests/{id}" title="request logs">
      <p>
        Every call of the account, newest first — refused ones included, with their error. Query: <C>limit</C> (1–100, default 20),{" "}
        <C>after</C> (the <C>next_cursor</C> of the previous page), <C>model</C>, <C>status</C>. Each row has the endpoint, requested and
        resolved model, provider, status, <C>error_class</C>, <C>mode</C> (live or test), token usage with its <C>source</C> (provider or
        estimated), <C>cost_credits</C> / <C>cost_units</C>, <C>latency_ms</C>, <C>ttft_ms</C>, <C>request_class</C> and{" "}
        <C>refused_count</C> (a key&apos;s rate-limit refusals of one minute are one row counting them; a call without a valid key belongs to
        no account and is not logged). One request by id adds the error message,
        every upstream attempt, the price it was billed at, and the request and response bodies (unless zero retention is on). Another
        account&apos;s id answers 404.
      </p>
      <Example samples={requestsExamples(base)} />
    </Endpoint>
  );
}

export function KeysEndpoint({ base }: { base: string }) {
  return (
    <Endpoint id="keys" method={["GET", "POST", "PATCH", "DELETE"]} path="/v1/keys · /v1/keys/{id}" title="key management">
      <p>
        Manage keys from code, like OpenRouter&apos;s provisioning keys. Only a key with the <strong>Can manage keys</strong> permission may
        call these (others get 403); a management key manages keys only — it cannot call models or mint other management keys. Another
        account&apos;s key id answers 404. <C>POST</C> answers 201 with the full key in <C>key</C>, once; <C>GET</C> shows each key&apos;s
        settings and its spend (<C>&lt;name&gt;_credits</C>); <C>DELETE</C> revokes (the key stays in the logs). Changes take effect within a
        second and are kept in an audit trail shown on the keys page.
      </p>
      <Params label="Key fields" rows={[
        { name: "name", type: "string", description: "Up to 64 characters (required on create)." },
        { name: "rpm, tpm", type: "integer | null", description: "Requests and tokens (input + output) per minute, sliding window." },
        { name: "concurrency", type: "integer | null", description: "Requests in flight at once." },
        { name: "budget", type: "object", description: <><C>{"{ daily, monthly, total }"}</C> in credits as decimal strings; days and months roll over in UTC.</> },
        { name: "allowed_models", type: "string[]", description: "Only these models (empty: all)." },
        { name: "expires_at", type: "ISO date | null", description: "After this, the key answers 403." },
        { name: "disabled", type: "boolean", description: "Switch a key off without revoking it." },
        { name: "mode", type: "live | test", description: <>Fixed at creation. <a href="#test-mode" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">Test keys</a> are answered by the simulator, free.</> },
      ]} />
      <Example samples={keysExamples(base)} />
    </Endpoint>
  );
}
