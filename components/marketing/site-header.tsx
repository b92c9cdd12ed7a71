import Link from "next/link";
import { Logo } from "@/components/brand/logo";
import { ButtonLink } from "@/components/ui/button";

// px-2 on phones: logo, Docs, Sign in and Get started fit in 390 px without scrolling sideways.
const navLink =
  "rounded-md px-2 py-2 text-sm whitespace-nowrap text-zinc-400 transition-colors hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-400 sm:px-3";

export function SiteHeader({ signedIn }: { signedIn: boolean }) {
  return (
    <header className="sticky top-0 z-30 border-b border-line/60 bg-canvas/80 backdrop-blur-md">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-2 px-4 sm:gap-4 sm:px-6">
        <Logo />
        <nav aria-label="Main" className="flex items-center gap-0.5 sm:gap-1">
          <Link href="/models" className={`${navLink} hidden sm:inline-flex`}>
            Models
          </Link>
          <Link href="/docs" className={navLink}>
            Docs
          </Link>
          {signedIn ? (
            <ButtonLink href="/dashboard" size="sm" className="ml-2">
              Dashboard
            </ButtonLink>
          ) : (
            <>
              <Link href="/login" className={navLink}>
                Sign in
              </Link>
              <ButtonLink href="/signup" size="sm" className="ml-1">
                Get started
              </ButtonLink>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
