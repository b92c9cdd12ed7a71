// Outgoing email. No mail can leave this machine, so messages go to an in-process outbox
// that /dev/outbox shows in test mode (not production, or EMAIL_OUTBOX=on). A real mail
// transport would replace `sendEmail`'s body; callers stay the same.
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/logger";
import { processSingleton } from "@/lib/shared-state";

export type OutboxMessage = { id: number; to: string; subject: string; text: string; sentAt: Date };

const KEEP = 200; // newest messages kept; older ones fall off

type Outbox = { next: number; messages: OutboxMessage[] };
// Shared by every bundle in the process: the sign-up route writes, the outbox page reads.
const outbox = () => processSingleton<Outbox>("emailOutbox", () => ({ next: 1, messages: [] }));

export function outboxEnabled(): boolean {
  const e = env();
  return e.NODE_ENV !== "production" || e.EMAIL_OUTBOX === "on";
}

export function sendEmail(message: { to: string; subject: string; text: string }): void {
  if (!outboxEnabled()) {
    logger().warn({ subject: message.subject }, "email not delivered: no mail transport is configured (EMAIL_OUTBOX=on keeps it at /dev/outbox)");
    return;
  }
  const box = outbox();
  box.messages.push({ ...message, id: box.next++, sentAt: new Date() });
  if (box.messages.length > KEEP) box.messages.splice(0, box.messages.length - KEEP);
}

/** Newest first. */
export function outboxMessages(): OutboxMessage[] {
  return [...outbox().messages].reverse();
}
