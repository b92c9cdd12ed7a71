// What an adapter's `stream()` returns: canonical chunks, produced a batch per upstream read
// (every event the read completed, translated together). `next()` hands them out one at a
// time, so `for await` and every AsyncIterator consumer work as with a generator of chunks;
// `ready()` hands out, without a wait, a chunk of the batch already in hand. The stream's
// hot loop (gateway/chat/pipe-stream.ts) drains a batch through `ready()`: one await per
// read instead of one async-generator round trip per event (24 per stream in the bench).
import type { CanonicalChunk } from "./types";

export class ChunkStream implements AsyncIterableIterator<CanonicalChunk, undefined> {
  private batch: CanonicalChunk[] = [];
  private at = 0;

  /** `batches` never yields an empty array; it throws where the upstream failed. */
  constructor(private readonly batches: AsyncIterator<CanonicalChunk[], unknown>) {}

  /** One chunk per batch, from any async iterable (the in-process simulator, tests). */
  static of(chunks: AsyncIterable<CanonicalChunk>): ChunkStream {
    return new ChunkStream(singles(chunks));
  }

  /** The next chunk when it has already been translated; undefined when the next needs a read. */
  ready(): CanonicalChunk | undefined {
    return this.at < this.batch.length ? this.batch[this.at++] : undefined;
  }

  async next(): Promise<IteratorResult<CanonicalChunk, undefined>> {
    for (;;) {
      const c = this.ready();
      if (c !== undefined) return { done: false, value: c };
      const r = await this.batches.next();
      if (r.done) return { done: true, value: undefined };
      this.batch = r.value;
      this.at = 0;
    }
  }

  /** The consumer stops early: the producer's cleanup runs (the upstream is closed). */
  async return(): Promise<IteratorResult<CanonicalChunk, undefined>> {
    this.batch = [];
    this.at = 0;
    await this.batches.return?.();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): ChunkStream {
    return this;
  }
}

async function* singles(chunks: AsyncIterable<CanonicalChunk>): AsyncGenerator<CanonicalChunk[]> {
  for await (const c of chunks) yield [c];
}
