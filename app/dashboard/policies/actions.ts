"use server";

// Policy server actions. Each one resolves the user from the session itself; nothing the
// browser sends decides whose policies are touched. The form is validated exactly as the API
// validates its body (lib/policies/form.ts → schema.ts), through the same store.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { formToPolicyBody, policyFormFieldOf } from "@/lib/policies/form";
import { parsePolicyCreate, parsePolicyPatch } from "@/lib/policies/schema";
import { createPolicy, deletePolicy, updatePolicy } from "@/lib/policies/store";

export type SavePolicyState =
  | { status: "idle" }
  | { status: "error"; message: string; field: string | null; nonce: number }
  | { status: "saved"; name: string; created: boolean; nonce: number };

export type DeletePolicyResult = { ok: true } | { ok: false; message: string };

function failure(action: string, err: unknown): { message: string; field: string | null } {
  // Next to its field, "Invalid 'goal': " says nothing the field's label does not.
  if (isAppError(err)) return { message: err.message.replace(/^Invalid '[^']+': /, ""), field: policyFormFieldOf(err.param) };
  logger().error({ action, err: err instanceof Error ? err.message : String(err) }, "policy action failed");
  return { message: "That did not work. Please try again.", field: null };
}

const validName = (name: unknown): name is string => typeof name === "string" && name.length > 0 && name.length <= 64;

/** Creates a policy, or (with `policy_name`, the one being edited) updates it. */
export async function savePolicyAction(_prev: SavePolicyState, formData: FormData): Promise<SavePolicyState> {
  const user = await requireUser();
  const editing = formData.get("policy_name");
  try {
    if (editing === null) {
      const created = await createPolicy(user.id, parsePolicyCreate(formToPolicyBody(formData, "create")));
      revalidatePath("/dashboard/policies");
      return { status: "saved", name: created.name, created: true, nonce: Date.now() };
    }
    if (!validName(editing)) return { status: "error", message: "No such policy.", field: null, nonce: Date.now() };
    await updatePolicy(user.id, editing, parsePolicyPatch(formToPolicyBody(formData, "update")));
    revalidatePath("/dashboard/policies");
    return { status: "saved", name: editing, created: false, nonce: Date.now() };
  } catch (err) {
    return { status: "error", ...failure("save", err), nonce: Date.now() };
  }
}

export async function deletePolicyAction(name: string): Promise<DeletePolicyResult> {
  const user = await requireUser();
  if (!validName(name)) return { ok: false, message: "No such policy." };
  try {
    await deletePolicy(user.id, name);
    revalidatePath("/dashboard/policies");
    revalidatePath("/dashboard/keys");
    return { ok: true };
  } catch (err) {
    return { ok: false, message: failure("delete", err).message };
  }
}
