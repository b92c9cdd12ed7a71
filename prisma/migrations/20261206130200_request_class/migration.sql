-- The request's class (lib/routing/auto/classify.ts: vision, tools, long_context, code, math,
-- quick_chat, general), stored on every chat request's log row: replay and optimization group
-- by it, and `model: "auto"` picks by it. Nullable, no default: older rows were not classified.
ALTER TABLE "request_logs" ADD COLUMN "request_class" TEXT;

-- `auto` reads the last hours of the hourly rollups across all accounts every 30 s per process
-- (lib/routing/auto/rollup-figures.ts); the primary key leads with user_id, so without this
-- index each refresh would scan the table's whole history.
CREATE INDEX "usage_rollups_hour_idx" ON "usage_rollups"("hour");
