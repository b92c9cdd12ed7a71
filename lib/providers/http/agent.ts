// Shared keep-alive connection pools. An undici Agent keeps one Pool per origin, so every
// request to api.openai.com reuses warm TLS connections. undici sets the connect timeout per
// Agent, not per request, so we keep one Agent per distinct connect timeout (in practice one
// or two values) and per network policy (guarded agents resolve DNS through the SSRF check).
import { Agent, type Dispatcher } from "undici";
import { createGuardedLookup, type NetworkPolicy } from "./ssrf";

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const KEEP_ALIVE_MS = 30_000;
const KEEP_ALIVE_MAX_MS = 10 * 60_000;

const plainAgents = new Map<number, Agent>();
const guardedAgents = new Map<string, Agent>();

function newAgent(connectTimeoutMs: number, policy: NetworkPolicy | undefined): Agent {
  return new Agent({
    keepAliveTimeout: KEEP_ALIVE_MS,
    keepAliveMaxTimeout: KEEP_ALIVE_MAX_MS,
    connect: policy
      ? { timeout: connectTimeoutMs, lookup: createGuardedLookup(policy) }
      : { timeout: connectTimeoutMs },
  });
}

export function getDispatcher(connectTimeoutMs: number, policy?: NetworkPolicy): Dispatcher {
  if (!policy) {
    let agent = plainAgents.get(connectTimeoutMs);
    if (!agent) {
      agent = newAgent(connectTimeoutMs, undefined);
      plainAgents.set(connectTimeoutMs, agent);
    }
    return agent;
  }
  const key = `${connectTimeoutMs}:${policy.allowLoopback ? 1 : 0}${policy.allowPrivateNetwork ? 1 : 0}`;
  let agent = guardedAgents.get(key);
  if (!agent) {
    agent = newAgent(connectTimeoutMs, policy);
    guardedAgents.set(key, agent);
  }
  return agent;
}
