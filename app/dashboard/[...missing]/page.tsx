import { notFound } from "next/navigation";

/** Any /dashboard/… path no page matches: the dashboard's own 404 (not-found.tsx), with status 404. */
export default function MissingDashboardPage(): never {
  notFound();
}
