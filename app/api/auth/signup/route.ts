// Creates an account (email + password). The browser then signs in through next-auth.
import { AppError, isAppError } from "@/lib/errors";
import { signUpFromRequest, welcomeNotice } from "@/lib/auth/signup-request";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const account = await signUpFromRequest(request);
    return Response.json({
      id: account.id,
      email: account.email,
      // Credits as decimal strings: "0" when this mailbox already had its welcome credits.
      welcome_credits: String(account.welcomeCredits),
      // Waiting for the link in the verification email (SIGNUP_EMAIL_VERIFICATION=on).
      pending_credits: String(account.pendingCredits),
      notice: welcomeNotice(account),
    }, { status: 201 });
  } catch (err) {
    const e = isAppError(err) ? err : new AppError("internal_error", "Could not create the account. Please retry.");
    if (!isAppError(err)) console.error("signup failed", err instanceof Error ? err.message : err);
    return Response.json({ error: { message: e.message, field: e.param, code: e.code } }, { status: e.status, headers: e.headers });
  }
}
