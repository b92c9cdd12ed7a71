// Prints the "Performance" tables (docs/performance.md) from bench/results/latest.json:
// `tsx bench/readme-table.ts` (paste between the bench markers in docs/performance.md).
import fs from "node:fs";
import path from "node:path";
import { markdownTable, summaryTable, type Report } from "./report";

const rep = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "results/latest.json"), "utf8")) as Report;
const m = rep.machine;
// The README shows the product against its peers; a before/after `baseline` target stays in the JSON.
const compact = {
  ...rep,
  ratios: { ...rep.ratios, rss: Object.fromEntries(Object.entries(rep.ratios.rss).filter(([n]) => n !== "baseline")) },
  cells: rep.cells.map((c) => ({ ...c, targets: Object.fromEntries(Object.entries(c.targets).filter(([n]) => n !== "baseline")) })),
} as Report;
console.log(`Run ${rep.date.slice(0, 16).replace("T", " ")} UTC on ${m.cpu}, ${m.cores} cores, ${m.memGb} GB RAM, ` +
  `${m.os}, Node ${m.node} (a shared VM whose speed drifts between runs: compare the ratios of one run).\n`);
console.log(summaryTable(compact) + "\n");
console.log(markdownTable(compact, (c) => c.upstreamLatencyMs === 0 || c.concurrency === 1));
