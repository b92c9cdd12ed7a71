// What can be bought: fixed packs and a custom amount, in whole cents (1 credit = 1 cent).
// Plain constants with no imports, so the buy-credits form (a client component) shares them
// with the server's checks in ./checkout.ts and ./auto-topup-settings.ts.
export const PACKS_CENTS = [500, 2_000, 5_000, 10_000] as const;
export const MIN_PURCHASE_CENTS = 300; // $3
export const MAX_PURCHASE_CENTS = 1_000_000; // $10,000
