// GET /credits: the balance of the calling key's account.
import { AppError } from "@/lib/errors";
import { accountBalance } from "@/lib/billing/balance";
import { moneyFields } from "@/lib/billing/money";
import { authenticate } from "@/lib/gateway/authenticate";
import { sendJson } from "@/lib/gateway/http/respond";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";

export async function getCredits(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  const account = await accountBalance(key.userId);
  if (!account) throw new AppError("invalid_api_key", "The account for this key no longer exists.");
  sendJson(res, 200, {
    object: "credit_balance",
    ...moneyFields("balance", account.balance),
    // Reserved by requests in flight (and idle process holds): not spendable right now.
    ...moneyFields("held", account.held),
    unit_scale: "1e-12 USD",
  });
}
