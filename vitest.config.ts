import path from "node:path";
import { defineConfig } from "vitest/config";

// Two projects: `unit` (pure, no services) and `int` (needs the throwaway Postgres that
// scripts/test.ts starts; see lib/testing/db-guard.ts).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{lib,emulator,scripts,app,components}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["{lib,emulator,scripts,app}/**/*.int.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
