import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../server";
import { embedText } from "./openai-embeddings";

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function post(path: string, body: unknown, key: string | null = "k"): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${emu.url}/v1beta/models/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "x-goog-api-key": key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe("Gemini embeddings", () => {
  it("batchEmbedContents: one deterministic unit vector per request, 3072 dims by default, no usage", async () => {
    const { status, json } = await post("gemini-embedding-001:batchEmbedContents", {
      requests: [
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "hello" }] } },
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "world" }] }, outputDimensionality: 8 },
      ],
    });
    expect(status).toBe(200);
    const embeddings = json.embeddings as Array<{ values: number[] }>;
    expect(embeddings.map((e) => e.values.length)).toEqual([3072, 8]);
    expect(Math.hypot(...embeddings[0]!.values)).toBeCloseTo(1, 5);
    expect(embeddings[1]!.values[0]).toBeCloseTo(embedText("world", 8)[0]!, 6);
    expect(json).not.toHaveProperty("usageMetadata");
  });

  it("embedContent answers one embedding; bad bodies and missing keys answer Google's errors", async () => {
    const one = await post("gemini-embedding-001:embedContent", { content: { parts: [{ text: "hello" }] }, outputDimensionality: 4 });
    expect((one.json.embedding as { values: number[] }).values).toHaveLength(4);
    const bad = await post("gemini-embedding-001:batchEmbedContents", { requests: [] });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
    const unauthenticated = await post("gemini-embedding-001:embedContent", { content: { parts: [{ text: "x" }] } }, null);
    expect(unauthenticated.status).toBe(403);
  });

  it("honours the model's failure knobs like the other endpoints", async () => {
    emu.setModel("gemini-embedding-001", { failureRate: 1, failStatus: 503 });
    const failed = await post("gemini-embedding-001:batchEmbedContents", { requests: [{ content: { parts: [{ text: "x" }] } }] });
    expect(failed.status).toBe(503);
    expect(failed.json.error).toMatchObject({ status: "UNAVAILABLE" });
  });
});
