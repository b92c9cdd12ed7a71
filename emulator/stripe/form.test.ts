import { describe, expect, it } from "vitest";
import { parseStripeForm } from "./form";

describe("parseStripeForm", () => {
  it("decodes nested bracket keys and lists the way the stripe SDK encodes them", () => {
    const body = "mode=payment&line_items[0][price_data][unit_amount]=2000&line_items[0][quantity]=1" +
      "&metadata[credits]=2000&payment_method_types[0]=card&payment_method_types[1]=link&expand[0]=payment_intent";
    expect(parseStripeForm(body)).toEqual({
      mode: "payment",
      line_items: [{ price_data: { unit_amount: "2000" }, quantity: "1" }],
      metadata: { credits: "2000" },
      payment_method_types: ["card", "link"],
      expand: ["payment_intent"],
    });
  });

  it("keeps percent-encoded values and an empty body", () => {
    expect(parseStripeForm("success_url=http%3A%2F%2Fx%2Fok%3Fs%3D%7BCHECKOUT_SESSION_ID%7D")).toEqual({
      success_url: "http://x/ok?s={CHECKOUT_SESSION_ID}",
    });
    expect(parseStripeForm("")).toEqual({});
  });
});
