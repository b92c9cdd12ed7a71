// Money is integer BigInt everywhere, in units of 1e-12 USD ("units"). This module is the one
// place that converts between units and decimal strings (prices, user input, display).
// No float ever takes part in a money computation: decimal strings are split into digits and
// scaled with BigInt arithmetic, so every conversion is exact or throws.
//
// Rounding rule for display: FLOOR (toward −∞), always. A balance is never shown larger than
// it is, and a negative balance is never shown closer to zero than it is.

export type Units = bigint;

export const UNITS_PER_USD: Units = 1_000_000_000_000n; // 1e12
export const UNITS_PER_CENT: Units = 10_000_000_000n; // 1e10
/** 1 credit = US$0.01. */
export const UNITS_PER_CREDIT: Units = UNITS_PER_CENT;

const USD_DECIMALS = 12;
const CREDIT_DECIMALS = 10;
/** USD per 1M tokens × 1e12 units/USD ÷ 1e6 tokens = 6 decimal places of USD/M per unit/token. */
const USD_PER_MILLION_DECIMALS = 6;
const MAX_DECIMAL_INPUT_LENGTH = 40;

/** Thrown for malformed, negative or inexact money input. Messages are safe to show users. */
export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MoneyError";
  }
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Exact `decimal × 10^scale` as a BigInt; throws if the result would not be an integer. */
function scaleDecimal(input: string, scale: number, label: string): bigint {
  if (typeof input !== "string" || input.length > MAX_DECIMAL_INPUT_LENGTH) {
    throw new MoneyError(`${label}: expected a decimal string`);
  }
  const match = DECIMAL.exec(input);
  if (!match) throw new MoneyError(`${label}: "${input}" is not a non-negative decimal number`);
  const whole = match[1]!;
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > scale) {
    throw new MoneyError(`${label}: "${input}" has more than ${scale} decimal places`);
  }
  return BigInt(whole) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, "0") || "0");
}

/** Exact decimal string of `value / 10^scale`, trailing zeros trimmed ("2.5", "0", "-0.01"). */
function unscaleExact(value: bigint, scale: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = powerOfTen(scale);
  const whole = (abs / base).toString();
  const rest = abs % base;
  if (rest === 0n) return `${negative ? "-" : ""}${whole}`; // most amounts: no fraction to trim
  let fraction = rest.toString().padStart(scale, "0");
  let end = fraction.length;
  while (fraction.charCodeAt(end - 1) === 48 /* "0" */) end--;
  fraction = fraction.slice(0, end);
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

// Every response renders a few amounts (credits charged, remaining): the powers are computed once.
const POWERS_OF_TEN: bigint[] = [];
function powerOfTen(n: number): bigint {
  return (POWERS_OF_TEN[n] ??= 10n ** BigInt(n));
}

/** Floor division for a positive divisor (BigInt `/` truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Floors `units` to `decimals` places of `unitsPerWhole` and renders "1,234.56". */
function formatFloored(units: Units, unitsPerWhole: bigint, decimals: number): string {
  const step = unitsPerWhole / 10n ** BigInt(decimals);
  const steps = floorDiv(units, step);
  const negative = steps < 0n;
  const abs = negative ? -steps : steps;
  const base = 10n ** BigInt(decimals);
  const whole = groupThousands((abs / base).toString());
  const fraction = decimals > 0 ? `.${(abs % base).toString().padStart(decimals, "0")}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

// ---------- Conversions ----------

/** "2.50" → 2_500_000_000_000n. Up to 12 decimal places; throws on anything else. */
export function usdToUnits(usd: string): Units {
  return scaleDecimal(usd, USD_DECIMALS, "USD amount");
}

/** Exact decimal USD string for `units` ("2.5", "0.000000000001"). */
export function unitsToUsdString(units: Units): string {
  return unscaleExact(units, USD_DECIMALS);
}

/**
 * A catalog price "USD per 1M tokens" → units per token (USD/M × 1e12 / 1e6).
 * "0.075" → 75_000n. Throws if the price has more than 6 decimals (it would not be whole units).
 */
export function usdPerMillionToUnitsPerToken(usdPerMillion: string): Units {
  return scaleDecimal(usdPerMillion, USD_PER_MILLION_DECIMALS, "USD per million tokens");
}

/** Inverse of usdPerMillionToUnitsPerToken: 75_000n → "0.075". */
export function unitsPerTokenToUsdPerMillion(unitsPerToken: Units): string {
  return unscaleExact(unitsPerToken, USD_PER_MILLION_DECIMALS);
}

/**
 * Credits → units. Accepts a bigint, a safe integer number, or a decimal string with up to
 * 10 places ("0.5"). Fractional credits as a JS number are refused (they are floats).
 */
export function creditsToUnits(credits: bigint | number | string): Units {
  if (typeof credits === "bigint") return credits * UNITS_PER_CREDIT;
  if (typeof credits === "number") {
    if (!Number.isSafeInteger(credits)) {
      throw new MoneyError("credits: a number must be a safe integer; pass fractions as a string");
    }
    return BigInt(credits) * UNITS_PER_CREDIT;
  }
  const negative = credits.startsWith("-");
  const scaled = scaleDecimal(negative ? credits.slice(1) : credits, CREDIT_DECIMALS, "credits");
  return negative ? -scaled : scaled;
}

/** Units → exact decimal credits string ("500", "0.0000000001", "-3.25"). */
export function unitsToCredits(units: Units): string {
  return unscaleExact(units, CREDIT_DECIMALS);
}

/**
 * Units → credits as a JS number, for JSON response fields like `credits_charged` only.
 * Converted from the exact decimal string; never do arithmetic with the result.
 */
export function unitsToCreditsNumber(units: Units): number {
  return Number(unitsToCredits(units));
}

export function centsToUnits(cents: bigint | number): Units {
  if (typeof cents === "number" && !Number.isSafeInteger(cents)) {
    throw new MoneyError("cents: must be a safe integer");
  }
  return BigInt(cents) * UNITS_PER_CENT;
}

/** Units → whole cents (for Stripe amounts). Throws unless `units` is an exact number of cents. */
export function unitsToWholeCents(units: Units): bigint {
  if (units % UNITS_PER_CENT !== 0n) throw new MoneyError("amount is not a whole number of cents");
  return units / UNITS_PER_CENT;
}

/** Adds a markup in basis points (100 bps = 1 %), rounding the markup UP to the next unit. */
export function applyMarkupBps(units: Units, bps: number): Units {
  if (!Number.isSafeInteger(bps) || bps < 0) throw new MoneyError("markup: bps must be a non-negative integer");
  if (units < 0n) throw new MoneyError("markup: amount must not be negative");
  const numerator = units * BigInt(bps);
  const markup = (numerator + 9_999n) / 10_000n;
  return units + markup;
}

// ---------- API responses (SPEC §2) ----------

/**
 * An amount as API responses carry it: `<name>_credits`, the exact decimal credits string
 * ("6370.33", never grouped), and `<name>_units`, the integer string of 10⁻¹² USD.
 */
export function moneyFields<N extends string>(name: N, units: Units): Record<`${N}_credits` | `${N}_units`, string> {
  return { [`${name}_credits`]: unitsToCredits(units), [`${name}_units`]: units.toString() } as Record<`${N}_credits` | `${N}_units`, string>;
}

// ---------- Display ----------

/** Credits with `decimals` places (default 2), floored, grouped: "500.00", "1,234.56". */
export function formatCredits(units: Units, decimals = 2): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > CREDIT_DECIMALS) {
    throw new MoneyError("formatCredits: decimals must be an integer in 0..10");
  }
  return formatFloored(units, UNITS_PER_CREDIT, decimals);
}

/**
 * "$5.00", "$1,234.56", "-$0.50". Amounts under one cent keep three significant digits so
 * per-request costs stay readable: "$0.000123", "$0.005", "$0.000000000001". Floored.
 */
export function formatUsd(units: Units): string {
  const negative = units < 0n;
  const sign = negative ? "-" : "";
  const abs = negative ? -units : units;
  if (abs === 0n || abs >= UNITS_PER_CENT) {
    const text = formatFloored(units, UNITS_PER_USD, 2);
    return negative ? `-$${text.slice(1)}` : `$${text}`;
  }
  // Sub-cent: keep 3 significant digits, floored toward −∞ like everything else.
  const digits = abs.toString().length; // abs < 1e10, so it has ≤ 10 digits
  const dropDigits = Math.max(0, digits - 3);
  const step = 10n ** BigInt(dropDigits);
  const kept = negative ? -floorDiv(units, step) : abs / step;
  return `${sign}$${unscaleExact(kept * step, USD_DECIMALS)}`;
}

/** Decimal places of USD every cost (request, day, range) is shown with on the dashboard. */
export const COST_DECIMALS = 6;

/**
 * Costs for display, one precision everywhere: "$0.000401", "$0.000200", "$1,234.567890",
 * "-$0.000401" (floored, like everything else). A non-zero cost below $0.000001 shows as
 * "<$0.000001" rather than as a zero it is not.
 */
export function formatCostUsd(units: Units): string {
  const step = UNITS_PER_USD / 10n ** BigInt(COST_DECIMALS);
  if (units > 0n && units < step) return "<$0.000001";
  const text = formatFloored(units, UNITS_PER_USD, COST_DECIMALS);
  return text.startsWith("-") ? `-$${text.slice(1)}` : `$${text}`;
}

/** Whole cents for display: "$20.00", "$1,234.56". */
export function formatCents(cents: number): string {
  return formatUsd(centsToUnits(cents));
}

/** Whole cents as a form field's value: "20", "20.5" (no "$", no grouping). */
export function centsToDollarsInput(cents: number): string {
  return unitsToUsdString(centsToUnits(cents));
}

/** Whole credits for display, grouped: "2,000". */
export function formatWholeCredits(credits: number): string {
  return formatCredits(creditsToUnits(credits), 0);
}

// ---------- User input ----------

const USER_USD = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a user-typed dollar amount ("20", "20.5", "$1,000.00", " 3.99 ") into units.
 * At most 2 decimals (cents); no negatives, exponents or stray characters. Range checks
 * (e.g. top-up limits) belong to the caller.
 */
export function parseUsdAmount(input: string): Units {
  if (typeof input !== "string" || input.length > MAX_DECIMAL_INPUT_LENGTH) {
    throw new MoneyError("Enter an amount in dollars, like 20 or 20.50");
  }
  const text = input.trim().replace(/^\$\s*/, "");
  const match = USER_USD.exec(text);
  if (!match) throw new MoneyError("Enter an amount in dollars, like 20 or 20.50");
  const whole = match[1]!.replaceAll(",", "");
  return usdToUnits(match[2] ? `${whole}.${match[2]}` : whole);
}
