// The route matcher on a table shaped like the API's next routes: several parameters, PATCH,
// 405 with the matched pattern's methods, percent-decoding and its malformed escapes.
import { describe, expect, it } from "vitest";
import { compileRoutes, type RouteMatch } from "@/lib/gateway/route-matcher";
import { route, type Route } from "@/lib/gateway/routes/route";

const noop = async () => undefined;
const table: Route[] = [
  route("POST", "/chat/completions", noop),
  route("POST", "/messages", noop, { dialect: "anthropic" }),
  route("GET", "/models", noop),
  route("GET", "/models/{id...}", noop),
  route("GET", "/keys", noop),
  route("POST", "/keys", noop),
  route("GET", "/keys/{id}", noop),
  route("PATCH", "/keys/{id}", noop),
  route("DELETE", "/keys/{id}", noop),
  route("GET", "/replays/{id}", noop),
  route("POST", "/replays/{id}/cancel", noop),
  route("PUT", "/policies/{name}", noop),
  route("GET", "/orgs/{org}/keys/{keyId}", noop),
];
const { match } = compileRoutes(table);

function hit(m: RouteMatch): { path: string; method: string; params: Record<string, string> } {
  if (m.kind !== "route") throw new Error(`expected a route, got ${m.kind}`);
  return { path: m.route.path, method: m.route.method, params: { ...m.params } };
}

describe("route matcher", () => {
  it("finds literal routes, and only with their method", () => {
    expect(hit(match("POST", "/chat/completions"))).toEqual({ path: "/chat/completions", method: "POST", params: {} });
    expect(hit(match("POST", "/messages")).path).toBe("/messages");
    expect(match("GET", "/chat/completions")).toEqual({ kind: "method_not_allowed", allow: "POST", dialect: "openai" });
  });

  it("passes named parameters, several per path", () => {
    expect(hit(match("GET", "/keys/key_123"))).toEqual({ path: "/keys/{id}", method: "GET", params: { id: "key_123" } });
    expect(hit(match("POST", "/replays/rp_9/cancel")).params).toEqual({ id: "rp_9" });
    expect(hit(match("GET", "/orgs/o1/keys/k2")).params).toEqual({ org: "o1", keyId: "k2" });
    expect(hit(match("GET", "/replays/rp_9")).path).toBe("/replays/{id}");
  });

  it("routes PATCH, PUT and DELETE", () => {
    expect(hit(match("PATCH", "/keys/k1"))).toMatchObject({ method: "PATCH", params: { id: "k1" } });
    expect(hit(match("DELETE", "/keys/k1")).method).toBe("DELETE");
    expect(hit(match("PUT", "/policies/cheap")).params).toEqual({ name: "cheap" });
  });

  it("answers 405 with the methods of the pattern that matched", () => {
    expect(match("PUT", "/keys/k1")).toEqual({ kind: "method_not_allowed", allow: "GET, PATCH, DELETE", dialect: "openai" });
    expect(match("DELETE", "/keys")).toEqual({ kind: "method_not_allowed", allow: "GET, POST", dialect: "openai" });
    expect(match("GET", "/replays/rp_9/cancel")).toMatchObject({ kind: "method_not_allowed", allow: "POST" });
  });

  it("keeps a route's error dialect for 405s and 404s on its path", () => {
    expect(match("GET", "/messages")).toEqual({ kind: "method_not_allowed", allow: "POST", dialect: "anthropic" });
    expect(match("POST", "/messages/batches")).toEqual({ kind: "not_found", dialect: "anthropic" });
    expect(match("POST", "/messagesx")).toEqual({ kind: "not_found", dialect: "openai" });
    expect(match("GET", "/nope")).toEqual({ kind: "not_found", dialect: "openai" });
  });

  it("percent-decodes parameters, not literal segments", () => {
    expect(hit(match("GET", "/keys/a%2Fb")).params).toEqual({ id: "a/b" });
    expect(hit(match("GET", "/keys/caf%C3%A9")).params).toEqual({ id: "café" });
    expect(match("GET", "/key%73/k1").kind).toBe("not_found");
  });

  it("refuses malformed escapes as bad_escape (a 400), in the route's dialect", () => {
    for (const bad of ["%ZZ", "%", "%E0%A4%A", "%ED%A0%80", "%FF"]) {
      expect(match("GET", `/keys/${bad}`), bad).toEqual({ kind: "bad_escape", dialect: "openai" });
      expect(match("GET", `/models/sim/${bad}`), bad).toEqual({ kind: "bad_escape", dialect: "openai" });
    }
  });

  it("lets a rest parameter take slashes; a plain one takes exactly one non-empty segment", () => {
    expect(hit(match("GET", "/models/sim/gpt")).params).toEqual({ id: "sim/gpt" });
    expect(hit(match("GET", "/models/openai/gpt-4o%2Bmini")).params).toEqual({ id: "openai/gpt-4o+mini" });
    expect(match("GET", "/keys/a/b").kind).toBe("not_found");
    expect(match("GET", "/keys//cancel").kind).toBe("not_found");
    expect(match("POST", "/replays//cancel").kind).toBe("not_found");
  });

  it("ignores one trailing slash", () => {
    expect(hit(match("GET", "/models/")).path).toBe("/models");
    expect(hit(match("GET", "/keys/k1/")).params).toEqual({ id: "k1" });
    expect(hit(match("GET", "/models/sim/gpt/")).params).toEqual({ id: "sim/gpt" });
    expect(match("GET", "/models//").kind).toBe("not_found");
  });

  it("refuses a table it cannot serve unambiguously", () => {
    expect(() => compileRoutes([route("GET", "/a", noop), route("GET", "/a/", noop)])).toThrow(/invalid segment/);
    expect(() => compileRoutes([route("GET", "/k/{id}", noop), route("GET", "/k/{key}", noop)])).toThrow(/Two routes/);
    expect(() => compileRoutes([route("GET", "/k/{a...}/x", noop)])).toThrow(/only the last/);
    expect(() => compileRoutes([route("GET", "/k/{a}/{a}", noop)])).toThrow(/twice/);
    expect(() => compileRoutes([route("GET", "/m", noop), route("POST", "/m", noop, { dialect: "anthropic" })])).toThrow(/dialect/);
  });

  it("types handler parameters from the pattern", () => {
    route("GET", "/replays/{id}/cancel", async (_req, _res, { id }) => void id.length);
    // @ts-expect-error the pattern declares no 'name'
    route("GET", "/keys/{id}", async (_req, _res, { name }) => void name);
    expect(true).toBe(true);
  });
});
