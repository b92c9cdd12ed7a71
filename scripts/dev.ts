// `npm run dev`: the same local stack as `npm start`, with server.ts in Next dev mode (HMR).
import { startLocalStack, stopAll, superviseServer } from "./lib/local-stack";
import { startChild } from "./lib/run";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

try {
  const env = await startLocalStack({
    nodeEnv: "development", host, port, publicUrl: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  });
  superviseServer(startChild("npx", ["tsx", "server.ts", "--dev"], env));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stopAll(1);
}
