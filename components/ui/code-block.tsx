import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/components/ui/cn";

/** A read-only code sample with a title bar and a copy button. */
export function CodeBlock({
  code,
  title,
  className,
  copyLabel = "Copy",
}: {
  code: string;
  title?: string;
  className?: string;
  copyLabel?: string;
}) {
  return (
    <div className={cn("overflow-hidden rounded-xl border border-line bg-zinc-950", className)}>
      <div className="flex h-10 items-center justify-between gap-3 border-b border-line bg-white/[0.02] pr-2 pl-4">
        <span className="truncate font-mono text-xs text-zinc-400">{title ?? ""}</span>
        <CopyButton text={code} label={copyLabel} />
      </div>
      <CodePre code={code} />
    </div>
  );
}

export function CodePre({ code }: { code: string }) {
  return (
    <pre
      tabIndex={0}
      className="overflow-x-auto p-4 font-mono text-[13px] leading-relaxed text-zinc-200 focus-visible:outline-offset-[-2px]"
    >
      <code>{code}</code>
    </pre>
  );
}
