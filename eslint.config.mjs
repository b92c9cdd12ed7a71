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
);
