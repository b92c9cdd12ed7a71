import { C, DocSection, Endpoint, Example, Params } from "@/components/marketing/docs/doc-primitives";
import { CodeBlock } from "@/components/ui/code-block";
import {
  blendExamples, compareExamples, judgeExamples, orchestrationChatExamples,
} from "@/components/marketing/docs/examples-orchestration";

const fallbackJson = `{
  "model": "openai/gpt-4.1-mini",
  "models": ["anthropic/claude-haiku-4-5", "sim/gpt"],
  "messages": [{ "role": "user", "content": "Hello" }]
}`;

export function FallbacksSection() {
  return (
    <DocSection id="fallbacks" title="Fallbacks and routing">
      <p>
        Add <C>models</C> to a chat, messages, responses or embeddings request and Switchyard tries them in order when a model fails with
        a retryable error — 408, 409, 425, 429, any 5xx, a timeout or a connection error — until the first byte of the answer has been sent.
        Other 4xx errors are returned as they are. A circuit breaker per provider and model skips a model after 3 consecutive failures
        (or half its calls failing) for 30 seconds, then lets one probe through. <C>x-switchyard-model</C> says which model answered; the
        log lists every attempt.
      </p>
      <CodeBlock title="POST /v1/chat/completions" code={fallbackJson} />
      <p>
        <C>model: &quot;auto&quot;</C> (on <C>/chat/completions</C>, <C>/messages</C> and <C>/chat</C>) classifies the request — code, maths,
        long context, vision, tools, quick chat — and picks among the models this deployment can serve and the key may use, from their
        measured latency, success rate and price. <C>switchyard.optimization_goal</C> (or <C>optimization_goal</C> on <C>/chat</C>) weighs
        the choice: <C>balanced</C> (default), <C>latency</C>, <C>cost</C> or <C>reliability</C>. The <C>x-switchyard-route</C> header says what
        was chosen and why. The simulator&apos;s fault demos (<C>sim/down</C>, <C>sim/flaky</C>, …) are never picked.
      </p>
    </DocSection>
  );
}

export function OrchestrationSection({ base }: { base: string }) {
  return (
    <DocSection id="orchestration" title="Orchestration">
      <p>
        Four native endpoints run several model calls as one request. Each sub-call goes through the same gateway as a chat completion —
        key limits, reservation, failover, metering and logs — and is billed to the token, with no per-mode fee. They stream by default as
        server-sent events: each line is <C>data: {"{json}"}</C> whose JSON names its <C>event</C>, and the stream ends with{" "}
        <C>data: [DONE]</C>; <C>stream: false</C> returns one JSON document with the same information. The body is a chat request
        (<C>messages</C>, <C>temperature</C>, <C>max_tokens</C>, …) plus the mode&apos;s fields.
      </p>
      <Params label="Orchestration events" head={["Event", "", "Carries"]} rows={[
        { name: "route", description: "The chosen model(s) and why; for multi-model modes every planned sub-call." },
        { name: "chunk", description: <><C>delta</C> text, tagged with <C>model</C>, and for multi-model modes <C>index</C> and <C>stage</C> (<C>source</C>, <C>layer_N</C>, <C>synthesis</C>, <C>judge</C>).</> },
        { name: "trace", description: "Every upstream attempt of a sub-call: status, timing, failovers." },
        { name: "done", description: <><C>resolved_model</C>, <C>finish_reason</C>, <C>usage</C>, <C>latency_ms</C>, <C>ttft_ms</C>, <C>charged_credits</C>, <C>remaining_credits</C> (and <C>_units</C>).</> },
        { name: "error", description: <><C>status_code</C>, <C>code</C>, <C>message</C> and <C>refunded</C> (a failed sub-call is refunded; one cut after its first byte pays for what it generated).</> },
        { name: "summary / blend / verdict", description: "The mode's result: compare's fastest, cheapest and longest; the blend's final answer; the judge's verdict." },
      ]} />
      <p>
        If every model fails before the first byte, the answer is a plain 502/503 JSON error; after it, a terminal <C>error</C> event.
        Each call writes one parent row in the logs with its sub-calls as children (the parent has no cost of its own).
      </p>

      <Endpoint id="orchestration-chat" method="POST" path="/v1/chat" title="one model, Mesh routing">
        <p>
          One model (or <C>auto</C>) with <C>routing: {"{ strategy, fallback: [...] }"}</C>. The strategy orders the chain — it never races
          models: <C>failover</C> (as given, default), <C>latency</C> (fastest measured first), <C>cost</C> (cheapest first),{" "}
          <C>round-robin</C>. <C>routing.fallback</C> here and <C>models</C> on <C>/chat/completions</C> mean the same; sending both is a 400.
        </p>
        <Example samples={orchestrationChatExamples(base)} />
      </Endpoint>

      <Endpoint id="orchestration-compare" method="POST" path="/v1/compare" title="same prompt, several models">
        <p>
          2 to 9 <C>models</C> answer the same messages concurrently; their chunks arrive interleaved, each naming its model. Every model gets
          its own <C>done</C> (latency, time to first token, tokens, cost) and a final <C>summary</C> names the fastest, the cheapest and the
          longest answer. A failing model yields its <C>error</C> with <C>refunded: true</C> while the others finish.
        </p>
        <Example samples={compareExamples(base)} />
      </Endpoint>

      <Endpoint id="orchestration-blend" method="POST" path="/v1/blend" title="several answers, one synthesis">
        <p>
          2 to 6 <C>models</C> answer; a <C>synthesizer</C> model (default: the deployment&apos;s <C>DEFAULT_SYNTHESIZER</C>, else the first
          model) merges them. <C>strategy</C>: <C>consensus</C> (default: merge the strongest points, resolve contradictions),{" "}
          <C>council</C> (agreements, disagreements, open questions, conclusion), <C>best_of</C> (pick the best answer and improve it),{" "}
          <C>chain</C> (integrate the answers one after another), <C>moa</C> with <C>layers</C> 1–3 (each layer sees the previous
          layer&apos;s answers), <C>self_moa</C> with exactly one model and <C>samples</C> 2–8. Counts outside a rule are a 400 naming it.
          Reservations are taken per stage.
        </p>
        <Example samples={blendExamples(base)} />
      </Endpoint>

      <Endpoint id="orchestration-judge" method="POST" path="/v1/judge" title="contestants and a judge">
        <p>
          2 to 4 <C>contestants</C> answer; a <C>judge</C> that is not one of them scores the answers on your <C>criteria</C> (a string or
          a list; default accuracy, completeness, clarity, helpfulness). The <C>verdict</C> event carries <C>winner</C>, <C>scores</C>{" "}
          (<C>model</C>, <C>rank</C>, <C>score</C> 0–10, <C>reasoning</C>) and <C>overall</C>. The judge&apos;s JSON is validated; an
          invalid verdict is retried once, then ends in an <C>error</C> — the judge&apos;s tokens are charged either way.
        </p>
        <Example samples={judgeExamples(base)} />
      </Endpoint>
    </DocSection>
  );
}
