import { dashboardRoute } from "@/lib/auth/dashboard-route";
import { exportUserData } from "@/lib/account/export-data";

export const dynamic = "force-dynamic";

export const GET = dashboardRoute(async (user) =>
  new Response(exportUserData(user.id), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="switchyard-export-${new Date().toISOString().slice(0, 10)}.json"`,
      "cache-control": "no-store",
    },
  }));
