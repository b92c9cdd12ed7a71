// Reads an orchestration event stream incrementally: `data: {json}` blocks separated by a blank
// line, ending with `data: [DONE]` (SPEC §2). Used by the browser (live view) and by the server
// (the history recorder reads what the playground route streams), so both see the same events.
export type StreamEvent = { event: string; [field: string]: unknown };

export class SseLineReader {
  private buffer = "";
  /** `data: [DONE]` was read. */
  done = false;

  /** Feeds text; returns the complete events it finished (unparseable blocks are skipped). */
  push(text: string): StreamEvent[] {
    this.buffer += text;
    const out: StreamEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf("\n\n")) !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      if (!block.startsWith("data: ")) continue;
      const data = block.slice(6);
      if (data === "[DONE]") {
        this.done = true;
        continue;
      }
      try {
        const parsed: unknown = JSON.parse(data);
        if (parsed && typeof parsed === "object" && typeof (parsed as { event?: unknown }).event === "string") {
          out.push(parsed as StreamEvent);
        }
      } catch {
        // not JSON: ignored (the stream's own events always are)
      }
    }
    return out;
  }
}
