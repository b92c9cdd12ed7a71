// Alerts as the client list takes them (dates as ISO strings).
import type { Alert } from "@/lib/optimization/alerts/types";
import type { AlertItem } from "./alert-list";

export function alertItems(alerts: readonly Alert[]): AlertItem[] {
  return alerts.map((a) => ({ key: a.key, severity: a.severity, title: a.title, detail: a.detail, windowStart: a.windowStart.toISOString() }));
}
