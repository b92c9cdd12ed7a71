// `npm run db:migrate`: applies committed migrations to DATABASE_URL, or to the embedded
// database under .data/ when DATABASE_URL is unset (starting and stopping it).
import { applyMigrations } from "./lib/migrations";
import { withDatabase } from "./lib/database";

await withDatabase(async (url) => {
  const applied = await applyMigrations(url);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
});
