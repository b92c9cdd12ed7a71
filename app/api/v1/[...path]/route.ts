// Fetch-API door into the gateway core, for `next dev` and serverless hosts. In production
// the API workers (lib/server/api-worker.ts) answer /api/v1/* and Next never sees it.
import { after } from "next/server";
import { handleFetchApi } from "@/lib/gateway/http/fetch-door";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const handler = (request: Request) => handleFetchApi(request, after);

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as HEAD };
