import { z } from "zod";

/** Gemini generateContent request, as much of it as the emulator reads. */
const jsonObject = z.record(z.string(), z.unknown());

export const geminiPartSchema = z.looseObject({
  text: z.string().optional(),
  inlineData: z.object({ mimeType: z.string(), data: z.string() }).optional(),
  fileData: z.object({ mimeType: z.string().optional(), fileUri: z.string() }).optional(),
  functionCall: z.object({ name: z.string(), args: jsonObject.optional(), id: z.string().optional() }).optional(),
  functionResponse: z.object({ name: z.string(), response: jsonObject, id: z.string().optional() }).optional(),
  thought: z.boolean().optional(),
});
export type GeminiPart = z.infer<typeof geminiPartSchema>;

const content = z.object({ role: z.string().optional(), parts: z.array(geminiPartSchema) });

export const generateContentRequestSchema = z.object({
  contents: z.array(content).min(1),
  systemInstruction: content.optional(),
  generationConfig: z
    .looseObject({
      maxOutputTokens: z.number().int().min(1).optional(),
      stopSequences: z.array(z.string()).max(5).optional(),
      responseMimeType: z.string().optional(),
      responseSchema: jsonObject.optional(),
      responseJsonSchema: jsonObject.optional(),
      candidateCount: z.number().int().min(1).max(1).optional(),
      temperature: z.number().optional(),
      topP: z.number().optional(),
      topK: z.number().optional(),
    })
    .optional(),
  tools: z
    .array(
      z.looseObject({
        functionDeclarations: z
          .array(
            z.object({
              name: z.string().min(1),
              description: z.string().optional(),
              parameters: jsonObject.optional(),
              parametersJsonSchema: jsonObject.optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  toolConfig: z
    .object({
      functionCallingConfig: z
        .object({ mode: z.string().optional(), allowedFunctionNames: z.array(z.string()).optional() })
        .optional(),
    })
    .optional(),
  safetySettings: z.array(z.unknown()).optional(),
  cachedContent: z.string().optional(),
});

export type GenerateContentRequest = z.infer<typeof generateContentRequestSchema>;

export const countTokensRequestSchema = z.object({
  contents: z.array(content).optional(),
  generateContentRequest: generateContentRequestSchema.extend({ model: z.string().optional() }).optional(),
});
