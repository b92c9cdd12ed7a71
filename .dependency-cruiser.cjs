// Architecture boundaries (ARCHITECTURE.md "Import rules") and no import cycles.
// `npm run lint` runs this after ESLint. Type-only imports carry no runtime code, so the
// "server-only" rule ignores them (a client component may name a server function's return type).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles make module order matter and hide layering mistakes.",
      from: {},
      to: { circular: true, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "providers-stay-pure",
      severity: "error",
      comment: "Provider adapters map wire formats; they never touch billing, the database or the gateway.",
      from: { path: "^lib/providers/" },
      to: { path: "^lib/(billing|gateway)/|^lib/db\\.ts$|^lib/generated/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "gateway-not-app",
      severity: "error",
      comment: "The gateway core is framework-free: no pages, route handlers or components.",
      from: { path: "^lib/gateway/" },
      to: { path: "^(app|components)/|^next(/|$)" },
    },
    {
      name: "components-no-server-modules",
      severity: "error",
      comment: "Components ship to the browser: no database, secrets or gateway internals (types are fine). From billing only the import-free modules money.ts and stripe/packs.ts.",
      from: { path: "^components/" },
      to: {
        path: "^lib/(db|env)\\.ts$|^lib/(gateway|providers|observability|routing|limits|auth|byok|api-keys|generated)/|^lib/billing/(?!money\\.ts$|stripe/packs\\.ts$)|^(pg|@prisma/.*|node:.*)$",
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "emulator-standalone",
      severity: "error",
      comment: "The emulator is an independent server; it must not share code with the product (its tests may drive it with the product's clients).",
      from: { path: "^emulator/", pathNot: "\\.test\\.ts$" },
      to: { path: "^lib/" },
    },
    {
      name: "observability-does-not-move-money",
      severity: "error",
      comment: "Money moves only in lib/billing; observability records what billing tells it.",
      from: { path: "^lib/observability/" },
      to: { path: "^lib/billing/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "money-statements-only-from-billing",
      severity: "error",
      comment: "The statements that move money (charges, holds, ledger) live in lib/sql with the rest of the SQL, but only lib/billing may call them: money moves only in lib/billing.",
      from: { pathNot: "^lib/billing/|^lib/sql/|\\.test\\.tsx?$|^lib/testing/|^scripts/|^bench/" },
      to: { path: "^lib/sql/(charges|credit-holds|ledger)\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "pool-only-in-lib-sql",
      severity: "error",
      comment: "One way to the database (docs/architecture.md, Data access): raw SQL runs through lib/sql/ — typed, named statements with row parsers; everything else uses Prisma (lib/db.ts) or lib/sql's functions. Tests, test helpers and scripts may seed and inspect with the pool.",
      from: { pathNot: "^lib/sql/|^lib/db\\.ts$|\\.test\\.tsx?$|^lib/testing/|^scripts/|^bench/" },
      to: { path: "^lib/sql/pool\\.ts$" },
    },
    {
      name: "sql-statements-in-lib-sql",
      severity: "error",
      comment: "Statements are defined in lib/sql/<table>.ts (definedQuery, row parsers); other modules call those functions, so every statement on a table is in one file.",
      from: { pathNot: "^lib/sql/" },
      to: { path: "^lib/sql/(query|rows)\\.ts$" },
    },
    {
      name: "pg-only-in-lib-sql",
      severity: "error",
      comment: "No second pool or client: pg is used in lib/sql/, and by the invalidation listener's dedicated LISTEN connection (a pooled one would be handed to queries). Types are fine.",
      from: { pathNot: "^lib/sql/|^lib/invalidation/listener\\.ts$|\\.test\\.tsx?$|^lib/testing/|^scripts/|^bench/" },
      to: { path: "^(node_modules/)?pg(/|$)", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // node_modules stays out of the graph, except pg: pg-only-in-lib-sql needs to see its importers.
    exclude: { path: "^(node_modules/(?!pg/)|\\.next/|dist/|lib/generated/)" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".tsx", ".js", ".mjs", ".json"] },
  },
};
