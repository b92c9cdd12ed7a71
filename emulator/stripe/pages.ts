// The hosted pages a browser sees: Checkout's pay page (Pay / card declined / delayed bank
// payment / cancel) and a charge receipt. Plain HTML, no scripts: forms post back here.
import type { Charge, CheckoutSession } from "./objects";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const money = (cents: number, currency: string) =>
  `${currency === "usd" ? "$" : ""}${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}${currency === "usd" ? "" : ` ${currency.toUpperCase()}`}`;

const STYLE = `
  :root { color-scheme: light; font-family: ui-sans-serif, system-ui, sans-serif; }
  body { margin: 0; background: #f6f8fa; color: #1a1f36; }
  .banner { background: #ffde92; color: #5a3e00; text-align: center; font-size: 13px; padding: 6px; font-weight: 600; }
  main { max-width: 440px; margin: 40px auto; padding: 0 16px; }
  .card { background: #fff; border: 1px solid #e3e8ee; border-radius: 12px; padding: 24px; box-shadow: 0 2px 8px rgba(0,0,0,.04); }
  h1 { font-size: 15px; font-weight: 500; color: #697386; margin: 0 0 4px; }
  .amount { font-size: 32px; font-weight: 650; margin: 0 0 20px; }
  .error { background: #fff1f0; border: 1px solid #ffccc7; color: #a8071a; border-radius: 8px; padding: 10px 12px; margin-bottom: 16px; font-size: 14px; }
  button { width: 100%; height: 44px; border-radius: 8px; border: 0; font-size: 15px; font-weight: 600; cursor: pointer; margin-top: 10px; }
  button:focus-visible { outline: 3px solid #80b3ff; outline-offset: 2px; }
  .pay { background: #635bff; color: #fff; }
  .alt { background: #fff; color: #1a1f36; border: 1px solid #d5dbe1; }
  .cancel { background: transparent; color: #635bff; }
  .muted { color: #697386; font-size: 13px; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 6px 16px; font-size: 14px; } dt { color: #697386; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body>
<div class="banner" role="note">TEST MODE · Local Stripe emulator — no real card is charged</div>
<main>${body}</main></body></html>`;
}

export function payPage(s: CheckoutSession): string {
  const amount = money(s.amount_total, s.currency);
  if (s.status !== "open") {
    return layout("Checkout", `<div class="card"><h1>Checkout</h1><p>This checkout session is ${esc(s.status)}.</p>
      ${s.status === "complete" ? `<a href="${esc(s.success_url.replace("{CHECKOUT_SESSION_ID}", s.id))}">Return to the merchant</a>` : ""}</div>`);
  }
  const error = s._last_error
    ? `<div class="error" role="alert">${esc(s._last_error)} No payment was taken. Try again, or cancel and return to the merchant.</div>` : "";
  const action = (name: string) => `/pay/${encodeURIComponent(s.id)}/${name}`;
  return layout(`Pay ${amount}`, `<div class="card">
  <h1>${esc(s._line_item)}</h1>
  <p class="amount" data-testid="checkout-amount">${amount}</p>
  ${error}
  <p class="muted">Test card •••• 4242${s.customer_email ? ` · ${esc(s.customer_email)}` : ""}</p>
  <form method="post" action="${action("pay")}"><button class="pay" type="submit">Pay ${amount}</button></form>
  <form method="post" action="${action("decline")}"><button class="alt" type="submit">Card declined</button></form>
  <form method="post" action="${action("async")}"><button class="alt" type="submit">Pay by bank transfer (delayed)</button></form>
  <form method="post" action="${action("cancel")}"><button class="cancel" type="submit">Cancel and return</button></form>
</div>`);
}

export function receiptPage(c: Charge): string {
  const status = c.refunded ? "Refunded" : c.amount_refunded > 0 ? "Partially refunded" : "Paid";
  return layout("Receipt", `<div class="card"><h1>Receipt</h1><p class="amount">${money(c.amount, c.currency)}</p>
  <dl><dt>Status</dt><dd>${status}</dd><dt>Date</dt><dd>${new Date(c.created * 1000).toISOString().slice(0, 10)}</dd>
  <dt>Payment</dt><dd>${esc(c.payment_method_details.card.brand)} •••• ${esc(c.payment_method_details.card.last4)}</dd>
  <dt>Receipt no.</dt><dd>${esc(c.id)}</dd>${c.amount_refunded ? `<dt>Refunded</dt><dd>${money(c.amount_refunded, c.currency)}</dd>` : ""}</dl></div>`);
}
