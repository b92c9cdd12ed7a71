import { Badge } from "@/components/ui/badge";

export function StatusBadge({ status }: { status: number }) {
  const tone = status < 300 ? "success" : status === 499 ? "neutral" : status < 500 ? "warning" : "danger";
  return <Badge tone={tone} className="font-mono">{status}</Badge>;
}
