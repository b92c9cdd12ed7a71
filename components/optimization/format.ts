// Labels of the optimization page (pure; browser-safe).
const CLASS_LABELS: Record<string, string> = {
  vision: "Vision", tools: "Tool calls", long_context: "Long context", code: "Code", math: "Math",
  quick_chat: "Quick chat", general: "General", unclassified: "Unclassified",
};

export function classLabel(c: string): string {
  return CLASS_LABELS[c] ?? c;
}

export function endpointLabel(e: string): string {
  return e === "chat.completions" ? "/chat/completions" : `/${e}`;
}

export function latencyChange(changeMs: number | null): string {
  if (changeMs === null) return "not measured yet";
  if (changeMs === 0) return "same";
  return `${changeMs < 0 ? "−" : "+"}${Math.abs(changeMs).toLocaleString("en-US")} ms`;
}

/** A share (0–1) as a whole percent. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
