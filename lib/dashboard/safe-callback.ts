// Where to go after signing in: only a path on this site, never another origin.
//
// Browsers and the WHATWG URL parser forgive a lot ("/\t/evil" and "/\\evil" both mean
// "//evil", a host), so the value is resolved exactly as a browser would, against our own
// origin, and only a same-origin result survives. The answer is re-serialised from the
// parsed URL, so what goes into a Location header or router.replace() is always a plain
// path that no browser can read as another host.
const FALLBACK = "/dashboard";
const MAX_LENGTH = 2048;
// C0 controls, DEL and backslashes: never part of a path we hand out, and each one is a way
// to make "/x" mean "//host" to some parser.
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;

/** The same-origin path `raw` points to, or null when it leaves the site or is malformed. */
export function sameOriginPath(raw: string, siteOrigin: string): string | null {
  if (raw.length > MAX_LENGTH || FORBIDDEN.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, siteOrigin);
  } catch {
    return null;
  }
  if (url.origin !== new URL(siteOrigin).origin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil" resolves to the pathname "//evil": a protocol-relative URL once it is a Location.
  if (!path.startsWith("/") || path.startsWith("//")) return null;
  return path;
}

export function safeCallbackPath(value: string | string[] | undefined, siteOrigin: string): string {
  const raw = Array.isArray(value) ? value[0] : value;
  const path = raw ? sameOriginPath(raw, siteOrigin) : null;
  if (!path) return FALLBACK;
  // Sending a signed-in user back to the auth pages would only bounce them around.
  const pathname = path.replace(/[?#].*$/, "");
  if (pathname === "/login" || pathname === "/signup") return FALLBACK;
  return path;
}

/** next-auth's `redirect` callback: same-origin URLs (absolute or relative) only, else home. */
export function safeRedirectUrl(url: string, baseUrl: string): string {
  const origin = new URL(baseUrl).origin;
  return `${origin}${sameOriginPath(url, origin) ?? "/"}`;
}

/** Friendly text for the `error` query parameter next-auth adds to /login. */
export function authErrorMessage(code: string | string[] | undefined): string | null {
  const c = Array.isArray(code) ? code[0] : code;
  if (!c) return null;
  // Thrown by lib/auth/throttle-signin.ts (SignInThrottledError) as "TooManyAttempts:<seconds>".
  const wait = /^TooManyAttempts:(\d{1,6})$/.exec(c);
  if (wait) return `Too many attempts, try again in ${wait[1]} s.`;
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
