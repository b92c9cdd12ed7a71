import type { ServerResponse } from "node:http";
import { behaviorPatchSchema, PRESETS } from "./behavior";
import { sendJson } from "./http-io";
import type { EmulatorState } from "./simulate";

/**
 * Runtime control API under /_emulator/ (no auth: the emulator only listens locally).
 *
 *   GET    /_emulator/health
 *   GET    /_emulator/models              effective behavior of every known model
 *   GET    /_emulator/models/:name        effective behavior of one model
 *   PUT    /_emulator/models/:name        merge knobs into that model's runtime settings
 *   DELETE /_emulator/models/:name        drop that model's runtime settings
 *   DELETE /_emulator/models              drop all runtime settings, failure counters, prompt cache
 *   GET    /_emulator/overrides           global overrides in force
 *   PUT    /_emulator/overrides           merge knobs into the runtime global overrides
 *   GET    /_emulator/requests?last=N     recorded requests, oldest first
 *   DELETE /_emulator/requests            forget recorded requests
 *   POST   /_emulator/reset               all of the above reset at once
 */
export function resetAll(state: EmulatorState): void {
  state.behaviors.reset();
  state.cache.reset();
  state.recorder.clear();
}

function notFound(res: ServerResponse, path: string): void {
  sendJson(res, 404, { error: { message: `No control route ${path}` } });
}

function parsePatch(res: ServerResponse, body: unknown) {
  const parsed = behaviorPatchSchema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  sendJson(res, 400, { error: { message: `${where}${issue?.message ?? "invalid behavior"}` } });
  return null;
}

export function handleControl(
  state: EmulatorState,
  res: ServerResponse,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
  startedAt: number,
): void {
  const rest = path.slice("/_emulator/".length);
  const [section, ...tail] = rest.split("/");
  const name = tail.length > 0 ? decodeURIComponent(tail.join("/")) : null;
  const { behaviors } = state;

  if (section === "health" && method === "GET") {
    sendJson(res, 200, { ok: true, uptimeMs: Math.round(performance.now() - startedAt), presets: Object.keys(PRESETS) });
    return;
  }
  if (section === "models") {
    if (name === null && method === "GET") {
      const models = Object.fromEntries(behaviors.knownModels().map((m) => [m, behaviors.resolve(m)]));
      sendJson(res, 200, { overrides: behaviors.overrides(), models });
    } else if (name === null && method === "DELETE") {
      behaviors.reset();
      state.cache.reset();
      sendJson(res, 200, { ok: true });
    } else if (name !== null && method === "GET") {
      sendJson(res, 200, { name, behavior: behaviors.resolve(name) });
    } else if (name !== null && method === "PUT") {
      const patch = parsePatch(res, body);
      if (patch) sendJson(res, 200, { name, behavior: behaviors.setModel(name, patch) });
    } else if (name !== null && method === "DELETE") {
      behaviors.clearModel(name);
      sendJson(res, 200, { name, behavior: behaviors.resolve(name) });
    } else notFound(res, path);
    return;
  }
  if (section === "overrides") {
    if (method === "GET") sendJson(res, 200, { overrides: behaviors.overrides() });
    else if (method === "PUT") {
      const patch = parsePatch(res, body);
      if (patch) sendJson(res, 200, { overrides: behaviors.setOverrides(patch) });
    } else notFound(res, path);
    return;
  }
  if (section === "requests") {
    if (method === "GET") {
      const raw = query.get("last") ?? query.get("limit");
      const last = raw === null ? undefined : Number.parseInt(raw, 10);
      sendJson(res, 200, { requests: state.recorder.list(Number.isFinite(last) ? last : undefined) });
    } else if (method === "DELETE") {
      state.recorder.clear();
      sendJson(res, 200, { ok: true });
    } else notFound(res, path);
    return;
  }
  if (section === "reset" && method === "POST") {
    resetAll(state);
    sendJson(res, 200, { ok: true });
    return;
  }
  notFound(res, path);
}
