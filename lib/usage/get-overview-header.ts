// The server-rendered top of the overview: balance, spend today/month, whether the account
// ever made a request, and the newest key's display form for the first-call snippet.
import { db } from "@/lib/db";
import { hasUsage } from "@/lib/sql/usage-rollups";
import { getBalance } from "@/lib/dashboard/get-balance";
import { displayKey } from "@/lib/api-keys/generate-key";
import { getSpendSummary, type SpendSummary } from "@/lib/usage/get-spend-summary";

export type OverviewLedgerEntry = {
  id: string;
  kind: string;
  amount: bigint;
  description: string | null;
  createdAt: Date;
};

export type OverviewHeader = {
  balance: bigint;
  spend: SpendSummary;
  activeKeys: number;
  newestKey: { name: string; display: string } | null;
  hasRequests: boolean;
  recentLedger: OverviewLedgerEntry[];
};

export async function getOverviewHeader(userId: string): Promise<OverviewHeader> {
  const [balance, spend, keys, hasRequests, recentLedger] = await Promise.all([
    getBalance(userId),
    getSpendSummary(userId),
    db().apiKey.findMany({ where: { userId, revokedAt: null, kind: "standard" }, orderBy: { createdAt: "desc" }, select: { name: true, prefix: true, suffix: true } }),
    hasUsage(userId),
    db().ledgerEntry.findMany({
      where: { userId, kind: { notIn: ["reservation", "release", "charge"] } }, orderBy: { createdAt: "desc" }, take: 8,
      select: { id: true, kind: true, amount: true, description: true, createdAt: true },
    }),
  ]);
  const newest = keys[0];
  return {
    balance, spend, activeKeys: keys.length,
    newestKey: newest ? { name: newest.name, display: displayKey(newest.prefix, newest.suffix) } : null,
    hasRequests,
    recentLedger,
  };
}
