import { C, DocSection, Params } from "@/components/marketing/docs/doc-primitives";
import { CodeBlock } from "@/components/ui/code-block";

export function TestModeSection({ base }: { base: string }) {
  return (
    <DocSection id="test-mode" title="Test mode">
      <p>
        A test key (<C>sk-sy-test-…</C>; Mode: Test on the keys page, or <C>&quot;mode&quot;: &quot;test&quot;</C> in the key API) works on every
        endpoint, but every model it names is answered by Switchyard&apos;s built-in simulator, in that endpoint&apos;s wire format, with realistic
        text, timing and token usage. Test calls cost nothing, never touch the balance, and are logged with <C>mode: test</C>. Limits, allow-lists
        and logs behave as in live mode.
      </p>
      <p>Script a failure for one request with a header, to prove your retry and failover code before production needs it:</p>
      <CodeBlock title="shell" code={`curl -i ${base}/chat/completions \\
  -H "Authorization: Bearer $SWITCHYARD_TEST_KEY" \\
  -H "Content-Type: application/json" \\
  -H "x-switchyard-simulate: status=503; latency_ms=800" \\
  -d '{"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}'`} />
      <Params label="x-switchyard-simulate settings" head={["Name", "", "Effect"]} rows={[
        { name: "status", description: "Answer this HTTP status (400–504) in the endpoint's error format; 429 and 503 carry retry-after." },
        { name: "rate_limit=N", description: <>Answer 429 with <C>retry-after: N</C>.</> },
        { name: "latency_ms", description: "Wait this long before the first byte." },
        { name: "cut_after_tokens", description: "Break a stream off after N tokens with an in-stream error (non-streamed: 502)." },
        { name: "tokens_per_second", description: "Generation pace; 0 sends everything at once." },
      ]} />
      <p>
        Pairs are separated by <C>;</C>. An unknown name or bad value is a 400 naming it. Live keys ignore the header and say so in{" "}
        <C>x-switchyard-warning</C>.
      </p>
    </DocSection>
  );
}
