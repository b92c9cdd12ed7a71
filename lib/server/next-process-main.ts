// Entry of the Next process (built into dist/next-server.mjs; see primary.ts).
import { startNextProcess } from "./next-process";

startNextProcess(process.argv.includes("--dev")).catch((err: unknown) => {
  console.error("the Next process failed to start:", err);
  process.exit(1);
});
