// The catalog's two layouts: a table from md up, cards on phones (both rendered, one shown,
// so neither needs a sideways scroll).
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { perMillion, shortReason, tokenCount } from "@/components/marketing/models/model-format";
import type { PublicModel } from "@/lib/catalog/public-models";

type Props = { models: PublicModel[]; capabilityLabel: Readonly<Record<string, string>> };

function Availability({ m }: { m: PublicModel }) {
  if (m.available) return <Badge tone="success">Available</Badge>;
  const reason = shortReason(m.unavailableReason);
  return (
    <span className="flex flex-col items-start gap-1">
      <Badge>Not available here</Badge>
      {reason ? (
        <span className="text-xs text-zinc-400">
          {reason.text}
          {reason.byok ? <>{" "}<Link href="/dashboard/providers" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">Add a key</Link></> : null}
        </span>
      ) : null}
    </span>
  );
}

function NameCell({ m }: { m: PublicModel }) {
  return (
    <>
      <span className="flex flex-wrap items-center gap-2 font-medium text-zinc-100">
        {m.name}
        {m.kind === "embedding" ? <Badge>Embeddings</Badge> : null}
      </span>
      <code className="mt-0.5 block font-mono text-xs break-all text-zinc-300">{m.id}</code>
      {m.behaviour ? <span className="mt-1 block text-xs text-zinc-400">{m.behaviour}</span> : null}
    </>
  );
}

function Capabilities({ m, capabilityLabel }: { m: PublicModel; capabilityLabel: Props["capabilityLabel"] }) {
  return (
    <ul className="flex flex-wrap gap-1" aria-label={`Capabilities of ${m.id}`}>
      {m.capabilities.map((c) => (
        <li key={c} className="rounded bg-white/[0.06] px-1.5 py-0.5 text-xs text-zinc-300">{capabilityLabel[c] ?? c}</li>
      ))}
    </ul>
  );
}

const th = "px-4 py-3 text-xs font-medium tracking-wide whitespace-nowrap text-zinc-400 uppercase";
const td = "px-4 py-3 align-top";

export function ModelTable({ models, capabilityLabel }: Props) {
  return (
    <div className="mt-3 hidden overflow-hidden rounded-xl border border-line md:block">
      <table className="w-full text-sm" data-testid="models-table">
        <caption className="sr-only">Models, prices in US dollars per million tokens</caption>
        <thead className="border-b border-line bg-white/[0.02]">
          <tr>
            <th scope="col" className={`${th} text-left`}>Model</th>
            <th scope="col" className={`${th} text-left`}>Provider</th>
            <th scope="col" className={`${th} text-right`}>Context</th>
            <th scope="col" className={`${th} text-right`}>Input / M</th>
            <th scope="col" className={`${th} text-right`}>Output / M</th>
            <th scope="col" className={`${th} text-right`}>Cached / M</th>
            <th scope="col" className={`${th} hidden text-left xl:table-cell`}>Capabilities</th>
            <th scope="col" className={`${th} text-left`}>Availability</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line text-zinc-300">
          {models.map((m) => (
            <tr key={m.id} data-model={m.id}>
              <th scope="row" className={`${td} text-left font-normal`}><NameCell m={m} /></th>
              <td className={td}>{m.provider}</td>
              <td className={`${td} text-right font-mono tabular-nums`}>{tokenCount(m.contextWindow)}</td>
              <td className={`${td} text-right font-mono tabular-nums`}>{perMillion(m.price?.input)}</td>
              <td className={`${td} text-right font-mono tabular-nums`}>{m.kind === "embedding" ? "—" : perMillion(m.price?.output)}</td>
              <td className={`${td} text-right font-mono tabular-nums`}>{perMillion(m.price?.cachedInput)}</td>
              <td className={`${td} hidden xl:table-cell`}><Capabilities m={m} capabilityLabel={capabilityLabel} /></td>
              <td className={`${td} max-w-64`}><Availability m={m} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ModelCards({ models, capabilityLabel }: Props) {
  return (
    <ul className="mt-3 flex flex-col gap-3 md:hidden" aria-label="Models" data-testid="models-cards">
      {models.map((m) => (
        <li key={m.id} className="rounded-xl border border-line bg-surface p-4" data-model={m.id}>
          <NameCell m={m} />
          <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
            <div><dt className="text-xs text-zinc-400">Provider</dt><dd className="text-zinc-200">{m.provider}</dd></div>
            <div><dt className="text-xs text-zinc-400">Context</dt><dd className="font-mono text-zinc-200 tabular-nums">{tokenCount(m.contextWindow)} tokens</dd></div>
            <div><dt className="text-xs text-zinc-400">Input / M tokens</dt><dd className="font-mono text-zinc-200 tabular-nums">{perMillion(m.price?.input)}</dd></div>
            <div><dt className="text-xs text-zinc-400">Output / M tokens</dt><dd className="font-mono text-zinc-200 tabular-nums">{m.kind === "embedding" ? "—" : perMillion(m.price?.output)}</dd></div>
          </dl>
          <div className="mt-3"><Capabilities m={m} capabilityLabel={capabilityLabel} /></div>
          <div className="mt-3"><Availability m={m} /></div>
        </li>
      ))}
    </ul>
  );
}
