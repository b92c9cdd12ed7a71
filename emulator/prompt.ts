import { IMAGE_TOKENS, countTokens } from "./tokens";

/**
 * The format-independent view of one generation request. Each wire format maps its body into
 * this, so token counting, prompt caching and reply generation behave the same everywhere.
 */
export type JsonSchema = Record<string, unknown>;

/** One countable piece of the prompt (a text block, an image, a tool definition...). */
export type PromptSegment = {
  /** Identity used for prompt-cache hashing (the text itself, an image URL, ...). */
  key: string;
  tokens: number;
  /** A cache lookup may stop after this segment (end of a message / content block). */
  boundary: boolean;
  /** Anthropic `cache_control` breakpoint on this block. */
  cacheMark: boolean;
};

export type EmuTool = { name: string; description?: string; parameters?: JsonSchema };

export type ToolMode =
  | { kind: "auto" }
  | { kind: "none" }
  | { kind: "required" }
  | { kind: "forced"; name: string };

export type EmuRequest = {
  model: string;
  /** The wire format the request came in; with the temperature and prompts it seeds the reply's variety. */
  wire: "openai" | "anthropic" | "gemini";
  /** Sampling temperature as sent (null = the provider's default). */
  temperature: number | null;
  /** Text of the system prompt (system/developer messages, Anthropic `system`, Gemini `systemInstruction`). */
  systemText: string;
  segments: PromptSegment[];
  promptTokens: number;
  /** Text of the last user turn (echoed in the reply). */
  lastUserText: string;
  /** Content of the tool result(s) when the conversation ends with one, else null. */
  toolResult: string | null;
  tools: EmuTool[];
  toolMode: ToolMode;
  maxTokens: number | null;
  stop: string[];
  /** JSON output requested; schema null = any JSON object. */
  json: { schema: JsonSchema | null } | null;
};

/** Collects prompt segments in wire order while a format walks its request body. */
export class PromptBuilder {
  private readonly segments: PromptSegment[] = [];
  private total = 0;

  text(text: string, opts: { boundary?: boolean; cacheMark?: boolean } = {}): this {
    const tokens = countTokens(text);
    this.push({ key: text, tokens, boundary: opts.boundary ?? false, cacheMark: opts.cacheMark ?? false });
    return this;
  }

  image(key: string, opts: { boundary?: boolean; cacheMark?: boolean } = {}): this {
    this.push({
      key: `image:${key}`,
      tokens: IMAGE_TOKENS,
      boundary: opts.boundary ?? false,
      cacheMark: opts.cacheMark ?? false,
    });
    return this;
  }

  tool(tool: EmuTool, opts: { cacheMark?: boolean } = {}): this {
    const text = `${tool.name} ${tool.description ?? ""} ${JSON.stringify(tool.parameters ?? {})}`;
    return this.text(text, { boundary: true, cacheMark: opts.cacheMark });
  }

  /** Marks the end of a message: the last segment so far becomes a cache boundary. */
  endMessage(): this {
    const last = this.segments[this.segments.length - 1];
    if (last) last.boundary = true;
    return this;
  }

  build(): { segments: PromptSegment[]; promptTokens: number } {
    return { segments: this.segments, promptTokens: this.total };
  }

  private push(segment: PromptSegment): void {
    this.segments.push(segment);
    this.total += segment.tokens;
  }
}

/** Reads a JSON-ish tool result / content value as text. */
export function stringifyContent(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  return JSON.stringify(value);
}
