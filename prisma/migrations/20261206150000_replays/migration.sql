-- The replay lab (issue #22 points 1–3): re-run a sample of the account's logged requests on a
-- candidate model, judge the answers, report cost/latency/error/quality deltas.
--
-- replay_runs: one run (estimate-only requests are answered synchronously and never stored).
--   committed_units = spent_units + the worst cases of the items in flight: an item starts only
--   when that sum stays within max_units (one conditional UPDATE), so a run never spends past it.
-- replay_items: one sampled request. Claimed with FOR UPDATE SKIP LOCKED (several workers never
--   run one item at once); a claim is a lease (lease_until): an item whose worker died is
--   claimed again after it. Each item's calls have deterministic request ids derived from its
--   id (lib/replay/ids.ts), which are also their ledger source: a resumed item never charges twice.
--   Items hold prompts and answers: zero retention refuses runs, purge / export / account
--   deletion include them (lib/account).

-- CreateTable
CREATE TABLE "replay_runs" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    -- The key the run was created with: its limits, mode and allowed models apply to the calls.
    "api_key_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "candidate" TEXT NOT NULL,
    "judge" TEXT,
    "days" INTEGER NOT NULL,
    "sample_size" INTEGER NOT NULL,
    "filters" JSONB NOT NULL DEFAULT '{}',
    "max_units" BIGINT,
    "estimated_units" BIGINT NOT NULL DEFAULT 0,
    "committed_units" BIGINT NOT NULL DEFAULT 0,
    "spent_units" BIGINT NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    -- Sampled requests that cannot be replayed, by reason (zero_retention, truncated, missing_answer, unsupported).
    "skipped" JSONB NOT NULL DEFAULT '{}',
    "stopped_reason" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "replay_runs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "replay_runs_status_check" CHECK ("status" IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT "replay_runs_money_check" CHECK ("committed_units" >= "spent_units" AND "spent_units" >= 0)
);

-- CreateTable
CREATE TABLE "replay_items" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "source_log_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "skip_reason" TEXT,
    -- Running: the claim's lease; pending: not before (a rate-limited item waits).
    "lease_until" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    -- The worst case this item holds in the run's committed_units while it runs.
    "reserved_units" BIGINT NOT NULL DEFAULT 0,
    -- What the candidate and the judge were charged (units).
    "cost_units" BIGINT NOT NULL DEFAULT 0,
    -- The request to replay (canonical) and the original call (model, tokens, cost, latency, answer).
    "request" JSONB NOT NULL,
    "original" JSONB NOT NULL,
    -- The candidate's call and the judge's verdict, once run.
    "candidate" JSONB,
    "verdict" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "replay_items_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "replay_items_status_check" CHECK ("status" IN ('pending', 'running', 'done', 'failed', 'skipped', 'cancelled'))
);

-- CreateIndex
CREATE INDEX "replay_runs_user_id_created_at_idx" ON "replay_runs"("user_id", "created_at" DESC);
CREATE UNIQUE INDEX "replay_items_run_id_position_key" ON "replay_items"("run_id", "position");
-- The worker's claim: the open items only.
CREATE INDEX "replay_items_open_idx" ON "replay_items"("run_id", "position") WHERE "status" IN ('pending', 'running');
CREATE INDEX "replay_items_user_id_idx" ON "replay_items"("user_id");

-- AddForeignKey
ALTER TABLE "replay_runs" ADD CONSTRAINT "replay_runs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "replay_items" ADD CONSTRAINT "replay_items_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "replay_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
