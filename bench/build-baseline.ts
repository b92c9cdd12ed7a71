// Builds the gateway as it was at a git ref, for an interleaved before/after run:
// `tsx bench/build-baseline.ts [ref=HEAD] [paths…]` → dist/baseline/server.mjs (not under
// bench/, whose node_modules hold Portkey's zod 3), from today's working tree with `paths`
// (default: the hot-path files changed since `ref`) taken from `ref`.
// Read-only for git (git show / git diff). Then `BENCH_BASELINE=1 npm run bench` adds the
// target `baseline` (same Postgres, emulator and Next build).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const [ref = "HEAD", ...given] = process.argv.slice(2);
const HOT = ["server.ts", "lib/gateway/http/", "lib/gateway/router.ts", "lib/api-keys/", "lib/providers/http/",
  "lib/gateway/chat/pipe-stream.ts", "lib/gateway/chat/openai-sink.ts", "lib/limits/", "lib/observability/request-log.ts",
  "lib/observability/logger.ts"];
const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" });
const paths = given.length ? given
  : git("diff", "--name-only", ref, "--", ...HOT).split("\n").filter((p) => p.endsWith(".ts") && !p.endsWith(".test.ts"));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-baseline-"));
for (const entry of ["server.ts", "tsconfig.json", "lib"]) fs.cpSync(path.join(root, entry), path.join(tmp, entry), { recursive: true });
for (const p of paths) fs.writeFileSync(path.join(tmp, p), git("show", `${ref}:${p}`));
const outfile = path.join(root, "dist/baseline/server.mjs");
// A ref with the multi-process server (lib/server) needs its API worker and Next launcher beside it.
const entries: [string, string][] = [["server.mjs", "server.ts"]];
if (fs.existsSync(path.join(tmp, "lib/server/api-worker-main.ts"))) {
  entries.push(["api-worker.mjs", "lib/server/api-worker-main.ts"], ["next-server.mjs", "lib/server/next-process-main.ts"]);
}
for (const [out, entry] of entries) {
  await build({
    entryPoints: [path.join(tmp, entry)], outfile: path.join(root, "dist/baseline", out), bundle: true, platform: "node",
    target: "node20", format: "esm", packages: "external", tsconfig: path.join(tmp, "tsconfig.json"), logLevel: "warning",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`baseline (${ref}) of ${paths.length ? paths.join(", ") : "nothing — no hot-path changes"} → ${path.relative(root, outfile)}`);
