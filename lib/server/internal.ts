// How the processes of one server find each other. The primary (lib/server/primary.ts) sets
// these variables for its children; they are plumbing, not settings, so they are read here
// rather than through lib/env.ts — the Next process's launcher must not load our modules
// (they live in Next's bundle there: one copy per process). SHUTDOWN_GRACE_MS is validated
// by the primary through lib/env.ts before any child starts.

/** Environment the primary gives its children. */
export const ROLE_ENV = "SWITCHYARD_ROLE"; // "api" | "next"
export const SLOT_ENV = "SWITCHYARD_WORKER_SLOT"; // API worker 1..N: stable across restarts
export const NEXT_PORT_ENV = "SWITCHYARD_NEXT_PORT"; // the Next process listens on 127.0.0.1:<this>
export const INTERNAL_TOKEN_ENV = "SWITCHYARD_INTERNAL_TOKEN"; // random per start of the primary

export type InternalSettings = {
  role: "api" | "next" | null;
  slot: string | null;
  nextPort: number;
  token: string;
  graceMs: number;
};

export function internalSettings(): InternalSettings {
  const e = process.env;
  const role = e[ROLE_ENV] === "api" || e[ROLE_ENV] === "next" ? e[ROLE_ENV] : null;
  const grace = Number(e.SHUTDOWN_GRACE_MS ?? 25_000);
  return {
    role, slot: e[SLOT_ENV] ?? null, nextPort: Number(e[NEXT_PORT_ENV] ?? 0), token: e[INTERNAL_TOKEN_ENV] ?? "",
    graceMs: Number.isFinite(grace) && grace >= 0 ? grace : 25_000,
  };
}

/**
 * Proof that a request reached the Next process through an API worker: the Next process
 * trusts the client-IP header those workers stamp, so another local user must not be able
 * to talk to its port directly and claim any IP.
 */
export const INTERNAL_TOKEN_HEADER = "x-switchyard-internal";

/** Messages over the cluster/fork IPC channel. */
export type IpcMessage =
  | { type: "next-ready" }
  | { type: "port-bound" }
  | { type: "metrics-request"; id: number }
  | { type: "metrics-collect"; id: number }
  | { type: "metrics-part"; id: number; slot: string; text: string }
  | { type: "metrics-response"; id: number; text: string };

export function isIpcMessage(m: unknown): m is IpcMessage {
  return typeof m === "object" && m !== null && typeof (m as { type?: unknown }).type === "string";
}
