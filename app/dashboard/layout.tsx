import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TestModeBanner } from "@/components/billing/test-mode-banner";
import { isTestMode, stripeConfig } from "@/lib/billing/stripe/config";
import { SidebarNav } from "@/components/dashboard/sidebar-nav";
import { TopBar } from "@/components/dashboard/top-bar";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { getBalance } from "@/lib/dashboard/get-balance";

export const metadata: Metadata = { title: { default: "Dashboard", template: "%s · Switchyard" } };

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await dashboardUser();
  const balance = await getBalance(user.id);
  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-brand-500 px-3 py-2 text-sm font-medium text-zinc-950 focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        Skip to content
      </a>
      <SidebarNav />
      <div className="lg:pl-60">
        <TestModeBanner mode={isTestMode() ? (stripeConfig().mode === "emulator" ? "emulator" : "test-keys") : null} />
        <TopBar email={user.email} balance={balance} />
        <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6 lg:px-8 lg:py-10">
          {children}
        </main>
      </div>
    </div>
  );
}
