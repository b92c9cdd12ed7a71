// The playground's calls into the gateway core: the same orchestration functions as
// POST /api/v1/{chat,compare,blend,judge} (lib/gateway/routes), run with the account's hidden
// playground key instead of a key from the Authorization header. The body is the API's body,
// so "copy as code" reproduces a run exactly. The response streams through untouched; a
// recorder reads the same events on the side to keep the run in the account's history.
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { readJson } from "@/lib/gateway/http/read-json";
import type { ApiRequest, ApiResponse, RouteHandler } from "@/lib/gateway/http/types";
import { orchestrateChat, orchestrateCompare } from "@/lib/orchestration";
import { orchestrateBlend } from "@/lib/orchestration/blend/run-blend";
import { orchestrateJudge } from "@/lib/orchestration/judge/run-judge";
import { trackColumns } from "@/lib/playground/column-stops";
import { saveRun } from "@/lib/playground/history";
import type { PlaygroundMode } from "@/lib/playground/modes";
import { emptyRun, RunBuilder } from "@/lib/playground/run-state";
import { SseLineReader } from "@/lib/playground/sse-lines";

const ORCHESTRATE: Record<PlaygroundMode, (req: ApiRequest, res: ApiResponse, key: CachedKey, body: unknown) => Promise<void>> = {
  chat: orchestrateChat,
  compare: orchestrateCompare,
  blend: orchestrateBlend,
  judge: orchestrateJudge,
};

/** Compare registers its columns so that one can be stopped alone (column-stops.ts). */
async function orchestrate(mode: PlaygroundMode, req: ApiRequest, res: ApiResponse, key: CachedKey, body: unknown): Promise<void> {
  if (mode !== "compare") return ORCHESTRATE[mode](req, res, key, body);
  const columns = trackColumns(req.requestId, key.userId, req.signal);
  try {
    await orchestrateCompare(req, res, key, body, { signalFor: columns.signalFor });
  } finally {
    columns.release();
  }
}

/** Folds what the response writes into a run, without holding anything back. */
class RunRecorder {
  private readonly reader = new SseLineReader();
  private readonly decoder = new TextDecoder();
  private readonly builder;
  status = 200;
  streamed = false;
  constructor(mode: PlaygroundMode) {
    this.builder = new RunBuilder(emptyRun(mode, "running"));
  }

  read(chunk: string | Uint8Array | undefined): void {
    if (chunk === undefined || this.status !== 200) return;
    const text = typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    for (const e of this.reader.push(text)) this.builder.apply(e);
  }

  /** The run as streamed, when it was an event stream that started (null: a plain JSON answer). */
  result() {
    if (!this.streamed || this.status !== 200) return null;
    this.builder.finish(this.reader.done ? "done" : "stopped");
    const run = this.builder.run;
    if (run.error) run.status = "error";
    return run;
  }

  wrap(res: ApiResponse): ApiResponse {
    return {
      setHeader: (name, value) => {
        if (name.toLowerCase() === "content-type" && value.startsWith("text/event-stream")) this.streamed = true;
        res.setHeader(name, value);
      },
      writeHead: (status) => {
        this.status = status;
        res.writeHead(status);
      },
      write: (chunk) => {
        this.read(chunk);
        res.write(chunk);
      },
      end: (chunk) => {
        this.read(chunk);
        res.end(chunk);
      },
      get headersSent() {
        return res.headersSent;
      },
      after: (fn) => res.after(fn),
    };
  }
}

/** The handler for one playground run of `mode` with the account's playground key. */
export function playgroundHandler(mode: PlaygroundMode, key: CachedKey): RouteHandler {
  return async (req, res) => {
    const body = await readJson(req);
    // Zero retention: no prompt is kept anywhere, history included.
    if (key.zeroRetention) return orchestrate(mode, req, res, key, body);
    const recorder = new RunRecorder(mode);
    res.after(() => {
      const run = recorder.result();
      return run ? saveRun(key.userId, mode, body, run) : undefined;
    });
    await orchestrate(mode, req, recorder.wrap(res), key, body);
  };
}
