// Creates an account (email + password). The browser then signs in through next-auth.
import { AppError, isAppError } from "@/lib/errors";
import { signUpWithPassword } from "@/lib/auth/accounts";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    let input: unknown;
    try {
      input = await request.json();
    } catch {
      throw new AppError("invalid_request", "Send the form as JSON.");
    }
    const user = await signUpWithPassword(input);
    return Response.json({ id: user.id, email: user.email }, { status: 201 });
  } catch (err) {
    const e = isAppError(err) ? err : new AppError("internal_error", "Could not create the account. Please retry.");
    if (!isAppError(err)) console.error("signup failed", err instanceof Error ? err.message : err);
    return Response.json({ error: { message: e.message, field: e.param } }, { status: e.status });
  }
}
