import Link from "next/link";
import { C, DocSection, Example, Note, Params } from "@/components/marketing/docs/doc-primitives";
import { chatExamples } from "@/components/marketing/docs/examples-api";

export function QuickStartSection({ base, freeCredits }: { base: string; freeCredits: number }) {
  return (
    <DocSection id="quick-start" title="Quick start">
      <p>
        Switchyard speaks the OpenAI and Anthropic APIs, so the official SDKs work unchanged: point their base URL at{" "}
        <C>{base}</C> and use a Switchyard key. Three steps:
      </p>
      <ol className="ml-5 list-decimal space-y-1">
        <li><Link href="/signup" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">Create an account</Link> — {freeCredits} free credits (1 credit = $0.01).</li>
        <li>Create an API key under <Link href="/dashboard/keys" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">API keys</Link> and keep it in <C>SWITCHYARD_API_KEY</C>.</li>
        <li>Call any model of the <Link href="/models" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">catalog</Link>:</li>
      </ol>
      <Example samples={chatExamples(base)} />
      <Note>
        <C>sim/gpt</C>, <C>sim/claude</C> and the other <C>sim/…</C> models are answered by a provider simulator when this deployment runs
        one. They are billed at their (small) catalog prices like any model; a test-mode key (see <a href="#test-mode" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">Test mode</a>)
        makes every call free.
      </Note>
      <p>
        Every response carries <C>x-request-id</C>; the same id opens the call in the dashboard&apos;s{" "}
        <Link href="/dashboard/logs" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">logs</Link> and in{" "}
        <a href="#requests" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">GET /v1/requests/&#123;id&#125;</a>.
        The base path is <C>/api/v1</C>; <C>/v1</C> is an alias.
      </p>
    </DocSection>
  );
}

export function AuthenticationSection() {
  return (
    <DocSection id="authentication" title="Authentication">
      <p>
        Send the key as <C>Authorization: Bearer sk-sy-…</C>. Anthropic clients may send it as <C>x-api-key</C> instead. Keys are{" "}
        <C>sk-sy-</C> followed by 43 random characters (test-mode keys: <C>sk-sy-test-…</C>); Switchyard stores only a hash, so a
        key is shown once, when it is created.
      </p>
      <Params label="Authentication outcomes" head={["Status", "", "When"]} rows={[
        { name: "401", description: <>No key, a malformed key, or a revoked one (<C>invalid_api_key</C>).</> },
        { name: "403", description: <>The key is disabled or expired, may not use the model (<C>allowed_models</C>), or a budget is spent (<C>key_disabled</C>, <C>permission_denied</C>, <C>budget_exhausted</C>).</> },
        { name: "402", description: <>The account&apos;s balance cannot cover even a minimal answer (<C>insufficient_credits</C>).</> },
      ]} />
      <p>
        Each key can carry limits (requests and tokens per minute, concurrent requests), credit budgets per day, month and in total,
        an allow-list of models and an expiry date — set them on the dashboard or through the{" "}
        <a href="#keys" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">key management API</a>.
      </p>
    </DocSection>
  );
}
