import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Behavior } from "./behavior";

/** `data: <json>` SSE frame. OpenAI ends frames with "\n\n", Gemini with "\r\n\r\n". */
export function dataFrame(payload: unknown, eol = "\n"): string {
  return `data: ${JSON.stringify(payload)}${eol}${eol}`;
}

/** Named SSE event (Anthropic). */
export function eventFrame(event: string, payload: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/**
 * Writes a streamed response with the model's timing: the first content chunk waits
 * `ttftMs`, later ones follow `tokensPerSecond`; framing written between content chunks rides
 * along with the next flush. With no delays everything goes out in one write. Honours
 * `cutAfterChunks` (socket destroyed after N content chunks) and stops when the client leaves.
 */
export class StreamPacer {
  private buffer: string[] = [];
  private contentChunks = 0;
  private tokensSent = 0;
  private firstTokenAt = 0;
  private stopped = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly behavior: Behavior,
    contentType: string,
    headers: Record<string, string> = {},
  ) {
    res.writeHead(200, {
      "content-type": contentType,
      "cache-control": "no-cache",
      ...headers,
    });
    res.on("close", () => {
      if (!res.writableEnded) this.stopped = true;
    });
    if (behavior.cutAfterChunks === 0) this.cut();
  }

  /** True while the stream may go on (not cut, client still there). */
  get alive(): boolean {
    return !this.stopped;
  }

  /** Framing that carries no tokens (role chunk, block start/stop, ping...). */
  frame(data: string): void {
    if (!this.stopped) this.buffer.push(data);
  }

  /** One content chunk carrying `tokens` tokens. Resolves false when the stream must stop. */
  async content(data: string, tokens: number): Promise<boolean> {
    if (this.stopped) return false;
    const { ttftMs, tokensPerSecond } = this.behavior;
    if (this.contentChunks === 0) {
      if (ttftMs > 0) await this.wait(ttftMs);
      this.firstTokenAt = performance.now();
    } else if (tokensPerSecond > 0) {
      const due = this.firstTokenAt + (this.tokensSent * 1000) / tokensPerSecond;
      const wait = due - performance.now();
      if (wait >= 1) await this.wait(wait);
    }
    if (this.stopped) return false;
    this.buffer.push(data);
    this.contentChunks += 1;
    this.tokensSent += tokens;
    const limit = this.behavior.cutAfterChunks;
    if (limit !== null && this.contentChunks >= limit) {
      this.cut();
      return false;
    }
    return true;
  }

  /** Writes what is left and ends the response normally. */
  end(data = ""): void {
    if (this.stopped) return;
    if (data) this.buffer.push(data);
    this.res.end(this.take());
  }

  private async wait(ms: number): Promise<void> {
    this.flush();
    await sleep(ms);
  }

  private flush(): void {
    if (this.stopped) return;
    if (this.buffer.length > 0) this.res.write(this.take());
    else this.res.flushHeaders();
  }

  private take(): string {
    const out = this.buffer.join("");
    this.buffer = [];
    return out;
  }

  private cut(): void {
    const socket = this.res.socket;
    const pending = this.take();
    this.stopped = true;
    if (pending) this.res.write(pending, () => socket?.destroy());
    else {
      // Headers may still sit in Node's buffer: push them out, then drop the connection.
      this.res.flushHeaders();
      setImmediate(() => socket?.destroy());
    }
  }
}
