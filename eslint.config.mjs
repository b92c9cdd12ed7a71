// ESLint (flat config): typescript-eslint's recommended rules without type information (fast,
// no tsc program). Architecture boundaries and import cycles are checked by dependency-cruiser
// (.dependency-cruiser.cjs); `npm run lint` runs both.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", "dist/", "lib/generated/", "bench/node_modules/", "tools/**/node_modules/", "next-env.d.ts", ".tmp-*", "playwright-report/", "test-results/", ".data/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", setImmediate: "readonly", URL: "readonly", fetch: "readonly", Response: "readonly", Request: "readonly", Headers: "readonly", AbortController: "readonly", TextEncoder: "readonly", TextDecoder: "readonly", performance: "readonly", structuredClone: "readonly", queueMicrotask: "readonly", window: "readonly", document: "readonly", navigator: "readonly", localStorage: "readonly", crypto: "readonly" } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Validation code matches control characters on purpose (rejecting them in names/emails).
      "no-control-regex": "off",
      "no-undef": "off", // TypeScript checks names; the globals list above is for .mjs/.cjs files
    },
  },
  {
    // The request path: on Node 20 (V8 11) an object literal that starts with a spread and then
    // gains a key its source lacks (`{ ...request, model }`) takes V8's slow path: ~1 µs, and the
    // object is a slow (dictionary) one for whatever reads it after (docs/performance.md,
    // "spread literals"). Write the keys out, or Object.assign({}, source) and set them.
    files: ["lib/gateway/**/*.ts", "lib/providers/**/*.ts", "lib/billing/settlement/**/*.ts", "lib/orchestration/**/*.ts",
      "lib/observability/request-log.ts", "lib/limits/**/*.ts", "lib/routing/**/*.ts"],
    // Not per request: the management routes (a person's clicks) and start-up configuration.
    ignores: ["**/*.test.ts", "lib/gateway/routes/**", "lib/providers/openai-compatible/providers.ts", "lib/providers/http/ssrf.ts"],
    rules: {
      "no-restricted-syntax": ["error", {
        selector: "ObjectExpression > SpreadElement:first-child + Property",
        message: "Request path: no keys after a leading spread (V8's slow path on Node 20). Write the keys out, or Object.assign({}, source) and set them.",
      }, {
        // Likewise a literal with a getter or setter: a runtime call per object (~0.6 µs) and a
        // dictionary-mode object after it. Use a class (its accessors live on the prototype).
        selector: "ObjectExpression > Property[kind=/^(get|set)$/]",
        message: "Request path: no getters/setters in object literals (V8's slow path on Node 20). Use a class.",
      }],
    },
  },
);
