// Code samples for the OpenAI- and Anthropic-compatible endpoints on /docs, filled in with
// this deployment's base URL ("https://host/v1"). Keys come from SWITCHYARD_API_KEY.
import type { CodeSample } from "@/components/ui/code-tabs";

const trio = (curl: string, ts: string, py: string): CodeSample[] => [
  { id: "curl", label: "curl", code: curl },
  { id: "ts", label: "TypeScript", code: ts },
  { id: "python", label: "Python", code: py },
];

const tsClient = (base: string) => `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${base}", apiKey: process.env.SWITCHYARD_API_KEY });`;

const pyClient = (base: string) => `import os
from openai import OpenAI

client = OpenAI(base_url="${base}", api_key=os.environ["SWITCHYARD_API_KEY"])`;

export function chatExamples(base: string): CodeSample[] {
  return trio(
    `curl ${base}/chat/completions \\
  -H "Authorization: Bearer $SWITCHYARD_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{
    "model": "sim/gpt",
    "messages": [{"role": "user", "content": "Write a haiku about trains"}]
  }'`,
    `${tsClient(base)}

const reply = await client.chat.completions.create({
  model: "sim/gpt",
  messages: [{ role: "user", content: "Write a haiku about trains" }],
});
console.log(reply.choices[0].message.content);`,
    `${pyClient(base)}

reply = client.chat.completions.create(
    model="sim/gpt",
    messages=[{"role": "user", "content": "Write a haiku about trains"}],
)
print(reply.choices[0].message.content)`,
  );
}

export function streamExamples(base: string): CodeSample[] {
  return trio(
    `curl -N ${base}/chat/completions \\
  -H "Authorization: Bearer $SWITCHYARD_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "sim/claude", "stream": true, "stream_options": {"include_usage": true},
       "messages": [{"role": "user", "content": "Count to five"}]}'`,
    `${tsClient(base)}

const stream = await client.chat.completions.create({
  model: "sim/claude",
  messages: [{ role: "user", content: "Count to five" }],
  stream: true,
  stream_options: { include_usage: true },
});
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");`,
    `${pyClient(base)}

stream = client.chat.completions.create(
    model="sim/claude",
    messages=[{"role": "user", "content": "Count to five"}],
    stream=True,
    stream_options={"include_usage": True},
)
for chunk in stream:
    if chunk.choices:
        print(chunk.choices[0].delta.content or "", end="")`,
  );
}

export function messagesExamples(base: string): CodeSample[] {
  const root = base.replace(/\/v1$/, "");
  return trio(
    `curl ${base}/messages \\
  -H "x-api-key: $SWITCHYARD_API_KEY" \\
  -H "anthropic-version: 2023-06-01" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "sim/claude", "max_tokens": 256,
       "messages": [{"role": "user", "content": "Hello, Claude"}]}'`,
    `import Anthropic from "@anthropic-ai/sdk";

// The Anthropic SDK adds /v1 itself.
const client = new Anthropic({ baseURL: "${root}", apiKey: process.env.SWITCHYARD_API_KEY });

const message = await client.messages.create({
  model: "sim/claude",
  max_tokens: 256,
  messages: [{ role: "user", content: "Hello, Claude" }],
});
console.log(message.content);`,
    `import os
from anthropic import Anthropic

# The Anthropic SDK adds /v1 itself.
client = Anthropic(base_url="${root}", api_key=os.environ["SWITCHYARD_API_KEY"])

message = client.messages.create(
    model="sim/claude",
    max_tokens=256,
    messages=[{"role": "user", "content": "Hello, Claude"}],
)
print(message.content)`,
  );
}

export function responsesExamples(base: string): CodeSample[] {
  return trio(
    `curl ${base}/responses \\
  -H "Authorization: Bearer $SWITCHYARD_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "sim/gpt", "instructions": "Be brief.", "input": "What is a switchyard?"}'`,
    `${tsClient(base)}

const response = await client.responses.create({
  model: "sim/gpt",
  instructions: "Be brief.",
  input: "What is a switchyard?",
});
console.log(response.output_text);

// Streaming: response.created, response.output_text.delta …, response.completed
const stream = await client.responses.create({ model: "sim/gemini", input: "Stream this", stream: true });
for await (const event of stream) {
  if (event.type === "response.output_text.delta") process.stdout.write(event.delta);
}`,
    `${pyClient(base)}

response = client.responses.create(
    model="sim/gpt",
    instructions="Be brief.",
    input="What is a switchyard?",
)
print(response.output_text)`,
  );
}

export function embeddingsExamples(base: string): CodeSample[] {
  return trio(
    `curl ${base}/embeddings \\
  -H "Authorization: Bearer $SWITCHYARD_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "sim/embed", "input": ["first text", "second text"]}'`,
    `${tsClient(base)}

const { data, usage } = await client.embeddings.create({
  model: "sim/embed",
  input: ["first text", "second text"],
});
console.log(data[0].embedding.length, usage.prompt_tokens);`,
    `${pyClient(base)}

result = client.embeddings.create(model="sim/embed", input=["first text", "second text"])
print(len(result.data[0].embedding), result.usage.prompt_tokens)`,
  );
}

export function modelsExamples(base: string): CodeSample[] {
  return trio(
    `# Public: no key needed. With a key, "available" is that key's view.
curl ${base}/models
curl ${base}/models/openai/gpt-4.1-mini`,
    `${tsClient(base)}

for await (const model of client.models.list()) console.log(model.id);`,
    `${pyClient(base)}

for model in client.models.list():
    print(model.id)`,
  );
}
