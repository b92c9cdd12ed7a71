import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const MAIN = path.join(import.meta.dirname, "main.ts");

describe("emulator CLI", () => {
  it("starts with flags and a config file, prints its URL and exits cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "emu-cli-"));
    const config = path.join(dir, "emulator.json");
    writeFileSync(config, JSON.stringify({ models: { "cfg-model": { replyTokens: 4 } } }));
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, "--port", "0", "--latency-ms", "1", "--config", config], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: string) => {
        out += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once("exit", (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    });
    const behavior: unknown = await (await fetch(`${url}/_emulator/models/cfg-model`)).json();
    expect(behavior).toMatchObject({ behavior: { replyTokens: 4, latencyMs: 1 } });
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  }, 30_000);
});
