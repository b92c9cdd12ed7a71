// Compiles the server's three processes (lib/server/primary.ts): server.ts → dist/server.mjs
// (the primary), the API worker → dist/api-worker.mjs (the gateway core, never Next) and the
// Next process launcher → dist/next-server.mjs (Next and Node only: our modules load inside
// Next's bundle there). npm packages stay external; our own TypeScript (lib/, incl. the
// generated Prisma client) is bundled.
import { build } from "esbuild";

const entries = {
  "dist/server.mjs": "server.ts",
  "dist/api-worker.mjs": "lib/server/api-worker-main.ts",
  "dist/next-server.mjs": "lib/server/next-process-main.ts",
};

await Promise.all(Object.entries(entries).map(([outfile, entry]) => build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  tsconfig: "tsconfig.json",
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: "warning",
})));
console.log(`built ${Object.keys(entries).join(", ")}`);
