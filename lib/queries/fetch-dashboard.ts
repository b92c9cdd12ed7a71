// The browser-side fetcher behind every dashboard query (keys: ./usage-keys.ts).
class DashboardFetchError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** GETs a dashboard JSON route; non-2xx answers become a DashboardFetchError with the server's message. */
export async function fetchDashboard<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { signal, headers: { accept: "application/json" } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new DashboardFetchError(res.status, body?.error?.message ?? `Request failed (${res.status}).`);
  }
  return (await res.json()) as T;
}
