// Tokens over the last minute, in one-second buckets (61 of them, so the buckets counted always
// cover the whole 60 s window): an amount counts from its second until that second is more
// than 60 s old, i.e. up to one second longer than an exact log would keep it — never less, so
// the window never admits more than the limit. Fixed memory, O(1) per request (61 adds), and
// amounts can be corrected after the fact (settlement), which an exact log of entries cannot
// do without a handle per request.
const SECOND = 1_000;
const BUCKETS = 61;

export class TokenWindow {
  private readonly amounts = new Float64Array(BUCKETS);
  /** The second (epoch s) each bucket currently holds; −1 = empty. */
  private readonly seconds = new Float64Array(BUCKETS).fill(-1);

  private live(second: number, nowSecond: number): boolean {
    return second >= 0 && second > nowSecond - BUCKETS;
  }

  /** Adds `tokens` (negative: a correction) to the bucket of `at`, unless it has left the window by `now`. */
  add(tokens: number, at: number, now: number = at): void {
    const s = Math.floor(at / SECOND);
    if (!this.live(s, Math.floor(now / SECOND))) return;
    const i = s % BUCKETS;
    if (this.seconds[i] !== s) {
      this.seconds[i] = s;
      this.amounts[i] = 0;
    }
    this.amounts[i] = this.amounts[i]! + tokens;
  }

  /** Tokens counted in the window ending at `now` (never below 0). */
  used(now: number): number {
    const nowSecond = Math.floor(now / SECOND);
    let sum = 0;
    for (let i = 0; i < BUCKETS; i++) if (this.live(this.seconds[i]!, nowSecond)) sum += this.amounts[i]!;
    return Math.max(0, sum);
  }

  /**
   * Milliseconds until `needed` more tokens fit under `limit` (0 if they fit now; Infinity if
   * they never can). Buckets leave oldest first, each when its second is 61 s behind.
   */
  waitFor(needed: number, limit: number, now: number): number {
    if (needed > limit) return Infinity;
    let used = this.used(now);
    if (used + needed <= limit) return 0;
    const nowSecond = Math.floor(now / SECOND);
    for (let back = BUCKETS - 1; back >= 0; back--) {
      const s = nowSecond - back;
      const i = s % BUCKETS;
      if (s < 0 || this.seconds[i] !== s) continue;
      used -= this.amounts[i]!;
      if (used + needed <= limit) return Math.max(1, (s + BUCKETS) * SECOND - now);
    }
    return Math.max(1, (nowSecond + BUCKETS) * SECOND - now);
  }

  /** Milliseconds until every counted token has left the window. */
  resetIn(now: number): number {
    const nowSecond = Math.floor(now / SECOND);
    for (let back = 0; back < BUCKETS; back++) {
      const s = nowSecond - back;
      const i = s % BUCKETS;
      if (s >= 0 && this.seconds[i] === s && this.amounts[i]! > 0) return Math.max(1, (s + BUCKETS) * SECOND - now);
    }
    return 0;
  }
}
