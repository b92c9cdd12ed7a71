import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { CodeTabs } from "@/components/ui/code-tabs";
import { chatSnippets } from "@/lib/dashboard/snippets";

/** Empty state for an account with a key but no requests: copy, paste, see it here. */
export function FirstRequestCard({ baseUrl, keyName, keyDisplay, model }: { baseUrl: string; keyName: string; keyDisplay: string; model?: string }) {
  return (
    <Card data-testid="first-request-card">
      <CardHeader
        title="Send your first request"
        description="Charts, logs and usage fill in as soon as a request goes through. Simulated models such as sim/gpt are billed at their small catalog price."
      />
      <div className="space-y-4 px-5 py-5">
        <p className="text-sm text-zinc-400">
          The snippets read your key from <code className="font-mono text-zinc-300">$SWITCHYARD_API_KEY</code>: set it to the full
          key “{keyName}” you copied when you created it (here it only shows masked, {keyDisplay}). Lost it? Create a new one
          under <Link href="/dashboard/keys" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">API keys</Link>;
          its panel has the snippet with the key filled in and a test request.
        </p>
        {/* Never the masked key itself: copied, it would only earn a 401. A placeholder says what to paste. */}
        <CodeBlock title="shell" code={`export SWITCHYARD_API_KEY="<paste your full key here>"`} />
        <CodeTabs samples={chatSnippets(baseUrl, model)} />
      </div>
    </Card>
  );
}
