import type { Metadata } from "next";
import { connection } from "next/server";
import { Logo } from "@/components/brand/logo";
import { ButtonLink } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

export default async function NotFound() {
  // Rendered per request, not prerendered: Next can put the CSP nonce (proxy.ts) on its
  // scripts only in a dynamic render, and a static 404 would have all of them blocked.
  await connection();
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-6 text-center">
      <Logo />
      <p className="mt-12 font-mono text-sm text-brand-400">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-zinc-50">This track doesn’t go anywhere</h1>
      <p className="mt-3 max-w-md text-zinc-400">
        The page you asked for does not exist or has moved. API calls live under{" "}
        <code className="font-mono text-zinc-300">/v1</code>.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <ButtonLink href="/">Back to home</ButtonLink>
        <ButtonLink href="/dashboard" variant="secondary">
          Dashboard
        </ButtonLink>
      </div>
    </main>
  );
}
