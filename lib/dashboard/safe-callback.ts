// Where to go after signing in: only a path on this site, never another origin.
const FALLBACK = "/dashboard";

export function safeCallbackPath(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return FALLBACK;
  let path = raw;
  if (/^https?:\/\//i.test(raw)) {
    try {
      const url = new URL(raw);
      path = `${url.pathname}${url.search}`;
    } catch {
      return FALLBACK;
    }
  }
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return FALLBACK;
  // Sending a signed-in user back to the auth pages would only bounce them around.
  if (path === "/login" || path.startsWith("/login?") || path === "/signup" || path.startsWith("/signup?")) return FALLBACK;
  return path;
}

/** Friendly text for the `error` query parameter next-auth adds to /login. */
export function authErrorMessage(code: string | string[] | undefined): string | null {
  const c = Array.isArray(code) ? code[0] : code;
  if (!c) return null;
  switch (c) {
    case "CredentialsSignin":
      return "Email or password is incorrect.";
    case "OAuthEmail":
      return "Your provider did not share an email address, so we could not sign you in.";
    case "OAuthAccountNotLinked":
      return "This email is already registered with another sign-in method.";
    case "SessionRequired":
      return null;
    default:
      return "Sign-in did not complete. Please try again.";
  }
}
