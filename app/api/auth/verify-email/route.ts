// The link in the sign-up verification email: consumes the token, then shows the outcome.
import { verifyEmailToken } from "@/lib/auth/email-verification";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const outcome = await verifyEmailToken(token);
  const query = new URLSearchParams({ status: outcome.status });
  if (outcome.status === "verified") query.set("credits", String(outcome.credits));
  // A relative Location: the outcome page is on this site whatever Host the request named.
  return new Response(null, { status: 303, headers: { location: `/signup/verified?${query}`, "cache-control": "no-store" } });
}
