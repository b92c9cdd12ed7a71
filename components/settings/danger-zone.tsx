"use client";

import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { deleteAccountAction, purgeLogsAction } from "@/app/dashboard/settings/actions";
import { ConfirmAction } from "@/components/settings/confirm-action";
import { usageKeys } from "@/lib/queries/usage-keys";

export function PurgeLogs() {
  const qc = useQueryClient();
  return (
    <ConfirmAction buttonLabel="Purge my logs" confirmLabel="Purge all logs" expected="purge"
      inputLabel="This deletes every request log and the usage charts built from them. Your balance and credit history stay. Type purge to confirm."
      action={purgeLogsAction}
      onDone={(r) => { if (r.ok) void qc.invalidateQueries({ queryKey: usageKeys.all }); }} />
  );
}

export function DeleteAccount({ email }: { email: string }) {
  return (
    <ConfirmAction buttonLabel="Delete my account" confirmLabel="Delete account forever" expected={email}
      inputLabel={`Your keys stop working at once; logs, usage and sign-in details are deleted. The credit ledger is kept, anonymised, as accounting requires. Type ${email} to confirm.`}
      action={deleteAccountAction}
      onDone={async (r) => {
        if (!r.ok) return;
        await signOut({ redirect: false });
        window.location.assign("/");
      }} />
  );
}
