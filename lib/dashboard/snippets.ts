// Copy-paste code samples shown on the landing page and the dashboard. Pure strings: imported by
// client components too.
//
// Without `apiKey` the samples read the key from $SWITCHYARD_API_KEY (nothing to leak, nothing
// masked to paste by mistake). With it — only in the panel that shows a freshly created key, while
// that key is on screen anyway — the key is written inline so the sample runs as pasted.

export const SIMULATED_MODEL = "sim/gpt";
export const KEY_ENV = "SWITCHYARD_API_KEY";
export const SAMPLE_PROMPT = "Say hello from Switchyard";

export type Snippet = { id: "curl" | "python" | "typescript"; label: string; code: string };

export function curlChatSnippet(baseUrl: string, model = SIMULATED_MODEL, apiKey?: string): string {
  const bearer = apiKey ?? `$${KEY_ENV}`;
  return `curl ${baseUrl}/chat/completions \\
  -H "Authorization: Bearer ${bearer}" \\
  -H "Content-Type: application/json" \\
  -d '{
    "model": "${model}",
    "messages": [{"role": "user", "content": "${SAMPLE_PROMPT}"}]
  }'`;
}

export function curlCreditsSnippet(baseUrl: string): string {
  return `curl ${baseUrl}/credits \\
  -H "Authorization: Bearer $${KEY_ENV}"`;
}

export function pythonSnippet(baseUrl: string, model = SIMULATED_MODEL, apiKey?: string): string {
  const head = apiKey === undefined ? "import os\nfrom openai import OpenAI" : "from openai import OpenAI";
  const key = apiKey === undefined ? `os.environ["${KEY_ENV}"]` : `"${apiKey}",  # or os.environ["${KEY_ENV}"]`;
  return `${head}

client = OpenAI(
    base_url="${baseUrl}",
    api_key=${key},
)

reply = client.chat.completions.create(
    model="${model}",
    messages=[{"role": "user", "content": "${SAMPLE_PROMPT}"}],
)
print(reply.choices[0].message.content)`;
}

export function typescriptSnippet(baseUrl: string, model = SIMULATED_MODEL, apiKey?: string): string {
  const key = apiKey === undefined ? `process.env.${KEY_ENV}` : `"${apiKey}", // or process.env.${KEY_ENV}`;
  return `import OpenAI from "openai";

const client = new OpenAI({
  baseURL: "${baseUrl}",
  apiKey: ${key},
});

const reply = await client.chat.completions.create({
  model: "${model}",
  messages: [{ role: "user", content: "${SAMPLE_PROMPT}" }],
});
console.log(reply.choices[0].message.content);`;
}

/** The three chat samples, as the code tabs show them. */
export function chatSnippets(baseUrl: string, model = SIMULATED_MODEL, apiKey?: string): Snippet[] {
  return [
    { id: "curl", label: "curl", code: curlChatSnippet(baseUrl, model, apiKey) },
    { id: "python", label: "Python", code: pythonSnippet(baseUrl, model, apiKey) },
    { id: "typescript", label: "TypeScript", code: typescriptSnippet(baseUrl, model, apiKey) },
  ];
}

/**
 * The model a first call should use: the first of the deployment's first-call models (cheap,
 * available, answering normally; lib/dashboard/models-here.ts) that the key may use. A key whose
 * allow-list names none of them gets its first allowed model — the test request then says
 * plainly why that one cannot answer, if it cannot.
 */
export function pickFirstCallModel(order: readonly string[], allowedModels: readonly string[]): string {
  if (allowedModels.length === 0) return order[0] ?? SIMULATED_MODEL;
  return order.find((m) => allowedModels.includes(m)) ?? allowedModels[0]!;
}
