// Display of catalog facts on the public model page. Prices arrive as exact decimal strings
// (USD per million tokens) and are shown as they are, padded to cents: "2" → "$2.00",
// "0.075" → "$0.075". Never through floats.
import type { PublicModel } from "@/lib/catalog/public-models";

export function perMillion(price: string | null | undefined): string {
  if (price === null || price === undefined) return "—";
  const [whole = "0", fraction = ""] = price.split(".");
  return `$${Number(whole).toLocaleString("en-US")}.${fraction.padEnd(2, "0")}`;
}

/** Context windows: "128K", "1M", "1.05M", "8,192" below ten thousand. */
export function tokenCount(n: number): string {
  if (n < 10_000) return n.toLocaleString("en-US");
  return new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: n >= 1_000_000 ? 2 : 0 }).format(n);
}

/**
 * The unavailability reason without its preamble and trailing dashboard URL (the page links
 * to Providers itself): "no OpenAI key is configured. Add your own OpenAI key under Providers (BYOK)".
 */
export function shortReason(reason: string | null): { text: string; byok: boolean } | null {
  if (!reason) return null;
  const withoutLead = reason.replace(/^Not available( on this deployment)?:\s*/i, "");
  const byok = /Providers \(BYOK\)/.test(withoutLead);
  const text = withoutLead.replace(/:\s*https?:\/\/\S+$/, "").trim();
  return { text: text ? text.charAt(0).toUpperCase() + text.slice(1) : reason, byok };
}

export type ModelFilter = { query: string; provider: string; capability: string; availableOnly: boolean };

/** Every word of the query must appear in the id, name, provider, an alias or a capability. */
export function matches(m: PublicModel, f: ModelFilter): boolean {
  if (f.provider && m.provider !== f.provider) return false;
  if (f.capability && !m.capabilities.includes(f.capability as PublicModel["capabilities"][number])) return false;
  if (f.availableOnly && !m.available) return false;
  const words = f.query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [m.id, m.name, m.provider, ...m.aliases, ...m.capabilities, m.simulated ? "simulated" : ""].join(" ").toLowerCase();
  return words.every((w) => haystack.includes(w));
}
