import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "@/lib/db";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { AppError } from "@/lib/errors";
import { creditsToUnits } from "@/lib/billing/money";
import { authenticatePassword, findOrCreateOAuthUser, signUpWithPassword } from "@/lib/auth/accounts";
import { emailFingerprint } from "@/lib/auth/normalize-email";

const email = () => `acct-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;

describe("password sign-up", () => {
  beforeAll(() => assertTestDatabase());
  afterAll(() => closeDb());

  it("refuses a duplicate email (any case) with a conflict, not a 500", async () => {
    const e = email();
    await signUpWithPassword({ name: "A", email: e, password: "long enough password" });
    const err = await signUpWithPassword({ name: "B", email: e.toUpperCase(), password: "long enough password" }).catch((x) => x);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(409);
    expect(err.message).toBe("An account with this email already exists.");
  });

  it("lets exactly one of 10 racing sign-ups for one email win, with one 500-credit grant", async () => {
    const e = email();
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) =>
      signUpWithPassword({ name: `R${i}`, email: e, password: "long enough password" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as AppError).status).toBe(409);
    const user = await db().user.findUniqueOrThrow({ where: { email: e }, include: { ledger: true } });
    expect(user.balance).toBe(creditsToUnits(500));
    expect(user.ledger).toHaveLength(1);
  });

  it.each<[Record<string, unknown>, number, string]>([
    [{ name: "x".repeat(101) }, 400, "Names are at most 100 characters."],
    [{ name: "nul\u0000" }, 400, "Names cannot contain control characters."],
    [{ email: "not-an-email" }, 400, "Enter a valid email address."],
    [{ email: "'; DROP TABLE users; --@x.test" }, 400, "Enter a valid email address."],
    [{ password: "short" }, 400, "Use at least 8 characters."],
    [{ password: "ü".repeat(40) }, 400, "Use at most 72 bytes."],
    [{ password: 12345678 }, 400, "Invalid input: expected string, received number"],
  ])("refuses %j with a clear message", async (patch, status, message) => {
    const err = await signUpWithPassword({ name: "N", email: email(), password: "long enough password", ...patch }).catch((x) => x);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(status);
    expect(err.message).toBe(message);
  });

  it("accepts a unicode name", async () => {
    const user = await signUpWithPassword({ name: "Zoë 山田 🚀", email: email(), password: "long enough password" });
    expect(user.name).toBe("Zoë 山田 🚀");
  });

  it("never stores the password and checks it on sign-in", async () => {
    const e = email();
    const password = "correct horse battery staple";
    await signUpWithPassword({ name: "P", email: e, password });
    const row = await db().user.findUniqueOrThrow({ where: { email: e } });
    expect(row.passwordHash).not.toContain(password);
    expect(await authenticatePassword(e, password)).toMatchObject({ email: e });
    expect(await authenticatePassword(e, "wrong password!")).toBeNull();
  });
});

describe("one account and one welcome grant per mailbox", () => {
  beforeAll(() => assertTestDatabase());

  const local = () => `mbx.${Date.now()}.${Math.random().toString(36).slice(2)}`;

  it("stores the normalised email and keys the grant by its SHA-256", async () => {
    const l = local();
    const user = await signUpWithPassword({ email: `${l}+tag@Gmail.com`, password: "long enough password" });
    const normalized = `${l.replaceAll(".", "")}@gmail.com`;
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, include: { ledger: true } });
    expect(row.email).toBe(`${l}+tag@gmail.com`);
    expect(row.emailNormalized).toBe(normalized);
    expect(row.ledger.map((e) => e.sourceId)).toEqual([`signup:${emailFingerprint(normalized)}`]);
    expect(user).toMatchObject({ welcomeCredits: 500, pendingCredits: 0 });
  });

  it("OAuth sign-in: creates with the same grant, finds by exact email, refuses a variant of another account", async () => {
    const l = local();
    const created = await findOrCreateOAuthUser(`${l}@example.test`, "O");
    expect(created).not.toBeNull();
    expect((await db().user.findUniqueOrThrow({ where: { id: created!.id } })).balance).toBe(creditsToUnits(500));
    expect(await findOrCreateOAuthUser(`${l.toUpperCase()}@EXAMPLE.test`, "O")).toEqual(created);
    expect(await findOrCreateOAuthUser(`${l}+github@example.test`, "O")).toBeNull();
    const err = await signUpWithPassword({ email: `${l}+pw@example.test`, password: "long enough password" }).catch((x) => x);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(409);
  });
});
