// "Build if needed": the production build is stale when any source file is newer than it.
import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "public", "server.ts", "proxy.ts", "instrumentation.ts", "next.config.mjs",
  "postcss.config.mjs", "package.json", "prisma/schema.prisma"];
const IGNORE = new Set(["node_modules", ".next", "generated", "__fixtures__"]);

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of fs.readdirSync(p)) {
    if (IGNORE.has(e) || e.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, e)));
  }
  return newest;
}

export function buildIsCurrent(): boolean {
  const outputs = ["dist/server.mjs", "dist/api-worker.mjs", "dist/next-server.mjs", ".next/BUILD_ID"].map((f) => path.resolve(f));
  if (!outputs.every((f) => fs.existsSync(f))) return false;
  const built = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
  return SOURCES.every((s) => newestMtime(path.resolve(s)) <= built);
}
