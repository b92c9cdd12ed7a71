// A signed-in browser's cookie spends the account's credits through the playground, so only our
// own pages may send it: cross-site requests are refused (CSRF). Browsers send Sec-Fetch-Site
// and Origin on every fetch POST; unlike sign-up (lib/http/same-origin-request.ts), a request
// carrying neither is refused too — a session cookie outside a browser page has no business here.
import { isSameOriginRequest } from "@/lib/http/same-origin-request";

export function playgroundRequestAllowed(headers: Headers): boolean {
  if (headers.get("sec-fetch-site") === null && headers.get("origin") === null) return false;
  return isSameOriginRequest(headers);
}
