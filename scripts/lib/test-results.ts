// Adds up the vitest and Playwright JSON reports into one pass/fail count.
import fs from "node:fs";
import path from "node:path";

type Counts = { passed: number; failed: number; skipped: number };

function readJson(file: string): unknown {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null;
}

export function readResults(dir: string): Counts {
  const out: Counts = { passed: 0, failed: 0, skipped: 0 };
  const v = readJson(path.join(dir, "vitest.json")) as
    | { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }
    | null;
  if (v) {
    out.passed += v.numPassedTests;
    out.failed += v.numFailedTests;
    out.skipped += v.numPendingTests + v.numTodoTests;
  }
  const p = readJson(path.join(dir, "playwright.json")) as
    | { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }
    | null;
  if (p) {
    out.passed += p.stats.expected + p.stats.flaky;
    out.failed += p.stats.unexpected;
    out.skipped += p.stats.skipped;
  }
  return out;
}
