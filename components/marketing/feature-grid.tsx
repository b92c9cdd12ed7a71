import type { ReactNode } from "react";
import { BoltIcon, GiftIcon, KeyIcon, RouteIcon, ScaleIcon, ShieldIcon } from "@/components/ui/icons";

type Feature = { title: string; body: string; icon: ReactNode };

function features(freeCredits: number, freeUsd: string): Feature[] {
  return [
    {
      title: "One API, many providers",
      body: "OpenAI, Anthropic, Google Gemini and any OpenAI-compatible provider behind one base URL. Speaks OpenAI Chat Completions and the Anthropic Messages API.",
      icon: <RouteIcon />,
    },
    {
      title: "Automatic failover",
      body: "Retries and fallback models on rate limits, 5xx errors and timeouts, with a circuit breaker per provider, so a single outage never becomes yours.",
      icon: <ShieldIcon />,
    },
    {
      title: "Exact per-token billing",
      body: "Integer money math end to end: tokens × catalog price, nothing rounded in our favour. Failed requests are refunded in full, and every change lands in an append-only ledger.",
      icon: <ScaleIcon />,
    },
    {
      title: `${freeCredits} free credits`,
      body: `Every new account starts with ${freeCredits} credits (${freeUsd}). One credit is one US cent, so prices stay easy to reason about.`,
      icon: <GiftIcon />,
    },
    {
      title: "Low overhead",
      body: "A lean hot path: cached key lookup, one atomic statement to reserve credits, and streams passed through as tokens arrive.",
      icon: <BoltIcon />,
    },
    {
      title: "Keys you control",
      body: "API keys are shown once, stored only as a hash, and can be revoked instantly from the dashboard.",
      icon: <KeyIcon />,
    },
  ];
}

export function FeatureGrid({ freeCredits, freeUsd }: { freeCredits: number; freeUsd: string }) {
  return (
    <section aria-labelledby="features-heading" className="border-t border-line/60 bg-surface/40">
      <div className="mx-auto max-w-6xl px-4 py-20 sm:px-6">
        <h2 id="features-heading" className="text-3xl font-semibold tracking-tight text-zinc-50">
          Everything between your app and the model
        </h2>
        <p className="mt-3 max-w-2xl text-zinc-400">
          Routing, reliability and metering in one gateway, so your code only talks to one API.
        </p>
        <ul className="mt-12 grid gap-px overflow-hidden rounded-2xl border border-line bg-line sm:grid-cols-2 lg:grid-cols-3">
          {features(freeCredits, freeUsd).map((f) => (
            <li key={f.title} className="bg-surface p-6">
              <div className="flex size-10 items-center justify-center rounded-lg bg-brand-500/10 text-brand-400 ring-1 ring-brand-500/20">
                {f.icon}
              </div>
              <h3 className="mt-4 font-semibold text-zinc-100">{f.title}</h3>
              <p className="mt-2 text-sm leading-relaxed text-zinc-400">{f.body}</p>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
