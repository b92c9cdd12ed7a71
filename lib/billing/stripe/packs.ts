// What can be bought: fixed packs and a custom amount, in whole cents (1 credit = 1 cent).
import { z } from "zod";

export const PACKS_CENTS = [500, 2_000, 5_000, 10_000] as const;
export const MIN_PURCHASE_CENTS = 300; // $3
export const MAX_PURCHASE_CENTS = 1_000_000; // $10,000

export const checkoutInputSchema = z.object({
  amountCents: z.number({ error: "Amount must be a number of cents." })
    .int("Amount must be a whole number of cents.")
    .min(MIN_PURCHASE_CENTS, "The smallest purchase is $3.00.")
    .max(MAX_PURCHASE_CENTS, "The largest purchase is $10,000.00."),
  currency: z.string().trim().toLowerCase().default("usd")
    .refine((c) => c === "usd", "Credits are sold in USD only."),
  /** Per form render: a double-submitted form creates one session, not two. */
  requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "Invalid request key."),
});

export type CheckoutInput = z.input<typeof checkoutInputSchema>;
