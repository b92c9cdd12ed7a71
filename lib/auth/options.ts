// Auth.js (next-auth v4, the stable line; v5 is still a pinned beta) with JWT sessions.
// Credentials always; GitHub / Google switch on when their env vars are set.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { env } from "@/lib/env";
import { authenticatePassword, findOrCreateOAuthUser } from "@/lib/auth/accounts";

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
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) return null;
        const user = await authenticatePassword(credentials.email, credentials.password);
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
    pages: { signIn: "/login" },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        if (account?.type !== "oauth") return true;
        if (!user.email) return "/login?error=OAuthEmail";
        const local = await findOrCreateOAuthUser(user.email, user.name ?? null);
        user.id = local.id;
        return true;
      },
      async jwt({ token, user }) {
        if (user?.id) token.uid = user.id;
        return token;
      },
      async session({ session, token }) {
        if (session.user && typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
    },
  };
}

let cached: NextAuthOptions | null = null;
export function authOptions(): NextAuthOptions {
  cached ??= buildOptions();
  return cached;
}
