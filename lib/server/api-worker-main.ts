// Entry of an API worker process (built into dist/api-worker.mjs; see primary.ts).
import { startApiWorker } from "./api-worker";

startApiWorker();
