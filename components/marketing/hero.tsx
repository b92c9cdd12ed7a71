import { ButtonLink } from "@/components/ui/button";
import { CodeTabs, type CodeSample } from "@/components/ui/code-tabs";
import { ArrowRightIcon } from "@/components/ui/icons";

export function Hero({ samples, freeCredits, freeUsd }: { samples: CodeSample[]; freeCredits: number; freeUsd: string }) {
  return (
    <section className="relative overflow-hidden">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-x-0 -top-40 h-[480px] bg-[radial-gradient(ellipse_at_top,var(--color-brand-950),transparent_65%)]"
      />
      <div className="relative mx-auto grid max-w-6xl items-center gap-12 px-4 pt-16 pb-20 sm:px-6 lg:grid-cols-[1.05fr_1fr] lg:pt-24">
        <div>
          <p className="inline-flex items-center gap-2 rounded-full border border-brand-500/30 bg-brand-500/10 px-3 py-1 text-xs font-medium text-brand-300">
            <span className="size-1.5 rounded-full bg-brand-400" aria-hidden="true" />
            OpenAI- and Anthropic-compatible
          </p>
          <h1 className="mt-5 text-4xl font-semibold tracking-tight text-balance text-zinc-50 sm:text-5xl">
            One API for every model. Billed to the token.
          </h1>
          <p className="mt-5 max-w-xl text-lg text-pretty text-zinc-400">
            Switchyard is a hosted LLM gateway. Point any OpenAI or Anthropic SDK at one base URL and reach many
            providers, with automatic failover when one goes down and exact per-token billing you can audit.
          </p>
          <div className="mt-8 flex flex-wrap items-center gap-3">
            <ButtonLink href="/signup" size="lg">
              Start free with {freeCredits} credits
              <ArrowRightIcon className="size-4" />
            </ButtonLink>
            <ButtonLink href="#how-it-works" size="lg" variant="secondary">
              See how it works
            </ButtonLink>
          </div>
          <p className="mt-4 text-sm text-zinc-400">
            {freeCredits} free credits ({freeUsd}) on sign-up. No card required.
          </p>
        </div>
        <div className="min-w-0">
          <CodeTabs samples={samples} className="shadow-2xl shadow-black/40" />
          <p className="mt-3 text-xs text-zinc-400">
            Change the base URL, keep your code. <code className="font-mono text-zinc-400">sim/gpt</code> is a
            simulated model for trying things out.
          </p>
        </div>
      </div>
    </section>
  );
}
