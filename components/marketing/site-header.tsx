import Link from "next/link";
import { Logo } from "@/components/brand/logo";
import { ButtonLink } from "@/components/ui/button";

const navLink =
  "rounded-md px-3 py-2 text-sm text-zinc-400 transition-colors hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-400";

export function SiteHeader({ signedIn }: { signedIn: boolean }) {
  return (
    <header className="sticky top-0 z-30 border-b border-line/60 bg-canvas/80 backdrop-blur-md">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
        <Logo />
        <nav aria-label="Main" className="flex items-center gap-1">
          <a href="/v1/models" className={`${navLink} hidden sm:inline-flex`}>
            Model catalog (JSON)
          </a>
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
