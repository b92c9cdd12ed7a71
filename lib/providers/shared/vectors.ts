// Embedding vectors as upstreams send them: JSON float arrays, or (OpenAI-style, when an
// upstream ignores `encoding_format: "float"`) base64 of little-endian float32. Checked by a
// plain loop rather than zod: a batch can hold millions of numbers.
import { invalidResponse } from "../http/errors";

/** One vector as plain numbers, or null when `value` is neither form. */
export function readVector(value: unknown): number[] | null {
  if (typeof value === "string") return decodeFloat32Base64(value);
  if (!Array.isArray(value) || value.length === 0) return null;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== "number") return null;
  return value as number[];
}

function decodeFloat32Base64(text: string): number[] | null {
  const bytes = Buffer.from(text, "base64");
  if (bytes.length === 0 || bytes.length % 4 !== 0) return null;
  const out = new Array<number>(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

/** Every vector of a batch, in order; garbage becomes invalid_response. */
export function readVectors(label: string, values: readonly unknown[], expected: number): number[][] {
  if (values.length !== expected) {
    throw invalidResponse(label, `expected ${expected} embeddings, got ${values.length}`);
  }
  const out: number[][] = [];
  for (const [i, v] of values.entries()) {
    const vector = readVector(v);
    if (!vector) throw invalidResponse(label, `embedding ${i} is not a vector of numbers`);
    out.push(vector);
  }
  return out;
}
