// Test helper: route handlers and server actions called directly in integration tests, with a
// real next-auth session. Outside a Next request there are no `next/headers` cookies, so the
// test file swaps `getServerSession(options)` (the app-router form lib/auth/session.ts uses)
// for next-auth's own (req, res, options) form fed with the cookie jar of a real password
// sign-in (lib/testing/auth-driver.ts): our jwt/session callbacks and the database decide.
//
//   vi.mock("next-auth", async (original) =>
//     (await import("@/lib/testing/session")).withTestSession(await original()));
//   vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
//   ...
//   await signInAs(user); await someServerAction(...); signOutTestSession();
import type { Session } from "next-auth";
import type { CookieJar } from "@/lib/testing/auth-driver";

/** The password lib/testing/fixtures.ts gives every test user. */
export const TEST_PASSWORD = "correct horse battery";

type GetServerSession = (...args: unknown[]) => Promise<Session | null>;

let jar: CookieJar = {};

/** Signs the test session in as `user` through the credentials provider. */
export async function signInAs(user: { email: string }, password = TEST_PASSWORD): Promise<void> {
  const { signInWithPassword } = await import("@/lib/testing/auth-driver");
  jar = await signInWithPassword(user.email, password);
}

export function signOutTestSession(): void {
  jar = {};
}

/** The mocked `next-auth` module: everything real but the request-scope cookie lookup. */
export function withTestSession<M extends { getServerSession: unknown }>(actual: M): M {
  const real = actual.getServerSession as GetServerSession;
  const getServerSession: GetServerSession = (...args) => {
    if (args.length > 1) return real(...args);
    const cookie = Object.entries(jar).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ");
    const req = { headers: { host: "localhost:3000", cookie }, cookies: { ...jar } };
    const res = { getHeader: () => undefined, setCookie: () => undefined, setHeader: () => undefined };
    return real(req, res, args[0]);
  };
  return { ...actual, getServerSession };
}
