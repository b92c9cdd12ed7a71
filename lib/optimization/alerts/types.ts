// Optimization alerts (issue #22.7): pure data.
export type AlertKind = "spend_spike" | "error_spike" | "latency_regression" | "low_balance";

export type Alert = {
  /** The rule and its subject ("spend_spike:hour", "latency_regression:sim/gpt", "low_balance"). */
  key: string;
  kind: AlertKind;
  severity: "warning" | "danger";
  title: string;
  detail: string;
  /** The window the condition fired in: an hour, or a UTC day. A dismissal hides this window only. */
  windowStart: Date;
  window: "hour" | "day";
};
