import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { oauthProviders } from "@/lib/auth/options";
import { currentUser } from "@/lib/auth/session";
import { authErrorMessage, safeCallbackPath } from "@/lib/dashboard/safe-callback";
import { siteOrigin } from "@/lib/http/site-origin";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, siteOrigin());
  if (await currentUser()) redirect(callbackUrl);
  return (
    <AuthCard
      title="Sign in to Switchyard"
      subtitle="Welcome back. Your keys and credits are waiting."
      footer={
        <>
          New to Switchyard?{" "}
          <Link href="/signup" className="font-medium text-brand-400 hover:text-brand-300">
            Create an account
          </Link>
        </>
      }
    >
      <OAuthButtons providers={oauthProviders()} callbackUrl={callbackUrl} />
      <LoginForm callbackUrl={callbackUrl} initialError={authErrorMessage(params.error)} />
    </AuthCard>
  );
}
