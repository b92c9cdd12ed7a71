// POST /replays body parsing (lib/replay/options.ts): the request-class filter (follow-up of
// issue #22 point 6) takes the auto router's classes; anything else is a 400 on
// `filters.request_class` that lists the valid ones.
import { describe, expect, it } from "vitest";
import { AppError, errorCodes } from "@/lib/errors";
import { REQUEST_CLASSES } from "@/lib/routing/auto/classify";
import { parseReplayOptions } from "./options";
import { filtersView } from "./report";

const body = (filters?: unknown) => ({ candidate: "sim/fast", days: 7, sample_size: 50, mode: "estimate", ...(filters === undefined ? {} : { filters }) });

function refusal(input: unknown): AppError {
  try {
    parseReplayOptions(input);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("parsed without an error");
}

describe("replay options: filters.request_class", () => {
  it("takes every class the classifier produces, stored beside the other filters", () => {
    for (const c of REQUEST_CLASSES) expect(parseReplayOptions(body({ request_class: c })).filters).toEqual({ requestClass: c });
    expect(parseReplayOptions(body({ key_id: "key_1", endpoint: "messages", model: "sim/claude", request_class: "code" })).filters)
      .toEqual({ keyId: "key_1", endpoint: "messages", model: "sim/claude", requestClass: "code" });
  });

  it("leaves the class out when none is given", () => {
    expect(parseReplayOptions(body()).filters).toEqual({});
    expect(parseReplayOptions(body({ endpoint: "responses" })).filters).toEqual({ endpoint: "responses" });
  });

  it.each([["poetry"], ["Code"], ["unclassified"], [""]])("an unknown class %j is a 400 naming the field and listing the classes", (c) => {
    const err = refusal(body({ request_class: c }));
    expect(err.code).toBe("invalid_request");
    expect(errorCodes[err.code].status).toBe(400);
    expect(err.param).toBe("filters.request_class");
    expect(err.message).toBe(`Invalid 'filters.request_class': unknown request class '${c}'; ` +
      "the classes are vision, tools, long_context, code, math, quick_chat, general");
  });

  it("a class that is not a string is a 400 on the same field", () => {
    const err = refusal(body({ request_class: ["code"] }));
    expect(err.param).toBe("filters.request_class");
    expect(err.message).toMatch(/expected a string; the classes are vision, tools/);
  });

  it("the run's JSON shows the stored filters in the API's names", () => {
    expect(filtersView({ keyId: "key_1", endpoint: "messages", model: "sim/claude", requestClass: "math" }))
      .toEqual({ key_id: "key_1", endpoint: "messages", model: "sim/claude", request_class: "math" });
    expect(filtersView({})).toEqual({});
    expect(filtersView(null)).toEqual({});
  });
});
