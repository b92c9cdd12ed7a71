// A small Markdown reader for model answers: paragraphs, headings, lists, quotes, rules, fenced
// code, inline code, bold, italics and http(s) links. It produces a tree that the React renderer
// (components/playground/markdown.tsx) turns into elements — no HTML string is ever built, so
// whatever a model writes (<script>, javascript: links, raw HTML) shows as text. Tolerant of
// half-written input: an unclosed fence while streaming renders as code so far.
export type Inline =
  | { t: "text"; v: string }
  | { t: "code"; v: string }
  | { t: "strong"; c: Inline[] }
  | { t: "em"; c: Inline[] }
  | { t: "link"; href: string; c: Inline[] };

export type Block =
  | { t: "p"; c: Inline[] }
  | { t: "h"; level: number; c: Inline[] }
  | { t: "code"; lang: string; v: string }
  | { t: "ul"; items: Inline[][] }
  | { t: "ol"; start: number; items: Inline[][] }
  | { t: "quote"; c: Inline[] }
  | { t: "hr" };

// One alternative per inline form, tried left to right: `code`, **strong**, __strong__,
// *em*, _em_, [text](http(s)://…).
const INLINE = /`([^`\n]+)`|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__|\*(?=[^\s*])([^*\n]*?[^\s*])\*|(?<![\w])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\w])|\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g;

export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of src.matchAll(INLINE)) {
    const at = m.index;
    if (at > last) out.push({ t: "text", v: src.slice(last, at) });
    if (m[1] !== undefined) out.push({ t: "code", v: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined) out.push({ t: "strong", c: parseInline(m[2] ?? m[3]!) });
    else if (m[4] !== undefined || m[5] !== undefined) out.push({ t: "em", c: parseInline(m[4] ?? m[5]!) });
    else out.push({ t: "link", href: m[7]!, c: parseInline(m[6]!) });
    last = at + m[0].length;
  }
  if (last < src.length) out.push({ t: "text", v: src.slice(last) });
  return out;
}

const FENCE = /^\s{0,3}(```+|~~~+)\s*([\w+#.-]*)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const ORDERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;

export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ t: "p", c: parseInline(para.join("\n")) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1]!;
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trimStart().startsWith(marker); i++) body.push(lines[i]!);
      blocks.push({ t: "code", lang: fence[2] ?? "", v: body.join("\n") });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      flush();
      blocks.push({ t: "h", level: h[1]!.length, c: parseInline(h[2]!) });
      continue;
    }
    if (RULE.test(line)) {
      flush();
      blocks.push({ t: "hr" });
      continue;
    }
    const list = BULLET.exec(line) ?? ORDERED.exec(line);
    if (list) {
      flush();
      const ordered = !BULLET.test(line);
      const items: Inline[][] = [];
      const start = ordered ? Number(list[1]) : 1;
      for (; i < lines.length; i++) {
        const m = ordered ? ORDERED.exec(lines[i]!) : BULLET.exec(lines[i]!);
        if (!m) break;
        items.push(parseInline(ordered ? m[2]! : m[1]!));
      }
      i--;
      blocks.push(ordered ? { t: "ol", start, items } : { t: "ul", items });
      continue;
    }
    const q = QUOTE.exec(line);
    if (q) {
      flush();
      const quoted: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i]!); i++) quoted.push(QUOTE.exec(lines[i]!)![1]!);
      i--;
      blocks.push({ t: "quote", c: parseInline(quoted.join("\n")) });
      continue;
    }
    para.push(line);
  }
  flush();
  return blocks;
}
