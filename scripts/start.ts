// `npm start`: the whole product on embedded defaults. Database: DATABASE_URL, or a local
// Postgres under .data/. Providers: real keys from the environment, or the built-in
// provider emulator (simulated models). Builds when the build is missing or stale.
import { buildIsCurrent } from "./lib/build-state";
import { startLocalStack, stopAll, superviseServer } from "./lib/local-stack";
import { run, startChild } from "./lib/run";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const publicUrl = process.env.NEXTAUTH_URL ?? `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;

try {
  const env = await startLocalStack({ nodeEnv: "production", host, port, publicUrl });
  if (!buildIsCurrent() || process.argv.includes("--rebuild")) {
    console.log("building (first start or sources changed)…");
    await run("npm", ["run", "build"], env);
  }
  superviseServer(startChild("node", ["dist/server.mjs"], env));
  console.log(`\n  Switchyard is starting at ${publicUrl}  (Ctrl-C stops everything)\n`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stopAll(1);
}
