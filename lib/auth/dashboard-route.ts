// The one guard for session-authenticated dashboard JSON/CSV routes: resolves the signed-in
// user (401 otherwise), maps AppError to its status and hides everything else behind a 500.
import { currentUser, type SessionUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";

type Handler = (user: SessionUser, url: URL, req: Request) => Promise<Response>;

const noStore = { "cache-control": "no-store" };

function errorJson(status: number, code: string, message: string, param: string | null = null): Response {
  return Response.json({ error: { code, message, param } }, { status, headers: noStore });
}

export function dashboardRoute(handler: Handler): (req: Request) => Promise<Response> {
  return async (req) => {
    try {
      const user = await currentUser();
      if (!user) return errorJson(401, "unauthorized", "Sign in to see this.");
      return await handler(user, new URL(req.url), req);
    } catch (err) {
      if (isAppError(err)) return errorJson(err.status, err.code, err.message, err.param);
      logger().error({ err: err instanceof Error ? err.message : String(err), path: new URL(req.url).pathname }, "dashboard route failed");
      return errorJson(500, "internal_error", "Something went wrong on our side. Please try again.");
    }
  };
}

export function jsonResponse(body: unknown): Response {
  return Response.json(body, { headers: noStore });
}
