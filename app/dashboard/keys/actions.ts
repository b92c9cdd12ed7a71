"use server";

// Key management server actions. Each one resolves the user from the session itself; nothing
// the browser sends decides whose keys are touched.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/manage-keys";
import { isAppError } from "@/lib/errors";

export type CreateKeyState =
  | { status: "idle" }
  | { status: "error"; message: string; field: "name" | null; nonce: number }
  | { status: "created"; id: string; name: string; key: string; nonce: number };

export type RevokeKeyResult = { ok: true } | { ok: false; message: string };

export async function createKeyAction(_prev: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  const user = await requireUser();
  const name = formData.get("name");
  try {
    const { key, summary } = await createApiKey(user.id, typeof name === "string" ? name : "");
    revalidatePath("/dashboard", "layout");
    return { status: "created", id: summary.id, name: summary.name, key, nonce: Date.now() };
  } catch (err) {
    if (isAppError(err)) {
      return { status: "error", message: err.message, field: err.param === "name" ? "name" : null, nonce: Date.now() };
    }
    console.error("create key failed", err instanceof Error ? err.message : err);
    return { status: "error", message: "Could not create the key. Please try again.", field: null, nonce: Date.now() };
  }
}

export async function revokeKeyAction(keyId: string): Promise<RevokeKeyResult> {
  const user = await requireUser();
  if (typeof keyId !== "string" || keyId.length === 0 || keyId.length > 100) {
    return { ok: false, message: "No such key." };
  }
  try {
    await revokeApiKey(user.id, keyId);
    revalidatePath("/dashboard", "layout");
    return { ok: true };
  } catch (err) {
    if (isAppError(err)) return { ok: false, message: err.message };
    console.error("revoke key failed", err instanceof Error ? err.message : err);
    return { ok: false, message: "Could not revoke the key. Please try again." };
  }
}
