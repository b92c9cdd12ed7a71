// A positive amount of credits at an API edge (key budgets, a policy's max cost per request):
// an exact decimal string ("12.50") or a whole number, at most `max`, or null; → BigInt units.
import { z } from "zod";
import { MoneyError, creditsToUnits } from "@/lib/billing/money";

export function positiveCreditsSchema(o: { maxUnits: bigint; tooMuch: string; example: string }) {
  return z
    .union([z.string(), z.number()], { error: `Expected credits as a decimal string such as "${o.example}", or null.` })
    .transform((v, ctx) => {
      try {
        if (typeof v === "string" && v.trim().startsWith("-")) throw new MoneyError("negative");
        const units = creditsToUnits(typeof v === "string" ? v.trim() : v);
        if (units <= 0n) throw new MoneyError("not positive");
        if (units > o.maxUnits) {
          ctx.addIssue({ code: "custom", message: o.tooMuch });
          return z.NEVER;
        }
        return units;
      } catch {
        ctx.addIssue({ code: "custom", message: `Expected a positive amount of credits as a decimal string such as "${o.example}" (at most 10 decimals), or null.` });
        return z.NEVER;
      }
    })
    .nullable();
}
