// An exact sliding window of request times: the request at time t counts until t + window.
// A ring of timestamps that grows (doubling) only up to the limit, since a request is recorded
// only when the window holds fewer than `limit`: memory follows the key's busiest minute,
// every operation is O(1) amortised, and nothing is allocated per request.
export class SlidingLog {
  private times: Float64Array;
  private head = 0;
  private size = 0;

  constructor(private readonly windowMs: number, initialCapacity = 16) {
    this.times = new Float64Array(initialCapacity);
  }

  /** Drops the entries that have left the window (t <= now − window). */
  private expire(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.size > 0 && this.times[this.head]! <= cutoff) {
      this.head = (this.head + 1) % this.times.length;
      this.size--;
    }
  }

  /** Requests in the window ending at `now`. */
  count(now: number): number {
    this.expire(now);
    return this.size;
  }

  /** Records a request at `now` (callers check count() < limit first). */
  push(now: number): void {
    if (this.size === this.times.length) this.grow();
    this.times[(this.head + this.size) % this.times.length] = now;
    this.size++;
  }

  private grow(): void {
    const next = new Float64Array(this.times.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = this.times[(this.head + i) % this.times.length]!;
    this.times = next;
    this.head = 0;
  }

  /** Milliseconds until the window holds fewer than `limit` requests (0 if it does now). */
  waitFor(limit: number, now: number): number {
    this.expire(now);
    if (this.size < limit) return 0;
    // Once the (size − limit)-th oldest entry leaves, size − limit + 1 have left: size < limit.
    const t = this.times[(this.head + this.size - limit) % this.times.length]!;
    return Math.max(1, t + this.windowMs - now);
  }

  /** Milliseconds until the window is empty again. */
  resetIn(now: number): number {
    this.expire(now);
    if (this.size === 0) return 0;
    const newest = this.times[(this.head + this.size - 1) % this.times.length]!;
    return Math.max(1, newest + this.windowMs - now);
  }
}
