import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { ClientSignal, toAbortSignal, type Cancel } from "./cancel";

// The same script against ClientSignal and a real AbortSignal: the core must not be able to
// tell them apart.
function script(signal: Cancel, abort: () => void): string[] {
  const seen: string[] = [];
  const a = () => seen.push("a");
  const b = () => seen.push("b");
  const c = () => seen.push("c");
  const removed = () => seen.push("removed");
  signal.addEventListener("abort", a, { once: true });
  signal.addEventListener("abort", b);
  signal.addEventListener("abort", a); // the same listener twice: kept once
  signal.addEventListener("abort", removed, { once: true });
  signal.removeEventListener("abort", removed);
  signal.removeEventListener("abort", () => seen.push("never added"));
  signal.addEventListener("abort", c);
  seen.push(`before:${signal.aborted}`);
  abort();
  abort(); // a second abort fires nothing
  seen.push(`after:${signal.aborted}`);
  signal.addEventListener("abort", () => seen.push("late")); // added after the abort: never runs
  return seen;
}

describe("ClientSignal", () => {
  it("behaves as AbortSignal for what the core uses", () => {
    const real = new AbortController();
    const ours = new ClientSignal();
    const expected = ["before:false", "a", "b", "c", "after:true"];
    expect(script(real.signal, () => real.abort())).toEqual(expected);
    expect(script(ours, () => ours.abort())).toEqual(expected);
  });

  it("gives a real AbortSignal that follows it, made before or after the abort", async () => {
    const before = new ClientSignal();
    const native = toAbortSignal(before);
    expect(native).toBeInstanceOf(AbortSignal);
    expect(toAbortSignal(before)).toBe(native); // one per ClientSignal
    const waiting = sleep(60_000, undefined, { signal: native }).then(() => "slept", (e: Error) => e.name);
    before.abort();
    expect(native.aborted).toBe(true);
    expect(await waiting).toBe("AbortError");

    const after = new ClientSignal();
    after.abort();
    expect(toAbortSignal(after).aborted).toBe(true);
    expect(AbortSignal.any([toAbortSignal(after)]).aborted).toBe(true);
  });

  it("passes a real AbortSignal through and refuses anything else", () => {
    const s = new AbortController().signal;
    expect(toAbortSignal(s)).toBe(s);
    const fake: Cancel = { aborted: false, addEventListener: () => undefined, removeEventListener: () => undefined };
    expect(() => toAbortSignal(fake)).toThrow(TypeError);
  });

  it("a listener removed while the abort runs the list does not run, as with EventTarget", () => {
    const run = (signal: Cancel, abort: () => void) => {
      const seen: string[] = [];
      const second = () => seen.push("second");
      signal.addEventListener("abort", () => {
        seen.push("first");
        signal.removeEventListener("abort", second);
      });
      signal.addEventListener("abort", second);
      signal.addEventListener("abort", () => seen.push("third"));
      abort();
      return seen;
    };
    const real = new AbortController();
    const ours = new ClientSignal();
    expect(run(real.signal, () => real.abort())).toEqual(["first", "third"]);
    expect(run(ours, () => ours.abort())).toEqual(["first", "third"]);
  });
});
