// `npm run dev`: the same local stack as `npm start`, with the server in Next dev mode (HMR):
// the API worker runs our TypeScript through tsx, the Next process runs `next dev`.
import { startLocalStack, stopAll, superviseServer } from "./lib/local-stack";
import { startChild } from "./lib/run";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

try {
  const env = await startLocalStack({
    nodeEnv: "development", host, port, publicUrl: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  });
  // node itself (not npx → tsx → node), so Ctrl-C's SIGTERM reaches the primary, which
  // drains its children; a dev server has nothing worth waiting 25 s for.
  superviseServer(startChild(process.execPath, ["--import", "tsx", "server.ts", "--dev"],
    { ...env, SHUTDOWN_GRACE_MS: env.SHUTDOWN_GRACE_MS ?? "2000" }));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stopAll(1);
}
