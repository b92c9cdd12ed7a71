// ChunkStream hands out a producer's batches a chunk at a time (next) or without a wait
// (ready): the same chunks in the same order either way, the producer's failure only after
// the chunks before it, and the producer's cleanup when the consumer stops early.
import { describe, expect, it } from "vitest";
import { ChunkStream } from "./chunk-stream";
import type { CanonicalChunk } from "./types";

const c = (content: string): CanonicalChunk => ({ id: "x", created: 1, model: "m", delta: { content } });
const texts = (cs: CanonicalChunk[]) => cs.map((x) => x.delta.content);

async function* batches(fail?: Error, log: string[] = []): AsyncGenerator<CanonicalChunk[]> {
  try {
    yield [c("a"), c("b"), c("c")];
    yield [c("d")];
    if (fail) throw fail;
    yield [c("e"), c("f")];
  } finally {
    log.push("cleanup");
  }
}

describe("ChunkStream", () => {
  it("serves every chunk in order through for await", async () => {
    const got: CanonicalChunk[] = [];
    for await (const x of new ChunkStream(batches())) got.push(x);
    expect(texts(got)).toEqual(["a", "b", "c", "d", "e", "f"]);
  });

  it("hands out the rest of a batch through ready() and waits only between batches", async () => {
    const s = new ChunkStream(batches());
    expect(s.ready()).toBeUndefined(); // nothing read yet
    const got = [(await s.next()).value as CanonicalChunk];
    for (let x = s.ready(); x; x = s.ready()) got.push(x);
    expect(texts(got)).toEqual(["a", "b", "c"]);
    const mixed = [(await s.next()).value as CanonicalChunk, (await s.next()).value as CanonicalChunk, s.ready()!];
    expect(texts(mixed)).toEqual(["d", "e", "f"]);
    expect(await s.next()).toEqual({ done: true, value: undefined });
    expect(s.ready()).toBeUndefined();
  });

  it("throws the producer's failure only after the chunks before it", async () => {
    const s = new ChunkStream(batches(new Error("cut")));
    const got: CanonicalChunk[] = [];
    await expect((async () => {
      for await (const x of s) got.push(x);
    })()).rejects.toThrow("cut");
    expect(texts(got)).toEqual(["a", "b", "c", "d"]);
  });

  it("runs the producer's cleanup when the consumer stops early, and drops the batch in hand", async () => {
    const log: string[] = [];
    const s = new ChunkStream(batches(undefined, log));
    for await (const x of s) if (x.delta.content === "a") break;
    expect(log).toEqual(["cleanup"]);
    expect(s.ready()).toBeUndefined();
    expect(await s.next()).toEqual({ done: true, value: undefined });
  });

  it("wraps any async iterable of chunks, one per batch", async () => {
    async function* singles() {
      yield c("p");
      yield c("q");
    }
    const s = ChunkStream.of(singles());
    expect(texts([(await s.next()).value as CanonicalChunk])).toEqual(["p"]);
    expect(s.ready()).toBeUndefined();
    expect(texts([(await s.next()).value as CanonicalChunk])).toEqual(["q"]);
    expect((await s.next()).done).toBe(true);
  });
});
