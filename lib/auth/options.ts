// Auth.js (next-auth v4, the stable line; v5 is still a pinned beta) with JWT sessions.
// Credentials always; GitHub / Google switch on when their env vars are set.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { env } from "@/lib/env";
import { findOrCreateOAuthUser } from "@/lib/auth/accounts";
import { signInWithThrottle } from "@/lib/auth/throttle-signin";
import { clientIpFromHeaders } from "@/lib/http/client-ip";
import { checkSessionToken, endSessionsOfToken, sessionFromToken, startSessionToken } from "@/lib/auth/session-version";
import { safeRedirectUrl } from "@/lib/dashboard/safe-callback";

export function oauthProviders(): Array<"github" | "google"> {
  const e = env();
  const out: Array<"github" | "google"> = [];
  if (e.GITHUB_ID && e.GITHUB_SECRET) out.push("github");
  if (e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET) out.push("google");
  return out;
}

function buildOptions(): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) return null;
        // Throws SignInThrottledError ("TooManyAttempts:<s>", shown on /login) while locked.
        const user = await signInWithThrottle(credentials.email, credentials.password, clientIpFromHeaders(req.headers ?? {}));
        return user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ];
  if (e.GITHUB_ID && e.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: e.GITHUB_ID, clientSecret: e.GITHUB_SECRET }));
  }
  if (e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: e.GOOGLE_CLIENT_ID, clientSecret: e.GOOGLE_CLIENT_SECRET }));
  }
  return {
    secret: e.authSecret,
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    // Errors too: /login explains them, and next-auth's own error page is unstyled under the /api CSP.
    pages: { signIn: "/login", error: "/login" },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        if (account?.type !== "oauth") return true;
        if (!user.email) return "/login?error=OAuthEmail";
        const local = await findOrCreateOAuthUser(user.email, user.name ?? null);
        if (!local) return "/login?error=OAuthAccountNotLinked"; // a variant of another account's email
        user.id = local.id;
        return true;
      },
      // Sessions end on sign-out, password change and deletion: lib/auth/session-version.ts.
      async jwt({ token, user }) {
        return user?.id ? startSessionToken(token, user.id) : checkSessionToken(token);
      },
      async session({ session, token }) {
        return sessionFromToken(session, token);
      },
      // Where next-auth may send the browser (callbackUrl of sign-in/out): this site only.
      async redirect({ url, baseUrl }) {
        return safeRedirectUrl(url, baseUrl);
      },
    },
    events: {
      async signOut({ token }) {
        await endSessionsOfToken(token);
      },
    },
  };
}

let cached: NextAuthOptions | null = null;
export function authOptions(): NextAuthOptions {
  cached ??= buildOptions();
  return cached;
}
