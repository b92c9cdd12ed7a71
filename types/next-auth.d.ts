import "next-auth";

declare module "next-auth" {
  interface Session {
    user?: { id?: string; name?: string | null; email?: string | null; image?: string | null };
    /** Set when the session could not be checked against the database (lib/auth/session-version.ts). */
    unchecked?: boolean;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    /** The account's session_version when this token was minted. */
    sv?: number;
    unchecked?: boolean;
  }
}
