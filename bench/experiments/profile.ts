// `tsx bench/experiments/profile.ts [json|stream|both] [seconds]`: runs the production build under
// `node --cpu-prof`, loads only Switchyard (c=16, 0 ms upstream) and prints where its CPU goes.
// BENCH_PORTKEY=1 profiles Portkey the same way, for comparison. Harness: profile-harness.ts.
import { profileRun } from "./profile-harness";

const portkey = process.env.BENCH_PORTKEY === "1";
await profileRun({
  targets: [portkey ? "portkey" : "switchyard"],
  profiled: portkey ? "portkey" : "switchyard",
  mode: process.argv[2] ?? "both",
  seconds: Number(process.argv[3] ?? 8),
});
