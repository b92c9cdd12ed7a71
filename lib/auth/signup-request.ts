// POST /api/auth/signup, the request side: only our own pages (403 otherwise), only JSON
// (415; with the origin check this rules out HTML-form and text/plain CSRF), then the rate
// limits for the client IP and the mailbox, then the account.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createPasswordAccount, parseSignup, type NewAccount } from "@/lib/auth/accounts";
import { normalizeEmail } from "@/lib/auth/normalize-email";
import { takeSignupSlot } from "@/lib/auth/throttle-signup";
import { clientIpFromHeaders } from "@/lib/http/client-ip";
import { isSameOriginRequest } from "@/lib/http/same-origin-request";

const MAX_BODY_BYTES = 16 * 1024; // name + email + password fit many times over

async function readSmallBody(request: Request): Promise<string> {
  const tooLarge = () => new AppError("request_too_large", "The sign-up form is too large.");
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}

export async function signUpFromRequest(request: Request): Promise<NewAccount> {
  if (!isSameOriginRequest(request.headers)) {
    throw new AppError("permission_denied", "Sign-up is only accepted from this site's own pages.");
  }
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") throw new AppError("unsupported_media_type", "Send the form as JSON (content-type: application/json).");
  const text = await readSmallBody(request);
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "Send the form as JSON.");
  }
  const form = parseSignup(input);
  await takeSignupSlot(clientIpFromHeaders(request.headers), normalizeEmail(form.email));
  return createPasswordAccount(form);
}

/** What the new user should be told about their welcome credits, if anything. */
export function welcomeNotice(account: NewAccount): string | null {
  if (account.pendingCredits > 0) {
    return `Confirm your email to receive your ${account.pendingCredits} free credits: we sent a link to ${account.email}.`;
  }
  if (account.welcomeCredits === 0 && env().SIGNUP_CREDITS > 0) {
    return "This email address already received its welcome credits, so this account starts without free credits.";
  }
  return null;
}
