import { describe, expect, it } from "vitest";
import { emailFingerprint, normalizeEmail } from "@/lib/auth/normalize-email";

describe("normalizeEmail", () => {
  it.each([
    ["  Alice@Example.COM ", "alice@example.com"],
    ["alice+farm1@example.com", "alice@example.com"],
    ["alice+a+b@example.com", "alice@example.com"],
    // Dots only matter at gmail-style domains.
    ["a.l.i.c.e@example.com", "a.l.i.c.e@example.com"],
    ["A.L.I.C.E+x@Gmail.com", "alice@gmail.com"],
    ["a.lice+x@googlemail.com", "alice@gmail.com"],
    // A local part that would vanish is kept rather than collapsing many addresses into "@x".
    ["+tag@example.com", "+tag@example.com"],
    ["no-at-sign", "no-at-sign"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it("maps every farming variant of one mailbox to one key", () => {
    const variants = ["john.doe@gmail.com", "JohnDoe@gmail.com", "john.doe+1@gmail.com", "j.o.h.n.d.o.e+x@googlemail.com"];
    expect(new Set(variants.map(normalizeEmail))).toEqual(new Set(["johndoe@gmail.com"]));
  });

  it("fingerprints as lowercase hex SHA-256, never the address itself", () => {
    const fp = emailFingerprint("alice@example.com");
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(fp).toBe("ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976");
  });
});
