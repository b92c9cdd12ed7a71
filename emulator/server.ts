import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { emulatorConfigSchema, type Behavior, type BehaviorPatch } from "./behavior";
import { BehaviorStore } from "./behavior-store";
import { resetAll } from "./control";
import { formatError } from "./formats/errors";
import { PromptCache } from "./prompt-cache";
import { RequestRecorder, type RecordedRequest } from "./recorder";
import { route } from "./router";
import { IdSource, sendError, type EmulatorState } from "./simulate";

export type { Behavior, BehaviorPatch } from "./behavior";
export { DEFAULT_BEHAVIOR, PRESETS } from "./behavior";
export type { RecordedRequest } from "./recorder";
export { keyFingerprint } from "./recorder";

export type EmulatorOptions = {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Applied to every model (e.g. `{ latencyMs: 50 }` for a benchmark run). */
  overrides?: Partial<Behavior>;
  /** Per-model knobs layered over the built-in presets. */
  models?: Record<string, Partial<Behavior>>;
  /** How many API requests `requests()` keeps (default 200; 0 disables recording). */
  recordLimit?: number;
};

export type EmulatorHandle = {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Merges knobs into one model's runtime settings (same as PUT /_emulator/models/:name). */
  setModel(name: string, behavior: Partial<Behavior>): void;
  /** Runtime global overrides (same as PUT /_emulator/overrides). */
  setOverrides(behavior: Partial<Behavior>): void;
  /** Effective behavior of a model name. */
  behaviorOf(name: string): Behavior;
  /** Back to the startup configuration; forgets recorded requests and the prompt cache. */
  reset(): void;
  /** Recorded API requests, oldest first (credentials redacted). */
  requests(): RecordedRequest[];
};

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Starts the provider emulator in-process (tests, benchmarks) or from emulator/main.ts. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const config = emulatorConfigSchema.parse({ overrides: opts.overrides, models: opts.models });
  const state: EmulatorState = {
    behaviors: new BehaviorStore({ overrides: config.overrides, models: config.models }),
    cache: new PromptCache(),
    recorder: new RequestRecorder(opts.recordLimit ?? 200),
    ids: new IdSource(),
    hanging: new Set<ServerResponse>(),
  };
  const startedAt = performance.now();

  const server = createServer((req, res) => {
    route(state, req, res, startedAt).catch((error: unknown) => {
      if (!res.headersSent) {
        const message = error instanceof Error ? error.message : "internal error";
        sendError(res, formatError("openai", 500, `Emulator error: ${message}`));
      } else {
        res.destroy();
      }
    });
  });
  // Keep-alive: clients (undici, the SDKs) reuse connections across requests.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;

  const address = await listen(server, opts.port ?? 0, opts.host ?? "127.0.0.1");
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of state.hanging) res.destroy();
        state.hanging.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    setModel: (name, behavior) => {
      state.behaviors.setModel(name, emulatorConfigSchema.parse({ overrides: behavior }).overrides ?? {});
    },
    setOverrides: (behavior: BehaviorPatch) => {
      state.behaviors.setOverrides(emulatorConfigSchema.parse({ overrides: behavior }).overrides ?? {});
    },
    behaviorOf: (name) => state.behaviors.resolve(name),
    reset: () => resetAll(state),
    requests: () => state.recorder.list(),
  };
}
