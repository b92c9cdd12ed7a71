// checkout.session.expired: the customer never paid; the purchase is closed.
import { updatePurchase } from "@/lib/billing/stripe/purchases";
import { checkoutSessionSchema, type EventHandler } from "@/lib/billing/stripe/events/schemas";
import { markExpired } from "@/lib/sql/purchases";

export const checkoutSessionExpired: EventHandler = async (event) => {
  const s = checkoutSessionSchema.parse(event.data.object);
  const r = await updatePurchase("stripe_session_id", s.id, async (sql, p) => {
    if (p.status === "open") await markExpired(sql, p.id);
    return "expired";
  });
  return r.found ? { status: "processed", detail: "expired" } : { status: "ignored", detail: "unknown checkout session" };
};
