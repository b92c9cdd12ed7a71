// The event-loop delay gauge sees a callback that blocks the loop, and each read starts a new window.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { takeEventLoopDelay } from "@/lib/observability/event-loop-delay";

function block(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy: nothing else may run
  }
}

describe("event-loop delay", () => {
  it("starts at the first read, reports a 150 ms block, then forgets it", async () => {
    expect(takeEventLoopDelay()).toBeNull();
    await sleep(50);
    block(150);
    await sleep(50);
    const blocked = takeEventLoopDelay()!;
    expect(blocked.max).toBeGreaterThan(0.12);
    expect(blocked.max).toBeLessThan(1);
    await sleep(200);
    expect(takeEventLoopDelay()!.max).toBeLessThan(0.1);
  });
});
