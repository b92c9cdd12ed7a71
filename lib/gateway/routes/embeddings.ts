// POST /embeddings — the OpenAI-compatible embeddings door (lib/gateway/embeddings).
import { AppError } from "@/lib/errors";
import { parseEmbeddingsBody } from "@/lib/gateway/formats/embeddings/parse";
import { authenticate } from "@/lib/gateway/authenticate";
import { readJson } from "@/lib/gateway/http/read-json";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { runEmbeddings } from "@/lib/gateway/embeddings/run-embeddings";

export async function embeddings(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  const body = await readJson(req);
  const parsed = parseEmbeddingsBody(body);
  if (!parsed.ok) throw new AppError("invalid_request", parsed.error.message, parsed.error.param);
  await runEmbeddings({ req, res, key, parsed: parsed.value, body });
}
