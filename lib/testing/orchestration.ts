// Integration-test helpers for the orchestration endpoints: POST a body and read the SSE event
// stream (`data: {json}` lines, `data: [DONE]`) or the JSON answer, over real HTTP.
import type { ApiServer } from "@/lib/testing/api-servers";

export type OrchestrationEventJson = { event: string; [field: string]: unknown };

export type SseAnswer = {
  status: number;
  headers: Headers;
  requestId: string;
  /** The parsed events, in order (empty for a JSON answer). */
  events: OrchestrationEventJson[];
  /** Whether the stream ended with `data: [DONE]`. */
  done: boolean;
  /** The raw body. */
  text: string;
  /** The body as JSON when it was not an event stream. */
  json: unknown;
};

export function parseSse(text: string): { events: OrchestrationEventJson[]; done: boolean; lines: string[] } {
  const events: OrchestrationEventJson[] = [];
  let done = false;
  const lines = text.split("\n\n").filter((l) => l.length > 0);
  for (const block of lines) {
    if (!block.startsWith("data: ")) throw new Error(`not an SSE data line: ${JSON.stringify(block.slice(0, 80))}`);
    const data = block.slice(6);
    if (data === "[DONE]") {
      done = true;
      continue;
    }
    events.push(JSON.parse(data) as OrchestrationEventJson);
  }
  return { events, done, lines };
}

export async function postOrchestration(
  api: ApiServer, key: string, path: "/v1/chat" | "/v1/compare" | "/v1/blend" | "/v1/judge", body: unknown,
  init: { signal?: AbortSignal } = {},
): Promise<SseAnswer> {
  const res = await fetch(api.baseUrl + path, {
    method: "POST", body: JSON.stringify(body), signal: init.signal,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
  });
  const text = await res.text();
  const sse = (res.headers.get("content-type") ?? "").startsWith("text/event-stream");
  const parsed = sse ? parseSse(text) : { events: [], done: false };
  return {
    status: res.status, headers: res.headers, requestId: res.headers.get("x-request-id") ?? "", events: parsed.events,
    done: parsed.done, text, json: sse ? null : (JSON.parse(text) as unknown),
  };
}

/** The events named `name`. */
export function eventsNamed(a: SseAnswer, name: string): OrchestrationEventJson[] {
  return a.events.filter((e) => e.event === name);
}
