"use server";

// BYOK server actions. The account comes from the session; keys never go back to the browser.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { deleteProviderKey, saveProviderKey } from "@/lib/byok/store";
import { verifyProviderKey } from "@/lib/byok/verify";

export type ProviderKeyState =
  | { status: "idle" }
  | { status: "saved"; provider: string; nonce: number }
  | { status: "error"; message: string; nonce: number };

export async function saveProviderKeyAction(_prev: ProviderKeyState, formData: FormData): Promise<ProviderKeyState> {
  const user = await requireUser();
  const provider = String(formData.get("provider") ?? "");
  try {
    await saveProviderKey(user.id, provider, formData.get("key"));
    revalidatePath("/dashboard/providers");
    return { status: "saved", provider, nonce: Date.now() };
  } catch (err) {
    if (isAppError(err)) return { status: "error", message: err.message, nonce: Date.now() };
    logger().error({ err: err instanceof Error ? err.message : String(err) }, "byok save failed");
    return { status: "error", message: "Could not save the key. Please try again.", nonce: Date.now() };
  }
}

export type ProviderActionResult = { ok: boolean; message: string };

export async function verifyProviderKeyAction(provider: string): Promise<ProviderActionResult> {
  const user = await requireUser();
  try {
    const r = await verifyProviderKey(user.id, String(provider));
    revalidatePath("/dashboard/providers");
    return r;
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
