// What one orchestration call did — the models its sub-calls asked for, what they charged and
// what failed, its first byte, how it ended — kept apart from running the sub-calls
// (context.ts) because three things are made from it: the balance in each `done` event, the
// call's end (an error event, or a thrown error before anything was sent), and its own log
// row, written after the response.
import { performance } from "node:perf_hooks";
import { AppError, type ErrorCode } from "@/lib/errors";
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { balanceAfter, type SettledCharge } from "@/lib/billing/balance-after";
import { logger } from "@/lib/observability/logger";
import { rawJsonText } from "@/lib/gateway/http/read-json";
import { errorBody } from "@/lib/gateway/http/respond";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import type { EventWriter } from "@/lib/orchestration/event-writer";
import type { OrchestrationMode } from "@/lib/orchestration/events";
import { writeParentLog } from "@/lib/orchestration/parent-log";

/** The call as its record reads it (an OrchestrationContext). */
export type RecordedCall = {
  readonly id: string;
  readonly req: ApiRequest;
  readonly res: ApiResponse;
  readonly key: CachedKey;
  readonly body: unknown;
  readonly mode: OrchestrationMode;
  readonly stream: boolean;
};

export class CallRecord {
  /** The model each sub-call asked for, in the order they started. */
  readonly models: string[] = [];
  readonly charges: SettledCharge[] = [];
  /** Sub-calls that failed (a client gone away is not a failure). */
  readonly failures: AppError[] = [];
  firstByteMs: number | null = null;
  private snapshot: Promise<{ balance: bigint | null; total: bigint }> | null = null;
  private parentRegistered = false;
  private finished = false;
  private status = 200;
  private terminal: AppError | null = null;

  /** `single`: /chat, whose one sub-call's row is the call's own (no parent row). */
  constructor(private readonly call: RecordedCall, private readonly writer: EventWriter, private readonly single: boolean) {}

  /** OrchestrationContext.remaining. */
  async remaining(): Promise<bigint | null> {
    this.snapshot ??= this.readSnapshot();
    const s = await this.snapshot;
    return s.balance === null ? null : s.balance - (sumCharges(this.charges) - s.total);
  }

  private async readSnapshot(): Promise<{ balance: bigint | null; total: bigint }> {
    const charges = [...this.charges];
    const total = sumCharges(charges);
    try {
      return { balance: await balanceAfter(this.call.key.userId, charges), total };
    } catch (err) {
      logger().warn({ requestId: this.call.id, err: String(err) }, "remaining credits could not be read");
      return { balance: null, total };
    }
  }

  /** OrchestrationContext.finish. */
  async finish(opts: { failure?: AppError } = {}): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.call.req.signal.aborted) {
      this.status = 499;
      this.call.res.end();
      return;
    }
    if (!this.writer.opened) {
      const err = opts.failure ?? allFailed(this.failures, this.call.mode);
      this.status = err.status;
      this.terminal = err;
      throw err;
    }
    if (opts.failure) {
      this.terminal = opts.failure;
      this.writer.emit({ event: "error", status_code: opts.failure.status, code: opts.failure.code, message: opts.failure.message,
        refunded: this.charges.length === 0 });
    }
    this.writer.end();
  }

  /** The parent row, after the response (multi-model modes, once something was reserved). */
  registerParent(): void {
    if (this.parentRegistered || this.single) return;
    this.parentRegistered = true;
    const { req, res } = this.call;
    res.after(() => {
      req.logged = true; // the call's own row: the router's refusal log adds none
      writeParentLog({
        id: this.call.id, key: this.call.key, mode: this.call.mode, models: this.models, status: req.signal.aborted && !this.finished ? 499 : this.status,
        error: this.terminal, stream: this.call.stream, latencyMs: performance.now() - req.startedAt, ttftMs: this.firstByteMs,
        body: this.call.body, bodyText: rawJsonText(req, this.call.body), requestBytes: Number(req.header("content-length")) || 0,
        summary: { sub_calls: this.models.length, failed: this.failures.length, ...(this.terminal ? { error: errorBody(this.terminal, "openai") } : {}) },
      });
    });
  }
}

function sumCharges(charges: readonly SettledCharge[]): bigint {
  let t = 0n;
  for (const c of charges) t += c.charge;
  return t;
}

/** Every sub-call failed before its first byte: one error for the client, with their statuses. */
function allFailed(failures: AppError[], mode: OrchestrationMode): AppError {
  const first = failures[0];
  if (!first) return new AppError("internal_error", `The ${mode} call produced no answer.`);
  if (failures.length === 1) return first;
  const code: ErrorCode = failures.every((f) => f.code === first.code) ? first.code : "upstream_error";
  const detail = failures.map((f) => f.message).join(" | ");
  return new AppError(code, `Every model of this ${mode} call failed; nothing was charged. ${detail}`.slice(0, 2000), null, first.headers);
}
