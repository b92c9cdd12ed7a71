// Prisma 6 with its JS engine ("engine: js" + driver adapter) can diff schemas without the
// native schema engine that Prisma 7 insists on downloading. Used only to write migrations.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL });
  },
});
