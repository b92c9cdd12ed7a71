// Compiles server.ts (and the gateway core it imports) into dist/server.mjs. npm packages
// stay external; our own TypeScript (lib/, incl. the generated Prisma client) is bundled.
import { build } from "esbuild";

await build({
  entryPoints: ["server.ts"],
  outfile: "dist/server.mjs",
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
});
console.log("built dist/server.mjs");
