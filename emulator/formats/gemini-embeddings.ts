// Gemini embeddings: POST /v1beta/models/{model}:embedContent and :batchEmbedContents.
// Deterministic unit vectors from the text (embedText, shared with the OpenAI endpoint);
// 3072 dimensions (gemini-embedding-001's default) unless outputDimensionality says otherwise.
// Like Google, the answer carries no token usage.
import type { ServerResponse } from "node:http";
import { z } from "zod";
import { deliverJson, runPreamble, sendError, type EmulatorState } from "../simulate";
import { geminiError } from "./errors";
import { describeZodError } from "./openai-schema";
import { embedText } from "./openai-embeddings";

const GEMINI_DEFAULT_DIMENSIONS = 3072;

const embedContentSchema = z.object({
  model: z.string().optional(),
  content: z.object({ parts: z.array(z.looseObject({ text: z.string().optional() })).min(1) }),
  taskType: z.string().optional(),
  title: z.string().optional(),
  outputDimensionality: z.number().int().min(1).max(GEMINI_DEFAULT_DIMENSIONS).optional(),
});
type EmbedContent = z.infer<typeof embedContentSchema>;

const batchSchema = z.object({ requests: z.array(embedContentSchema).min(1).max(100) });

function values(request: EmbedContent): number[] {
  const text = request.content.parts.map((p) => p.text ?? "").join("");
  return Array.from(embedText(text, request.outputDimensionality ?? GEMINI_DEFAULT_DIMENSIONS));
}

/** `batch` = :batchEmbedContents, else :embedContent. */
export async function handleGeminiEmbed(
  state: EmulatorState, res: ServerResponse, model: string, body: unknown, batch: boolean,
): Promise<void> {
  const parsed = batch ? batchSchema.safeParse(body) : embedContentSchema.safeParse(body);
  if (!parsed.success) {
    sendError(res, geminiError(400, `Invalid JSON payload received. ${describeZodError(parsed.error).message}`));
    return;
  }
  const behavior = await runPreamble(state, res, "gemini", model, false);
  if (!behavior) return;
  const payload = "requests" in parsed.data
    ? { embeddings: parsed.data.requests.map((r) => ({ values: values(r) })) }
    : { embedding: { values: values(parsed.data) } };
  await deliverJson(res, { ...behavior, tokensPerSecond: 0 }, payload, 0);
}
