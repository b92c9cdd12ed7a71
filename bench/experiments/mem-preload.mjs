// Scratch preload for bench/memprobe.ts (`node --import ./bench/mem-preload.mjs …`): on SIGUSR2
// appends this process's memoryUsage() and V8 heap-space sizes to $MEMPROBE_OUT as one JSON
// line (SIGWINCH: after a full GC), so the probe can split RSS into JS heap, external/array buffers and the rest.
import fs from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";

// MEMPROBE_V8_FLAGS: V8 flags set at run time, before the app loads (as server.ts could do
// itself), to compare with the same flags on the node command line.
if (process.env.MEMPROBE_V8_FLAGS) v8.setFlagsFromString(process.env.MEMPROBE_V8_FLAGS);

const out = process.env.MEMPROBE_OUT;
if (out) {
  const write = () => {
    const mb = (n) => Math.round((n / 1048576) * 10) / 10;
    const m = process.memoryUsage();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_size)]));
    fs.appendFileSync(out, JSON.stringify({
      rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external),
      arrayBuffers: mb(m.arrayBuffers), spaces,
    }) + "\n");
  };
  process.on("SIGUSR2", write);
  // SIGWINCH: a full GC first, so heapUsed is the live heap.
  process.on("SIGWINCH", () => {
    v8.setFlagsFromString("--expose-gc");
    vm.runInNewContext("gc")();
    write();
  });
  // SIGTTIN: a heap snapshot into $MEMPROBE_SNAP_DIR (for bench/mem-snapshot.ts).
  process.on("SIGTTIN", () => {
    const dir = process.env.MEMPROBE_SNAP_DIR;
    if (dir) v8.writeHeapSnapshot(`${dir}/${Date.now()}.heapsnapshot`);
  });
}
