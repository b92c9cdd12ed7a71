import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import {
  actionOriginAllowed, dropUntrustedForwardedHeaders, guardNextRequest, isPossibleServerAction,
} from "@/lib/http/server-action-origin";

const H = (h: Record<string, string>): IncomingHttpHeaders => ({ ...h });

describe("isPossibleServerAction", () => {
  it.each<[string, Record<string, string>, boolean]>([
    ["POST", { "next-action": "7f00" }, true],
    ["POST", { "content-type": "multipart/form-data; boundary=x" }, true],
    ["POST", { "content-type": "application/json" }, false],
    ["GET", { "next-action": "7f00" }, false],
  ])("%s %j → %s", (method, headers, expected) => {
    expect(isPossibleServerAction(method, H(headers))).toBe(expected);
  });
});

describe("actionOriginAllowed", () => {
  it.each<[Record<string, string>, number, boolean]>([
    [{ host: "app.test:3000", origin: "http://app.test:3000" }, 0, true],
    [{ host: "app.test:3000", origin: "https://app.test:3000" }, 0, true], // Next compares hosts only
    [{ host: "app.test:3000" }, 0, true], // no Origin: not a browser's cross-site request
    [{ host: "app.test:3000", origin: "https://evil.invalid" }, 0, false],
    [{ host: "app.test:3000", origin: "http://app.test:3001" }, 0, false],
    [{ host: "app.test:3000", origin: "null" }, 0, false],
    [{ host: "app.test:3000", origin: "not a url" }, 0, false],
    [{ host: "app.test:3000", origin: "file://" }, 0, false],
    // A client-chosen X-Forwarded-Host is not believed without trusted proxies…
    [{ host: "app.test:3000", origin: "https://evil.invalid", "x-forwarded-host": "evil.invalid" }, 0, false],
    // …and is what the proxy says it is when they are.
    [{ host: "10.0.0.5:3000", origin: "https://app.example", "x-forwarded-host": "app.example" }, 1, true],
    [{ host: "10.0.0.5:3000", origin: "https://app.example", "x-forwarded-host": "app.example, other" }, 1, true],
    [{ host: "10.0.0.5:3000", origin: "https://evil.invalid", "x-forwarded-host": "app.example" }, 1, false],
    [{ host: "app.example", origin: "https://app.example" }, 1, true],
  ])("%j (hops %i) → %s", (headers, hops, expected) => {
    expect(actionOriginAllowed(H(headers), hops)).toBe(expected);
  });
});

describe("dropUntrustedForwardedHeaders", () => {
  it("drops X-Forwarded-Host/Proto/Port without trusted proxies, keeps them with", () => {
    const base = { host: "a", "x-forwarded-host": "evil", "x-forwarded-proto": "https", "x-forwarded-port": "443", "x-forwarded-for": "1.2.3.4" };
    const untrusted = H(base);
    dropUntrustedForwardedHeaders(untrusted, 0);
    expect(untrusted).toEqual({ host: "a", "x-forwarded-for": "1.2.3.4" });
    const trusted = H(base);
    dropUntrustedForwardedHeaders(trusted, 1);
    expect(trusted).toEqual(base);
  });
});

describe("guardNextRequest on a real server", () => {
  let server: http.Server;
  let base: string;
  const seen: IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    delete process.env.TRUSTED_PROXY_HOPS;
    resetEnvForTests();
    server = http.createServer((req, res) => {
      if (guardNextRequest(req, res)) return;
      seen.push({ ...req.headers });
      res.end("next");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("answers a cross-origin server action 403 JSON, even with a matching forged X-Forwarded-Host", async () => {
    for (const headers of <Array<Record<string, string>>>[
      { origin: "https://evil.invalid", "next-action": "7f00" },
      { origin: "https://evil.invalid", "x-forwarded-host": "evil.invalid", "next-action": "7f00" },
      { origin: "null", "next-action": "7f00" },
    ]) {
      const r = await fetch(`${base}/dashboard/settings`, { method: "POST", headers, body: "[]" });
      expect(r.status).toBe(403);
      expect(r.headers.get("content-type")).toBe("application/json");
      expect((await r.json()).error.code).toBe("forbidden");
    }
    expect(seen).toHaveLength(0);
  });

  it("passes a same-origin action and ordinary requests on, without untrusted forwarded headers", async () => {
    const r = await fetch(`${base}/dashboard/settings`, {
      method: "POST", headers: { origin: base, "next-action": "7f00", "x-forwarded-host": "evil.invalid" }, body: "[]",
    });
    expect(await r.text()).toBe("next");
    const g = await fetch(`${base}/`, { headers: { origin: "https://evil.invalid", "x-forwarded-proto": "https" } });
    expect(await g.text()).toBe("next");
    expect(seen).toHaveLength(2);
    for (const h of seen) {
      expect(h["x-forwarded-host"]).toBeUndefined();
      expect(h["x-forwarded-proto"]).toBeUndefined();
    }
  });
});
