// JSON text of values that may hold BigInts (money is BigInt units): a BigInt becomes its
// decimal string. The one copy, for API responses (lib/gateway/http/respond.ts), the charge
// batch statement (lib/sql/charges.ts) and the data export (lib/account/export-data.ts).

const bigintAsString = (_key: string, v: unknown): unknown => (typeof v === "bigint" ? v.toString() : v);

/** A replacer takes V8 off its fast stringify path, so it is used only for a value that holds
 *  a BigInt (plain stringify throws a TypeError on one); other errors are rethrown. */
export function toJsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (err instanceof TypeError) return JSON.stringify(value, bigintAsString);
    throw err;
  }
}
