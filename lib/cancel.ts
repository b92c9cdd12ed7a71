// "The client went away": what the gateway core reads from an abort signal. A real
// AbortSignal satisfies `Cancel`; the Node door uses `ClientSignal`, because Node's
// AbortController is an EventTarget: creating one and adding/removing the one listener an
// upstream attempt needs costs ~4 µs per request (~2–3 % of a JSON request's CPU), a few
// fields here ~0.01 µs. Node APIs that need a real signal (timers/promises, AbortSignal.any)
// get one from `toAbortSignal`, made only when asked for (retry waits, the simulator, playground).

/** The subset of AbortSignal the core uses. Listeners fire once, in the order added. */
export interface Cancel {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

export class ClientSignal implements Cancel {
  private gone = false;
  private listeners: Array<(() => void) | null> | null = null;
  private native: AbortController | null = null;

  get aborted(): boolean {
    return this.gone;
  }

  // As EventTarget: a listener added twice is kept once; one added after the abort never runs.
  addEventListener(_type: "abort", listener: () => void): void {
    if (this.gone) return;
    const l = (this.listeners ??= []);
    if (!l.includes(listener)) l.push(listener);
  }

  // A listener removed while the abort runs the list does not run (as EventTarget).
  removeEventListener(_type: "abort", listener: () => void): void {
    const l = this.listeners;
    if (!l) return;
    const i = l.indexOf(listener);
    if (i < 0) return;
    if (this.gone) l[i] = null;
    else l.splice(i, 1);
  }

  abort(): void {
    if (this.gone) return;
    this.gone = true;
    this.native?.abort();
    const l = this.listeners;
    if (!l) return;
    for (let i = 0; i < l.length; i++) {
      const fn = l[i];
      if (!fn) continue;
      try {
        fn();
      } catch (err) {
        // As EventTarget does: the error is reported as uncaught, the other listeners still run.
        process.nextTick(() => {
          throw err;
        });
      }
    }
    this.listeners = null;
  }

  /** A real AbortSignal that aborts with this one (made on first use). */
  toAbortSignal(): AbortSignal {
    if (!this.native) {
      this.native = new AbortController();
      if (this.gone) this.native.abort();
    }
    return this.native.signal;
  }
}

/** A real AbortSignal for `c`, for Node APIs that check for one. */
export function toAbortSignal(c: Cancel): AbortSignal {
  if (c instanceof ClientSignal) return c.toAbortSignal();
  if (c instanceof AbortSignal) return c;
  throw new TypeError("not an abort signal");
}
