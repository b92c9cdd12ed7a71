// Small helpers shared by the request mappers.
import type { TextPart } from "../types";

/** Flattens canonical text content (a string or text parts) into one string. */
export function textOf(content: string | TextPart[] | null | undefined): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  if (content.length === 1) return content[0]!.text;
  let out = "";
  for (let i = 0; i < content.length; i++) out += (i > 0 ? "\n" : "") + content[i]!.text;
  return out;
}

export function trimTrailingSlash(url: string): string {
  return url.endsWith("/") ? url.replace(/\/+$/, "") : url;
}

/** Unix seconds, the unit of OpenAI's `created`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
