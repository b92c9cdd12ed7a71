// GET /api/dashboard/playground/history: the signed-in account's last 50 playground runs (no bodies).
import { dashboardRoute, jsonResponse } from "@/lib/auth/dashboard-route";
import { listHistory } from "@/lib/playground/history";

export const dynamic = "force-dynamic";

export const GET = dashboardRoute(async (user) => jsonResponse({ data: await listHistory(user.id) }));
