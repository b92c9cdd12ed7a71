// Regenerates lib/catalog/models.json from the offline price data in @pydantic/genai-prices
// plus the hand-kept model list in lib/catalog/source/. Never fetches anything.
//
//   npx tsx scripts/generate-catalog.ts                  prices in effect today (UTC)
//   npx tsx scripts/generate-catalog.ts --as-of 2026-11-25
//   npx tsx scripts/generate-catalog.ts --check          fail if models.json is stale
//                                                        (re-resolves at its own pricesAsOf)
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";
import { catalogFileSchema } from "@/lib/catalog/schema";
import { PRICE_PACKAGE, buildCatalog } from "@/lib/catalog/source/from-genai-prices";

const CATALOG_PATH = path.resolve(import.meta.dirname, "../lib/catalog/models.json");

function parseArgs(argv: string[]): { asOf?: string; check: boolean } {
  const args: { asOf?: string; check: boolean } = { check: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--check") args.check = true;
    else if (arg === "--as-of") args.asOf = argv[++i];
    else if (arg.startsWith("--as-of=")) args.asOf = arg.slice("--as-of=".length);
    else throw new Error(`unknown argument "${arg}" (use --as-of YYYY-MM-DD and/or --check)`);
  }
  return args;
}

function installedPackageVersion(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve(PRICE_PACKAGE); // …/@pydantic/genai-prices/dist/index.cjs
  const manifest = path.join(path.dirname(entry), "..", "package.json");
  return z.object({ version: z.string() }).parse(JSON.parse(readFileSync(manifest, "utf8"))).version;
}

function serialize(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const packageVersion = installedPackageVersion();

  if (args.check) {
    const committed = catalogFileSchema.parse(JSON.parse(readFileSync(CATALOG_PATH, "utf8")));
    const fresh = buildCatalog(args.asOf ?? committed.pricesAsOf, packageVersion);
    if (serialize(fresh) !== serialize(committed)) {
      console.error(`models.json is stale: regenerate with scripts/generate-catalog.ts (catalog ${committed.version} vs ${fresh.version})`);
      process.exit(1);
    }
    console.log(`models.json is up to date (${committed.version}, ${committed.models.length} models)`);
    return;
  }

  const asOf = args.asOf ?? new Date().toISOString().slice(0, 10);
  const catalog = buildCatalog(asOf, packageVersion);
  writeFileSync(CATALOG_PATH, serialize(catalog));
  const simulated = catalog.models.filter((m) => m.simulated).length;
  console.log(
    `wrote ${path.relative(process.cwd(), CATALOG_PATH)}: version ${catalog.version}, ` +
      `${catalog.models.length - simulated} real + ${simulated} simulated models, prices from ${PRICE_PACKAGE}@${packageVersion} as of ${asOf}`,
  );
}

main();
