import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { countTokens } from "../tokens";
import { deliverJson, runPreamble, type EmulatorState } from "../simulate";
import { openaiError, type ErrorReply } from "./errors";
import { describeZodError, embeddingsRequestSchema, type EmbeddingsRequest } from "./openai-schema";

function defaultDimensions(model: string): number {
  return model.includes("3-large") ? 3072 : 1536;
}

/**
 * A deterministic unit vector for `input`: xorshift32 seeded from sha256(input), so equal
 * inputs always embed identically and different inputs almost surely differ.
 */
export function embedText(input: string, dimensions: number): Float32Array {
  const digest = createHash("sha256").update(input).digest();
  let state = digest.readUInt32LE(0) || 0x9e3779b9;
  const out = new Float32Array(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const v = ((state >>> 0) / 0xffffffff) * 2 - 1;
    out[i] = v;
    norm += v * v;
  }
  const scale = 1 / Math.sqrt(norm || 1);
  for (let i = 0; i < dimensions; i++) out[i]! *= scale;
  return out;
}

function inputs(input: EmbeddingsRequest["input"]): Array<{ text: string; tokens: number }> {
  if (typeof input === "string") return [{ text: input, tokens: countTokens(input) }];
  if (input.every((x): x is string => typeof x === "string")) {
    return input.map((text) => ({ text, tokens: countTokens(text) }));
  }
  if (input.every((x): x is number => typeof x === "number")) return [{ text: input.join(","), tokens: input.length }];
  return input.map((ids) => (Array.isArray(ids) ? { text: ids.join(","), tokens: ids.length } : { text: "", tokens: 0 }));
}

export function parseEmbeddingsRequest(
  body: unknown,
): { ok: true; value: EmbeddingsRequest } | { ok: false; error: ErrorReply } {
  const parsed = embeddingsRequestSchema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const { message, param } = describeZodError(parsed.error);
  return { ok: false, error: openaiError(400, message, { param, code: null }) };
}

/** POST /v1/embeddings. */
export async function handleEmbeddings(state: EmulatorState, res: ServerResponse, body: EmbeddingsRequest): Promise<void> {
  const behavior = await runPreamble(state, res, "openai", body.model, false);
  if (!behavior) return;
  const dimensions = body.dimensions ?? defaultDimensions(body.model);
  const items = inputs(body.input);
  const data = items.map((item, index) => {
    const vector = embedText(item.text, dimensions);
    const embedding =
      body.encoding_format === "base64"
        ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString("base64")
        : Array.from(vector);
    return { object: "embedding", index, embedding };
  });
  const promptTokens = items.reduce((sum, item) => sum + item.tokens, 0);
  const payload = {
    object: "list",
    data,
    model: body.model,
    ...(behavior.omitUsage ? {} : { usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } }),
  };
  await deliverJson(res, { ...behavior, tokensPerSecond: 0 }, payload, 0);
}
