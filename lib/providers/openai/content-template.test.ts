import { describe, expect, it } from "vitest";
import { ContentTemplate, type ContentOf } from "./content-template";

const head = '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":';
const tail = '},"logprobs":null,"finish_reason":null}],"usage":null}';
const ev = (token: string, end = tail) => head + token + end;
/** Stands in for the full parse: what a content-only event's content is. */
const fullParse: ContentOf = (data) => {
  try {
    const c = JSON.parse(data) as { choices?: Array<{ delta?: { content?: unknown } }> };
    const content = c.choices?.[0]?.delta?.content;
    return typeof content === "string" ? content : undefined;
  } catch {
    return undefined;
  }
};

function learnt(data = ev('"Hello"'), contentOf: ContentOf = fullParse): ContentTemplate {
  const t = new ContentTemplate();
  expect(t.learn(data, fullParse(data)!, contentOf)).toBe(true);
  return t;
}

describe("ContentTemplate", () => {
  it("decodes the content of events that differ only in it, escapes included", () => {
    const t = learnt();
    for (const s of ["", " world", 'say "hi"', "a\\b", "line\nbreak\ttab", "é ✓ 𝄞", "\u2028", "</script>", "\u0000\u001f"]) {
      expect(t.match(ev(JSON.stringify(s)))).toBe(s);
    }
    expect(t.match(ev('"\\u00e9\\/"'))).toBe("é/");
    expect(t.match(ev(' "spaced" '))).toBe("spaced"); // whitespace around a value is still JSON
  });

  it("refuses anything but one JSON string in the slot", () => {
    const t = learnt();
    for (const slot of ["null", "5", "true", "{}", '["a"]', '"a","x":"b"', '"unterminated', 'x"', '"bad \\q escape"', '"raw\nnewline"', '""""', "", '"']) {
      expect(t.match(ev(slot)), slot).toBeUndefined();
    }
  });

  it("refuses events whose text around the slot differs", () => {
    const t = learnt();
    expect(t.match(ev('"x"').replace("chatcmpl-1", "chatcmpl-2"))).toBeUndefined();
    expect(t.match(ev('"x"', tail.replace('"finish_reason":null', '"finish_reason":"stop"')))).toBeUndefined();
    expect(t.match(ev('"x"', tail.replace('"usage":null', '"usage":{"prompt_tokens":1}')))).toBeUndefined();
    expect(t.match(ev('"x"', tail + " "))).toBeUndefined();
    expect(t.match("[DONE]")).toBeUndefined();
    expect(t.match(head)).toBeUndefined();
  });

  it("lets OpenAI's obfuscation padding vary, as long as it is a plain string", () => {
    const padded = (token: string, pad: string) => ev(token, tail.slice(0, -1) + `,"obfuscation":"${pad}"}`);
    const t = learnt(padded('"Hello"', "abc"));
    expect(t.match(padded('" there"', "Zq9"))).toBe(" there");
    expect(t.match(padded('" there"', ""))).toBe(" there");
    expect(t.match(padded('" there"', "a\\nb"))).toBeUndefined();
    expect(t.match(padded('" there"', 'a"b'))).toBeUndefined();
    expect(t.match(padded('" there"', "abc").replace('"obfuscation"', '"obfuscatior"'))).toBeUndefined();
  });

  it("does not learn when the slot cannot be proven to be the content", () => {
    const t = new ContentTemplate();
    // A backslash before the slot: string boundaries cannot be read off the text.
    const escapedId = ev('"Hi"').replace("chatcmpl-1", "chat\\\\1");
    expect(t.learn(escapedId, "Hi", fullParse)).toBe(false);
    // The same `"content":"Hi"` text occurs first somewhere the mapping does not read.
    const decoy = '{"meta":{"content":"Hi"},' + ev('"Hi"').slice(1);
    expect(new ContentTemplate().learn(decoy, "Hi", fullParse)).toBe(false);
    // Differently escaped content is not found.
    expect(new ContentTemplate().learn(ev('"\\u0048i"'), "Hi", fullParse)).toBe(false);
    expect(t.match(ev('"x"'))).toBeUndefined();
  });

  it("stops relearning after a few tries", () => {
    const t = new ContentTemplate();
    const failing: ContentOf = () => undefined;
    for (let i = 0; i < 3; i++) expect(t.learn(ev('"a"'), "a", failing)).toBe(false);
    expect(t.learn(ev('"a"'), "a", fullParse)).toBe(false);
    expect(t.match(ev('"b"'))).toBeUndefined();
  });
});
