-- The dashboard playground (issue #21).
--
-- 1. A hidden per-account key: the playground's calls run through the gateway core with the
--    account's "Playground" key, so limits, request logs (source 'playground'), rollups and
--    filters work as for any key. `kind` marks it: 'standard' keys are the ones users create,
--    list and revoke; a 'playground' key never appears in the keys list or the management API,
--    cannot be changed by the user, and is created lazily (at most one live one per account).
--    Its secret is never shown to anyone: only a hash of random bytes is stored.
--
-- 2. History: the account's last 50 runs (mode, the request as sent, a summary of the result,
--    the request-log ids). It holds prompts: not written under zero retention, removed by
--    "purge my logs" and account deletion, included in the data export.
--
-- Constant defaults, NOT VALID checks: no table rewrite, no scan under the lock.

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'standard';
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_kind_check" CHECK ("kind" IN ('standard', 'playground')) NOT VALID;

-- One live playground key per account (the lazy creation's ON CONFLICT target).
CREATE UNIQUE INDEX "api_keys_playground_key" ON "api_keys" ("user_id") WHERE "kind" = 'playground' AND "revoked_at" IS NULL;

-- CreateTable
CREATE TABLE "playground_runs" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    -- What the history list shows without reading the bodies: the prompt's start, the models.
    "title" TEXT NOT NULL DEFAULT '',
    "models" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "request" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    -- The client call's request id first (its log row; for multi-model modes the parent row,
    -- whose detail page shows the sub-calls).
    "request_log_ids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "playground_runs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "playground_runs_mode_check" CHECK ("mode" IN ('chat', 'compare', 'blend', 'judge'))
);

-- CreateIndex
CREATE INDEX "playground_runs_user_id_created_at_idx" ON "playground_runs"("user_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "playground_runs" ADD CONSTRAINT "playground_runs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
