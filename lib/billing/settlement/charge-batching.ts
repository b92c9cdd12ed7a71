// How the charge writer (charge-writer.ts) batches settled requests: one statement per
// CHARGE_FLUSH_MS or CHARGE_MAX_BATCH entries, whichever comes first. Its own module so the
// crash test and the bench can read the interval without loading the writer and its pool.
//
// Why a second and 2,000 (docs/performance.md, "2026-12-07 (afternoon)"): on a host where
// Postgres shares the cores with the gateway, each flush starts a burst of Postgres work, and
// the requests in flight around a burst's start wait for a core (perf sched: woken threads
// queued behind the backend while the other core idled). In interleaved runs at c=1 (~1,400
// requests a second) the p99 was 2.0–3.0 ms with 250 ms / 500 (4 bursts a second), 1.7–2.0
// with 500 ms / 1,000 and 1.4–1.8 with 1 s / 2,000: the same work in fewer, larger statements
// (per-row cost is about the same at any size). On a quieter VM the gain was smaller (means
// of four pairs: 1.8 / 1.8 ms JSON / stream against 2.2 / 1.8). The cost:
// a process killed with kill -9 leaves the responses of its last ~second unbilled
// (docs/credit-holds.md), logs and usage show up to a second later, and the account's row is
// locked at the end of each statement: ~10 ms at 500 rows, ~40 ms at 2,000.
export const CHARGE_FLUSH_MS = 1_000;
/** Above ~2,000 requests a second the batch fills before the timer fires. */
export const CHARGE_MAX_BATCH = 2_000;
