import Link from "next/link";
import type { ReactNode } from "react";
import { LogoMark } from "@/components/brand/logo";

const link = "rounded-sm text-zinc-400 transition-colors hover:text-zinc-100";

export function SiteFooter() {
  return (
    <footer className="border-t border-line/60">
      <div className="mx-auto flex max-w-6xl flex-col gap-8 px-4 py-10 sm:flex-row sm:items-start sm:justify-between sm:px-6">
        <div className="max-w-xs">
          <div className="flex items-center gap-2 font-semibold text-zinc-100">
            <LogoMark className="size-6" />
            Switchyard
          </div>
          <p className="mt-3 text-sm text-zinc-400">
            The LLM gateway with exact per-token billing. One API, every provider.
          </p>
        </div>
        <nav aria-label="Footer" className="flex gap-16 text-sm">
          <FooterColumn title="Product">
            <Link href="/" className={link}>Overview</Link>
            <Link href="/models" className={link}>Models and prices</Link>
            <Link href="/docs" className={link}>API docs</Link>
          </FooterColumn>
          <FooterColumn title="Account">
            <Link href="/signup" className={link}>Create an account</Link>
            <Link href="/dashboard" className={link}>Dashboard</Link>
          </FooterColumn>
        </nav>
      </div>
      <div className="border-t border-line/60">
        <p className="mx-auto max-w-6xl px-4 py-5 text-xs text-zinc-400 sm:px-6">
          © {new Date().getUTCFullYear()} Switchyard. Prices in US dollars; 1 credit = $0.01.
        </p>
      </div>
    </footer>
  );
}

function FooterColumn({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-2.5">
      <h2 className="text-xs font-semibold tracking-wide text-zinc-300 uppercase">{title}</h2>
      {children}
    </div>
  );
}
