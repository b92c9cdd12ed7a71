import Link from "next/link";
import { cn } from "@/components/ui/cn";

export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" fill="none" aria-hidden="true" className={cn("size-7", className)}>
      <rect width="32" height="32" rx="8" className="fill-zinc-900" />
      <rect x="0.5" y="0.5" width="31" height="31" rx="7.5" className="stroke-white/10" />
      <path d="M7 10h8c3 0 4 2 5.5 5S23 22 26 22" className="stroke-brand-400" strokeWidth="2.5" strokeLinecap="round" />
      <path
        d="M7 22h8c3 0 4-2 5.5-5S23 10 26 10"
        className="stroke-brand-200"
        strokeOpacity="0.5"
        strokeWidth="2.5"
        strokeLinecap="round"
      />
      <circle cx="7" cy="10" r="2" className="fill-brand-400" />
      <circle cx="7" cy="22" r="2" className="fill-brand-200" fillOpacity="0.5" />
    </svg>
  );
}

/** The wordmark, linking home. */
export function Logo({ href = "/", className }: { href?: string; className?: string }) {
  return (
    <Link
      href={href}
      className={cn("inline-flex items-center gap-2.5 rounded-md font-semibold tracking-tight text-zinc-50", className)}
    >
      <LogoMark />
      <span>Switchyard</span>
    </Link>
  );
}
