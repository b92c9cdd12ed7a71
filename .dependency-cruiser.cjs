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
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|dist|lib/generated)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".tsx", ".js", ".mjs", ".json"] },
  },
};
