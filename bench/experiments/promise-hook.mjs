// Preloaded into the gateway (node --import) by promise-count.ts: counts the promises the
// process creates (v8.promiseHooks) and, while <dir>/capture exists, where (a few stack
// frames each). Talks through files in PROMISE_HOOK_DIR: <pid>.count, and <pid>.sites once
// <dir>/dump-<pid> appears (per pid: the server's other processes load this too).
import fs from "node:fs";
import path from "node:path";
import { promiseHooks } from "node:v8";

const dir = process.env.PROMISE_HOOK_DIR;
if (dir) {
  let count = 0;
  let capture = false;
  const sites = new Map();
  promiseHooks.onInit(() => {
    count++;
    if (!capture) return;
    const frames = new Error().stack.split("\n").slice(2, 8).map((l) => l.trim().replace(/^at /, "").replace(/file:\/\/\S*\/dist\//, ""));
    const key = frames.join(" < ");
    sites.set(key, (sites.get(key) ?? 0) + 1);
  });
  setInterval(() => {
    fs.writeFileSync(path.join(dir, `${process.pid}.count`), String(count));
    capture = fs.existsSync(path.join(dir, "capture"));
    const dump = path.join(dir, `dump-${process.pid}`);
    if (fs.existsSync(dump)) {
      fs.rmSync(dump);
      const rows = [...sites].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n}\t${k}`);
      fs.writeFileSync(path.join(dir, `${process.pid}.sites`), rows.join("\n"));
      sites.clear();
    }
  }, 100).unref();
}
