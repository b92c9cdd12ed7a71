// Where the verification link lands (/api/auth/verify-email redirects here with the outcome).
// Reads only the query: the token was consumed by the route, so rendering changes nothing.
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Email confirmation" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function outcome(status: string | undefined, credits: number): { title: string; text: string; ok: boolean } {
  switch (status) {
    case "verified":
      return {
        title: "Email confirmed",
        text: credits > 0 ? `Your ${credits} free credits are in your account.` : "This email already received its welcome credits, so none were added this time.",
        ok: true,
      };
    case "already_verified":
      return { title: "Already confirmed", text: "This link was used before. Your email is confirmed.", ok: true };
    case "expired":
      return { title: "Link expired", text: "This confirmation link is more than 48 hours old.", ok: false };
    default:
      return { title: "Link not valid", text: "This confirmation link is not valid. Copy the whole link from the email.", ok: false };
  }
}

export default async function VerifiedPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const status = Array.isArray(params.status) ? params.status[0] : params.status;
  const rawCredits = Number(Array.isArray(params.credits) ? params.credits[0] : params.credits);
  const credits = Number.isSafeInteger(rawCredits) && rawCredits > 0 ? rawCredits : 0;
  const o = outcome(status, credits);
  return (
    <AuthCard title={o.title}>
      <Alert tone={o.ok ? "info" : "warning"}>{o.text}</Alert>
      <p className="mt-6 text-sm text-zinc-400">
        <Link href="/dashboard" className="font-medium text-brand-400 hover:text-brand-300">
          Go to your dashboard
        </Link>
      </p>
    </AuthCard>
  );
}
