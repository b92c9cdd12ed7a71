// Renders a model's answer as Markdown, safely: the parser (lib/playground/markdown.ts) yields a
// tree and this turns it into React elements — text is always text, links only http(s).
import { memo, type ReactNode } from "react";
import { parseMarkdown, type Block, type Inline } from "@/lib/playground/markdown";

function inline(nodes: Inline[], key = ""): ReactNode[] {
  return nodes.map((n, i) => {
    const k = `${key}${i}`;
    switch (n.t) {
      case "text":
        return n.v;
      case "code":
        return <code key={k} className="rounded bg-white/[0.08] px-1 py-0.5 font-mono text-[0.85em] text-zinc-100">{n.v}</code>;
      case "strong":
        return <strong key={k} className="font-semibold text-zinc-50">{inline(n.c, k)}</strong>;
      case "em":
        return <em key={k}>{inline(n.c, k)}</em>;
      case "link":
        return (
          <a key={k} href={n.href} target="_blank" rel="noopener noreferrer nofollow" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">
            {inline(n.c, k)}
          </a>
        );
    }
  });
}

const HEADING = ["text-lg", "text-base", "text-base", "text-sm", "text-sm", "text-sm"];

function block(b: Block, i: number): ReactNode {
  switch (b.t) {
    case "p":
      return <p key={i} className="whitespace-pre-wrap">{inline(b.c)}</p>;
    case "h":
      return <p key={i} role="heading" aria-level={Math.min(6, b.level + 2)} className={`${HEADING[b.level - 1]} font-semibold text-zinc-50`}>{inline(b.c)}</p>;
    case "code":
      return (
        <div key={i} className="overflow-hidden rounded-lg border border-line bg-zinc-950">
          {b.lang ? <div className="border-b border-line px-3 py-1 font-mono text-[11px] text-zinc-400">{b.lang}</div> : null}
          <pre className="overflow-x-auto p-3 font-mono text-[12.5px] leading-relaxed text-zinc-200"><code>{b.v}</code></pre>
        </div>
      );
    case "ul":
      return <ul key={i} className="list-disc space-y-1 pl-5">{b.items.map((it, j) => <li key={j}>{inline(it)}</li>)}</ul>;
    case "ol":
      return <ol key={i} start={b.start} className="list-decimal space-y-1 pl-5">{b.items.map((it, j) => <li key={j}>{inline(it)}</li>)}</ol>;
    case "quote":
      return <blockquote key={i} className="border-l-2 border-line-strong pl-3 whitespace-pre-wrap text-zinc-400">{inline(b.c)}</blockquote>;
    case "hr":
      return <hr key={i} className="border-line" />;
  }
}

export const Markdown = memo(function Markdown({ text, className }: { text: string; className?: string }) {
  return <div className={`space-y-3 text-sm leading-relaxed break-words text-zinc-200 ${className ?? ""}`}>{parseMarkdown(text).map(block)}</div>;
});
