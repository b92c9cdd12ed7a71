// The optional markup (SPEC §4 "an optional markup is a setting"): PRICE_MARKUP_BPS basis
// points on top of the catalog cost, rounded up to the next unit (money.ts applyMarkupBps).
// The reservation and the charge both include it, so a reservation is never below its
// charge (the markup is monotonic: cost ≤ worst case ⇒ marked-up cost ≤ marked-up worst
// case). The catalog and /v1/models keep the provider's price; each request log's price
// snapshot records the markup it was billed at.
import { env } from "@/lib/env";
import { applyMarkupBps } from "@/lib/billing/money";
import { serializePriceSnapshot, type PriceSnapshot, type PriceSnapshotJson } from "@/lib/catalog/pricing";

/** The markup in basis points (100 = 1 %), from the environment; 0 by default. */
export function markupBps(): number {
  return env().PRICE_MARKUP_BPS;
}

/** What the account pays for `cost` (units at catalog price): the cost plus the markup. */
export function withMarkup(cost: bigint, bps: number = markupBps()): bigint {
  return bps === 0 ? cost : applyMarkupBps(cost, bps);
}

/** The price a request log records: the catalog snapshot and the markup on top of it. */
export type BilledPriceJson = PriceSnapshotJson & { markupBps: number };

// Snapshots are shared per catalog entry, so each is serialised once per markup setting,
// not once per request (four bigint → string conversions and an object each time).
const serialized = new WeakMap<PriceSnapshot, BilledPriceJson>();

export function billedPrice(price: PriceSnapshot, bps: number = markupBps()): BilledPriceJson {
  const hit = serialized.get(price);
  if (hit && hit.markupBps === bps) return hit;
  // Not `{ ...snapshot, markupBps }`: that literal would be a slow (dictionary) object, and it
  // is serialised into every request log row.
  const json: BilledPriceJson = Object.assign(serializePriceSnapshot(price), { markupBps: bps });
  serialized.set(price, json);
  return json;
}

/**
 * The largest catalog cost whose marked-up price fits in `amount`: what a capped reservation
 * leaves for the tokens themselves (the gateway sizes the capped max_tokens on it).
 */
export function costWithin(amount: bigint, bps: number = markupBps()): bigint {
  if (bps === 0 || amount <= 0n) return amount > 0n ? amount : 0n;
  let c = (amount * 10_000n) / BigInt(10_000 + bps);
  while (withMarkup(c + 1n, bps) <= amount) c++;
  while (c > 0n && withMarkup(c, bps) > amount) c--;
  return c;
}
