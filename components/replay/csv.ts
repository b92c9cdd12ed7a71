// The per-request report as CSV (one row per item), built in the browser from the run's items.
import { formatCostUsd } from "@/lib/billing/money";
import type { ReplayItem } from "./types";

/** RFC 4180 field: quoted when it holds a comma, quote or line break; formula-leading text neutralised. */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`; // spreadsheet formula injection
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const units = (s: string | null | undefined): bigint => (s && /^-?\d+$/.test(s) ? BigInt(s) : 0n);

export const CSV_HEADER = [
  "position", "source_request_id", "status", "skip_reason", "original_model", "candidate_model", "original_cost_usd",
  "candidate_cost_usd", "original_latency_ms", "candidate_latency_ms", "candidate_status", "winner", "original_score",
  "candidate_score", "original_answer", "candidate_answer",
];

export function itemsCsv(items: readonly ReplayItem[]): string {
  const rows = items.map((i) => [
    i.position, i.source_request_id, i.status, i.skip_reason, i.original.model, i.candidate?.model ?? null,
    formatCostUsd(units(i.original.cost_units)), i.candidate ? formatCostUsd(units(i.candidate.cost_units)) : null,
    i.original.latency_ms, i.candidate?.latency_ms ?? null, i.candidate?.status ?? null, i.judge?.winner ?? null,
    i.judge?.original_score ?? null, i.judge?.candidate_score ?? null, i.original.answer, i.candidate?.answer ?? null,
  ].map(csvField).join(","));
  return [CSV_HEADER.join(","), ...rows].join("\r\n") + "\r\n";
}

export function downloadCsv(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
