"use server";

// Billing server actions. The account always comes from the session, never from the form.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { MoneyError, parseUsdAmount, unitsToWholeCents } from "@/lib/billing/money";
import { startCheckout } from "@/lib/billing/stripe/checkout";
import { saveAutoTopUp } from "@/lib/billing/stripe/auto-topup-settings";
import { purchaseBySession, purchaseGranted } from "@/lib/billing/stripe/billing-data";
import { logger } from "@/lib/observability/logger";

export type CheckoutState =
  | { status: "idle" }
  | { status: "error"; message: string; field: "amount" | null; nonce: number }
  | { status: "redirect"; url: string; nonce: number };

function amountCentsFrom(formData: FormData): number {
  const pack = formData.get("pack");
  if (typeof pack === "string" && pack !== "custom") {
    if (!/^\d{1,8}$/.test(pack)) throw new MoneyError("Choose a pack or enter an amount.");
    return Number(pack);
  }
  const custom = formData.get("custom");
  if (typeof custom !== "string" || !custom.trim()) throw new MoneyError("Enter an amount in dollars, like 20 or 20.50");
  if (/^\s*-/.test(custom)) throw new MoneyError("The amount must be positive.");
  return Number(unitsToWholeCents(parseUsdAmount(custom)));
}

export async function startCheckoutAction(_prev: CheckoutState, formData: FormData): Promise<CheckoutState> {
  const user = await requireUser();
  const nonce = Date.now();
  let amountCents: number;
  try {
    amountCents = amountCentsFrom(formData);
  } catch (err) {
    return { status: "error", message: err instanceof MoneyError ? err.message : "Enter a valid amount.", field: "amount", nonce };
  }
  const requestKey = formData.get("requestKey");
  try {
    const { url } = await startCheckout(user, { amountCents, currency: "usd", requestKey: typeof requestKey === "string" ? requestKey : "" });
    return { status: "redirect", url, nonce };
  } catch (err) {
    if (isAppError(err)) return { status: "error", message: err.message, field: err.param === "amountCents" ? "amount" : null, nonce };
    logger().error({ err: err instanceof Error ? err.message : String(err) }, "checkout action failed");
    return { status: "error", message: "Could not start checkout. Please try again.", field: null, nonce };
  }
}

export type PurchaseStatus = { state: "granted" | "processing" | "failed" | "unknown"; message: string | null };

/** Polled by the success page until the webhook has put the purchase in the ledger. */
export async function purchaseStatusAction(sessionId: string): Promise<PurchaseStatus> {
  const user = await requireUser();
  if (typeof sessionId !== "string" || !/^cs_[A-Za-z0-9_]{1,200}$/.test(sessionId)) return { state: "unknown", message: null };
  const p = await purchaseBySession(user.id, sessionId);
  if (!p) return { state: "unknown", message: null };
  if (await purchaseGranted(user.id, p.id)) return { state: "granted", message: null };
  if (p.status === "flagged" || p.status === "failed" || p.status === "expired") return { state: "failed", message: p.failureMessage };
  return { state: "processing", message: null };
}

export type AutoTopUpState =
  | { status: "idle" }
  | { status: "saved"; nonce: number }
  | { status: "error"; message: string; field: string | null; nonce: number };

function centsField(formData: FormData, name: string): number {
  const raw = formData.get(name);
  if (typeof raw !== "string" || !raw.trim()) return Number.NaN;
  try {
    return Number(unitsToWholeCents(parseUsdAmount(raw)));
  } catch {
    return Number.NaN;
  }
}

export async function saveAutoTopUpAction(_prev: AutoTopUpState, formData: FormData): Promise<AutoTopUpState> {
  const user = await requireUser();
  const nonce = Date.now();
  const threshold = formData.get("threshold");
  const input = {
    enabled: formData.get("enabled") === "on",
    thresholdCredits: typeof threshold === "string" && /^\s*\d+\s*$/.test(threshold) ? Number(threshold) : Number.NaN,
    amountCents: centsField(formData, "amount"),
    monthlyCapCents: centsField(formData, "cap"),
  };
  try {
    await saveAutoTopUp(user.id, input);
    revalidatePath("/dashboard/billing");
    return { status: "saved", nonce };
  } catch (err) {
    if (isAppError(err)) return { status: "error", message: err.message, field: err.param, nonce };
    logger().error({ err: err instanceof Error ? err.message : String(err) }, "auto top-up save failed");
    return { status: "error", message: "Could not save. Please try again.", field: null, nonce };
  }
}
