// Copy-paste code samples shown on the landing page and the dashboard.

export const SIMULATED_MODEL = "sim/gpt";

export function curlChatSnippet(baseUrl: string, model = SIMULATED_MODEL): string {
  return `curl ${baseUrl}/chat/completions \\
  -H "Authorization: Bearer $SWITCHYARD_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{
    "model": "${model}",
    "messages": [{"role": "user", "content": "Say hello from Switchyard"}]
  }'`;
}

export function curlCreditsSnippet(baseUrl: string): string {
  return `curl ${baseUrl}/credits \\
  -H "Authorization: Bearer $SWITCHYARD_API_KEY"`;
}

export function pythonSnippet(baseUrl: string, model = SIMULATED_MODEL): string {
  return `import os
from openai import OpenAI

client = OpenAI(
    base_url="${baseUrl}",
    api_key=os.environ["SWITCHYARD_API_KEY"],
)

reply = client.chat.completions.create(
    model="${model}",
    messages=[{"role": "user", "content": "Say hello from Switchyard"}],
)
print(reply.choices[0].message.content)`;
}

export function typescriptSnippet(baseUrl: string, model = SIMULATED_MODEL): string {
  return `import OpenAI from "openai";

const client = new OpenAI({
  baseURL: "${baseUrl}",
  apiKey: process.env.SWITCHYARD_API_KEY,
});

const reply = await client.chat.completions.create({
  model: "${model}",
  messages: [{ role: "user", content: "Say hello from Switchyard" }],
});
console.log(reply.choices[0].message.content);`;
}
