import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { SignupForm } from "@/components/auth/signup-form";
import { oauthProviders } from "@/lib/auth/options";
import { currentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Create account" };

export default async function SignupPage() {
  if (await currentUser()) redirect("/dashboard");
  const { SIGNUP_CREDITS: credits, SIGNUP_EMAIL_VERIFICATION: verification } = env();
  const offer = verification === "on"
    ? `Start with ${credits} free credits once you confirm your email. No card required.`
    : `Start with ${credits} free credits. No card required.`;
  return (
    <AuthCard
      title="Create your account"
      subtitle={credits > 0 ? offer : "It takes less than a minute."}
      footer={
        <>
          Already have an account?{" "}
          <Link href="/login" className="font-medium text-brand-400 hover:text-brand-300">
            Sign in
          </Link>
        </>
      }
    >
      <OAuthButtons providers={oauthProviders()} callbackUrl="/dashboard" />
      <SignupForm />
    </AuthCard>
  );
}
