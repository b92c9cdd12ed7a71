// (issue 19) `tsx bench/experiments/profile-compare.ts [json|stream|both] [seconds] [rounds]`: the
// production build under `node --cpu-prof`, loaded with POST /compare of three models (c=16,
// 0 ms upstream); prints its CPU per request and where the CPU goes.
// WITH_CHAT=1 also runs one chat (`switchyard`) on the same process in alternating slices and
// prints the ratio compare3 ÷ chat, as the bench reports it (the profile then covers both).
// Harness: profile-harness.ts.
import { profileRun } from "./profile-harness";

await profileRun({
  targets: process.env.WITH_CHAT === "1" ? ["compare3", "switchyard"] : ["compare3"],
  profiled: "switchyard",
  mode: process.argv[2] ?? "both",
  seconds: Number(process.argv[3] ?? 8),
  rounds: Number(process.argv[4] ?? (process.env.WITH_CHAT === "1" ? 8 : 1)),
});
