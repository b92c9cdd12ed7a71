// The two ways adapters talk to an upstream: POST → one JSON body, or POST → an SSE stream
// translated event by event. Nothing is buffered: the chunks of each read are handed on as
// soon as the upstream bytes that produced them have been parsed.
import { StringDecoder } from "node:string_decoder";
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { ChunkStream } from "../chunk-stream";
import { UpstreamError, type CallOptions, type CanonicalChunk } from "../types";
import { DEFAULT_CONNECT_TIMEOUT_MS, getDispatcher } from "./agent";
import { DEFAULT_IDLE_TIMEOUT_MS, UpstreamAttempt } from "./attempt";
import { UpstreamExchange } from "./fast-path/exchange";
import {
  httpStatusError,
  invalidResponse,
  notRetryable,
  readErrorDetail,
  redactSecret,
  type ErrorBodyParser,
} from "./errors";
import { validateUpstreamBaseUrl, type NetworkPolicy } from "./ssrf";

export type UpstreamCall = {
  /** Names the upstream in error messages (`openai`, `anthropic`, `groq`…). */
  label: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Only used to scrub error messages. */
  apiKey: string;
  parseErrorBody: ErrorBodyParser;
  /** Set for operator-configured custom upstreams: SSRF-checked URL and DNS. */
  policy?: NetworkPolicy;
};

/**
 * Turns one provider's SSE events into canonical chunks. Mappers are small state machines
 * (one per stream) so they can be tested on recorded fixtures without any I/O.
 */
export interface StreamMapper {
  /** Translate one event, pushing 0..n chunks. Throw UpstreamError for garbage/in-band errors. */
  onEvent(event: EventSourceMessage, out: CanonicalChunk[]): void;
  /** The provider's terminal event was seen: stop reading. */
  readonly done: boolean;
  /** The connection ended without a terminal event: push trailing chunks or throw. */
  onEnd(out: CanonicalChunk[]): void;
}

/** Some WAF-fronted upstreams refuse requests without a user agent. */
const USER_AGENT = "switchyard-gateway";
/** SSE lines longer than this (characters) mean garbage, not a model answer. */
const MAX_SSE_BUFFER_CHARS = 16 * 1024 * 1024;
/** What we read after a terminal event so the socket can go back to the pool. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

function send(call: UpstreamCall, opts: CallOptions, attempt: UpstreamAttempt): UpstreamExchange {
  attempt.assertNotAborted();
  if (call.policy) {
    const check = validateUpstreamBaseUrl(call.url, call.policy);
    if (!check.ok) throw invalidTarget(call.label, check.reason);
  }
  call.headers["user-agent"] ??= USER_AGENT;
  const { origin, path } = splitUrl(call.url);
  const dispatcher = getDispatcher(opts.timeouts?.connect ?? DEFAULT_CONNECT_TIMEOUT_MS, call.policy);
  const exchange = new UpstreamExchange(dispatcher, {
    origin, path, headers: call.headers, body: call.body,
    idleTimeoutMs: opts.timeouts?.total ?? DEFAULT_IDLE_TIMEOUT_MS,
  });
  attempt.attach(exchange);
  return exchange;
}

// Upstream URLs are few and static (one per provider endpoint), so each is parsed once
// rather than by undici on every request. Bounded for the odd custom base URL.
const splitCache = new Map<string, { origin: string; path: string }>();

function splitUrl(url: string): { origin: string; path: string } {
  let hit = splitCache.get(url);
  if (!hit) {
    const u = new URL(url);
    hit = { origin: u.origin, path: u.pathname + u.search };
    if (splitCache.size >= 1000) splitCache.clear();
    splitCache.set(url, hit);
  }
  return hit;
}

function invalidTarget(label: string, reason: string): UpstreamError {
  return new UpstreamError(`${label} upstream URL refused: ${reason}`, null, "network", false);
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

async function statusError(call: UpstreamCall, ex: UpstreamExchange): Promise<Error> {
  const text = await ex.text();
  return httpStatusError(call.label, ex.status, readErrorDetail(text, call.parseErrorBody), ex.headers(), call.apiKey);
}

/** POST and parse one JSON answer. Throws UpstreamError. */
export async function postForJson(call: UpstreamCall, opts: CallOptions): Promise<unknown> {
  const attempt = new UpstreamAttempt(opts, call.label);
  try {
    const ex = send(call, opts, attempt);
    await ex.head();
    attempt.gotFirstByte();
    if (!isSuccess(ex.status)) throw await statusError(call, ex);
    const text = await ex.text();
    try {
      return JSON.parse(text);
    } catch {
      throw invalidResponse(call.label, "body is not valid JSON");
    }
  } catch (err) {
    throw attempt.toError(err);
  } finally {
    attempt.dispose();
  }
}

export type PreparedStream = { call: UpstreamCall; mapper: StreamMapper };

/**
 * POST and translate the SSE answer. `prepare` runs when iteration starts, so request-mapping
 * errors surface through the iterator like every other failure. Errors after the first
 * yielded chunk are never retryable (the caller already has part of the answer).
 */
export function postForEvents(prepare: () => PreparedStream, opts: CallOptions): ChunkStream {
  return new ChunkStream(eventBatches(prepare, opts));
}

/** The chunks of each upstream read, translated together (chunk-stream.ts). */
async function* eventBatches(
  prepare: () => PreparedStream,
  opts: CallOptions,
): AsyncGenerator<CanonicalChunk[], void, undefined> {
  const { call, mapper } = prepare();
  const attempt = new UpstreamAttempt(opts, call.label);
  let ex: UpstreamExchange | undefined;
  let yielded = 0;
  try {
    ex = send(call, opts, attempt);
    await ex.head();
    if (!isSuccess(ex.status)) throw await statusError(call, ex);
    if (ex.header("content-type").includes("application/json")) {
      const detail = readErrorDetail(await ex.text(), call.parseErrorBody);
      const why = detail.message ? `: ${redactSecret(detail.message, call.apiKey)}` : "";
      throw invalidResponse(call.label, `expected an event stream, got JSON${why}`);
    }

    // The events a read completes are translated together and handed on as one batch; the
    // sinks write what one tick produced as one write anyway (gateway/http/coalesce.ts).
    // Framing stops at an oversized event; translation stops at the first event that fails,
    // and the chunks of the events before it are delivered first: the outcome must not depend
    // on how the upstream's bytes happened to be split into packets.
    let failure: unknown = null;
    let batch: CanonicalChunk[] = [];
    const parser = createParser({
      onEvent(event) {
        if (failure !== null || mapper.done) return;
        try {
          mapper.onEvent(event, batch);
        } catch (err) {
          failure = err; // it precedes any oversized event, which was framed later
        }
      },
      onError(err) {
        if (err.type === "max-buffer-size-exceeded" && failure === null) {
          failure = invalidResponse(call.label, "event larger than the buffer limit");
        }
      },
      maxBufferSize: MAX_SSE_BUFFER_CHARS,
    });
    /** The chunks so far, as a batch to yield (null when there are none). */
    const take = (): CanonicalChunk[] | null => {
      if (batch.length === 0) return null;
      const out = batch;
      batch = [];
      yielded += out.length;
      return out;
    };
    // node:string_decoder, not TextDecoder: the same UTF-8 decoding (a character split across
    // reads is held back, invalid bytes become U+FFFD) at ~0.6 instead of ~4.7 µs per 6 KB stream.
    const decoder = new StringDecoder("utf8");
    let first = true;
    for (let bytes = await ex.nextChunk(); bytes !== null; bytes = await ex.nextChunk()) {
      if (first) {
        first = false;
        attempt.gotFirstByte();
      }
      parser.feed(decoder.write(bytes));
      const out = take();
      if (out) yield out;
      if (failure !== null) throw failure;
      if (mapper.done) break;
    }
    if (!mapper.done) {
      parser.feed(decoder.end());
      parser.reset({ consume: true }); // a trailing event without its blank line
      if (failure === null) {
        try {
          mapper.onEnd(batch);
        } catch (err) {
          failure = err;
        }
      }
      const out = take();
      if (out) yield out;
      if (failure !== null) throw failure;
    } else {
      // Let the rest of the body (normally just the chunked terminator) drain in the
      // background so the keep-alive socket returns to the pool.
      ex.drain(DRAIN_LIMIT_BYTES);
    }
  } catch (err) {
    const upstreamErr = attempt.toError(err);
    throw yielded > 0 ? notRetryable(upstreamErr) : upstreamErr;
  } finally {
    attempt.dispose();
    // Early return by the consumer or any failure: close the upstream so it stops generating.
    // (A no-op once the body has ended or is draining.)
    if (ex && !ex.draining) ex.abort();
  }
}
