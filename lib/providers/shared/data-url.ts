// `data:` URLs in image parts → media type + base64 payload (Anthropic base64 sources,
// Gemini inlineData). Only base64 data URLs are accepted: that is what OpenAI documents.
export type InlineData = { mediaType: string; data: string };

const DATA_URL = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)((?:;[a-z0-9-]+=[^;,]*)*);base64,/i;

export function parseDataUrl(url: string): InlineData | null {
  if (!url.startsWith("data:")) return null;
  const m = DATA_URL.exec(url.slice(0, 256));
  if (!m) return null;
  return { mediaType: m[1]!.toLowerCase(), data: url.slice(m[0].length) };
}

export function isHttpUrl(url: string): boolean {
  return url.startsWith("https://") || url.startsWith("http://");
}
