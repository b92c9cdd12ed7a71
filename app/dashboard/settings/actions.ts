"use server";

// Privacy server actions. Each resolves the user from the session; nothing the browser
// sends decides whose data is touched.
import { revalidatePath } from "next/cache";
import { changePassword } from "@/lib/auth/change-password";
import { requireUser } from "@/lib/auth/session";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { deleteAccount } from "@/lib/account/delete-account";
import { purgeLogs } from "@/lib/account/purge-logs";
import { setZeroRetention } from "@/lib/account/zero-retention";

export type ActionResult = { ok: true; message: string } | { ok: false; message: string };

async function guarded(name: string, fn: () => Promise<string>): Promise<ActionResult> {
  try {
    return { ok: true, message: await fn() };
  } catch (err) {
    if (isAppError(err)) return { ok: false, message: err.message };
    logger().error({ action: name, err: err instanceof Error ? err.message : String(err) }, "settings action failed");
    return { ok: false, message: "That did not work. Please try again." };
  }
}

export async function setZeroRetentionAction(on: boolean): Promise<ActionResult> {
  const user = await requireUser();
  return guarded("zero-retention", async () => {
    await setZeroRetention(user.id, on === true);
    revalidatePath("/dashboard/settings");
    return on ? "Zero retention is on: new requests store no bodies." : "Zero retention is off: new requests store their bodies.";
  });
}

export async function purgeLogsAction(confirm: string): Promise<ActionResult> {
  const user = await requireUser();
  return guarded("purge-logs", async () => {
    if (confirm !== "purge") throw new AppError("invalid_request", "Type purge to confirm.");
    const { deleted } = await purgeLogs(user.id);
    revalidatePath("/dashboard", "layout");
    return `Deleted ${deleted.toLocaleString("en-US")} request logs.`;
  });
}

export async function deleteAccountAction(email: string): Promise<ActionResult> {
  const user = await requireUser();
  return guarded("delete-account", async () => {
    await deleteAccount(user.id, typeof email === "string" ? email : "");
    return "Your account has been deleted.";
  });
}

/** Ends every session of the account, the caller's too (the form then goes to sign-in). */
export async function changePasswordAction(currentPassword: string, newPassword: string): Promise<ActionResult> {
  const user = await requireUser();
  return guarded("change-password", async () => {
    await changePassword(user.id, currentPassword, newPassword);
    return "Password changed. Sign in again with your new password.";
  });
}
