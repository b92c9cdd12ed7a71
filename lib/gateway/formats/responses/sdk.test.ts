// Our Responses API objects and event streams, served over real HTTP and read by the official
// `openai` SDK: `responses.create` (output_text), its raw event stream, and the `responses.stream`
// helper that rebuilds the response from the events.
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import type { CanonicalChunk, CanonicalResponse } from "@/lib/providers/types";
import { jsonReply, startLocalServer, type LocalServer, type ScriptedReply } from "../testing/local-server";
import type { ResponseEcho } from "./echo";
import { responseIds, toResponseObject } from "./response";
import { ResponsesStreamEncoder } from "./stream";

const MODEL = "sim/claude";
const USAGE = { prompt_tokens: 30, completion_tokens: 9, total_tokens: 39, cached_tokens: 10 };
const IDS = responseIds("req_0123456789abcdef0123456789abcdef", 1_730_000_000);
const ECHO: ResponseEcho = {
  instructions: null, max_output_tokens: null, metadata: {}, parallel_tool_calls: true, temperature: null, top_p: null,
  text: { format: { type: "text" } }, tool_choice: "auto", tools: [], user: null,
};
let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(reply: ScriptedReply): Promise<OpenAI> {
  server = await startLocalServer(() => reply);
  return new OpenAI({ apiKey: "sk-sy-test", baseURL: `${server.url}/v1`, maxRetries: 0 });
}

function chunk(delta: CanonicalChunk["delta"], finish: CanonicalChunk["finish_reason"] = null): CanonicalChunk {
  return { id: "msg_01abc", created: 1_730_000_000, model: "upstream", delta, finish_reason: finish };
}

function events(chunks: CanonicalChunk[], end: (e: ResponsesStreamEncoder) => string): ScriptedReply {
  const e = new ResponsesStreamEncoder(IDS, MODEL, ECHO);
  return { chunks: [e.start(), ...chunks.map((c) => e.push(c)).filter(Boolean), end(e)] };
}

const TOOL_CHUNKS: CanonicalChunk[] = [
  chunk({ role: "assistant", content: "Let me check. " }),
  chunk({ tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "get_weather", arguments: "" } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: "{\"city\":" } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: "\"Paris\"}" } }] }),
  chunk({ tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "get_time", arguments: "{}" } }] }),
  chunk({}, "tool_calls"),
];

describe("Responses objects read by the openai SDK", () => {
  it("non-streaming: output items, usage and the SDK's output_text", async () => {
    const res: CanonicalResponse = {
      id: "x", created: 1, model: "upstream", finish_reason: "tool_calls",
      message: { role: "assistant", content: "Héllo 👋", tool_calls: [{ id: "call_a", type: "function", function: { name: "f", arguments: "{}" } }] },
    };
    const client = await clientFor(jsonReply(200, toResponseObject(res, MODEL, USAGE, IDS, ECHO)));
    const r = await client.responses.create({ model: MODEL, input: "hi" });
    expect(r).toMatchObject({
      id: "resp_0123456789abcdef0123456789abcdef", object: "response", status: "completed", model: MODEL, store: false,
      usage: { input_tokens: 30, output_tokens: 9, total_tokens: 39, input_tokens_details: { cached_tokens: 10 } },
    });
    expect(r.output_text).toBe("Héllo 👋");
    expect(r.output.map((o) => o.type)).toEqual(["message", "function_call"]);
    expect(r.output[1]).toMatchObject({ type: "function_call", call_id: "call_a", name: "f", arguments: "{}", status: "completed" });
  });

  it("non-streaming: cut by max_output_tokens is 'incomplete' with the reason", async () => {
    const res: CanonicalResponse = { id: "x", created: 1, model: "u", finish_reason: "length", message: { role: "assistant", content: "Part" } };
    const client = await clientFor(jsonReply(200, toResponseObject(res, MODEL, USAGE, IDS, ECHO)));
    const r = await client.responses.create({ model: MODEL, input: "hi", max_output_tokens: 16 });
    expect(r.status).toBe("incomplete");
    expect(r.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(r.output_text).toBe("Part");
  });

  it("streaming text: the lifecycle events in order with increasing sequence numbers", async () => {
    const client = await clientFor(events(
      [chunk({ role: "assistant", content: "Hé" }), chunk({ content: "llo \"w\"\n" }), chunk({}, "stop")],
      (e) => e.finish(USAGE, "stop"),
    ));
    const stream = await client.responses.create({ model: MODEL, input: "hi", stream: true });
    const seen: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const ev of stream) seen.push(ev);
    expect(seen.map((e) => e.type)).toEqual([
      "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
      "response.output_text.delta", "response.output_text.delta", "response.output_text.done", "response.content_part.done",
      "response.output_item.done", "response.completed",
    ]);
    expect(seen.map((e) => e.sequence_number)).toEqual(seen.map((_, i) => i));
    const done = seen.find((e) => e.type === "response.output_text.done");
    expect(done).toMatchObject({ text: "Héllo \"w\"\n", output_index: 0, content_index: 0 });
    const completed = seen.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    expect(completed.response.usage).toMatchObject({ input_tokens: 30, output_tokens: 9 });
    expect(completed.response.output).toEqual([expect.objectContaining({ type: "message", status: "completed" })]);
  });

  it("streaming function calls: the responses.stream helper rebuilds text and both calls", async () => {
    const client = await clientFor(events(TOOL_CHUNKS, (e) => e.finish(USAGE, "tool_calls")));
    const stream = client.responses.stream({ model: MODEL, input: "hi" });
    const argDeltas: string[] = [];
    stream.on("response.function_call_arguments.delta", (ev) => argDeltas.push(ev.delta));
    const final = await stream.finalResponse();
    // This SDK's stream helper leaves output_text unset, with OpenAI's own streams too
    // (openai-node #1662): the text is read from the message item, as from OpenAI.
    expect(final.output[0]).toMatchObject({ type: "message", content: [{ type: "output_text", text: "Let me check. " }] });
    expect(final.output.map((o) => o.type)).toEqual(["message", "function_call", "function_call"]);
    expect(final.output[1]).toMatchObject({ call_id: "call_a", name: "get_weather", arguments: "{\"city\":\"Paris\"}" });
    expect(final.output[2]).toMatchObject({ call_id: "call_b", name: "get_time", arguments: "{}" });
    expect(argDeltas.join("")).toBe("{\"city\":\"Paris\"}{}");
  });

  it("a failure mid-stream ends with response.failed carrying the error and what was generated", async () => {
    const client = await clientFor(events([chunk({ content: "Partial" })], (e) => e.fail("The upstream provider failed.", false)));
    const stream = await client.responses.create({ model: MODEL, input: "hi", stream: true });
    const seen: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const ev of stream) seen.push(ev);
    const failed = seen.at(-1) as OpenAI.Responses.ResponseFailedEvent;
    expect(failed.type).toBe("response.failed");
    expect(failed.response.status).toBe("failed");
    expect(failed.response.error).toEqual({ code: "server_error", message: "The upstream provider failed." });
    expect(failed.response.output[0]).toMatchObject({ type: "message", status: "incomplete" });
  });

  it("an empty answer still has one (empty) message item", async () => {
    const client = await clientFor(events([chunk({}, "stop")], (e) => e.finish(USAGE, "stop")));
    const final = await client.responses.stream({ model: MODEL, input: "hi" }).finalResponse();
    expect(final.output).toEqual([expect.objectContaining({ type: "message", content: [expect.objectContaining({ text: "" })] })]);
  });
});
