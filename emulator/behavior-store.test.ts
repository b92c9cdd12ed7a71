import { describe, expect, it } from "vitest";
import { DEFAULT_BEHAVIOR } from "./behavior";
import { BehaviorStore } from "./behavior-store";

describe("BehaviorStore", () => {
  it("layers defaults < preset < startup model < overrides < runtime model", () => {
    const store = new BehaviorStore({
      overrides: { latencyMs: 50 },
      models: { "emu-chat": { replyTokens: 10 }, custom: { ttftMs: 5 } },
    });
    expect(store.resolve("unknown-model")).toEqual({ ...DEFAULT_BEHAVIOR, latencyMs: 50 });
    expect(store.resolve("emu-chat")).toMatchObject({ ttftMs: 150, tokensPerSecond: 120, replyTokens: 10, latencyMs: 50 });
    expect(store.resolve("custom")).toMatchObject({ ttftMs: 5, latencyMs: 50 });
    store.setModel("emu-chat", { latencyMs: 0 });
    expect(store.resolve("emu-chat").latencyMs).toBe(0);
    store.setOverrides({ replyTokens: 99 });
    expect(store.resolve("emu-chat").replyTokens).toBe(99);
    store.reset();
    expect(store.resolve("emu-chat")).toMatchObject({ latencyMs: 50, replyTokens: 10 });
  });

  it("fails an exact, repeatable share of requests in pattern mode", () => {
    const store = new BehaviorStore({ models: { quarter: { failureRate: 0.25 } } });
    const run = () => Array.from({ length: 8 }, () => store.shouldFail("quarter", store.resolve("quarter")));
    expect(run()).toEqual([false, false, false, true, false, false, false, true]);
    store.reset();
    expect(run()).toEqual([false, false, false, true, false, false, false, true]);
    expect(store.shouldFail("emu-down", store.resolve("emu-down"))).toBe(true);
    expect(store.shouldFail("emu-fast", store.resolve("emu-fast"))).toBe(false);
  });
});
