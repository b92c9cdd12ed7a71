// A process's name on its credit_holds rows: `<instance>~<incarnation>`.
//
// The instance is what stays the same when the server restarts — hostname/HOST:PORT (the
// address it binds) or HOLDER_INSTANCE when set (hosts whose replicas share a hostname and
// address), plus the process's slot in a cluster (an API worker's number, or the Next process). The incarnation is new at every start (pid and
// 4 random bytes). A process that has bound its instance's port knows every other
// incarnation of the instance is dead, so it can give their holds back at once
// (releasePredecessorHolds) instead of waiting for them to expire and be swept.
import { randomBytes } from "node:crypto";
import os from "node:os";
import { env } from "@/lib/env";

export type HolderIdentity = {
  /** Stable across restarts of the same server. */
  readonly instance: string;
  /** This incarnation's name on its holds. */
  readonly holder: string;
};

/** What follows `<instance>~` in a holder name (a SQL regular expression). */
export const INCARNATION_PATTERN = "^[0-9]+-[0-9a-f]{8}$";

export function newHolderIdentity(): HolderIdentity {
  const { HOLDER_INSTANCE, HOST, PORT, SWITCHYARD_ROLE, SWITCHYARD_WORKER_SLOT } = env();
  let instance = HOLDER_INSTANCE ?? `${os.hostname()}/${HOST}:${PORT}`;
  // PORT=0 picks a random port: nothing to recognise a predecessor by.
  if (!HOLDER_INSTANCE && PORT === 0) instance += `:p${process.pid}`;
  // The processes of one server share the port (lib/server/primary.ts): each API worker has a
  // slot 1..N that a restarted worker takes over, and there is one Next process. A new primary
  // numbers its slots from 1 again, and the old primary's children exit when it goes.
  if (SWITCHYARD_ROLE === "next") instance += ":next";
  else if (SWITCHYARD_WORKER_SLOT) instance += `:w${SWITCHYARD_WORKER_SLOT}`;
  return { instance, holder: `${instance}~${process.pid}-${randomBytes(4).toString("hex")}` };
}
