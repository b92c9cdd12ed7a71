"use server";

// The optimization page's server actions (issue #22.6–7). Each resolves the user from the
// session; what the browser sends is parsed by the lib function (lib/optimization) and only
// ever touches the signed-in account.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { applyRecommendation, replayRecommendation } from "@/lib/optimization/actions";
import { dismissAlert } from "@/lib/optimization/alerts";

export type ReplayActionResult = { ok: true; runId: string; judge: string | null } | { ok: false; message: string };
export type ApplyActionResult = { ok: true; policyName: string; model: string } | { ok: false; message: string };
export type DismissActionResult = { ok: true } | { ok: false; message: string };

function failure(action: string, err: unknown): { ok: false; message: string } {
  if (isAppError(err)) return { ok: false, message: err.message };
  logger().error({ action, err: err instanceof Error ? err.message : String(err) }, "optimization action failed");
  return { ok: false, message: "That did not work. Please try again." };
}

export async function replayRecommendationAction(input: unknown): Promise<ReplayActionResult> {
  const user = await requireUser();
  try {
    const r = await replayRecommendation(user.id, input);
    revalidatePath("/dashboard/optimization");
    revalidatePath("/dashboard/replay");
    return { ok: true, runId: r.runId, judge: r.judge };
  } catch (err) {
    return failure("replay", err);
  }
}

export async function applyRecommendationAction(input: unknown): Promise<ApplyActionResult> {
  const user = await requireUser();
  try {
    const r = await applyRecommendation(user.id, input);
    return { ok: true, policyName: r.policyName, model: r.model };
  } catch (err) {
    return failure("apply", err);
  }
}

export async function dismissAlertAction(input: unknown): Promise<DismissActionResult> {
  const user = await requireUser();
  try {
    await dismissAlert(user.id, input);
    revalidatePath("/dashboard", "layout");
    return { ok: true };
  } catch (err) {
    return failure("dismiss-alert", err);
  }
}
