"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { PlayIcon } from "@/components/ui/icons";
import { fetchBilledCost, sendTestRequest, type TestResult } from "@/lib/dashboard/test-request";

type Cost = { state: "pending" } | { state: "known"; text: string } | { state: "unknown" };

/** "Send a test request" with the key on screen: the answer, its latency and its billed cost. */
export function TestRequest({ apiPath, apiKey, model }: { apiPath: string; apiKey: string; model: string }) {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [cost, setCost] = useState<Cost>({ state: "pending" });
  const costAbort = useRef<AbortController | null>(null);

  useEffect(() => () => costAbort.current?.abort(), []);

  async function send() {
    costAbort.current?.abort();
    setPending(true);
    setResult(null);
    const r = await sendTestRequest({ apiPath, apiKey, model });
    setResult(r);
    setPending(false);
    if (!r.ok || !r.requestId) {
      setCost({ state: "unknown" });
      return;
    }
    setCost({ state: "pending" });
    const abort = (costAbort.current = new AbortController());
    const text = await fetchBilledCost({ apiPath, apiKey, requestId: r.requestId }, { signal: abort.signal });
    if (!abort.signal.aborted) setCost(text === null ? { state: "unknown" } : { state: "known", text });
  }

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <Button size="sm" variant="secondary" pending={pending} onClick={send}>
          {pending ? null : <PlayIcon className="size-4" />}
          {result ? "Send again" : "Send a test request"}
        </Button>
        <p className="text-xs text-zinc-400">
          One short chat request to <code className="font-mono text-zinc-300">{model}</code> with this key, billed like any other.
        </p>
      </div>
      {result === null ? null : result.ok ? (
        <div data-testid="test-request-result" role="status" className="rounded-lg border border-emerald-500/30 bg-emerald-500/[0.06] p-4 text-sm">
          <p className="font-medium text-emerald-200">It works: {result.model} answered</p>
          <blockquote className="mt-2 border-l-2 border-line-strong pl-3 break-words whitespace-pre-wrap text-zinc-100" data-testid="test-request-answer">
            {result.answer || "(an empty answer)"}
          </blockquote>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs text-zinc-400 sm:grid-cols-[auto_1fr_auto_1fr_auto_1fr]">
            <dt>Latency</dt>
            <dd className="text-zinc-200 tabular-nums" data-testid="test-request-latency">{result.latencyMs.toLocaleString("en-US")} ms</dd>
            <dt>Cost</dt>
            <dd className="text-zinc-200 tabular-nums" data-testid="test-request-cost">
              {cost.state === "known" ? cost.text : cost.state === "pending" ? "settling…" : <Link href="/dashboard/logs" className="text-brand-300 underline underline-offset-2">see Logs</Link>}
            </dd>
            {result.usage ? (
              <>
                <dt>Tokens</dt>
                <dd className="text-zinc-200 tabular-nums">{result.usage.input} in · {result.usage.output} out</dd>
              </>
            ) : null}
          </dl>
        </div>
      ) : (
        <Alert>
          <span data-testid="test-request-error">{result.message}</span>
          {result.fix ? (
            <>
              {" "}
              <Link href={result.fix.href} className="font-medium underline underline-offset-2">{result.fix.label}</Link>
            </>
          ) : null}
        </Alert>
      )}
    </div>
  );
}
