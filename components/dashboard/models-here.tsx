import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import type { HereModel, ModelsHere } from "@/lib/dashboard/models-here";

const link = "text-brand-300 underline underline-offset-2 hover:text-brand-200";

function Price({ m }: { m: HereModel }) {
  if (!m.price) return null;
  return <span className="text-xs whitespace-nowrap text-zinc-400 tabular-nums">${m.price.input} / ${m.price.output} per 1M</span>;
}

function Row({ m }: { m: HereModel }) {
  return (
    <li className="flex flex-col gap-0.5 px-5 py-2.5">
      <span className="flex flex-wrap items-baseline justify-between gap-x-3">
        <code className="font-mono text-sm break-all text-zinc-100">{m.id}</code>
        <Price m={m} />
      </span>
      {m.behaviour ? <span className="text-xs text-zinc-400">{m.behaviour}</span> : null}
    </li>
  );
}

/**
 * Which chat models answer on this deployment, and what the simulated ones do (some fail on
 * purpose, to show failover and limits). Every one of them is billed at its catalog price.
 */
export function ModelsHereCard({ models }: { models: ModelsHere }) {
  const simulated = models.chat.filter((m) => m.simulated);
  const real = models.chat.filter((m) => !m.simulated);
  return (
    <Card data-testid="models-here">
      <CardHeader
        title="Models you can call here"
        description="Every call is billed at the model's catalog price (input / output, USD per million tokens), simulated ones included."
      />
      {real.length > 0 ? (
        <div>
          <h3 className="px-5 pt-4 text-xs font-medium tracking-wide text-zinc-400 uppercase">Provider models</h3>
          <ul className="divide-y divide-line">{real.map((m) => <Row key={m.id} m={m} />)}</ul>
        </div>
      ) : (
        <p className="px-5 pt-4 text-sm text-zinc-400">
          No real provider is set up on this deployment yet. <Link href="/dashboard/providers" className={link}>Add your own provider key</Link> (BYOK) to call its models.
        </p>
      )}
      {simulated.length > 0 ? (
        <div>
          <h3 className="px-5 pt-4 text-xs font-medium tracking-wide text-zinc-400 uppercase">Simulated models</h3>
          <p className="px-5 pt-1 text-xs text-zinc-400">
            Answered by a built-in simulator with made-up text: for trying the API, failover and limits without a provider account.
          </p>
          <ul className="divide-y divide-line">{simulated.map((m) => <Row key={m.id} m={m} />)}</ul>
        </div>
      ) : null}
      <p className="border-t border-line px-5 py-3 text-sm text-zinc-400">
        {models.unavailable > 0 ? `${models.unavailable} more ${models.unavailable === 1 ? "model is" : "models are"} listed but not available here. ` : null}
        <Link href="/models" className={link}>Browse all models</Link>
      </p>
    </Card>
  );
}
