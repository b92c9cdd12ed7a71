// The `POST /v1/embeddings` body as the OpenAI API accepts it, plus Switchyard's fallback
// and routing extensions. Unknown top-level arguments are refused, as OpenAI does.
import { z } from "zod";
import { fallbackModelsSchema, switchyardOptionsSchema } from "../extensions";

/** OpenAI's limit on inputs per request. */
export const MAX_EMBEDDING_INPUTS = 2048;

const tokenIds = z.array(z.int().nonnegative()).min(1);

export const embeddingsBodySchema = z.strictObject({
  // Optional here so a body with only `models` works; parse reports a missing model.
  model: z.string().min(1).nullish(),
  // An empty string is refused in parse.ts: a `.min(1)` here would also fire on arrays
  // (both have a length) and make the union blame the wrong branch.
  input: z.union([
    z.string(),
    z.array(z.string().min(1)).min(1).max(MAX_EMBEDDING_INPUTS),
    tokenIds,
    z.array(tokenIds).min(1).max(MAX_EMBEDDING_INPUTS),
  ]),
  encoding_format: z.enum(["float", "base64"]).nullish(),
  dimensions: z.int().min(1).nullish(),
  user: z.string().nullish(),
  models: fallbackModelsSchema.nullish(),
  switchyard: switchyardOptionsSchema.nullish(),
});

export type EmbeddingsBody = z.infer<typeof embeddingsBodySchema>;
