// The coalescing writer is a kept performance trick (docs/performance.md): what the client
// receives must be exactly what one res.write per event would have sent.
import { describe, expect, it } from "vitest";
import { coalescingWriter } from "./coalesce";
import type { ApiResponse } from "./types";

function recorder() {
  const calls: string[] = [];
  const res = {
    write: (c: string | Uint8Array) => calls.push(`write:${String(c)}`),
    end: (c?: string | Uint8Array) => calls.push(`end:${c === undefined ? "" : String(c)}`),
  } as unknown as ApiResponse;
  return { res, calls };
}

const tick = () => new Promise<void>((r) => process.nextTick(r));
/** The end of this turn of the event loop (its check phase): where "turn" batches go out. */
const turn = () => new Promise<void>((r) => setImmediate(r));

describe("coalescingWriter", () => {
  it("joins what one tick produces into one write, the first event included", async () => {
    const { res, calls } = recorder();
    const out = coalescingWriter(res);
    out.write("a");
    out.write("b");
    out.write("c");
    expect(calls).toEqual([]);
    await tick();
    expect(calls).toEqual(["write:abc"]);
    out.write("d");
    out.end("e");
    expect(calls).toEqual(["write:abc", "end:de"]); // end carries what is pending
    await tick();
    expect(calls).toHaveLength(2); // nothing written after end
  });

  it("sends a whole answer produced in one tick with one end", () => {
    const { res, calls } = recorder();
    const out = coalescingWriter(res);
    out.write("a");
    out.write("b");
    out.end("[DONE]");
    expect(calls).toEqual(["end:ab[DONE]"]);
  });

  it("delivers exactly the bytes written, in order, however writes, ticks and turns interleave", async () => {
    for (const until of ["tick", "turn"] as const) {
      for (let seed = 1; seed <= 20; seed++) {
        const { res, calls } = recorder();
        const out = coalescingWriter(res, until);
        let rnd = seed;
        const next = () => (rnd = (rnd * 48271) % 2147483647) / 2147483647;
        let sent = "";
        for (let i = 0; i < 30; i++) {
          const text = `e${i};`.repeat(1 + Math.floor(next() * 3));
          sent += text;
          out.write(text);
          const r = next();
          if (r < 0.2) await tick();
          else if (r < 0.35) await turn();
        }
        out.end("done");
        await turn();
        expect(calls.map((c) => c.slice(c.indexOf(":") + 1)).join("")).toBe(sent + "done");
        expect(calls.at(-1)?.startsWith("end:")).toBe(true);
      }
    }
  });

  it('"turn" joins the events of several callbacks in one loop phase, as a compare\'s sub-call sockets produce them', async () => {
    for (const [until, expected] of [["tick", ["write:a", "write:b"]], ["turn", ["write:ab"]]] as const) {
      const { res, calls } = recorder();
      const out = coalescingWriter(res, until);
      // Timers due together run in one timers phase, each callback its own tick, as the reads of
      // several sockets do in one poll phase; the last one resolves after the batch went out.
      await new Promise<void>((done) => {
        setTimeout(() => out.write("a"), 0);
        setTimeout(() => out.write("b"), 0);
        setTimeout(() => setImmediate(done), 0);
      });
      expect(calls).toEqual(expected);
      out.write("c");
      out.end("d");
      await turn();
      expect(calls).toEqual([...expected, "end:cd"]); // end carries what is pending; nothing after it
    }
  });

  it("ends with no body text when nothing is pending", () => {
    const { res, calls } = recorder();
    coalescingWriter(res).end();
    expect(calls).toEqual(["end:"]);
  });
});
