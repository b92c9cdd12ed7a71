// The API route table (patterns: lib/gateway/routes/route.ts; matching: route-matcher.ts).
import { route, type Route } from "@/lib/gateway/routes/route";
import { chatCompletions } from "@/lib/gateway/routes/chat-completions";
import { getCredits } from "@/lib/gateway/routes/credits";
import { messages } from "@/lib/gateway/routes/messages";
import { getRequest, listRequests } from "@/lib/gateway/routes/requests";
import { getModel, listModelsRoute } from "@/lib/gateway/routes/models";
import { getUsage } from "@/lib/gateway/routes/usage";
import { chatRoute, compareRoute } from "@/lib/gateway/routes/orchestration";
import { blendRoute } from "@/lib/gateway/routes/blend";
import { judgeRoute } from "@/lib/gateway/routes/judge";
import { embeddings } from "@/lib/gateway/routes/embeddings";
import { responses } from "@/lib/gateway/routes/responses";
import { cancelReplayRoute, createReplayRoute, getReplayRoute, listReplaysRoute } from "@/lib/gateway/routes/replays";
import {
  createPolicyRoute, deletePolicyRoute, getPolicyRoute, listPoliciesRoute, updatePolicyRoute,
} from "@/lib/gateway/routes/policies";
import { createKeyRoute, getKeyRoute, listKeysRoute, revokeKeyRoute, updateKeyRoute } from "@/lib/gateway/routes/keys";

// `log`: a model call's endpoint name in the request log, also for calls refused before they
// ran (lib/gateway/refusals) — the names the pipelines log under.
export const routes: readonly Route[] = [
  route("POST", "/chat/completions", chatCompletions, { log: "chat.completions" }),
  route("POST", "/messages", messages, { dialect: "anthropic", log: "messages" }),
  // Native orchestration (lib/orchestration): SSE events by default, one JSON document with stream: false.
  route("POST", "/chat", chatRoute, { log: "chat" }),
  route("POST", "/compare", compareRoute, { log: "compare" }),
  route("POST", "/blend", blendRoute, { log: "blend" }),
  route("POST", "/judge", judgeRoute, { log: "judge" }),
  route("POST", "/embeddings", embeddings, { log: "embeddings" }),
  route("POST", "/responses", responses, { log: "responses" }),
  route("GET", "/models", listModelsRoute),
  // Model ids contain slashes ("sim/gpt"): the id takes the rest of the path.
  route("GET", "/models/{id...}", getModel),
  route("GET", "/credits", getCredits),
  route("GET", "/requests", listRequests),
  route("GET", "/requests/{id}", getRequest),
  route("GET", "/usage", getUsage),
  // Key management: keys with "Can manage keys" only (routes/keys.ts).
  route("GET", "/keys", listKeysRoute),
  route("POST", "/keys", createKeyRoute),
  route("GET", "/keys/{id}", getKeyRoute),
  route("PATCH", "/keys/{id}", updateKeyRoute),
  route("DELETE", "/keys/{id}", revokeKeyRoute),
  // Replay lab (lib/replay): runs are jobs; estimates answer at once.
  route("GET", "/replays", listReplaysRoute),
  route("POST", "/replays", createReplayRoute),
  route("GET", "/replays/{id}", getReplayRoute),
  route("POST", "/replays/{id}/cancel", cancelReplayRoute),
  // Routing policies (lib/policies): `model: "policy/<name>"` and a key's default.
  route("GET", "/policies", listPoliciesRoute),
  route("POST", "/policies", createPolicyRoute),
  route("GET", "/policies/{name}", getPolicyRoute),
  route("PATCH", "/policies/{name}", updatePolicyRoute),
  route("DELETE", "/policies/{name}", deletePolicyRoute),
];
