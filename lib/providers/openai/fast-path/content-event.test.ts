import { afterEach, describe, expect, it, vi } from "vitest";
import { fixtureReader, runMapper } from "../../testing/fixtures";
import type { CanonicalChunk } from "../../types";
import { OpenAIStreamMapper } from "../stream";
import { contentOf, finishOf, sharedPrefixOf, usageHeadOf, usageOf } from "./content-event";
import { forgetProven, provenFields } from "./proven-prefix";

const fx = fixtureReader(`${import.meta.dirname}/..`);

/** The `data:` payloads of a recorded SSE file. */
function dataOf(sse: string): string[] {
  return sse.split("\n\n").map((e) => e.replace(/^data: /, "")).filter((d) => d.length > 0);
}

// The emulator's layout (no usage, no obfuscation) and OpenAI's (usage null, obfuscation pad).
const head = '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1754912345,"model":"gpt-4o-mini","system_fingerprint":"fp_e","choices":[{"index":0,"delta":';
const roleEvent = `${head}{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}`;
const contentEvent = (json: string, end = "}") => `${head}{"content":${json}},"logprobs":null,"finish_reason":null}]${end}`;
const finishEvent = (reason: string, end = "}") => `${head}{},"logprobs":null,"finish_reason":"${reason}"}]${end}`;
const usageHead = head.slice(0, -'{"index":0,"delta":'.length);
const usageEvent = (usage: string, end = "}") => `${usageHead}],"usage":${usage}${end}`;
const USAGE = '{"prompt_tokens":20,"completion_tokens":24,"total_tokens":44,"prompt_tokens_details":{"cached_tokens":3}}';
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

afterEach(() => forgetProven());

describe("content-, finish- and usage-only stream events without a whole JSON.parse", () => {
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

  it("reads a finish-only event's reason, and leaves every other finish to the full path", () => {
    const prefix = sharedPrefixOf(roleEvent)!;
    for (const reason of ["stop", "length", "tool_calls", "content_filter"]) {
      expect(finishOf(finishEvent(reason), prefix)).toBe(reason);
      expect(finishOf(finishEvent(reason, ',"usage":null,"obfuscation":"aB3_-"}'), prefix)).toBe(reason);
      expect(finishOf(`${head}{},"finish_reason":"${reason}"}]}`, prefix)).toBe(reason);
    }
    const recorded = sharedPrefixOf(openAi[0]!)!;
    expect(openAi.map((d) => finishOf(d, recorded)).filter((t) => t !== null)).toEqual(["stop"]);
    for (const other of [
      finishEvent(""),
      finishEvent("Stop"),
      finishEvent("st\\u006fp"),
      `${head}{"content":"a"},"logprobs":null,"finish_reason":"stop"}]}`,
      `${head}{},"logprobs":null,"finish_reason":null}]}`,
      `${head}{},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1}}`,
      `${head}{},"logprobs":null,"finish_reason":"stop"},{"index":1,"delta":{}}]}`,
      `${head}{},"logprobs":null,"finish_reason":"stop"}]`,
      finishEvent("stop").replace('"created":1754912345', '"created":1754912346'),
    ]) expect(finishOf(other, prefix), other).toBeNull();
    // A "stop" after tool calls is reported as tool_calls on both paths.
    const tool = `${head}{"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},"logprobs":null,"finish_reason":null}]}`;
    const fast = outcome([roleEvent, tool, finishEvent("stop")], true);
    expect(fast).toEqual(outcome([roleEvent, tool, finishEvent("stop")], false));
    expect("chunks" in fast && fast.chunks.at(-1)?.finish_reason).toBe("tool_calls");
  });

  it("parses only the usage object of a usage-only event, and leaves every other one to the full path", () => {
    const h = usageHeadOf(sharedPrefixOf(roleEvent)!);
    expect(h).toBe(usageHead);
    expect(usageOf(usageEvent(USAGE), h)).toEqual(JSON.parse(USAGE));
    expect(usageOf(usageEvent(USAGE, ',"obfuscation":"Hk2"}'), h)).toEqual(JSON.parse(USAGE));
    const recorded = usageHeadOf(sharedPrefixOf(openAi[0]!)!);
    expect(openAi.map((d) => usageOf(d, recorded)).filter((u) => u !== null)).toHaveLength(1);
    for (const other of [
      usageEvent("null"),
      usageEvent("7"),
      usageEvent('{"prompt_tokens":-1,"completion_tokens":2}'),
      usageEvent('{"prompt_tokens":1}'),
      usageEvent(USAGE, ',"x_groq":{"usage":null}}'),
      usageEvent(USAGE, ',"error":"boom"}'),
      usageEvent(USAGE, ',"obfuscation":"a b"}'),
      usageEvent(USAGE, ""),
      usageEvent(USAGE, "}}"),
      `${usageHead}{"index":0,"delta":{}}],"usage":${USAGE}}`,
      usageEvent(USAGE).replace('"created":1754912345', '"created":1754912346'),
    ]) expect(usageOf(other, h), other).toBeNull();
  });

  it("learns the next stream's prefix and first event of a proven tail without a parse", () => {
    forgetProven();
    const stream = (id: string, created: number) => {
      const h = head.replace('"chatcmpl-1"', `"${id}"`).replace("1754912345", String(created));
      const tail = (e: string) => e.replace(head, h).replace(usageHead, h.slice(0, -'{"index":0,"delta":'.length));
      return [roleEvent, contentEvent('"Hi"'), finishEvent("stop"), usageEvent(USAGE)].map(tail);
    };
    const parse = vi.spyOn(JSON, "parse");
    const first = outcome(stream("chatcmpl-A", 1), true);
    const parsesFirst = parse.mock.calls.length;
    parse.mockClear();
    const second = outcome(stream("chatcmpl-B_2", 1754912399), true);
    const parsesSecond = parse.mock.calls.length;
    parse.mockRestore();
    expect(parsesFirst).toBe(2); // the prefix (then proven: the role event is read from it), the usage object
    expect(parsesSecond).toBe(1); // the usage object only
    expect(first).toEqual(outcome(stream("chatcmpl-A", 1), false));
    expect(second).toEqual(outcome(stream("chatcmpl-B_2", 1754912399), false));
    expect("chunks" in second && second.chunks[0]).toMatchObject({ model: "gpt-4o-mini", delta: { role: "assistant", content: "" } });
  });

  it("proves no tail whose prefix's id or created the text could misstate", () => {
    forgetProven();
    const proven = (event: string) => {
      const p = sharedPrefixOf(event);
      return p !== null && provenFields(p) !== null;
    };
    expect(proven(roleEvent)).toBe(true);
    expect(provenFields(sharedPrefixOf(roleEvent)!)).toEqual({ id: "chatcmpl-1", created: 1754912345, model: "gpt-4o-mini" });
    for (const other of [
      roleEvent.replace('"chatcmpl-1"', '"chat\\u0063mpl"'), // an escape: the text is not the value
      roleEvent.replace('"chatcmpl-1"', '"chat.cmpl"'),
      roleEvent.replace('"chatcmpl-1"', '""'),
      roleEvent.replace("1754912345", "01754912345"),
      roleEvent.replace("1754912345", "1754912345.5"),
      roleEvent.replace("1754912345", "1e9"),
      roleEvent.replace("1754912345", "1234567890123456"),
      roleEvent.replace('"model"', '"created":7,"model"'),
      roleEvent.replace('"model"', '"id":"other","model"'),
      roleEvent.replace('"model"', '"\\u0069d":"chatcmpl-1","model"'), // an escaped key that is "id"
      roleEvent.replace('"gpt-4o-mini"', '"gpt-4o\\u002dmini"'),
      roleEvent.replace('"object":"chat.completion.chunk",', ""),
    ]) expect(proven(other), other).toBe(false);
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
    let fastFinishes = 0;
    let fastUsages = 0;
    const bases: Array<[string, string]> = [
      [roleEvent, contentEvent(JSON.stringify('a "quoted" ✓\n'))],
      [openAi[0]!, openAi[1]!],
      [roleEvent, finishEvent("stop")],
      [openAi[0]!, openAi.find((d) => d.includes('"finish_reason":"stop"'))!],
      [roleEvent, usageEvent(USAGE)],
      [openAi[0]!, openAi.find((d) => d.includes('"choices":[],"usage":{'))!],
    ];
    for (const [learn, content] of bases) {
      const prefix = sharedPrefixOf(learn)!;
      for (const m of mutations(content)) {
        if (contentOf(m, prefix) !== null) fastReads++;
        if (finishOf(m, prefix) !== null) fastFinishes++;
        if (usageOf(m, usageHeadOf(prefix)) !== null) fastUsages++;
        expect(outcome([learn, m], true), m).toEqual(outcome([learn, m], false));
      }
      for (const m of mutations(learn)) {
        expect(outcome([m, content], true), m).toEqual(outcome([m, content], false));
      }
    }
    expect(fastReads).toBeGreaterThan(100); // the mutations inside the text itself
    expect(fastFinishes).toBeGreaterThan(20); // … and inside the reason (stop → stp, sto_p, …)
    expect(fastUsages).toBeGreaterThan(20); // … and inside the usage object (other counts, spaces)
  });
});
