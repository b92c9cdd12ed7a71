// Building blocks of the /docs page: sections with anchors, endpoint headings, parameter
// tables that scroll inside their box on phones, inline code.
import type { ReactNode } from "react";
import { CodeBlock } from "@/components/ui/code-block";
import { CodeTabs, type CodeSample } from "@/components/ui/code-tabs";
import { TableScroll } from "@/components/ui/data-table";

export function DocSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-24 border-t border-line/60 pt-10 first:border-t-0 first:pt-0">
      <h2 id={`${id}-title`} className="group text-2xl font-semibold tracking-tight text-zinc-50">
        {title}
        <a href={`#${id}`} className="ml-2 text-zinc-400 opacity-0 group-hover:opacity-100 focus-visible:opacity-100">
          #<span className="sr-only"> link to {title}</span>
        </a>
      </h2>
      <div className="mt-4 flex flex-col gap-4 text-[15px] leading-relaxed text-zinc-300">{children}</div>
    </section>
  );
}

const METHOD_TONE: Readonly<Record<string, string>> = {
  GET: "bg-sky-500/15 text-sky-300 ring-sky-500/30",
  POST: "bg-brand-500/15 text-brand-300 ring-brand-500/30",
  PATCH: "bg-amber-500/15 text-amber-200 ring-amber-500/30",
  DELETE: "bg-red-500/15 text-red-300 ring-red-500/30",
};

/** An endpoint's heading: method badge, path, and an anchor id. */
export function Endpoint({ id, method, path, title, children }: {
  id: string; method: string | string[]; path: string; title?: string; children: ReactNode;
}) {
  const methods = Array.isArray(method) ? method : [method];
  return (
    <div id={id} className="scroll-mt-24 pt-4">
      <h3 className="flex flex-wrap items-center gap-2 text-lg font-semibold text-zinc-100">
        {methods.map((m) => (
          <span key={m} className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold ring-1 ring-inset ${METHOD_TONE[m] ?? ""}`}>{m}</span>
        ))}
        <code className="font-mono text-base break-all text-zinc-100">{path}</code>
        {title ? <span className="text-sm font-normal text-zinc-400">— {title}</span> : null}
      </h3>
      <div className="mt-3 flex flex-col gap-4">{children}</div>
    </div>
  );
}

export function C({ children }: { children: ReactNode }) {
  return <code className="rounded bg-white/[0.06] px-1 py-0.5 font-mono text-[13px] text-zinc-100">{children}</code>;
}

export type ParamRow = { name: ReactNode; type?: ReactNode; description: ReactNode };

/** A two- or three-column reference table (field, type, meaning). */
export function Params({ label, rows, head = ["Field", "Type", "Meaning"] }: { label: string; rows: ParamRow[]; head?: string[] }) {
  const withType = rows.some((r) => r.type !== undefined);
  return (
    <div className="overflow-hidden rounded-xl border border-line">
      <TableScroll label={label}>
        <table className="w-full min-w-[560px] text-sm">
          <caption className="sr-only">{label}</caption>
          <thead className="border-b border-line bg-white/[0.02] text-left">
            <tr>
              <th scope="col" className="px-4 py-2.5 text-xs font-medium tracking-wide text-zinc-400 uppercase">{head[0]}</th>
              {withType ? <th scope="col" className="px-4 py-2.5 text-xs font-medium tracking-wide text-zinc-400 uppercase">{head[1]}</th> : null}
              <th scope="col" className="px-4 py-2.5 text-xs font-medium tracking-wide text-zinc-400 uppercase">{head[2]}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line align-top">
            {rows.map((r, i) => (
              <tr key={i}>
                <td className="px-4 py-2.5 font-mono text-[13px] whitespace-nowrap text-zinc-100">{r.name}</td>
                {withType ? <td className="px-4 py-2.5 text-zinc-400">{r.type}</td> : null}
                <td className="px-4 py-2.5 text-zinc-300">{r.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

/** Code in several languages (tabs, copy button) or one block. */
export function Example({ samples, title }: { samples: CodeSample[]; title?: string }) {
  if (samples.length === 1) return <CodeBlock code={samples[0]!.code} title={title ?? samples[0]!.label} />;
  return <CodeTabs samples={samples} />;
}

export function Note({ children }: { children: ReactNode }) {
  return <p className="rounded-lg border border-brand-500/25 bg-brand-500/[0.06] px-4 py-3 text-sm text-zinc-300">{children}</p>;
}
