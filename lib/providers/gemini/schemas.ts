// Zod schemas for Gemini generateContent / streamGenerateContent responses.
import { z } from "zod";

const count = z.number().int().nonnegative();

export const geminiUsageSchema = z.object({
  promptTokenCount: count.nullish(),
  candidatesTokenCount: count.nullish(),
  totalTokenCount: count.nullish(),
  cachedContentTokenCount: count.nullish(),
  thoughtsTokenCount: count.nullish(),
  toolUsePromptTokenCount: count.nullish(),
});
export type GeminiUsage = z.infer<typeof geminiUsageSchema>;

export const geminiPartSchema = z.object({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  // `name` is absent on partial-argument fragments (Vertex streamFunctionCallArguments),
  // which we never request; such parts are skipped.
  functionCall: z
    .object({
      id: z.string().optional(),
      name: z.string().optional(),
      args: z.record(z.string(), z.unknown()).nullish(),
    })
    .optional(),
});
export type GeminiPart = z.infer<typeof geminiPartSchema>;

export const geminiCandidateSchema = z.object({
  content: z.object({ parts: z.array(geminiPartSchema).nullish() }).nullish(),
  finishReason: z.string().nullish(),
  index: z.number().nullish(),
});

export const geminiResponseSchema = z.object({
  candidates: z.array(geminiCandidateSchema).nullish(),
  promptFeedback: z.object({ blockReason: z.string().nullish() }).nullish(),
  usageMetadata: geminiUsageSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
  error: z.unknown().optional(),
});
export type GeminiResponse = z.infer<typeof geminiResponseSchema>;

const googleRpcError = z.object({
  code: z.number().nullish(),
  message: z.string().nullish(),
  status: z.string().nullish(),
  details: z
    .array(z.object({ "@type": z.string().nullish(), retryDelay: z.string().nullish() }))
    .nullish(),
});

/** `{"error":{…}}`, sometimes wrapped in an array by the streaming endpoint. */
export const geminiErrorBodySchema = z.union([
  z.object({ error: googleRpcError }),
  z.array(z.object({ error: googleRpcError })).min(1),
]);
