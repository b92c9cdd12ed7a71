import { describe, expect, it } from "vitest";
import { safeCallbackPath, safeRedirectUrl, sameOriginPath } from "@/lib/dashboard/safe-callback";

const SITE = "http://127.0.0.1:3100";

// What a query string like ?callbackUrl=/%09/evil.invalid arrives as once decoded.
const NASTY: string[] = [
  "/\t/evil.invalid/phish",
  "/\n/evil.invalid",
  "/\r\n/evil.invalid",
  "\t//evil.invalid",
  "/%09/evil.invalid/phish", // still encoded (double-encoded in the URL) is fine as a path: see below
  "\\\\evil.invalid",
  "/\\evil.invalid",
  "\\/evil.invalid",
  "//evil.invalid",
  "///evil.invalid",
  "/.//evil.invalid",
  "/a/..//evil.invalid",
  "/..//evil.invalid",
  "/dashboard/%2e%2e/%2e%2e//evil.invalid",
  "https://evil.invalid",
  "http://evil.invalid/dashboard",
  "HTTPS://EVIL.INVALID",
  "http://127.0.0.1.evil.invalid/dashboard",
  "http://127.0.0.1:3100@evil.invalid/",
  "http://127.0.0.1:3101/dashboard",
  "https://127.0.0.1:3100/dashboard",
  "javascript:alert(1)",
  " javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "\u0000/evil",
  "/\u007f/evil",
  "/x".repeat(2000),
];

describe("safeCallbackPath", () => {
  it.each(NASTY.filter((n) => n !== "/%09/evil.invalid/phish"))("never leaves the site for %j", (raw) => {
    const out = safeCallbackPath(raw, SITE);
    expect(out).toBe("/dashboard");
  });

  it.each(NASTY)("only ever answers a plain same-origin path for %j", (raw) => {
    const out = safeCallbackPath(raw, SITE);
    expect(out.startsWith("/")).toBe(true);
    expect(out.startsWith("//")).toBe(false);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f\\]/);
    // Whatever a browser makes of it (it strips tabs/newlines), it stays on our origin.
    expect(new URL(out, SITE).origin).toBe(SITE);
  });

  it("keeps an encoded tab encoded (a path on this site, not a host)", () => {
    expect(safeCallbackPath("/%09/evil.invalid/phish", SITE)).toBe("/%09/evil.invalid/phish");
    expect(safeCallbackPath("/%2f%2fevil.invalid", SITE)).toBe("/%2f%2fevil.invalid");
  });

  it.each([
    ["/dashboard/keys", "/dashboard/keys"],
    ["/dashboard/logs?status=error&page=2", "/dashboard/logs?status=error&page=2"],
    ["/dashboard/usage#latency", "/dashboard/usage#latency"],
    [`${SITE}/dashboard/billing?x=1`, "/dashboard/billing?x=1"],
    ["/dashboard/../dashboard/keys", "/dashboard/keys"],
    ["/dashboard/ü", "/dashboard/%C3%BC"],
  ])("keeps the same-origin target %j", (raw, expected) => {
    expect(safeCallbackPath(raw, SITE)).toBe(expected);
  });

  it.each([undefined, "", [], ["/dashboard/keys", "https://evil.invalid"]])("uses the first value or falls back: %j", (v) => {
    const out = safeCallbackPath(v as string | string[] | undefined, SITE);
    expect(out).toBe(Array.isArray(v) && v.length ? "/dashboard/keys" : "/dashboard");
  });

  it.each(["/login", "/login?callbackUrl=/x", "/signup", `${SITE}/login#x`])("does not bounce back to the auth pages: %j", (raw) => {
    expect(safeCallbackPath(raw, SITE)).toBe("/dashboard");
  });
});

describe("sameOriginPath / safeRedirectUrl (next-auth redirect callback)", () => {
  it.each(NASTY.filter((n) => n !== "/%09/evil.invalid/phish"))("sends %j home instead of off-site", (raw) => {
    expect(sameOriginPath(raw, SITE)).toBeNull();
    expect(safeRedirectUrl(raw, SITE)).toBe(`${SITE}/`);
  });

  it("keeps same-origin targets, including the sign-in page with its error", () => {
    expect(safeRedirectUrl("/dashboard/keys", SITE)).toBe(`${SITE}/dashboard/keys`);
    expect(safeRedirectUrl(`${SITE}/login?error=OAuthEmail`, SITE)).toBe(`${SITE}/login?error=OAuthEmail`);
    expect(safeRedirectUrl("/", `${SITE}/`)).toBe(`${SITE}/`);
  });
});
