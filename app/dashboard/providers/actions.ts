"use server";

// BYOK server actions. The account comes from the session; keys never go back to the browser.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { saveVerifiedProviderKey } from "@/lib/byok/save-verified";
import { deleteProviderKey } from "@/lib/byok/store";
import { verifyProviderKey } from "@/lib/byok/verify";

export type ProviderKeyState =
  | { status: "idle" }
  | { status: "saved"; provider: string; verified: boolean; message: string; nonce: number }
  | { status: "error"; message: string; nonce: number };

export async function saveProviderKeyAction(_prev: ProviderKeyState, formData: FormData): Promise<ProviderKeyState> {
  const user = await requireUser();
  const provider = String(formData.get("provider") ?? "");
  try {
    // Checked with the provider first: a refused key is not stored (saveVerifiedProviderKey).
    const saved = await saveVerifiedProviderKey(user.id, provider, formData.get("key"));
    revalidatePath("/dashboard/providers");
    return { status: "saved", provider, verified: saved.verified, message: saved.message, nonce: Date.now() };
  } catch (err) {
    if (isAppError(err)) return { status: "error", message: err.message, nonce: Date.now() };
    logger().error({ err: err instanceof Error ? err.message : String(err) }, "byok save failed");
    return { status: "error", message: "Could not save the key. Please try again.", nonce: Date.now() };
  }
}

/** `tone` "warning": no verdict (the provider could not be asked), neither success nor failure. */
export type ProviderActionResult = { ok: boolean; message: string; tone?: "warning" };

export async function verifyProviderKeyAction(provider: string): Promise<ProviderActionResult> {
  const user = await requireUser();
  try {
    const r = await verifyProviderKey(user.id, String(provider));
    revalidatePath("/dashboard/providers");
    return { ok: r.ok, message: r.message, ...(r.outcome === "inconclusive" ? { tone: "warning" as const } : {}) };
  } catch (err) {
    return { ok: false, message: isAppError(err) ? err.message : "Could not verify the key. Please try again." };
  }
}

export async function deleteProviderKeyAction(provider: string): Promise<ProviderActionResult> {
  const user = await requireUser();
  const removed = await deleteProviderKey(user.id, String(provider));
  revalidatePath("/dashboard/providers");
  return { ok: removed, message: removed ? "Key removed." : "No key was stored for this provider." };
}
