// Browser-side calls to the replay route handlers. Errors keep the server's status and message
// (a 402 says why the run was refused).
export class ReplayApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function parse<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!res.ok) throw new ReplayApiError(res.status, body?.error?.message ?? `Request failed (${res.status}).`);
  return body as T;
}

export async function postReplay<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method: "POST", headers: { "content-type": "application/json", accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return parse<T>(res);
}

export async function getReplayJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return parse<T>(await fetch(path, { signal, headers: { accept: "application/json" } }));
}
