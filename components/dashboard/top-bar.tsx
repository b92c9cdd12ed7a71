import { SignOutButton } from "@/components/dashboard/sign-out-button";
import { formatCredits, UNITS_PER_CREDIT } from "@/lib/billing/money";

const LOW_BALANCE = 100n * UNITS_PER_CREDIT;

export function TopBar({ email, balance }: { email: string; balance: bigint }) {
  const low = balance < LOW_BALANCE;
  return (
    <header className="sticky top-0 z-20 border-b border-line bg-canvas/85 backdrop-blur-md">
      <div className="flex h-14 items-center justify-end gap-2 px-4 sm:gap-4 sm:px-6 lg:h-16 lg:px-8">
        <div
          className="flex items-center gap-2 rounded-full border border-line bg-surface px-3 py-1 text-sm"
          title="Credit balance (1 credit = $0.01)"
        >
          <span aria-hidden="true" className={low ? "size-2 rounded-full bg-amber-400" : "size-2 rounded-full bg-brand-400"} />
          <span data-testid="credit-balance" className="font-medium text-zinc-100 tabular-nums">
            {formatCredits(balance)} credits
          </span>
        </div>
        <span className="hidden max-w-56 truncate text-sm text-zinc-400 sm:inline" title={email}>
          {email}
        </span>
        <SignOutButton />
      </div>
    </header>
  );
}
