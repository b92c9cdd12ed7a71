// Readable names for the error classes stored on request logs (lib/gateway/chat/upstream-errors.ts:
// an AppError code, `upstream_<status>` or `upstream_<kind>`), for chart legends and tooltips.

const NAMED: Readonly<Record<string, string>> = {
  invalid_request: "Invalid request (400)",
  invalid_api_key: "Invalid API key (401)",
  insufficient_credits: "Insufficient credits (402)",
  permission_denied: "Not permitted (403)",
  key_disabled: "Key disabled (403)",
  budget_exhausted: "Budget exhausted (403)",
  model_not_found: "Unknown model (404)",
  request_too_large: "Body too large (413)",
  rate_limit_exceeded: "Rate limited (429)",
  service_unavailable: "No provider available (503)",
  upstream_error: "Provider error (502)",
  upstream_timeout: "Provider timed out",
  upstream_network: "Provider unreachable",
  upstream_invalid_response: "Invalid provider response",
  upstream_aborted: "Provider call aborted",
  internal: "Internal error",
  internal_error: "Internal error (500)",
};

const STATUS_TEXT: Readonly<Record<string, string>> = {
  "400": "bad request", "401": "key rejected", "403": "forbidden", "404": "not found", "408": "timeout",
  "409": "conflict", "413": "too large", "422": "unprocessable", "429": "rate limited", "500": "server error",
  "502": "bad gateway", "503": "unavailable", "504": "gateway timeout", "529": "overloaded",
};

export function errorClassLabel(errorClass: string): string {
  const named = NAMED[errorClass];
  if (named) return named;
  const upstream = /^upstream_(\d{3})$/.exec(errorClass);
  if (upstream) {
    const status = upstream[1]!;
    return `Provider ${status}${STATUS_TEXT[status] ? ` (${STATUS_TEXT[status]})` : ""}`;
  }
  const words = errorClass.replace(/_/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : "Unknown error";
}
