-- Key controls (issue #20): per-key concurrency, disable without revoking, management keys
-- ("Can manage keys"), test-mode keys, a default optimization goal and a policy name (policies
-- arrive with a later issue; the name is stored now). The budget columns (budget_daily /
-- budget_monthly / budget_total, BIGINT units) exist since the initial migration.
--
-- Every new column has a constant default or none: no table rewrite. The CHECKs are NOT VALID
-- (no scan under the lock); existing rows hold the defaults and pass.

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN "concurrency_limit" INTEGER,
ADD COLUMN "disabled_at" TIMESTAMPTZ(3),
ADD COLUMN "can_manage" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "mode" TEXT NOT NULL DEFAULT 'live',
ADD COLUMN "default_goal" TEXT,
ADD COLUMN "policy" TEXT;

ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_mode_check" CHECK ("mode" IN ('live', 'test')) NOT VALID,
ADD CONSTRAINT "api_keys_default_goal_check"
  CHECK ("default_goal" IS NULL OR "default_goal" IN ('balanced', 'latency', 'cost', 'reliability')) NOT VALID,
ADD CONSTRAINT "api_keys_concurrency_limit_positive" CHECK ("concurrency_limit" IS NULL OR "concurrency_limit" > 0) NOT VALID;

-- Who changed which key, when, and what (the keys page shows it). `actor` is
-- 'dashboard:<user id>' or 'api:<management key id>'; `changes` maps each changed field to
-- [before, after] in display form (credits as decimal strings, times as ISO text). Written in
-- the transaction of the change it records.
-- CreateTable
CREATE TABLE "key_audit" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "key_audit_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "key_audit_action_check" CHECK ("action" IN ('created', 'updated', 'disabled', 'enabled', 'revoked'))
);

-- CreateIndex
CREATE INDEX "key_audit_user_id_created_at_idx" ON "key_audit"("user_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "key_audit" ADD CONSTRAINT "key_audit_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "key_audit" ADD CONSTRAINT "key_audit_key_id_fkey" FOREIGN KEY ("key_id") REFERENCES "api_keys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A key's spend by UTC day, read without scanning the account's other keys (the keys page and
-- GET /keys/{id} today; the budget checks of #20.4 on a cache miss). In SQL only, like the
-- other rollup indexes.
CREATE INDEX "usage_rollups_daily_api_key_id_day_idx" ON "usage_rollups_daily"("api_key_id", "day");
