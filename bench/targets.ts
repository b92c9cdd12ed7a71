// The load targets of one bench stack, as the load generator addresses them, and the process
// behind each (direct is the emulator itself: no gateway process to measure).
import type { Target } from "./load";
import type { TargetName } from "./report";
import type { Proc, Stack } from "./setup";

export type StackTargets = {
  targets: Partial<Record<TargetName, Target>> & Record<"direct" | "bare" | "switchyard" | "portkey", Target>;
  procs: Partial<Record<TargetName, Proc>>;
};

export function stackTargets(stack: Stack): StackTargets {
  const emu = stack.emulator.url;
  const json = { "content-type": "application/json" };
  const targets: StackTargets["targets"] = {
    direct: { name: "direct", origin: emu, path: "/v1/chat/completions", model: "emu-fast",
      headers: { ...json, authorization: "Bearer bench" } },
    bare: { name: "bare", origin: stack.bare.url, path: "/v1/chat/completions", model: "emu-fast",
      headers: { ...json, authorization: "Bearer bench" } },
    switchyard: { name: "switchyard", origin: stack.gateway.url, path: "/v1/chat/completions", model: "sim/fast",
      headers: { ...json, authorization: `Bearer ${stack.apiKey}` },
      headersFor: (i) => ({ ...json, authorization: `Bearer ${stack.apiKeys[i % stack.apiKeys.length]}` }) },
    portkey: { name: "portkey", origin: stack.portkey.url, path: "/v1/chat/completions", model: "emu-fast",
      headers: { ...json, authorization: "Bearer bench", "x-portkey-provider": "openai", "x-portkey-custom-host": `${emu}/v1` } },
  };
  const procs: StackTargets["procs"] = { bare: stack.bare, switchyard: stack.gateway, portkey: stack.portkey };
  if (stack.baseline) {
    targets.baseline = { ...targets.switchyard, name: "baseline", origin: stack.baseline.url };
    procs.baseline = stack.baseline;
  }
  return { targets, procs };
}
