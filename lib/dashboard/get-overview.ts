// Everything the overview page shows, fetched in parallel and scoped to one user.
import { db } from "@/lib/db";
import { getBalance } from "@/lib/dashboard/get-balance";

// Reservations and their releases net out per request; the list shows what the user paid for.
const HIDDEN_KINDS = ["reservation", "release"] as const;

export type OverviewLedgerEntry = {
  id: string;
  kind: string;
  amount: bigint;
  description: string | null;
  createdAt: Date;
};

export type Overview = {
  balance: bigint;
  activeKeys: number;
  month: { requests: number; errors: number; spend: bigint };
  today: { requests: number; spend: bigint };
  totalRequests: number;
  recentLedger: OverviewLedgerEntry[];
};

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function startOfUtcMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export async function getOverview(userId: string): Promise<Overview> {
  const now = new Date();
  const monthStart = startOfUtcMonth(now);
  const dayStart = startOfUtcDay(now);
  const logs = db().requestLog;

  const [balance, activeKeys, month, monthErrors, today, totalRequests, recentLedger] = await Promise.all([
    getBalance(userId),
    db().apiKey.count({ where: { userId, revokedAt: null } }),
    logs.aggregate({ where: { userId, createdAt: { gte: monthStart } }, _count: { _all: true }, _sum: { costUnits: true } }),
    logs.count({ where: { userId, createdAt: { gte: monthStart }, status: { gte: 400 } } }),
    logs.aggregate({ where: { userId, createdAt: { gte: dayStart } }, _count: { _all: true }, _sum: { costUnits: true } }),
    logs.count({ where: { userId } }),
    db().ledgerEntry.findMany({
      where: { userId, kind: { notIn: [...HIDDEN_KINDS] } },
      orderBy: { createdAt: "desc" },
      take: 8,
      select: { id: true, kind: true, amount: true, description: true, createdAt: true },
    }),
  ]);

  return {
    balance,
    activeKeys,
    month: { requests: month._count._all, errors: monthErrors, spend: month._sum.costUnits ?? 0n },
    today: { requests: today._count._all, spend: today._sum.costUnits ?? 0n },
    totalRequests,
    recentLedger,
  };
}
