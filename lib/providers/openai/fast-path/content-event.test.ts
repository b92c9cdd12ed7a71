import { describe, expect, it } from "vitest";
import { fixtureReader, runMapper } from "../../testing/fixtures";
import type { CanonicalChunk } from "../../types";
import { OpenAIStreamMapper } from "../stream";
import { contentOf, sharedPrefixOf } from "./content-event";

const fx = fixtureReader(`${import.meta.dirname}/..`);

/** The `data:` payloads of a recorded SSE file. */
function dataOf(sse: string): string[] {
  return sse.split("\n\n").map((e) => e.replace(/^data: /, "")).filter((d) => d.length > 0);
}

// The emulator's layout (no usage, no obfuscation) and OpenAI's (usage null, obfuscation pad).
const head = '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1754912345,"model":"gpt-4o-mini","system_fingerprint":"fp_e","choices":[{"index":0,"delta":';
const roleEvent = `${head}{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}`;
const contentEvent = (json: string, end = "}") => `${head}{"content":${json}},"logprobs":null,"finish_reason":null}]${end}`;
const openAi = dataOf(fx.text("text.sse.txt"));

type Outcome = { chunks: CanonicalChunk[] } | { error: string };

/** What the mapper makes of these events, with or without the fast path (ids and clock blanked). */
function outcome(events: string[], fast: boolean): Outcome {
  const m = new OpenAIStreamMapper("t", "k", "model", fast);
  const out: CanonicalChunk[] = [];
  try {
    for (const data of events) m.onEvent({ data, event: undefined, id: undefined }, out);
  } catch (err) {
    return { error: (err as Error).message };
  }
  return { chunks: out.map((c) => ({ ...c, id: "", created: 0 })) };
}

/** Every deletion, duplication and replacement (by a few JSON-significant characters) of one character. */
function* mutations(s: string): Generator<string> {
  const swaps = ['"', "\\", "{", "}", "[", "]", ",", ":", "0", "a", " ", "\u0001", "é", "n"];
  for (let i = 0; i < s.length; i++) {
    yield s.slice(0, i) + s.slice(i + 1);
    yield s.slice(0, i) + s[i] + s.slice(i);
    for (const c of swaps) if (c !== s[i]) yield s.slice(0, i) + c + s.slice(i + 1);
  }
}

describe("content-only stream events without JSON.parse", () => {
  it("reads the usual content events of both layouts, escapes and non-ASCII included", () => {
    const prefix = sharedPrefixOf(roleEvent)!;
    expect(prefix).toBe(head);
    for (const text of ["Hello", "", " wörld ✓ 😀", 'say "hi"\n\ttab \\ slash', "\u2028 line sep"]) {
      expect(contentOf(contentEvent(JSON.stringify(text)), prefix)).toBe(text);
      expect(contentOf(contentEvent(JSON.stringify(text), ',"usage":null,"obfuscation":"aB3_-"}'), prefix)).toBe(text);
    }
    const recorded = sharedPrefixOf(openAi[0]!)!;
    expect(openAi.map((d) => contentOf(d, recorded)).filter((t) => t !== null)).toEqual(
      ["Hello", "!", " How", " can", " I", " help", " you", " today", "?"]);
  });

  it("leaves every other event to the full path", () => {
    const prefix = sharedPrefixOf(roleEvent)!;
    for (const other of [
      roleEvent,
      `${head}{"content":"a"},"logprobs":null,"finish_reason":"stop"}]}`,
      `${head}{"content":"a","role":"assistant"},"logprobs":null,"finish_reason":null}]}`,
      `${head}{"content":"a"},"logprobs":null,"finish_reason":null}],"usage":{"prompt_tokens":1,"completion_tokens":1}}`,
      `${head}{"content":"a"},"logprobs":null,"finish_reason":null}],"error":"boom"}`,
      `${head}{"content":"a"},"logprobs":null,"finish_reason":null},{"index":1,"delta":{}}]}`,
      `${head}{"content":"a\\x"},"logprobs":null,"finish_reason":null}]}`,
      contentEvent('"a"').replace('"created":1754912345', '"created":1754912346'),
    ]) expect(contentOf(other, prefix), other).toBeNull();
  });

  it("takes no prefix that would let an error, usage or a nested anchor through", () => {
    expect(sharedPrefixOf(roleEvent.replace('{"id"', '{"error":"x","id"'))).toBeNull();
    expect(sharedPrefixOf(roleEvent.replace('{"id"', '{"usage":7,"id"'))).toBeNull();
    expect(sharedPrefixOf(roleEvent.replace('{"id"', '{"x_groq":{"usage":null},"id"'))).toBeNull();
    expect(sharedPrefixOf(roleEvent.replace('"created":1754912345', '"created":"soon"'))).toBeNull();
    expect(sharedPrefixOf(`{"x":{"choices":[{"index":0,"delta":{}}]},"choices":[]}`)).toBeNull();
  });

  it("maps recorded streams exactly as the full path does", () => {
    for (const file of ["text.sse.txt", "tool-calls.sse.txt", "mistral-tool-call.sse.txt", "stream-error.sse.txt"]) {
      const events = dataOf(fx.text(file)).filter((d) => d !== "[DONE]");
      expect(outcome(events, true), file).toEqual(outcome(events, false));
    }
    const fast = new OpenAIStreamMapper("t", "k", "model", true);
    expect(runMapper(fx.text("text.sse.txt"), fast)).toHaveLength(12);
  });

  it("agrees with the full path on every one-character mutation of a content event and of the event it learns from", () => {
    let fastReads = 0;
    const bases: Array<[string, string]> = [
      [roleEvent, contentEvent(JSON.stringify('a "quoted" ✓\n'))],
      [openAi[0]!, openAi[1]!],
    ];
    for (const [learn, content] of bases) {
      const prefix = sharedPrefixOf(learn)!;
      for (const m of mutations(content)) {
        if (contentOf(m, prefix) !== null) fastReads++;
        expect(outcome([learn, m], true), m).toEqual(outcome([learn, m], false));
      }
      for (const m of mutations(learn)) {
        expect(outcome([m, content], true), m).toEqual(outcome([m, content], false));
      }
    }
    expect(fastReads).toBeGreaterThan(100); // the mutations inside the text itself
  });
});
