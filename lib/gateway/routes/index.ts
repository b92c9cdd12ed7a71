import type { Route } from "@/lib/gateway/router";
import { chatCompletions } from "@/lib/gateway/routes/chat-completions";
import { getCredits } from "@/lib/gateway/routes/credits";
import { messages } from "@/lib/gateway/routes/messages";
import { getRequest, listRequests } from "@/lib/gateway/routes/requests";
import { getModel, listModelsRoute } from "@/lib/gateway/routes/models";
import { getUsage } from "@/lib/gateway/routes/usage";

export const routes: Route[] = [
  { method: "GET", path: "/models", handler: listModelsRoute },
  { method: "GET", path: "/models/*", handler: getModel },
  { method: "GET", path: "/credits", handler: getCredits },
  { method: "POST", path: "/chat/completions", handler: chatCompletions },
  { method: "POST", path: "/messages", dialect: "anthropic", handler: messages },
  { method: "GET", path: "/requests", handler: listRequests },
  { method: "GET", path: "/requests/*", handler: getRequest },
  { method: "GET", path: "/usage", handler: getUsage },
];
