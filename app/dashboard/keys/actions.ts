"use server";

// Key management server actions. Each one resolves the user from the session itself; nothing
// the browser sends decides whose keys are touched. The form is validated exactly as the
// management API validates its body (lib/api-keys/key-form.ts → parseKeySettings), and every
// change is audited as made on the dashboard.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { formFieldOf, formToApiSettings } from "@/lib/api-keys/key-form";
import { parseKeySettings } from "@/lib/api-keys/key-settings";
import { createKey, dashboardActor, revokeApiKey, updateApiKey } from "@/lib/api-keys/manage-keys";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";

export type CreateKeyState =
  | { status: "idle" }
  | { status: "error"; message: string; field: string | null; nonce: number }
  | { status: "created"; id: string; name: string; key: string; allowedModels: string[]; nonce: number };

export type UpdateKeyState =
  | { status: "idle" }
  | { status: "error"; message: string; field: string | null; nonce: number }
  | { status: "saved"; nonce: number };

export type RevokeKeyResult = { ok: true } | { ok: false; message: string };

function failure(action: string, err: unknown): { message: string; field: string | null } {
  // Next to its field, "Invalid 'rpm': " says nothing the field's label does not.
  if (isAppError(err)) return { message: err.message.replace(/^Invalid '[^']+': /, ""), field: formFieldOf(err.param) };
  logger().error({ action, err: err instanceof Error ? err.message : String(err) }, "key action failed");
  return { message: "That did not work. Please try again.", field: null };
}

const validId = (keyId: unknown): keyId is string => typeof keyId === "string" && keyId.length > 0 && keyId.length <= 100;

export async function createKeyAction(_prev: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  const user = await requireUser();
  try {
    const settings = parseKeySettings(formToApiSettings(formData, "create"), "create");
    const { key, summary } = await createKey(user.id, { ...settings, name: settings.name ?? "" }, dashboardActor(user.id));
    revalidatePath("/dashboard", "layout");
    return { status: "created", id: summary.id, name: summary.name, key, allowedModels: summary.allowedModels, nonce: Date.now() };
  } catch (err) {
    return { status: "error", ...failure("create", err), nonce: Date.now() };
  }
}

export async function updateKeyAction(_prev: UpdateKeyState, formData: FormData): Promise<UpdateKeyState> {
  const user = await requireUser();
  const keyId = formData.get("key_id");
  if (!validId(keyId)) return { status: "error", message: "No such key.", field: null, nonce: Date.now() };
  try {
    await updateApiKey(user.id, keyId, parseKeySettings(formToApiSettings(formData, "update"), "update"), dashboardActor(user.id));
    revalidatePath("/dashboard/keys");
    return { status: "saved", nonce: Date.now() };
  } catch (err) {
    return { status: "error", ...failure("update", err), nonce: Date.now() };
  }
}

/** Disable (or enable) without revoking. */
export async function setKeyDisabledAction(keyId: string, disabled: boolean): Promise<RevokeKeyResult> {
  const user = await requireUser();
  if (!validId(keyId)) return { ok: false, message: "No such key." };
  try {
    await updateApiKey(user.id, keyId, { disabled: disabled === true }, dashboardActor(user.id));
    revalidatePath("/dashboard/keys");
    return { ok: true };
  } catch (err) {
    return { ok: false, message: failure("disable", err).message };
  }
}

export async function revokeKeyAction(keyId: string): Promise<RevokeKeyResult> {
  const user = await requireUser();
  if (!validId(keyId)) return { ok: false, message: "No such key." };
  try {
    await revokeApiKey(user.id, keyId, dashboardActor(user.id));
    revalidatePath("/dashboard", "layout");
    return { ok: true };
  } catch (err) {
    return { ok: false, message: failure("revoke", err).message };
  }
}
