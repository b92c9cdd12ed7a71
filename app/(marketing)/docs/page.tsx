import type { Metadata } from "next";
import { DocsToc } from "@/components/marketing/docs/docs-toc";
import { CreditsEndpoint, KeysEndpoint, RequestsEndpoint, UsageEndpoint } from "@/components/marketing/docs/section-account";
import {
  ChatCompletionsEndpoint, EmbeddingsEndpoint, MessagesEndpoint, ModelsEndpoint, ResponsesEndpoint,
} from "@/components/marketing/docs/section-model-api";
import { FallbacksSection, OrchestrationSection } from "@/components/marketing/docs/section-orchestration";
import { BillingSection, ErrorsSection, LimitsSection } from "@/components/marketing/docs/section-reference";
import { AuthenticationSection, QuickStartSection } from "@/components/marketing/docs/section-start";
import { TestModeSection } from "@/components/marketing/docs/section-test-mode";
import { DocSection } from "@/components/marketing/docs/doc-primitives";
import { apiBaseUrl } from "@/lib/dashboard/api-base-url";
import { env } from "@/lib/env";

export const metadata: Metadata = {
  title: "API documentation",
  description: "Switchyard's API: quick start, authentication, every endpoint with curl, TypeScript and Python examples, errors, limits and billing.",
};

export default async function DocsPage() {
  const base = await apiBaseUrl();
  const freeCredits = env().SIGNUP_CREDITS;
  return (
    <div className="mx-auto max-w-6xl px-4 py-14 sm:px-6">
      <header className="max-w-3xl">
        <p className="font-mono text-sm text-brand-400">API reference</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-zinc-50 sm:text-4xl">Switchyard documentation</h1>
        <p className="mt-3 text-zinc-400">
          One API over many model providers: OpenAI- and Anthropic-compatible endpoints, fallbacks, orchestration, and billing to the token.
          Examples use this deployment&apos;s base URL, <code className="font-mono text-zinc-200">{base}</code>.
        </p>
      </header>
      <div className="mt-10 lg:grid lg:grid-cols-[13rem_minmax(0,1fr)] lg:gap-12">
        <aside aria-label="Table of contents" className="lg:order-first">
          <DocsToc />
        </aside>
        <article className="flex min-w-0 flex-col gap-12">
          <QuickStartSection base={base} freeCredits={freeCredits} />
          <AuthenticationSection />
          <DocSection id="endpoints" title="Endpoints">
            <p>
              Base path <code className="font-mono text-zinc-100">/api/v1</code> (<code className="font-mono text-zinc-100">/v1</code> is an
              alias). Bodies are JSON; every response carries <code className="font-mono text-zinc-100">x-request-id</code>.
            </p>
            <ChatCompletionsEndpoint base={base} />
            <MessagesEndpoint base={base} />
            <ResponsesEndpoint base={base} />
            <EmbeddingsEndpoint base={base} />
            <ModelsEndpoint base={base} />
            <CreditsEndpoint base={base} />
            <UsageEndpoint base={base} />
            <RequestsEndpoint base={base} />
            <KeysEndpoint base={base} />
          </DocSection>
          <FallbacksSection />
          <OrchestrationSection base={base} />
          <TestModeSection base={base} />
          <ErrorsSection />
          <LimitsSection />
          <BillingSection freeCredits={freeCredits} />
        </article>
      </div>
    </div>
  );
}
