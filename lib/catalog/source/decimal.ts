// The price package stores prices as JS numbers parsed from decimal literals in its JSON. The
// shortest round-trip form (`String(n)`) recovers that literal exactly; we expand exponent
// notation by moving the decimal point in the digit string — never by multiplying floats — and
// check the result parses back to the same number.

const NUMBER_TEXT = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/** 0.075 → "0.075", 1e-7 → "0.0000001", 2.5e21 → "2500000000000000000000". */
export function floatToDecimalString(value: number): string {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`price must be a finite non-negative number, got ${value}`);
  }
  const match = NUMBER_TEXT.exec(String(value));
  if (!match) throw new RangeError(`unexpected number text ${String(value)}`);
  const [, intPart, fracPart = "", expText = "0"] = match;
  const digits = intPart + fracPart;
  const pointAt = intPart!.length + Number(expText); // decimal point position within `digits`
  let whole: string;
  let fraction: string;
  if (pointAt <= 0) {
    whole = "0";
    fraction = "0".repeat(-pointAt) + digits;
  } else if (pointAt >= digits.length) {
    whole = digits + "0".repeat(pointAt - digits.length);
    fraction = "";
  } else {
    whole = digits.slice(0, pointAt);
    fraction = digits.slice(pointAt);
  }
  whole = whole.replace(/^0+(?=\d)/, "");
  fraction = fraction.replace(/0+$/, "");
  const text = fraction ? `${whole}.${fraction}` : whole;
  if (Number(text) !== value) throw new RangeError(`could not convert ${value} exactly (got ${text})`);
  return text;
}
