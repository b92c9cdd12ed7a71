import Link from "next/link";
import type { ReactNode } from "react";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { Badge } from "@/components/ui/badge";
import { curlChatSnippet, curlCreditsSnippet } from "@/lib/dashboard/snippets";

function Step({ n, title, done, children }: { n: number; title: string; done?: boolean; children: ReactNode }) {
  return (
    <li className="relative flex gap-4 pb-8 last:pb-0">
      <span aria-hidden="true" className="absolute top-8 bottom-0 left-[15px] w-px bg-line [li:last-child>&]:hidden" />
      <span
        aria-hidden="true"
        className={
          done
            ? "flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-500 text-sm font-semibold text-zinc-950"
            : "flex size-8 shrink-0 items-center justify-center rounded-full border border-line-strong bg-surface-raised text-sm font-semibold text-zinc-200"
        }
      >
        {done ? "✓" : n}
      </span>
      <div className="min-w-0 flex-1 pt-1">
        <h3 className="flex items-center gap-2 font-medium text-zinc-100">
          {title}
          {done ? <Badge tone="success">Done</Badge> : null}
        </h3>
        <div className="mt-2 text-sm text-zinc-400">{children}</div>
      </div>
    </li>
  );
}

/** The welcome checklist shown until the account has made its first request. */
export function FirstCall({ baseUrl, activeKeys, model }: { baseUrl: string; activeKeys: number; model?: string }) {
  const hasKey = activeKeys > 0;
  return (
    <Card>
      <CardHeader
        title="Make your first call"
        description="Three steps from here to a model's answer. Creating a key also gives you a ready-to-run snippet and a button that sends a test request with it."
      />
      <ol className="px-5 py-6">
        <Step n={1} title="Create an API key" done={hasKey}>
          {hasKey ? (
            <p>
              You have {activeKeys} active {activeKeys === 1 ? "key" : "keys"}. Lost it? Create another one any time.
            </p>
          ) : (
            <p>Keys are shown once, so copy yours somewhere safe. The key’s panel has a ready-to-run snippet with the key filled in, and a test request.</p>
          )}
          <ButtonLink href="/dashboard/keys" size="sm" variant={hasKey ? "secondary" : "primary"} className="mt-3">
            {hasKey ? "Manage keys" : "Create an API key"}
          </ButtonLink>
        </Step>
        <Step n={2} title="Put it in your environment">
          <p>The snippets below read your key from <code className="font-mono text-zinc-300">$SWITCHYARD_API_KEY</code>. Paste the full key you copied when you created it; no key yet? Create one under <Link href="/dashboard/keys" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">API keys</Link>.</p>
          <CodeBlock title="shell" code={`export SWITCHYARD_API_KEY="<paste your full key here>"`} className="mt-3" />
        </Step>
        <Step n={3} title="Call the API">
          <p>Check your balance, then ask a model something:</p>
          <CodeBlock title="GET /v1/credits" code={curlCreditsSnippet(baseUrl)} className="mt-3" />
          <CodeBlock title="POST /v1/chat/completions" code={curlChatSnippet(baseUrl, model)} className="mt-3" />
        </Step>
      </ol>
    </Card>
  );
}
