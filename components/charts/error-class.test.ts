import { describe, expect, it } from "vitest";
import { errorClassLabel } from "./error-class";

describe("errorClassLabel", () => {
  it("names upstream statuses, known codes and anything else readably", () => {
    expect(errorClassLabel("upstream_503")).toBe("Provider 503 (unavailable)");
    expect(errorClassLabel("upstream_418")).toBe("Provider 418");
    expect(errorClassLabel("upstream_timeout")).toBe("Provider timed out");
    expect(errorClassLabel("insufficient_credits")).toBe("Insufficient credits (402)");
    expect(errorClassLabel("some_new_class")).toBe("Some new class");
    expect(errorClassLabel("")).toBe("Unknown error");
  });
});
