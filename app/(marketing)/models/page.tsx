import type { Metadata } from "next";
import Link from "next/link";
import { ModelCatalog } from "@/components/marketing/models/model-catalog";
import { publicModels } from "@/lib/catalog/public-models";

export const metadata: Metadata = {
  title: "Models and prices",
  description: "Every model Switchyard routes to: provider, context window, prices per million tokens, capabilities and availability.",
};

export default function ModelsPage() {
  const models = publicModels();
  const available = models.filter((m) => m.available).length;
  return (
    <div className="mx-auto max-w-6xl px-4 py-14 sm:px-6">
      <h1 className="text-3xl font-semibold tracking-tight text-zinc-50 sm:text-4xl">Models and prices</h1>
      <p className="mt-3 max-w-3xl text-zinc-400">
        Every model in the catalog, callable through the same API with <code className="font-mono text-zinc-200">&quot;model&quot;: &quot;provider/name&quot;</code>.
        Prices are US dollars per million tokens, billed to the token (1 credit = $0.01).{" "}
        {available} of {models.length} can be called on this deployment right now; the others need a provider key — add your own under{" "}
        <Link href="/dashboard/providers" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">Providers (BYOK)</Link>.
      </p>
      <p className="mt-2 text-sm text-zinc-400">
        The same list as JSON: <a href="/v1/models" className="font-mono text-brand-300 underline underline-offset-2 hover:text-brand-200">GET /v1/models</a>
        {" · "}
        <Link href="/docs#models" className="text-brand-300 underline underline-offset-2 hover:text-brand-200">API docs</Link>
      </p>
      <div className="mt-10">
        <ModelCatalog models={models} />
      </div>
    </div>
  );
}
