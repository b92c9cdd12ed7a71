import { cache } from "react";
import { db } from "@/lib/db";

/** The user's current balance in money units (1e-12 USD); one query per request. */
export const getBalance = cache(async (userId: string): Promise<bigint> => {
  const user = await db().user.findUnique({ where: { id: userId }, select: { balance: true } });
  return user?.balance ?? 0n;
});
