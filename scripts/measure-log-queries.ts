// `npx tsx scripts/measure-log-queries.ts --cluster /tmp/sy-logs-10m [--seed="--rows 10000000 --accounts 2000
//    --heavy-rows 2000000 --days 90 --bulk"] [--skip-migration 20261206160300] [--runs 20] [--explain-over 50] [--jit-on]
//    [--only "logs:"] [--no-measure] [--retention 80] [--destroy]`
// Outside CI. Times the dashboard's request-log and usage queries for the heavy seeded account
// (lib functions, as the pages call them) and prints p50/p95 per query. --cluster starts a
// dedicated local Postgres (fsync off: a measurement box, not a database) in that folder and
// applies the migrations (all, or all but --skip-migration: the "before" run); without it
// DATABASE_URL is used. auto_explain logs EXPLAIN (ANALYZE, BUFFERS) of every statement slower
// than --explain-over ms; the script prints those plans at the end. --jit-on measures with
// Postgres JIT on (the pool turns it off). --retention D then deletes
// every log older than D days with the retention job's statements, timing the batches and the
// logs page meanwhile (destructive: last). --destroy stops the cluster
// and deletes its folder (10 M rows are ~12 GB). Results: docs/scale-out.md.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { applyMigrations } from "./lib/migrations";
import { startLocalPostgres, type PgInstance } from "./lib/postgres";
import { run } from "./lib/run";

const { values } = parseArgs({ options: {
  cluster: { type: "string" }, port: { type: "string", default: "54377" }, seed: { type: "string" },
  "skip-migration": { type: "string", multiple: true, default: [] }, email: { type: "string", default: "seed@switchyard.test" },
  runs: { type: "string", default: "20" }, "explain-over": { type: "string", default: "50" }, destroy: { type: "boolean", default: false },
  "no-measure": { type: "boolean", default: false }, "jit-on": { type: "boolean", default: false }, retention: { type: "string" }, only: { type: "string" },
} });
const runs = Number(values.runs);

async function openCluster(): Promise<PgInstance | null> {
  if (!values.cluster) return null;
  const pg = await startLocalPostgres({ root: path.resolve(values.cluster), port: Number(values.port), database: "switchyard", ephemeral: true });
  process.env.DATABASE_URL = pg.url;
  // The migrations to apply: all, or all but the skipped ones (the "before" measurement).
  let dir = "prisma/migrations";
  const skip = values["skip-migration"] ?? [];
  if (skip.length > 0) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-migrations-"));
    for (const m of fs.readdirSync("prisma/migrations")) {
      if (!skip.some((s) => m.startsWith(s))) fs.cpSync(path.join("prisma/migrations", m), path.join(dir, m), { recursive: true });
    }
  }
  const applied = await applyMigrations(pg.url, dir);
  if (dir !== "prisma/migrations") fs.rmSync(dir, { recursive: true, force: true });
  if (applied.length > 0) console.log(`applied ${applied.length} migrations (last ${applied[applied.length - 1]})`);
  return pg;
}

async function main(): Promise<void> {
  const cluster = await openCluster();
  try {
    if (values.seed) await run("npx", ["tsx", "scripts/seed-logs.ts", "--email", values.email, ...values.seed.split(/\s+/).filter(Boolean)]);
    if (!values["no-measure"]) {
      // Imported after DATABASE_URL is set: lib/env reads it once.
      const { measure } = await import("./lib/log-query-timings");
      await measure({ email: values.email, runs, explainOverMs: Number(values["explain-over"]), only: values.only, jitOn: values["jit-on"] });
    }
    if (values.retention) {
      const { measureRetention } = await import("./lib/log-query-timings");
      await measureRetention(values.email, Number(values.retention));
    }
  } finally {
    if (cluster) {
      cluster.stop();
      if (values.destroy) {
        fs.rmSync(path.resolve(values.cluster!), { recursive: true, force: true });
        spawnSync("sh", ["-c", `rm -rf ${JSON.stringify(cluster.dataDir)}`]);
        console.log(`removed ${values.cluster}`);
      }
    }
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
