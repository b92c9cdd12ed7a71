// Code samples for the native orchestration endpoints (/chat, /compare, /blend, /judge) on
// /docs. They stream SSE lines `data: {json}` (the JSON names its `event`) ending with
// `data: [DONE]`; `stream: false` returns one JSON document instead.
import type { CodeSample } from "@/components/ui/code-tabs";

function samples(base: string, path: string, body: string): CodeSample[] {
  const oneLine = body.replace(/\n\s*/g, " ");
  return [
    {
      id: "curl", label: "curl", code: `curl -N ${base}${path} \\
  -H "Authorization: Bearer $SWITCHYARD_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '${oneLine}'`,
    },
    {
      id: "ts", label: "TypeScript", code: `const res = await fetch("${base}${path}", {
  method: "POST",
  headers: { Authorization: \`Bearer \${process.env.SWITCHYARD_API_KEY}\`, "Content-Type": "application/json" },
  body: JSON.stringify(${body}),
});
// Server-sent events: one JSON object per "data:" line, then "data: [DONE]".
const decoder = new TextDecoder();
let buffer = "";
for await (const bytes of res.body!) {
  buffer += decoder.decode(bytes, { stream: true });
  const lines = buffer.split("\\n");
  buffer = lines.pop()!;
  for (const line of lines) {
    if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
    const event = JSON.parse(line.slice(6));
    if (event.event === "chunk") process.stdout.write(event.delta);
    else console.log("\\n", event.event, event.model ?? "");
  }
}`,
    },
    {
      id: "python", label: "Python", code: `import json, os, requests

res = requests.post("${base}${path}", stream=True,
                    headers={"Authorization": f"Bearer {os.environ['SWITCHYARD_API_KEY']}"},
                    json=${body.replace(/true/g, "True").replace(/false/g, "False")})
for line in res.iter_lines(decode_unicode=True):
    if not line.startswith("data: ") or line == "data: [DONE]":
        continue
    event = json.loads(line[6:])
    if event["event"] == "chunk":
        print(event["delta"], end="")
    else:
        print("\\n", event["event"], event.get("model", ""))`,
    },
  ];
}

const hi = `"messages": [{ "role": "user", "content": "Explain circuit breakers in two sentences" }]`;

export const orchestrationChatExamples = (base: string) => samples(base, "/chat", `{
  "model": "auto",
  "optimization_goal": "cost",
  "routing": { "strategy": "latency", "fallback": ["sim/gpt", "sim/claude"] },
  ${hi}
}`);

export const compareExamples = (base: string) => samples(base, "/compare", `{
  "models": ["sim/gpt", "sim/claude", "sim/gemini"],
  ${hi}
}`);

export const blendExamples = (base: string) => samples(base, "/blend", `{
  "models": ["sim/gpt", "sim/claude", "sim/gemini"],
  "strategy": "consensus",
  "synthesizer": "sim/claude",
  ${hi}
}`);

export const judgeExamples = (base: string) => samples(base, "/judge", `{
  "contestants": ["sim/gpt", "sim/gemini"],
  "judge": "sim/claude",
  "criteria": ["accuracy", "brevity"],
  ${hi}
}`);
