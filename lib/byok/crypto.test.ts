import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { aadFor, decryptSecret, encryptSecret, maskedSuffix, parseEncryptionKey } from "./crypto";

const key = crypto.randomBytes(32);

describe("BYOK encryption", () => {
  it("round-trips with a fresh IV each time and never contains the plaintext", () => {
    const a = encryptSecret("sk-live-abcdef123456", aadFor("u1", "openai"), key);
    const b = encryptSecret("sk-live-abcdef123456", aadFor("u1", "openai"), key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("abcdef");
    expect(decryptSecret(a, aadFor("u1", "openai"), key)).toBe("sk-live-abcdef123456");
  });

  it("refuses tampered ciphertext, another owner or provider, and another key", () => {
    const blob = encryptSecret("sk-secret-value", aadFor("u1", "openai"), key);
    const [v, iv, tag, ct] = blob.split(":");
    const flipped = Buffer.from(ct!, "base64url");
    flipped[0]! ^= 1;
    expect(() => decryptSecret([v, iv, tag, flipped.toString("base64url")].join(":"), aadFor("u1", "openai"), key)).toThrow();
    expect(() => decryptSecret(blob, aadFor("u2", "openai"), key)).toThrow();
    expect(() => decryptSecret(blob, aadFor("u1", "anthropic"), key)).toThrow();
    expect(() => decryptSecret(blob, aadFor("u1", "openai"), crypto.randomBytes(32))).toThrow();
    expect(() => decryptSecret("garbage", aadFor("u1", "openai"), key)).toThrow();
  });

  it("accepts 32-byte keys as hex or base64(url) and refuses anything else", () => {
    expect(parseEncryptionKey(key.toString("hex"))).toEqual(key);
    expect(parseEncryptionKey(key.toString("base64"))).toEqual(key);
    expect(parseEncryptionKey(key.toString("base64url"))).toEqual(key);
    expect(() => parseEncryptionKey("too-short")).toThrow(/32 bytes/);
  });

  it("shows only the last four characters", () => {
    expect(maskedSuffix("sk-proj-1234567890abcd")).toBe("…abcd");
  });
});
