// One orchestration call: its event writer, its sub-calls (prepared up front, run through the
// chat pipeline), its money figures and its own log row. The contract is in index.ts.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { AppError, isAppError, type ErrorCode } from "@/lib/errors";
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { balanceAfter, type SettledCharge } from "@/lib/billing/balance-after";
import { moneyFields } from "@/lib/billing/money";
import { releaseReservation, tryReserve, type Reservation } from "@/lib/billing/settlement/reserve";
import { byokKeysFor } from "@/lib/byok/store";
import { accountPolicies } from "@/lib/policies/lookup";
import { needsPolicies } from "@/lib/policies/resolve";
import { setRateLimitHeaders, takeConcurrencySlot, takeRateLimit } from "@/lib/limits/rate-limiter";
import { takeSharedLimits, useSharedLimits } from "@/lib/limits/shared-limits";
import { logger } from "@/lib/observability/logger";
import { errorBody } from "@/lib/gateway/http/respond";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import {
  limitTokensOf, planChat, refuseWhenBacklogged, reserveGrowing, runChat, type ChainPlan, type SettledChat,
} from "@/lib/gateway/chat/run-chat";
import { eventWriter, type EventWriter } from "@/lib/orchestration/event-writer";
import type { CustomEvent, EventTag, OrchestrationMode, RouteEvent } from "@/lib/orchestration/events";
import { writeParentLog } from "@/lib/orchestration/parent-log";
import { subCallEvents, subCallResult, type PreparedSubCall, type SubCallResult, type SubCallSpec } from "@/lib/orchestration/sub-call";
import { subCallIo } from "@/lib/orchestration/sub-call-io";

export type OrchestrationOptions = {
  /** The client's request as the mode parsed it: shared messages and generation parameters. */
  chat: ParsedChatRequest;
  stream: boolean;
  /**
   * /chat: the one sub-call IS the client's call — its id, its single log row (no parent row),
   * its rate-limit count, its x-switchyard-* headers. Multi-model modes: false.
   */
  single?: boolean;
};

function subCallId(): string {
  return "req_" + randomUUID().replaceAll("-", "");
}

/** A 4xx about one sub-call's model names the field that named it ("models[2]"). */
function withParam(err: unknown, param: string | undefined): unknown {
  if (param === undefined || !isAppError(err) || err.param !== "model") return err;
  return new AppError(err.code, err.message, param, err.headers);
}

export class OrchestrationContext {
  readonly id: string;
  readonly stream: boolean;
  readonly signal: AbortSignal;
  private readonly writer: EventWriter;
  private readonly charges: SettledCharge[] = [];
  private snapshot: Promise<{ balance: bigint | null; total: bigint }> | null = null;
  private readonly failures: AppError[] = [];
  private readonly models: string[] = [];
  private parentRegistered = false;
  private finished = false;
  private status = 200;
  private terminal: AppError | null = null;
  private firstByteMs: number | null = null;
  /** The request every sub-call without its own messages or parameters sends (parsedFor). */
  private shared: ParsedChatRequest["canonical"] | null = null;
  /** Limits counted in Redis (lib/limits/shared-limits.ts): taken in prepare, the slot and request by the first. */
  private readonly sharedLimits: boolean;
  private callLimitsTaken = false;

  constructor(
    readonly req: ApiRequest, readonly res: ApiResponse, readonly key: CachedKey, readonly body: unknown,
    readonly mode: OrchestrationMode, private readonly opts: OrchestrationOptions,
  ) {
    this.id = req.requestId;
    this.stream = opts.stream;
    this.signal = req.signal;
    this.writer = eventWriter(res, opts.stream, this.id, mode);
    // One client call: one concurrency slot (given back after the response) and one request
    // against RPM; each sub-call counts its tokens (planChat). /chat's one sub-call counts
    // both itself.
    this.sharedLimits = useSharedLimits(key);
    if (!this.sharedLimits) {
      takeConcurrencySlot(key, res);
      if (!opts.single) takeRateLimit(key.keyId, { rpm: key.rpmLimit, tpm: null }, 0);
    }
  }

  /** The shared request's generation parameters and messages, as the client sent them. */
  get chat(): ParsedChatRequest {
    return this.opts.chat;
  }

  /** The `route` event: what will run and why (sent with the head, before any chunk). */
  route(fields: Omit<RouteEvent, "event" | "id" | "mode">): void {
    this.writer.emit({ event: "route", id: this.id, mode: this.mode, ...fields });
  }

  /** A mode-specific event (`summary`, `verdict`, …); in the document, a field of that name. */
  emit(event: CustomEvent): void {
    this.writer.emit(event);
  }

  /**
   * Resolves, admits and reserves sub-calls, all or nothing: every model is checked (a bad
   * one is a 4xx naming its field) and every worst case reserved before any runs, so a call
   * the balance cannot cover is refused with 402 before it starts.
   */
  async prepare(specs: SubCallSpec[]): Promise<PreparedSubCall[]> {
    refuseWhenBacklogged();
    const byok = await byokKeysFor(this.key.userId);
    // `policy/<name>` (or `auto` on a key with a default policy) among the models: the account's policies.
    const policies = specs.some((s) => needsPolicies(this.key, s.chain ?? [s.model!])) ? await accountPolicies(this.key.userId) : null;
    const planned = specs.map((spec) => {
      const parsed = this.parsedFor(spec);
      try {
        return { spec, parsed, plan: planChat(this.key, parsed, parsed.models, byok, this.opts.single === true, !this.sharedLimits, policies) };
      } catch (err) {
        throw withParam(err, spec.param);
      }
    });
    if (this.sharedLimits) {
      // One round trip for the call's slot and request (first prepare) and every sub-call's tokens.
      const first = !this.callLimitsTaken;
      this.callLimitsTaken = true;
      const tokens = planned.reduce((n, p) => n + limitTokensOf(this.key, p.plan, p.parsed), 0);
      await takeSharedLimits(this.key, this.res, { slot: first, request: first, tokens });
    }
    const taken: Reservation[] = [];
    try {
      for (const p of planned) {
        taken.push(tryReserve(this.key, p.plan.worst) ?? (await reserveGrowing(this.key, p.plan, p.parsed.canonical)));
      }
    } catch (err) {
      for (const r of taken) releaseReservation(r);
      if (isAppError(err) && err.code === "insufficient_credits" && planned.length > 1) {
        throw new AppError("insufficient_credits", `Insufficient credits: the ${planned.length} model calls of this ${this.mode} ` +
          `may cost up to ${moneyFields("total", sumWorst(planned.map((p) => p.plan))).total_credits} credits together, more than your balance. ` +
          "Lower max_tokens, use fewer models, or add credits.");
      }
      throw err;
    }
    this.registerParent();
    if (!this.res.headersSent && !this.sharedLimits) setRateLimitHeaders(this.key, this.res); // x-ratelimit-* on an admitted call too
    return planned.map((p, i) => ({ spec: p.spec, parsed: p.parsed, plan: p.plan, reservation: taken[i]!, used: false }));
  }

  /** Gives back the reservations of prepared sub-calls that will not run. */
  release(prepared: PreparedSubCall[]): void {
    for (const p of prepared) {
      if (p.used) continue;
      p.used = true;
      releaseReservation(p.reservation);
    }
  }

  /**
   * Runs one sub-call through the chat pipeline (prepared by `prepare`, or prepared now) and
   * reports it (`chunk` events if `emit`, then `trace` and `done` or `error`). Resolves once it
   * is settled; never rejects for an upstream failure (see `error` in the result).
   */
  async runSubCall(specOrPrepared: SubCallSpec | PreparedSubCall): Promise<SubCallResult> {
    const p = "reservation" in specOrPrepared ? specOrPrepared : (await this.prepare([specOrPrepared]))[0]!;
    if (p.used) throw new Error("runSubCall: this prepared sub-call has already run or been released");
    // /chat's one sub-call takes the client's request id: a second would write a second row under it.
    if (this.opts.single && this.models.length > 0) throw new Error("runSubCall: a single call runs one sub-call");
    p.used = true;
    const { spec } = p;
    const model = spec.model ?? spec.chain![0]!;
    const tag: EventTag = this.opts.single ? { model } : { model, index: spec.index, stage: spec.stage };
    this.models.push(tag.model);
    const requestId = this.opts.single ? this.id : subCallId();
    const slot = spec.silent ? -1 : this.writer.slot(tag); // a silent sub-call has no place in the document
    const io = subCallIo({
      parent: this.req, parentRes: this.res, writer: this.writer, tag, slot, emit: spec.emit && !spec.silent,
      requestId, single: this.opts.single === true, signal: spec.signal ?? this.signal,
    });
    let settled: SettledChat | null = null;
    let thrown: unknown = null;
    try {
      await runChat({
        req: io.req, res: io.res, key: this.key, parsed: p.parsed, sink: io.sink, endpoint: this.mode,
        body: this.opts.single ? this.body : subCallBody(p.parsed, spec),
        prepared: { plan: p.plan, reservation: p.reservation },
        ...(this.opts.single ? {} : { parentId: this.id }),
        onSettled: (s) => {
          settled = s;
        },
      });
    } catch (err) {
      thrown = err;
    }
    io.settle();
    // /chat: that row is the client call's own (its id): the router's refusal log adds none.
    if (this.opts.single) this.req.logged = true;
    if (io.seen.opened && this.firstByteMs === null) this.firstByteMs = performance.now() - this.req.startedAt;
    const s = settled ?? missingSettlement(thrown);
    if (s.charged > 0n) this.charges.push({ logId: requestId, charge: s.charged });
    const result = subCallResult(tag, spec, requestId, s, io.seen, thrown);
    if (result.error && result.status !== 499) this.failures.push(result.error);
    if (!spec.silent && result.status !== 499) {
      const remaining = result.error ? null : await this.remaining();
      for (const e of subCallEvents(tag, result, s, remaining, p.reservation.capped)) this.writer.emit(e, slot);
    }
    return result;
  }

  /**
   * The account's balance after this call's charges so far: read once (the first time it is
   * asked), then lowered by each later charge of this call — exact for this call's charges;
   * other requests of the account count once written. null when it could not be read.
   */
  async remaining(): Promise<bigint | null> {
    this.snapshot ??= this.readSnapshot();
    const s = await this.snapshot;
    return s.balance === null ? null : s.balance - (sumCharges(this.charges) - s.total);
  }

  private async readSnapshot(): Promise<{ balance: bigint | null; total: bigint }> {
    const charges = [...this.charges];
    const total = sumCharges(charges);
    try {
      return { balance: await balanceAfter(this.key.userId, charges), total };
    } catch (err) {
      logger().warn({ requestId: this.id, err: String(err) }, "remaining credits could not be read");
      return { balance: null, total };
    }
  }

  /** True once an answer has started (stream: the head is out); before that, failure is a JSON error. */
  get started(): boolean {
    return this.writer.opened;
  }

  /**
   * Ends the call. `failure`: a terminal error — an `error` event when the answer has started,
   * else thrown (the router answers it as a plain JSON error with its status). Without one,
   * a call whose every sub-call failed before its first byte throws their error (502/503).
   */
  async finish(opts: { failure?: AppError } = {}): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.req.signal.aborted) {
      this.status = 499;
      this.res.end();
      return;
    }
    if (!this.writer.opened) {
      const err = opts.failure ?? allFailed(this.failures, this.mode);
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

  private parsedFor(spec: SubCallSpec): ParsedChatRequest {
    const base = this.opts.chat;
    const own = spec.messages !== undefined || spec.temperature !== undefined || spec.max_tokens !== undefined
      || spec.response_format !== undefined;
    // Sub-calls that send the client's request as it is share one copy (nothing downstream
    // writes to it): what is worked out per request (its class, for the log) is then
    // worked out once.
    const canonical = own ? this.canonicalFor(spec) : (this.shared ??= this.canonicalFor(spec));
    const parsed: ParsedChatRequest = { models: spec.chain ?? [spec.model!], canonical, includeUsage: true };
    if (base.optimizationGoal) parsed.optimizationGoal = base.optimizationGoal; // `auto` ranks by it
    if (base.user) parsed.user = base.user;
    return parsed;
  }

  private canonicalFor(spec: SubCallSpec): ParsedChatRequest["canonical"] {
    const base = this.opts.chat.canonical;
    // Streamed when the client streams (its events carry the deltas and time to first token);
    // stream: false asks every model for its whole answer at once (no chunks to parse).
    const canonical: ParsedChatRequest["canonical"] = { ...base, messages: spec.messages ?? base.messages, stream: this.stream };
    if (spec.temperature !== undefined) canonical.temperature = spec.temperature;
    if (spec.max_tokens !== undefined) canonical.max_tokens = spec.max_tokens;
    if (spec.response_format !== undefined) canonical.response_format = spec.response_format;
    return canonical;
  }

  /** The parent row, after the response (multi-model modes, once something was reserved). */
  private registerParent(): void {
    if (this.parentRegistered || this.opts.single) return;
    this.parentRegistered = true;
    this.res.after(() => {
      this.req.logged = true; // the call's own row: the router's refusal log adds none
      writeParentLog({
        id: this.id, key: this.key, mode: this.mode, models: this.models, status: this.req.signal.aborted && !this.finished ? 499 : this.status,
        error: this.terminal, stream: this.stream, latencyMs: performance.now() - this.req.startedAt, ttftMs: this.firstByteMs,
        body: this.body, requestBytes: Number(this.req.header("content-length")) || 0,
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

function sumWorst(plans: readonly ChainPlan[]): bigint {
  let t = 0n;
  for (const p of plans) t += p.worst;
  return t;
}

/** runChat always settles a prepared call; this covers a failure inside the pipeline itself. */
function missingSettlement(thrown: unknown): SettledChat {
  return { status: 500, usage: null, charged: 0n, resolvedModel: null, latencyMs: 0, ttftMs: null, attempts: [], error: thrown };
}

/**
 * What a sub-call's log row stores as its request: its chain, stage, parameters, and its
 * messages when they are its own (a later stage's); the client's messages are stored once, in
 * the parent row.
 */
function subCallBody(parsed: ParsedChatRequest, spec: SubCallSpec): unknown {
  const { stream: _s, messages, ...params } = parsed.canonical;
  const own = spec.messages === undefined ? { messages_in_parent: true } : { messages };
  return { models: parsed.models, stage: spec.stage, index: spec.index, ...params, ...own };
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
