"use client";

import { CodeTabs } from "@/components/ui/code-tabs";
import { TestRequest } from "@/components/dashboard/keys/test-request";
import { chatSnippets, pickFirstCallModel } from "@/lib/dashboard/snippets";
import { apiPathOf } from "@/lib/dashboard/test-request";

/** What the new-key panel needs from the server to write a first call. */
export type FirstCallSetup = {
  /** The deployment's public API base URL ("https://host/v1"). */
  baseUrl: string;
  /** Available models that answer normally, best first (lib/dashboard/models-here.ts). */
  models: string[];
};

/**
 * The freshly created key, ready to run: curl / Python / TypeScript with the key inline (it is
 * on screen anyway, and only until the panel is dismissed), and a test request that sends it.
 */
export function FirstCallSnippet({ setup, apiKey, allowedModels }: { setup: FirstCallSetup; apiKey: string; allowedModels: readonly string[] }) {
  const model = pickFirstCallModel(setup.models, allowedModels);
  return (
    <div className="flex min-w-0 flex-col gap-3" data-testid="first-call-snippet">
      <h4 className="text-sm font-medium text-zinc-100">Make your first call</h4>
      <CodeTabs samples={chatSnippets(setup.baseUrl, model, apiKey)} />
      <TestRequest apiPath={apiPathOf(setup.baseUrl)} apiKey={apiKey} model={model} />
    </div>
  );
}
