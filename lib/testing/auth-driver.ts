// Drives next-auth's real request handling (the handler behind /api/auth/* and
// getServerSession) with our options, outside Next: sign in with a password, read the
// session a cookie jar gives, sign out. Uses next-auth's pages-router entry points, which
// run the same core and callbacks as the app-router ones without needing Next's request scope.
import type { IncomingMessage, ServerResponse } from "node:http";
import NextAuth, { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/options";

export type CookieJar = Record<string, string>;

export const SESSION_COOKIE = "next-auth.session-token"; // no __Secure- prefix: tests run on http
const HOST = "localhost:3000";

type Captured = { status: number; body: unknown; jar: CookieJar };

// The slice of NextApiResponse that next-auth's handler uses.
function fakeResponse(jar: CookieJar, done: (c: Captured) => void) {
  const headers = new Map<string, string | string[]>();
  let status = 200;
  const finish = (body: unknown) => {
    const next = { ...jar };
    const setCookies = headers.get("set-cookie") ?? [];
    for (const line of Array.isArray(setCookies) ? setCookies : [setCookies]) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = decodeURIComponent(pair.slice(eq + 1));
      if (!value || /max-age=0/i.test(line)) delete next[name];
      else next[name] = value;
    }
    done({ status, body, jar: next });
  };
  const res = {
    getHeader: (n: string) => headers.get(n.toLowerCase()),
    setHeader: (n: string, v: string | string[]) => {
      headers.set(n.toLowerCase(), v);
      return res;
    },
    status: (s: number) => {
      status = s;
      return res;
    },
    json: (b: unknown) => finish(b),
    send: (b: unknown) => finish(b),
    end: () => finish(undefined),
  };
  return res;
}

function fakeRequest(method: string, route: string[], jar: CookieJar, body?: Record<string, string>) {
  const cookie = Object.entries(jar).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ");
  return { method, query: { nextauth: route }, body, cookies: jar, headers: { host: HOST, cookie } };
}

function call(method: string, route: string[], jar: CookieJar, body?: Record<string, string>): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const req = fakeRequest(method, route, jar, body);
    const res = fakeResponse(jar, resolve);
    // Typed for Next's API route objects; the fakes carry every member next-auth touches.
    Promise.resolve(NextAuth(req as unknown as Parameters<typeof NextAuth>[0], res as unknown as Parameters<typeof NextAuth>[1],
      authOptions())).catch(reject);
  });
}

async function csrf(jar: CookieJar): Promise<{ token: string; jar: CookieJar }> {
  const r = await call("GET", ["csrf"], jar);
  return { token: (r.body as { csrfToken: string }).csrfToken, jar: r.jar };
}

/** Signs in through the credentials provider; returns the cookie jar holding the session. */
export async function signInWithPassword(email: string, password: string): Promise<CookieJar> {
  const c = await csrf({});
  const r = await call("POST", ["callback", "credentials"], c.jar, { email, password, csrfToken: c.token, json: "true" });
  if (!r.jar[SESSION_COOKIE]) throw new Error(`sign-in failed for ${email}`);
  return r.jar;
}

/** Signs out the way the dashboard's button does (POST /api/auth/signout with the CSRF token). */
export async function signOutWith(jar: CookieJar): Promise<CookieJar> {
  const c = await csrf(jar);
  const r = await call("POST", ["signout"], c.jar, { csrfToken: c.token, json: "true" });
  const url = (r.body as { url?: string } | undefined)?.url ?? "";
  if (url.includes("csrf=true")) throw new Error("sign-out was refused");
  return r.jar;
}

/** The user id a server read (getServerSession) sees for these cookies, or null. */
export async function sessionUserId(jar: CookieJar): Promise<string | null> {
  const req = fakeRequest("GET", [], jar);
  const res = fakeResponse(jar, () => undefined);
  const session = await getServerSession(req as unknown as IncomingMessage & { cookies: CookieJar },
    res as unknown as ServerResponse, authOptions());
  if (session?.unchecked) throw new Error("session could not be checked");
  return session?.user?.id ?? null;
}
