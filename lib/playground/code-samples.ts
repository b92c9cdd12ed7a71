// "Copy as code": the run's exact body as curl, TypeScript and Python, with the user's key as a
// placeholder (an environment variable: the playground never shows a key). Chat uses the
// OpenAI SDKs (the same model — `auto` included — on /chat/completions); the native modes
// read the event stream with fetch / requests.
import type { PlaygroundMode } from "@/lib/playground/modes";

export type CodeSample = { id: string; label: string; code: string };

const KEY_ENV = "SWITCHYARD_API_KEY";

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

function indent(text: string, spaces: number): string {
  return text.split("\n").map((l, i) => (i === 0 ? l : " ".repeat(spaces) + l)).join("\n");
}

/** JSON as a Python literal (true/false/null spelled the Python way). */
function pythonLiteral(value: unknown, depth = 0): string {
  const pad = "    ".repeat(depth + 1);
  const end = "    ".repeat(depth);
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number" || typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => pad + pythonLiteral(v, depth + 1)).join(",\n")},\n${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pythonLiteral(v, depth + 1)}`).join(",\n")},\n${end}}`;
}

function curl(mode: PlaygroundMode, body: Record<string, unknown>, api: string): string {
  return [
    `curl -N ${api}/${mode} \\`,
    `  -H "Authorization: Bearer $${KEY_ENV}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d ${shellQuote(JSON.stringify(body, null, 2))}`,
  ].join("\n");
}

function typescript(mode: PlaygroundMode, body: Record<string, unknown>, api: string): string {
  if (mode === "chat") {
    return `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${api}", apiKey: process.env.${KEY_ENV} });

const stream = await client.chat.completions.create(${JSON.stringify({ ...body, stream: true }, null, 2)});
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
`;
  }
  return `// Node 20+: the ${mode} event stream, read with fetch.
const res = await fetch("${api}/${mode}", {
  method: "POST",
  headers: { authorization: \`Bearer \${process.env.${KEY_ENV}}\`, "content-type": "application/json" },
  body: JSON.stringify(${indent(JSON.stringify(body, null, 2), 2)}),
});
if (!res.ok) throw new Error((await res.json()).error.message);
const decoder = new TextDecoder();
let buffer = "";
for await (const part of res.body!) {
  buffer += decoder.decode(part, { stream: true });
  let end;
  while ((end = buffer.indexOf("\\n\\n")) !== -1) {
    const line = buffer.slice(0, end);
    buffer = buffer.slice(end + 2);
    if (line === "data: [DONE]") continue;
    const event = JSON.parse(line.slice("data: ".length));
    if (event.event === "chunk") process.stdout.write(\`[\${event.model}] \${event.delta}\`);
    else if (event.event !== "trace") console.log("\\n", event);
  }
}
`;
}

function python(mode: PlaygroundMode, body: Record<string, unknown>, api: string): string {
  if (mode === "chat") {
    return `import os
from openai import OpenAI

client = OpenAI(base_url="${api}", api_key=os.environ["${KEY_ENV}"])

stream = client.chat.completions.create(**${pythonLiteral({ ...body, stream: true })})
for chunk in stream:
    if chunk.choices:
        print(chunk.choices[0].delta.content or "", end="", flush=True)
`;
  }
  return `import json
import os

import requests

res = requests.post(
    "${api}/${mode}",
    headers={"Authorization": f"Bearer {os.environ['${KEY_ENV}']}"},
    json=${pythonLiteral(body, 1)},
    stream=True,
)
res.raise_for_status()
for line in res.iter_lines(decode_unicode=True):
    if not line.startswith("data: ") or line == "data: [DONE]":
        continue
    event = json.loads(line[len("data: "):])
    if event["event"] == "chunk":
        print(event["delta"], end="", flush=True)
    elif event["event"] != "trace":
        print("\\n", event)
`;
}

/** `apiBase`: the API's public base URL, e.g. "https://switchyard.example/api/v1". */
export function codeSamples(mode: PlaygroundMode, body: Record<string, unknown>, apiBase: string): CodeSample[] {
  return [
    { id: "curl", label: "curl", code: curl(mode, body, apiBase) },
    { id: "ts", label: "TypeScript", code: typescript(mode, body, apiBase) },
    { id: "python", label: "Python", code: python(mode, body, apiBase) },
  ];
}
