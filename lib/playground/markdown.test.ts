import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown } from "@/lib/playground/markdown";

describe("parseMarkdown", () => {
  it("reads headings, lists, quotes, rules, fenced code and paragraphs", () => {
    const md = "# Title\n\nSome *text* and **bold**.\n\n- one\n- two `x`\n\n1. first\n2. second\n\n> quoted\n\n---\n\n```ts\nconst a = 1 < 2;\n```\nafter";
    expect(parseMarkdown(md)).toEqual([
      { t: "h", level: 1, c: [{ t: "text", v: "Title" }] },
      { t: "p", c: [{ t: "text", v: "Some " }, { t: "em", c: [{ t: "text", v: "text" }] }, { t: "text", v: " and " },
        { t: "strong", c: [{ t: "text", v: "bold" }] }, { t: "text", v: "." }] },
      { t: "ul", items: [[{ t: "text", v: "one" }], [{ t: "text", v: "two " }, { t: "code", v: "x" }]] },
      { t: "ol", start: 1, items: [[{ t: "text", v: "first" }], [{ t: "text", v: "second" }]] },
      { t: "quote", c: [{ t: "text", v: "quoted" }] },
      { t: "hr" },
      { t: "code", lang: "ts", v: "const a = 1 < 2;" },
      { t: "p", c: [{ t: "text", v: "after" }] },
    ]);
  });

  it("renders a fence still being streamed as code so far", () => {
    expect(parseMarkdown("intro\n```py\nprint(1)")).toEqual([
      { t: "p", c: [{ t: "text", v: "intro" }] }, { t: "code", lang: "py", v: "print(1)" },
    ]);
  });

  it("keeps HTML as text and links only http(s)", () => {
    expect(parseInline("<script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.com/a)")).toEqual([
      { t: "text", v: "<script>alert(1)</script> [x](javascript:alert(1)) " },
      { t: "link", href: "https://example.com/a", c: [{ t: "text", v: "ok" }] },
    ]);
  });

  it("leaves snake_case and lone asterisks alone", () => {
    expect(parseInline("a_b_c and 2 * 3 * 4")).toEqual([{ t: "text", v: "a_b_c and 2 * 3 * 4" }]);
  });
});
