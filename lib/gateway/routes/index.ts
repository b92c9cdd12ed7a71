// The API route table (patterns: lib/gateway/routes/route.ts; matching: route-matcher.ts).
import { route, type Route } from "@/lib/gateway/routes/route";
import { chatCompletions } from "@/lib/gateway/routes/chat-completions";
import { getCredits } from "@/lib/gateway/routes/credits";
import { messages } from "@/lib/gateway/routes/messages";
import { getRequest, listRequests } from "@/lib/gateway/routes/requests";
import { getModel, listModelsRoute } from "@/lib/gateway/routes/models";
import { getUsage } from "@/lib/gateway/routes/usage";

export const routes: readonly Route[] = [
  route("POST", "/chat/completions", chatCompletions),
  route("POST", "/messages", messages, { dialect: "anthropic" }),
  route("GET", "/models", listModelsRoute),
  // Model ids contain slashes ("sim/gpt"): the id takes the rest of the path.
  route("GET", "/models/{id...}", getModel),
  route("GET", "/credits", getCredits),
  route("GET", "/requests", listRequests),
  route("GET", "/requests/{id}", getRequest),
  route("GET", "/usage", getUsage),
];
