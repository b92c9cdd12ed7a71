// Test helper: runs lib/testing/api-child.ts (the API door, in a process of its own) and
// resolves once it serves. For tests that need a second process: a kill, or a change made
// in this process that the other must learn of.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type ApiChild = {
  proc: ChildProcess; url: string; holder: string; releasedHolds: number;
  exited: Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
};

/** Starts the API door on `port` (same database and environment as this process). */
export async function startApiChild(port: number, env: Record<string, string> = {}): Promise<ApiChild> {
  const proc = spawn(process.execPath, ["--import", "tsx", "lib/testing/api-child.ts"], {
    cwd: ROOT, stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env },
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const ready = await new Promise<{ url: string; holder: string; holds: number }>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).on("line", (line) => {
      if (line.startsWith("ready ")) resolve(JSON.parse(line.slice(6)) as { url: string; holder: string; holds: number });
      else console.log(`[api-child] ${line}`);
    });
    void exited.then(() => reject(new Error("the API child exited before it was ready")));
  });
  return {
    proc, url: ready.url, holder: ready.holder, releasedHolds: ready.holds, exited,
    stop: async () => {
      proc.kill("SIGTERM");
      await exited;
    },
  };
}
