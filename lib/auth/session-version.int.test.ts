// Sessions end when they should: a JWT minted before sign-out, a password change or account
// deletion is refused afterwards, by every server read (getServerSession → jwt callback).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { closeDb, db } from "@/lib/db";
import { env } from "@/lib/env";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { SESSION_COOKIE, sessionUserId, signInWithPassword, signOutWith } from "@/lib/testing/auth-driver";
import { changePassword } from "@/lib/auth/change-password";
import { deleteAccount } from "@/lib/account/delete-account";

const PASSWORD = "correct horse battery"; // createTestUser's

describe("session versioning", () => {
  beforeAll(() => assertTestDatabase());
  afterAll(() => closeDb());

  it("a session minted at sign-in reads the user; after sign-out the same cookie reads nothing", async () => {
    const u = await createTestUser();
    const jar = await signInWithPassword(u.email, PASSWORD);
    const other = await signInWithPassword(u.email, PASSWORD); // a second browser
    expect(await sessionUserId(jar)).toBe(u.userId);

    const after = await signOutWith(jar);
    expect(after[SESSION_COOKIE]).toBeUndefined(); // the browser forgot it…
    expect(await sessionUserId(jar)).toBeNull(); // …and a kept copy no longer works
    expect(await sessionUserId(other)).toBeNull(); // sign-out ends every session of the account

    const again = await signInWithPassword(u.email, PASSWORD);
    expect(await sessionUserId(again)).toBe(u.userId);
  });

  it("an old, already-ended cookie cannot be replayed to sign the owner out again", async () => {
    const u = await createTestUser();
    const old = await signInWithPassword(u.email, PASSWORD);
    await signOutWith(old);
    const fresh = await signInWithPassword(u.email, PASSWORD);
    await signOutWith(old);
    expect(await sessionUserId(fresh)).toBe(u.userId);
  });

  it("a password change ends sessions minted before it", async () => {
    const u = await createTestUser();
    const jar = await signInWithPassword(u.email, PASSWORD);
    await changePassword(u.userId, PASSWORD, "a brand new passphrase");
    expect(await sessionUserId(jar)).toBeNull();
    await expect(signInWithPassword(u.email, PASSWORD)).rejects.toThrow(/sign-in failed/);
    const fresh = await signInWithPassword(u.email, "a brand new passphrase");
    expect(await sessionUserId(fresh)).toBe(u.userId);
  });

  it("a wrong current password changes nothing and ends nothing", async () => {
    const u = await createTestUser();
    const jar = await signInWithPassword(u.email, PASSWORD);
    await expect(changePassword(u.userId, "not my password", "a brand new passphrase")).rejects.toMatchObject({ status: 400 });
    await expect(changePassword(u.userId, PASSWORD, "short")).rejects.toMatchObject({ status: 400 });
    expect(await sessionUserId(jar)).toBe(u.userId);
  });

  it("account deletion ends its sessions", async () => {
    const u = await createTestUser();
    const jar = await signInWithPassword(u.email, PASSWORD);
    await deleteAccount(u.userId, u.email);
    expect(await sessionUserId(jar)).toBeNull();
  });

  it("a token minted with next-auth's encode is refused once its version is behind", async () => {
    const u = await createTestUser();
    const secret = env().authSecret!;
    const mint = async (claims: Record<string, unknown>) => ({
      [SESSION_COOKIE]: await encode({ token: { sub: u.userId, email: u.email, uid: u.userId, ...claims }, secret }),
    });
    // Tokens from before versioning have no `sv`: they stay valid until the first bump.
    const legacy = await mint({});
    const v0 = await mint({ sv: 0 });
    const ahead = await mint({ sv: 7 });
    expect(await sessionUserId(legacy)).toBe(u.userId);
    expect(await sessionUserId(v0)).toBe(u.userId);
    expect(await sessionUserId(ahead)).toBeNull();

    await signOutWith(v0);
    expect(await sessionUserId(legacy)).toBeNull();
    expect(await sessionUserId(v0)).toBeNull();
    const row = await db().user.findUniqueOrThrow({ where: { id: u.userId }, select: { sessionVersion: true } });
    expect(row.sessionVersion).toBe(1);
    expect(await sessionUserId(await mint({ sv: 1 }))).toBe(u.userId);
  });
});
