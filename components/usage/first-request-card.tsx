import { Card, CardHeader } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { CodeTabs } from "@/components/ui/code-tabs";
import { curlChatSnippet, pythonSnippet, typescriptSnippet } from "@/lib/dashboard/snippets";

/** Empty state for an account with a key but no requests: copy, paste, see it here. */
export function FirstRequestCard({ baseUrl, keyName, keyDisplay }: { baseUrl: string; keyName: string; keyDisplay: string }) {
  return (
    <Card>
      <CardHeader
        title="Send your first request"
        description="Charts, logs and usage fill in as soon as a request goes through. sim/gpt is a free-to-try simulated model."
      />
      <div className="space-y-4 px-5 py-5">
        <CodeBlock
          title="shell"
          code={`export SWITCHYARD_API_KEY="${keyDisplay}"   # paste the full key '${keyName}' you copied`}
        />
        <CodeTabs samples={[
          { id: "curl", label: "curl", code: curlChatSnippet(baseUrl) },
          { id: "python", label: "Python", code: pythonSnippet(baseUrl) },
          { id: "ts", label: "TypeScript", code: typescriptSnippet(baseUrl) },
        ]} />
      </div>
    </Card>
  );
}
