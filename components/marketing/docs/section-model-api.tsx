import Link from "next/link";
import { C, Endpoint, Example, Params } from "@/components/marketing/docs/doc-primitives";
import {
  chatExamples, embeddingsExamples, messagesExamples, modelsExamples, responsesExamples, streamExamples,
} from "@/components/marketing/docs/examples-api";

const a = "text-brand-300 underline underline-offset-2 hover:text-brand-200";

export function ChatCompletionsEndpoint({ base }: { base: string }) {
  return (
    <Endpoint id="chat-completions" method="POST" path="/v1/chat/completions" title="OpenAI Chat Completions">
      <p>The OpenAI request and response, streamed or not, for every chat model of the catalog whatever its provider&apos;s own format.</p>
      <Params label="Chat completion request fields" rows={[
        { name: "model", type: "string", description: <>A catalog id (<C>openai/gpt-4.1-mini</C>), an alias (<C>gpt-4.1-mini</C>), or <C>auto</C> (<a href="#fallbacks" className={a}>routing</a>).</> },
        { name: "messages", type: "array", description: "System, user, assistant and tool messages; user content may hold text and image parts." },
        { name: "stream", type: "boolean", description: <>Server-sent <C>chat.completion.chunk</C> events ending with <C>data: [DONE]</C>; <C>stream_options.include_usage</C> adds a final usage chunk.</> },
        { name: "max_tokens / max_completion_tokens", type: "integer", description: "Output cap. Without one, the model's maximum output is reserved (and released after the call)." },
        { name: "temperature, top_p, stop, seed, user", type: "", description: "As in OpenAI's API." },
        { name: "tools, tool_choice", type: "", description: "Function calling, translated for Anthropic and Gemini models." },
        { name: "response_format", type: "object", description: <><C>json_object</C> or <C>json_schema</C> (models with the JSON capability).</> },
        { name: "models", type: "string[]", description: <>Switchyard extension: fallback models tried in order (<a href="#fallbacks" className={a}>fallbacks</a>), up to 10.</> },
        { name: "switchyard", type: "object", description: <><C>{"{ optimization_goal, routing }"}</C> — the same options as the native <a href="#orchestration-chat" className={a}>/chat</a>.</> },
      ]} />
      <Example samples={chatExamples(base)} />
      <p>Streaming:</p>
      <Example samples={streamExamples(base)} />
      <p>
        Response headers: <C>x-request-id</C>, <C>x-switchyard-model</C> and <C>x-switchyard-provider</C> (who answered, after any
        failover), the <C>x-ratelimit-*</C> set when the key has limits, and <C>x-switchyard-output-capped</C> when the output was capped
        to what the balance or a budget covers (the answer then ends with <C>finish_reason: &quot;length&quot;</C>).
      </p>
    </Endpoint>
  );
}

export function MessagesEndpoint({ base }: { base: string }) {
  return (
    <Endpoint id="messages" method="POST" path="/v1/messages" title="Anthropic Messages">
      <p>
        The Anthropic Messages API, streaming events included, so the official Anthropic SDKs work with their base URL set to this
        deployment. Any chat model can answer (not only Claude), with the same fallbacks (<C>models</C>), billing and logs. Errors come
        in Anthropic&apos;s shape on this path.
      </p>
      <Example samples={messagesExamples(base)} />
    </Endpoint>
  );
}

export function ResponsesEndpoint({ base }: { base: string }) {
  return (
    <Endpoint id="responses" method="POST" path="/v1/responses" title="OpenAI Responses">
      <p>
        OpenAI&apos;s Responses API on any chat model: text, <C>instructions</C>, function tools, <C>text.format</C> (JSON) and streaming
        (<C>response.created</C>, <C>response.output_text.delta</C>, …, <C>response.completed</C>). It is <strong>stateless</strong>: every
        answer says <C>store: false</C>, and <C>previous_response_id</C>, <C>conversation</C> or <C>background</C> answer 400 — send the whole
        conversation in <C>input</C>, appending the previous response&apos;s <C>output</C> items.
      </p>
      <Example samples={responsesExamples(base)} />
    </Endpoint>
  );
}

export function EmbeddingsEndpoint({ base }: { base: string }) {
  return (
    <Endpoint id="embeddings" method="POST" path="/v1/embeddings" title="OpenAI Embeddings">
      <p>
        Vectors from OpenAI, Gemini, Mistral and the OpenAI-compatible providers that offer them (<C>&quot;kind&quot;: &quot;embedding&quot;</C> in the{" "}
        <a href="#models" className={a}>model list</a>). <C>input</C> is a string or up to 2,048 of them; <C>encoding_format</C> <C>float</C> or{" "}
        <C>base64</C>; <C>dimensions</C> where the model supports it; <C>models</C> for fallbacks. Billed as input tokens × the model&apos;s input price.
      </p>
      <Example samples={embeddingsExamples(base)} />
    </Endpoint>
  );
}

export function ModelsEndpoint({ base }: { base: string }) {
  return (
    <Endpoint id="models" method="GET" path="/v1/models · /v1/models/{id}" title="the catalog">
      <p>
        Public (no key needed). Each entry is OpenAI&apos;s model object plus <C>pricing</C> (USD per million tokens as exact decimal strings:
        <C>input</C>, <C>output</C>, <C>cached_input</C>, <C>cache_write</C>), <C>context_window</C>, <C>max_output_tokens</C>,{" "}
        <C>capabilities</C>, <C>kind</C> (<C>chat</C> or <C>embedding</C>), <C>simulated</C>, and <C>available</C> with{" "}
        <C>unavailable_reason</C> — for this deployment, or, when a key is sent, for that key (its own provider keys and allowed models).
        The same list, searchable: <Link href="/models" className={a}>Models and prices</Link>.
      </p>
      <Example samples={modelsExamples(base)} />
    </Endpoint>
  );
}
