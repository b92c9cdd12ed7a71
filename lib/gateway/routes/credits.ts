// GET /credits: the balance of the calling key's account.
import { pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { moneyFields } from "@/lib/billing/money";
import { authenticate } from "@/lib/gateway/authenticate";
import { sendJson } from "@/lib/gateway/http/respond";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";

export async function getCredits(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  const { rows } = await pool().query<{ balance: string }>({
    name: "credits_balance", text: "SELECT balance FROM users WHERE id = $1", values: [key.userId],
  });
  if (!rows[0]) throw new AppError("invalid_api_key", "The account for this key no longer exists.");
  const balance = BigInt(rows[0].balance);
  sendJson(res, 200, {
    object: "credit_balance",
    ...moneyFields("balance", balance),
    unit_scale: "1e-12 USD",
  });
}
