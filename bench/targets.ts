// The load targets of one bench stack, as the load generator addresses them, and the process
// behind each (direct is the emulator itself: no gateway process to measure).
import { compareBody, type Target } from "./load";
import type { TargetName } from "./report";
import type { Proc, Stack } from "./setup";

export type StackTargets = {
  targets: Partial<Record<TargetName, Target>> & Record<"direct" | "bare" | "switchyard" | "portkey", Target>;
  procs: Partial<Record<TargetName, Proc>>;
};

/** A chat target on one of our servers (the stack's gateway, or another build beside it). */
export function gatewayTarget(server: Proc, apiKey: string): Target {
  return { name: server.name, origin: server.url, path: "/v1/chat/completions", model: "sim/fast",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` } };
}

export function stackTargets(stack: Stack): StackTargets {
  const emu = stack.emulator.url;
  const json = { "content-type": "application/json" };
  const targets: StackTargets["targets"] = {
    direct: { name: "direct", origin: emu, path: "/v1/chat/completions", model: "emu-fast",
      headers: { ...json, authorization: "Bearer bench" } },
    bare: { name: "bare", origin: stack.bare.url, path: "/v1/chat/completions", model: "emu-fast",
      headers: { ...json, authorization: "Bearer bench" } },
    switchyard: { ...gatewayTarget(stack.gateway, stack.apiKey),
      headersFor: (i) => ({ ...json, authorization: `Bearer ${stack.apiKeys[i % stack.apiKeys.length]}` }) },
    portkey: { name: "portkey", origin: stack.portkey.url, path: "/v1/chat/completions", model: "emu-fast",
      headers: { ...json, authorization: "Bearer bench", "x-portkey-provider": "openai", "x-portkey-custom-host": `${emu}/v1` } },
  };
  // Issue #19: POST /compare of three models on the same gateway process, against one chat
  // (`switchyard`): its CPU per request is reported as a ratio to one chat's (goal ≤ 3.3×).
  targets.compare3 = { ...targets.switchyard, name: "compare3", path: "/v1/compare", model: "sim/fast",
    body: (stream) => compareBody(["sim/fast", "sim/fast", "sim/fast"], stream) };
  const procs: StackTargets["procs"] = { bare: stack.bare, switchyard: stack.gateway, portkey: stack.portkey, compare3: stack.gateway };
  if (stack.baseline) {
    targets.baseline = { ...targets.switchyard, name: "baseline", origin: stack.baseline.url };
    procs.baseline = stack.baseline;
  }
  return { targets, procs };
}
