// The signed-in user for dashboard pages, deduplicated per request so the layout and the
// page share one session check (each still guards itself: layouts are not re-run on every
// navigation).
import { cache } from "react";
import { requireUser } from "@/lib/auth/session";

export const dashboardUser = cache(requireUser);
