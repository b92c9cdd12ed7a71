// OpenAI embeddings body → what the embeddings pipeline needs: the model chain, the inputs as
// a list (a single string or token array becomes a list of one), and the output encoding.
import { buildModelChain } from "../extensions";
import type { FormatError } from "../types";
import { pickIssue } from "../zod-issue";
import { openAIFormatError } from "../openai/issue-message";
import { embeddingsBodySchema } from "./schema";

export type ParsedEmbeddingsRequest = {
  /** Requested model first, then the fallbacks, deduplicated. Never empty. */
  models: string[];
  /** Texts, or token-id arrays (`tokens` true). */
  input: string[] | number[][];
  tokens: boolean;
  encoding: "float" | "base64";
  dimensions?: number;
  user?: string;
};

export type EmbeddingsParseResult = { ok: true; value: ParsedEmbeddingsRequest } | { ok: false; error: FormatError };

export function parseEmbeddingsBody(json: unknown): EmbeddingsParseResult {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, error: { message: "The request body must be a JSON object.", param: null, code: "invalid_type" } };
  }
  const parsed = embeddingsBodySchema.safeParse(json, { reportInput: true });
  if (!parsed.success) return { ok: false, error: openAIFormatError(pickIssue(parsed.error.issues)) };
  const body = parsed.data;
  const models = buildModelChain(body.model ?? undefined, body.models ?? []);
  if (models.length === 0) {
    return { ok: false, error: { message: "Missing required parameter: 'model'.", param: "model", code: "missing_required_parameter" } };
  }
  const raw = body.input;
  if (raw === "") {
    return { ok: false, error: { message: "Invalid 'input': empty string. Expected a string with minimum length 1.", param: "input", code: "empty_string" } };
  }
  let input: string[] | number[][];
  if (typeof raw === "string") input = [raw];
  else if (raw.every((x): x is string => typeof x === "string")) input = raw;
  else if (raw.every((x): x is number => typeof x === "number")) input = [raw];
  else input = raw as number[][];
  const value: ParsedEmbeddingsRequest = {
    models, input, tokens: typeof input[0] !== "string", encoding: body.encoding_format ?? "float",
  };
  if (body.dimensions != null) value.dimensions = body.dimensions;
  if (body.user) value.user = body.user;
  return { ok: true, value };
}
