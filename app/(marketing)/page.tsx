import { Hero } from "@/components/marketing/hero";
import { FeatureGrid } from "@/components/marketing/feature-grid";
import { HowItWorks } from "@/components/marketing/how-it-works";
import { apiBaseUrl } from "@/lib/dashboard/api-base-url";
import { curlChatSnippet, pythonSnippet, typescriptSnippet } from "@/lib/dashboard/snippets";
import { env } from "@/lib/env";
import { creditsToUnits, formatUsd } from "@/lib/billing/money";

export default async function LandingPage() {
  const baseUrl = await apiBaseUrl();
  const freeCredits = env().SIGNUP_CREDITS;
  const freeUsd = formatUsd(creditsToUnits(freeCredits));
  const samples = [
    { id: "curl", label: "curl", code: curlChatSnippet(baseUrl) },
    { id: "python", label: "Python", code: pythonSnippet(baseUrl) },
    { id: "typescript", label: "TypeScript", code: typescriptSnippet(baseUrl) },
  ];
  return (
    <>
      <Hero samples={samples} freeCredits={freeCredits} freeUsd={freeUsd} />
      <FeatureGrid freeCredits={freeCredits} freeUsd={freeUsd} />
      <HowItWorks />
    </>
  );
}
