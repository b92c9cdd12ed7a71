// Scratch for bench/experiments/memprobe.ts: server.ts plus the one line proposed for it, run after the
// imports like a top-level statement in server.ts would be. Built by bench/experiments/mem-build.ts.
import v8 from "node:v8";
import "../server";

// Old-space headroom: grow the heap limit to 1.5× the live heap after a full GC, not V8's
// default of up to 4× (on hosts with ≥ 2 GB of heap limit), which is where the load peak went.
v8.setFlagsFromString("--heap-growing-percent=50");
