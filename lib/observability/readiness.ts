import { pingDatabase } from "@/lib/sql/health";

/** Ready = the database answers within a second. */
export async function checkReadiness(): Promise<{ ok: boolean; database: "up" | "down"; latencyMs: number }> {
  const started = performance.now();
  try {
    await Promise.race([
      pingDatabase(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 1000)),
    ]);
    return { ok: true, database: "up", latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, database: "down", latencyMs: Math.round(performance.now() - started) };
  }
}
