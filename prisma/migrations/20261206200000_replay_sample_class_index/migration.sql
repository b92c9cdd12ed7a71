-- The replay sample by request class (lib/sql/replay-sample.ts; the optimization page's "Replay
-- 50 requests" samples one use case: key × endpoint × class × model). Its probes take the first
-- matching row after a random instant; through (user_id, created_at) each probe walked past
-- every row of the account's other classes, keys and models (~1/share rows), or, for a rare
-- class, was planned as a bitmap AND of the key's rows and the account's whole (user_id, id)
-- index, rebuilt for every probe (2 M entries × 100 probes). Measured on the 10 M-row
-- database of docs/scale-out.md (heavy account, p50; docs/replay.md): "Replay 50" of a key ×
-- chat.completions × one model × class over 30 days took 217 ms for code, 251 ms for tools and
-- 76–81 s for long_context and vision; with this index 198–208 ms for every class (of which
-- ~180 ms is JIT compilation, as before this change).
--
-- Partial on what the sample can take (the predicate is implied by its WHERE clause: answered,
-- not an orchestration parent or sub-call, not a replay; unclassified rows never match a class).
-- Its write cost: batches of 100 log rows with their rollup triggers took +3 % (A/B, 6 rounds of
-- 20 000 rows), about 4 µs per row; size about that of (user_id, created_at).
CREATE INDEX "request_logs_replay_class_idx" ON "request_logs"("user_id", "request_class", "created_at")
  WHERE "request_class" IS NOT NULL AND "status" = 200 AND "parent_id" IS NULL AND NOT "is_parent" AND "source" <> 'replay';
