-- Routing policies (issue #22 point 5): named routing configurations an account uses as
-- `model: "policy/<name>"` or as a key's default for `model: "auto"` (lib/policies).
--
-- routing_policies: one per (account, name). allowed_models empty = every model the key may
-- use. max_fallbacks 0 = a single model, no failover. max_cost_per_request (BIGINT units,
-- 10^-12 USD) excludes models whose expected cost for the request exceeds it (the output is
-- not capped); max_latency_ms excludes models whose measured p50 exceeds it (not a timeout).
--
-- api_keys.default_policy_id replaces api_keys.policy (a free-text name stored ahead of this
-- issue, never read by routing; no policy existed for it to name): a real reference, set to
-- NULL when the policy is deleted.

-- CreateTable
CREATE TABLE "routing_policies" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "goal" TEXT NOT NULL DEFAULT 'balanced',
    "allowed_models" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "max_fallbacks" INTEGER NOT NULL DEFAULT 2,
    "max_cost_per_request" BIGINT,
    "max_latency_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "routing_policies_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "routing_policies_name_check" CHECK ("name" ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    CONSTRAINT "routing_policies_goal_check" CHECK ("goal" IN ('balanced', 'latency', 'cost', 'reliability')),
    CONSTRAINT "routing_policies_max_fallbacks_check" CHECK ("max_fallbacks" BETWEEN 0 AND 5),
    CONSTRAINT "routing_policies_max_cost_check" CHECK ("max_cost_per_request" IS NULL OR "max_cost_per_request" > 0),
    CONSTRAINT "routing_policies_max_latency_check" CHECK ("max_latency_ms" IS NULL OR "max_latency_ms" > 0)
);

-- CreateIndex
CREATE UNIQUE INDEX "routing_policies_user_id_name_key" ON "routing_policies"("user_id", "name");

-- AddForeignKey
ALTER TABLE "routing_policies" ADD CONSTRAINT "routing_policies_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN "default_policy_id" TEXT;
ALTER TABLE "api_keys" DROP COLUMN "policy";

-- CreateIndex (the FK's ON DELETE SET NULL finds a deleted policy's keys through it)
CREATE INDEX "api_keys_default_policy_id_idx" ON "api_keys"("default_policy_id");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_default_policy_id_fkey" FOREIGN KEY ("default_policy_id") REFERENCES "routing_policies"("id") ON DELETE SET NULL ON UPDATE CASCADE;
