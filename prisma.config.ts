// Prisma CLI configuration. Prisma 7 would download its native schema engine before
// `prisma generate`; this machine class is offline, and generate does not need it. Point
// Prisma at a stub that explains itself (only when the operator has not chosen a binary).
import path from "node:path";
import { defineConfig } from "prisma/config";

if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.resolve("scripts/schema-engine-unavailable.sh");
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/switchyard" },
});
