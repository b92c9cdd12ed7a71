// Production (and dev) server: a primary process that runs the Next process and
// WEB_CONCURRENCY API workers on one port (lib/server/primary.ts says who does what).
// Built by scripts/build-server.ts into dist/server.mjs, dist/api-worker.mjs and dist/next-server.mjs.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runPrimary } from "@/lib/server/primary";

const dev = process.argv.includes("--dev");
const here = path.dirname(fileURLToPath(import.meta.url)); // dist/ when built, the repo root under tsx

runPrimary(dev
  ? { dev, apiEntry: path.join(here, "lib/server/api-worker-main.ts"), nextEntry: path.join(here, "lib/server/next-process-main.ts") }
  : { dev, apiEntry: path.join(here, "api-worker.mjs"), nextEntry: path.join(here, "next-server.mjs") },
).catch((err: unknown) => {
  console.error("server failed to start:", err);
  process.exit(1);
});
