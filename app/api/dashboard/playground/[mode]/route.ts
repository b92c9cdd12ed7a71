// POST /api/dashboard/playground/{chat|compare|blend|judge}: one playground run. The session
// authenticates (same-origin requests only: the cookie spends money); the run goes through the
// gateway core with the account's hidden playground key (lib/playground), streaming through.
import { after } from "next/server";
import { dashboardRoute } from "@/lib/auth/dashboard-route";
import { handleFetchWith } from "@/lib/gateway/http/fetch-door";
import { isPlaygroundMode } from "@/lib/playground/modes";
import { playgroundKey } from "@/lib/playground/playground-key";
import { playgroundHandler } from "@/lib/playground/run-playground";
import { playgroundRequestAllowed } from "@/lib/playground/same-origin";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const noStore = { "cache-control": "no-store" };

function refuse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message, param: null } }, { status, headers: noStore });
}

export async function POST(req: Request, ctx: { params: Promise<{ mode: string }> }): Promise<Response> {
  if (!playgroundRequestAllowed(req.headers)) {
    return refuse(403, "forbidden", "Cross-site request refused: the playground runs only from this site's own pages.");
  }
  const { mode } = await ctx.params;
  if (!isPlaygroundMode(mode)) return refuse(404, "not_found", "Unknown playground mode: use chat, compare, blend or judge.");
  return dashboardRoute(async (user, _url, request) =>
    handleFetchWith(request, after, playgroundHandler(mode, await playgroundKey(user.id))))(req);
}
