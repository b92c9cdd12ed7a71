import { describe, expect, it } from "vitest";
import { countTokens } from "./tokens";

describe("emulator token counts", () => {
  it("count long runs of one character in bounded time (the exact BPE is quadratic on them)", () => {
    const t0 = performance.now();
    const n = countTokens("a".repeat(200_000));
    expect(performance.now() - t0).toBeLessThan(1_000); // the exact count took ~45 s
    expect(n).toBeGreaterThan(200_000 / 16);
    expect(n).toBeLessThan(200_000);
  });

  it("stay exact for texts of ordinary length", () => {
    expect(countTokens("Hello, world!")).toBe(4);
  });
});
