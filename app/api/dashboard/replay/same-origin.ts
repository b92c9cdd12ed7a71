// The replay lab's route handlers: the session authenticates and, for anything that creates,
// spends or cancels, only this site's own pages may send the cookie (CSRF) — the same rule as
// the playground's runs (lib/playground/same-origin.ts).
import { dashboardRoute } from "@/lib/auth/dashboard-route";
import { playgroundRequestAllowed } from "@/lib/playground/same-origin";

type Handler = Parameters<typeof dashboardRoute>[0];

export function sameOriginDashboardRoute(handler: Handler): (req: Request) => Promise<Response> {
  const guarded = dashboardRoute(handler);
  return (req) => {
    if (!playgroundRequestAllowed(req.headers)) {
      return Promise.resolve(Response.json(
        { error: { code: "forbidden", message: "Cross-site request refused: replays run only from this site's own pages.", param: null } },
        { status: 403, headers: { "cache-control": "no-store" } }));
    }
    return guarded(req);
  };
}
