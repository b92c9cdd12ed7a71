"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { Logo } from "@/components/brand/logo";
import { cn } from "@/components/ui/cn";
import {
  BoltIcon, CardIcon, ChartIcon, CloseIcon, HomeIcon, KeyIcon, ListIcon, MenuIcon, PlayIcon, RouteIcon, ScaleIcon, SettingsIcon,
} from "@/components/ui/icons";

type NavItem = { label: string; href: string; icon: ReactNode; exact?: boolean };

const LINKS: NavItem[] = [
  { label: "Overview", href: "/dashboard", icon: <HomeIcon className="size-4" />, exact: true },
  { label: "API keys", href: "/dashboard/keys", icon: <KeyIcon className="size-4" /> },
  { label: "Usage", href: "/dashboard/usage", icon: <ChartIcon className="size-4" /> },
  { label: "Logs", href: "/dashboard/logs", icon: <ListIcon className="size-4" /> },
  { label: "Playground", href: "/dashboard/playground", icon: <PlayIcon className="size-4" /> },
  { label: "Replay", href: "/dashboard/replay", icon: <ScaleIcon className="size-4" /> },
  { label: "Optimization", href: "/dashboard/optimization", icon: <BoltIcon className="size-4" /> },
  { label: "Policies", href: "/dashboard/policies", icon: <RouteIcon className="size-4" /> },
  { label: "Billing", href: "/dashboard/billing", icon: <CardIcon className="size-4" /> },
  { label: "Providers", href: "/dashboard/providers", icon: <KeyIcon className="size-4" /> },
  { label: "Settings", href: "/dashboard/settings", icon: <SettingsIcon className="size-4" /> },
];

// Planned sections: listed so users see what is coming, but not links (the pages do not exist yet).
const SOON: Array<{ label: string; icon: ReactNode }> = [];

const item = "flex items-center gap-3 rounded-lg px-3 py-2 text-sm";

export function SidebarNav() {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [lastPath, setLastPath] = useState(pathname);

  // Close the mobile menu after navigating.
  if (pathname !== lastPath) {
    setLastPath(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <aside className="border-b border-line bg-surface lg:fixed lg:inset-y-0 lg:left-0 lg:flex lg:w-60 lg:flex-col lg:border-r lg:border-b-0">
      <div className="flex h-14 items-center justify-between px-4 lg:h-16 lg:px-5">
        <Logo href="/dashboard" />
        <button
          type="button"
          className="inline-flex size-9 items-center justify-center rounded-lg text-zinc-300 hover:bg-white/5 hover:text-white lg:hidden"
          aria-expanded={open}
          aria-controls="dashboard-nav"
          onClick={() => setOpen((o) => !o)}
        >
          {open ? <CloseIcon /> : <MenuIcon />}
          <span className="sr-only">{open ? "Close menu" : "Open menu"}</span>
        </button>
      </div>
      <nav
        id="dashboard-nav"
        aria-label="Dashboard"
        className={cn("flex-1 flex-col gap-6 overflow-y-auto px-3 pb-4 lg:flex lg:pt-2", open ? "flex" : "hidden")}
      >
        <ul className="flex flex-col gap-0.5">
          {LINKS.map((l) => {
            const active = l.exact ? pathname === l.href : pathname === l.href || pathname.startsWith(`${l.href}/`);
            return (
              <li key={l.href}>
                <Link
                  href={l.href}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    item,
                    "font-medium transition-colors",
                    active ? "bg-white/[0.07] text-zinc-50" : "text-zinc-400 hover:bg-white/[0.04] hover:text-zinc-100",
                  )}
                >
                  <span className={active ? "text-brand-400" : "text-zinc-500"}>{l.icon}</span>
                  {l.label}
                </Link>
              </li>
            );
          })}
        </ul>
        {SOON.length ? <div>
          <p className="px-3 pb-1 text-xs font-medium tracking-wide text-zinc-400 uppercase">Coming soon</p>
          <ul className="flex flex-col gap-0.5">
            {SOON.map((s) => (
              <li key={s.label} className={cn(item, "cursor-default text-zinc-400")}>
                <span className="text-zinc-500">{s.icon}</span>
                {s.label}
              </li>
            ))}
          </ul>
        </div> : null}
      </nav>
    </aside>
  );
}
