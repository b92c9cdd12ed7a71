// Issue #16 point 3, optional email verification: with SIGNUP_EMAIL_VERIFICATION=on the
// welcome credits arrive only through the emailed link (real sign-up and verify routes).
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/auth/signup/route";
import { GET as verify } from "@/app/api/auth/verify-email/route";
import { outboxEnabled, outboxMessages } from "@/lib/auth/email-verification-outbox";
import { creditsToUnits } from "@/lib/billing/money";
import { closeDb, db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { deleteAccount } from "@/lib/account/delete-account";

const SITE = "http://127.0.0.1:3000";
const freshIp = () => `10.${[0, 0, 0].map(() => crypto.randomInt(1, 255)).join(".")}`;

async function signUp(email: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await signup(new Request(`${SITE}/api/auth/signup`, {
    method: "POST",
    headers: { host: "127.0.0.1:3000", origin: SITE, "content-type": "application/json", "x-switchyard-client-ip": freshIp() },
    body: JSON.stringify({ email, password: "long enough password" }),
  }));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The verification link the outbox holds for `email`. */
function linkFor(email: string): URL {
  const message = outboxMessages().find((m) => m.to === email);
  const link = message?.text.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`no verification email for ${email}`);
  return new URL(link);
}

async function open(link: URL): Promise<string> {
  const res = await verify(new Request(link));
  expect(res.status).toBe(303);
  return res.headers.get("location")!;
}

const balance = async (id: string) => (await db().user.findUniqueOrThrow({ where: { id } })).balance;

describe("email verification for the welcome credits", () => {
  beforeAll(() => {
    assertTestDatabase();
    process.env.SIGNUP_EMAIL_VERIFICATION = "on";
    resetEnvForTests();
  });
  afterAll(async () => {
    delete process.env.SIGNUP_EMAIL_VERIFICATION;
    resetEnvForTests();
    await closeDb();
  });

  it("grants the credits only after the link is opened, once", async () => {
    const email = `verify-${crypto.randomBytes(4).toString("hex")}@example.test`;
    const { status, body } = await signUp(email);
    expect(status).toBe(201);
    expect(body).toMatchObject({ welcome_credits: "0", pending_credits: "500", notice: expect.stringContaining("Confirm your email") });
    const id = body.id as string;
    expect(await balance(id)).toBe(0n);

    const link = linkFor(email);
    expect(link.origin).toBe(SITE);
    expect(link.pathname).toBe("/api/auth/verify-email");
    // Only the token's hash is stored.
    const token = link.searchParams.get("token")!;
    const row = await db().emailVerification.findFirstOrThrow({ where: { userId: id } });
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));

    expect(await open(link)).toBe("/signup/verified?status=verified&credits=500");
    expect(await balance(id)).toBe(creditsToUnits(500));
    expect((await db().user.findUniqueOrThrow({ where: { id } })).emailVerified).not.toBeNull();

    expect(await open(link)).toBe("/signup/verified?status=already_verified");
    expect(await balance(id)).toBe(creditsToUnits(500));
  });

  it("two clicks racing grant once", async () => {
    const email = `race-${crypto.randomBytes(4).toString("hex")}@example.test`;
    const { body } = await signUp(email);
    const link = linkFor(email);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => open(link)));
    expect(outcomes.filter((o) => o.includes("status=verified"))).toHaveLength(1);
    expect(await balance(body.id as string)).toBe(creditsToUnits(500));
  });

  it("refuses an expired or made-up link", async () => {
    const email = `expired-${crypto.randomBytes(4).toString("hex")}@example.test`;
    const { body } = await signUp(email);
    await db().emailVerification.updateMany({ where: { userId: body.id as string }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await open(linkFor(email))).toBe("/signup/verified?status=expired");
    expect(await open(new URL(`${SITE}/api/auth/verify-email?token=${"A".repeat(43)}`))).toBe("/signup/verified?status=invalid");
    expect(await open(new URL(`${SITE}/api/auth/verify-email`))).toBe("/signup/verified?status=invalid");
    expect(await balance(body.id as string)).toBe(0n);
  });

  it("sends no link, and grants nothing, when the mailbox already had its credits", async () => {
    const local = `twice-${crypto.randomBytes(4).toString("hex")}`;
    const first = await signUp(`${local}@example.test`);
    await open(linkFor(`${local}@example.test`));
    await deleteAccount(first.body.id as string, `${local}@example.test`);

    const again = await signUp(`${local}+2@example.test`);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ welcome_credits: "0", pending_credits: "0", notice: expect.stringContaining("already received") });
    expect(outboxMessages().some((m) => m.to === `${local}+2@example.test`)).toBe(false);
    expect(await balance(again.body.id as string)).toBe(0n);
  });

  it("shows the outbox outside production, or in production only with EMAIL_OUTBOX=on", () => {
    const saved = process.env.NODE_ENV;
    try {
      expect(outboxEnabled()).toBe(true);
      Object.assign(process.env, { NODE_ENV: "production" });
      resetEnvForTests();
      expect(outboxEnabled()).toBe(false);
      process.env.EMAIL_OUTBOX = "on";
      resetEnvForTests();
      expect(outboxEnabled()).toBe(true);
    } finally {
      Object.assign(process.env, { NODE_ENV: saved });
      delete process.env.EMAIL_OUTBOX;
      resetEnvForTests();
    }
  });
});
