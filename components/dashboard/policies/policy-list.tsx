"use client";

import { useState } from "react";
import type { PolicyModelOption, PolicyRow } from "@/lib/policies/page-data";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DeletePolicyButton } from "@/components/dashboard/policies/delete-policy-button";
import { PolicyForm } from "@/components/dashboard/policies/policy-form";

const GOAL_LABEL = { balanced: "Balanced", latency: "Lowest latency", cost: "Lowest cost", reliability: "Most reliable" } as const;

function limits(p: PolicyRow): string {
  const parts = [p.maxFallbacks === 0 ? "single model" : `${p.maxFallbacks} fallback${p.maxFallbacks === 1 ? "" : "s"}`];
  if (p.maxCostPerRequest) parts.push(`≤ ${p.maxCostPerRequest} credits/request`);
  if (p.maxLatencyMs !== null) parts.push(`p50 ≤ ${p.maxLatencyMs.toLocaleString("en-US")} ms`);
  return parts.join(" · ");
}

function PolicyItem({ policy, models }: { policy: PolicyRow; models: PolicyModelOption[] }) {
  const [editing, setEditing] = useState(false);
  const panel = `policy-${policy.name}-edit`;
  return (
    <li className="flex flex-col gap-4 px-5 py-4" aria-label={`Policy ${policy.name}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-mono text-sm font-semibold text-zinc-100">policy/{policy.name}</h3>
            <Badge tone="brand">{GOAL_LABEL[policy.goal]}</Badge>
            {policy.keys > 0 ? <Badge tone="neutral">default of {policy.keys} key{policy.keys === 1 ? "" : "s"}</Badge> : null}
          </div>
          <p className="mt-1 text-sm text-zinc-400">{limits(policy)}</p>
          <p className="mt-0.5 text-xs text-zinc-400">
            {policy.allowedModels.length ? policy.allowedModels.join(", ") : "Every model the key may use"}
          </p>
        </div>
        <div className="flex items-start gap-2">
          <Button variant="secondary" size="sm" aria-expanded={editing} aria-controls={panel} onClick={() => setEditing((e) => !e)}>
            {editing ? "Close" : "Edit"}
          </Button>
          <DeletePolicyButton name={policy.name} keys={policy.keys} />
        </div>
      </div>
      {editing ? (
        <div id={panel} className="rounded-lg border border-line p-4">
          <PolicyForm initial={policy} models={models} onSaved={() => setEditing(false)} />
        </div>
      ) : null}
    </li>
  );
}

export function PolicyList({ policies, models }: { policies: PolicyRow[]; models: PolicyModelOption[] }) {
  return (
    <ul className="divide-y divide-line" aria-label="Your policies">
      {policies.map((p) => <PolicyItem key={p.id} policy={p} models={models} />)}
    </ul>
  );
}
