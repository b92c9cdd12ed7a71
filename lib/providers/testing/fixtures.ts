// Test helpers: read recorded wire fixtures and run a StreamMapper over raw SSE text the way
// postForEvents does (in arbitrary byte-sized pieces), without any network.
import { readFileSync } from "node:fs";
import { createParser } from "eventsource-parser";
import type { StreamMapper } from "../http/call";
import type { CanonicalChunk } from "../types";

export function fixtureReader(dir: string): { text(name: string): string; json(name: string): unknown } {
  return {
    text: (name) => readFileSync(`${dir}/__fixtures__/${name}`, "utf8"),
    json: (name) => JSON.parse(readFileSync(`${dir}/__fixtures__/${name}`, "utf8")) as unknown,
  };
}

/** Feeds `sse` in pieces of `pieceSize` characters (fragmentation must not matter). */
export function runMapper(sse: string, mapper: StreamMapper, pieceSize = 7): CanonicalChunk[] {
  const out: CanonicalChunk[] = [];
  let failure: unknown = null;
  const parser = createParser({
    onEvent(event) {
      if (failure !== null || mapper.done) return;
      try {
        mapper.onEvent(event, out);
      } catch (err) {
        failure = err;
      }
    },
  });
  for (let i = 0; i < sse.length && !mapper.done; i += pieceSize) {
    parser.feed(sse.slice(i, i + pieceSize));
    if (failure !== null) throw failure;
  }
  if (!mapper.done) {
    parser.reset({ consume: true });
    if (failure !== null) throw failure;
    mapper.onEnd(out);
  }
  return out;
}

/** Concatenates streamed deltas into what a client would assemble. */
export function assemble(chunks: CanonicalChunk[]): {
  content: string;
  toolCalls: Array<{ id?: string; name?: string; arguments: string }>;
  finish: string | null | undefined;
  usage: CanonicalChunk["usage"];
} {
  let content = "";
  const toolCalls: Array<{ id?: string; name?: string; arguments: string }> = [];
  let finish: string | null | undefined;
  let usage: CanonicalChunk["usage"];
  for (const c of chunks) {
    if (c.delta.content) content += c.delta.content;
    for (const tc of c.delta.tool_calls ?? []) {
      const slot = (toolCalls[tc.index] ??= { arguments: "" });
      if (tc.id) slot.id = tc.id;
      if (tc.function?.name) slot.name = tc.function.name;
      if (tc.function?.arguments) slot.arguments += tc.function.arguments;
    }
    if (c.finish_reason) finish = c.finish_reason;
    if (c.usage) usage = c.usage;
  }
  return { content, toolCalls, finish, usage };
}
