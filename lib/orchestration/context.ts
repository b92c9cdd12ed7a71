// One orchestration call: its event writer and its sub-calls (prepared up front, run through the
// chat pipeline); its money figures and own log row are in call-record.ts. Contract: index.ts.
import { performance } from "node:perf_hooks";
import type { Cancel } from "@/lib/cancel";
import { AppError, isAppError } from "@/lib/errors";
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { moneyFields } from "@/lib/billing/money";
import { releaseReservation, tryReserve, type Reservation } from "@/lib/billing/settlement/reserve";
import { byokKeysFor } from "@/lib/byok/store";
import { accountPolicies } from "@/lib/policies/lookup";
import { needsPolicies } from "@/lib/policies/resolve";
import { setRateLimitHeaders, takeConcurrencySlot, takeRateLimit } from "@/lib/limits/rate-limiter";
import { takeSharedLimits, useSharedLimits } from "@/lib/limits/shared-limits";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import {
  limitTokensOf, planChat, refuseWhenBacklogged, reserveGrowing, runChat, type ChainPlan, type SettledChat,
} from "@/lib/gateway/chat/run-chat";
import { CallRecord } from "@/lib/orchestration/call-record";
import { eventWriter, type EventWriter } from "@/lib/orchestration/event-writer";
import type { CustomEvent, EventTag, OrchestrationMode, RouteEvent } from "@/lib/orchestration/events";
import { subCallEvents, subCallResult, type PreparedSubCall, type SubCallResult, type SubCallSpec } from "@/lib/orchestration/sub-call";
import { subCallIo } from "@/lib/orchestration/sub-call-io";
import { subCallBody, SubCallRequests, withParam } from "@/lib/orchestration/sub-call-request";
import { createRequestId } from "@/lib/ids";

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

export class OrchestrationContext {
  readonly id: string;
  readonly stream: boolean;
  readonly signal: Cancel;
  private readonly writer: EventWriter;
  private readonly record: CallRecord;
  private readonly requests: SubCallRequests;
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
    this.record = new CallRecord(this, this.writer, opts.single === true);
    this.requests = new SubCallRequests(opts.chat, opts.stream);
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
      const parsed = this.requests.parsedFor(spec);
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
    this.record.registerParent();
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
    if (this.opts.single && this.record.models.length > 0) throw new Error("runSubCall: a single call runs one sub-call");
    p.used = true;
    const { spec } = p;
    const model = spec.model ?? spec.chain![0]!;
    const tag: EventTag = this.opts.single ? { model } : { model, index: spec.index, stage: spec.stage };
    this.record.models.push(tag.model);
    const requestId = this.opts.single ? this.id : createRequestId();
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
    if (io.seen.opened && this.record.firstByteMs === null) this.record.firstByteMs = performance.now() - this.req.startedAt;
    const s = settled ?? missingSettlement(thrown);
    if (s.charged > 0n) this.record.charges.push({ logId: requestId, charge: s.charged });
    const result = subCallResult(tag, spec, requestId, s, io.seen, thrown);
    if (result.error && result.status !== 499) this.record.failures.push(result.error);
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
  remaining(): Promise<bigint | null> {
    return this.record.remaining();
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
  finish(opts: { failure?: AppError } = {}): Promise<void> {
    return this.record.finish(opts);
  }
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
