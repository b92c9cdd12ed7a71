// The counts of a breaker's last 30 s of outcomes (SPEC §5), kept in one-second buckets (a
// ring of counts), so recording an outcome costs the same at 10 or 10,000 requests a second
// and the memory is fixed. (It was a list of every outcome's time, trimmed with Array.shift:
// V8 moves a large array's whole backing store on each shift, so every request paid ~0.2 µs
// per 1,000 outcomes in the window — ~10–30 µs at the bench's rates: docs/performance.md,
// "2026-12-07 (night)".) An outcome counts for the rest of its second and the next 29: the
// window is 29–30 s long.

export const WINDOW_MS = 30_000;
const BUCKET_MS = 1_000;
const BUCKETS = WINDOW_MS / BUCKET_MS;

export const OK = 0;
export const FAILED = 1;
export const LIMITED = 2;
export type Outcome = typeof OK | typeof FAILED | typeof LIMITED;
/** Per bucket: the total at 0, then FAILED's and LIMITED's counts at their own values. */
const FIELDS = 3;

export class OutcomeWindow {
  /** FIELDS counts for each second, at (second % BUCKETS) * FIELDS. */
  private readonly counts = new Int32Array(BUCKETS * FIELDS);
  /** The latest second counted (buckets of the seconds before it that left the window are zero). */
  private second: number;
  /** The window's sums: outcomes, and FAILED / LIMITED among them. */
  total = 0;
  failed = 0;
  limited = 0;

  constructor(now: number) {
    this.second = Math.floor(now / BUCKET_MS);
  }

  record(outcome: Outcome, now: number): void {
    this.advance(now);
    const c = this.counts;
    const at = (this.second % BUCKETS) * FIELDS;
    c[at] = c[at]! + 1;
    this.total++;
    if (outcome !== OK) {
      c[at + outcome] = c[at + outcome]! + 1;
      if (outcome === FAILED) this.failed++;
      else this.limited++;
    }
  }

  /** Moves the window to `now`'s second: the buckets of the seconds it leaves behind are emptied. */
  private advance(now: number): void {
    const second = Math.floor(now / BUCKET_MS);
    if (second <= this.second) return; // the same second (or a clock stepped back: counted in the latest)
    const c = this.counts;
    for (let s = this.second + 1, last = this.second + Math.min(second - this.second, BUCKETS); s <= last; s++) {
      const at = (s % BUCKETS) * FIELDS;
      this.total -= c[at]!;
      this.failed -= c[at + FAILED]!;
      this.limited -= c[at + LIMITED]!;
      c[at] = c[at + FAILED] = c[at + LIMITED] = 0;
    }
    this.second = second;
  }
}
