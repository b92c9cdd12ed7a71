// Scratch for bench/experiments/memprobe.ts: `tsx bench/experiments/mem-build.ts` builds variant bundles into
// dist/memprobe/ with scripts/build-server.ts's options: server.ts and a Next-less server,
// each also with the o200k tokenizer stubbed out (to measure what loading it costs), and two
// Next project folders that reuse this checkout's .next build: one with next.config.mjs as is
// (the control) and one with experimental.preloadEntriesOnStart: false.
import fs from "node:fs";
import path from "node:path";
import { build, type Plugin } from "esbuild";

const root = path.resolve(import.meta.dirname, "../..");
// Stands in for a request path that never counts tokens (provider-reported usage only).
const STUB = "({ countTokens: (t: string) => Math.ceil(t.length / 4) })";
const stubTokenizer: Plugin = {
  name: "stub-tokenizer",
  setup(b) {
    b.onResolve({ filter: /^gpt-tokenizer\/encoding\/o200k_base$/ }, () => ({ path: "o200k-stub", namespace: "stub" }));
    b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({
      contents: "export function countTokens(t) { return Math.ceil(t.length / 4); }", loader: "js",
    }));
    // token-count.ts loads it lazily with createRequire, which esbuild does not resolve.
    b.onLoad({ filter: /lib\/catalog\/token-count\.ts$/ }, (args) => {
      const src = fs.readFileSync(args.path, "utf8");
      const out = src.replace(/createRequire\(import\.meta\.url\)\("gpt-tokenizer\/encoding\/o200k_base"\)/, STUB);
      if (out === src) throw new Error("token-count.ts: lazy require not found");
      return { contents: out, loader: "ts" };
    });
  },
};
// Stands in for a Stripe SDK loaded only when a payment call needs it (none in the bench).
const stubStripe: Plugin = {
  name: "stub-stripe",
  setup(b) {
    b.onResolve({ filter: /^stripe$/ }, () => ({ path: "stripe-stub", namespace: "stub-stripe" }));
    b.onLoad({ filter: /.*/, namespace: "stub-stripe" }, () => ({ contents: "export default class Stripe {}", loader: "js" }));
  },
};
const variants: Array<[string, string, Plugin[]]> = [
  ["server-notok-nostripe.mjs", "server.ts", [stubTokenizer, stubStripe]],
  ["server.mjs", "server.ts", []],
  ["server-hgp.mjs", "bench/experiments/mem-server-hgp.ts", []],
  ["server-hgp-notok.mjs", "bench/experiments/mem-server-hgp.ts", [stubTokenizer]],
  ["server-notok.mjs", "server.ts", [stubTokenizer]],
  ["server-nonext.mjs", "bench/experiments/mem-server-nonext.ts", []],
  ["server-nonext-notok.mjs", "bench/experiments/mem-server-nonext.ts", [stubTokenizer]],
];
for (const [out, entry, plugins] of variants) {
  await build({
    entryPoints: [path.join(root, entry)], outfile: path.join(root, "dist/memprobe", out), bundle: true, platform: "node",
    target: "node20", format: "esm", packages: "external", tsconfig: path.join(root, "tsconfig.json"), plugins,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: "warning",
  });
  console.log(`built dist/memprobe/${out}`);
}

for (const [dir, preload] of [["next-default", true], ["next-nopreload", false]] as const) {
  const at = path.join(root, "dist/memprobe", dir);
  fs.rmSync(at, { recursive: true, force: true });
  fs.mkdirSync(at, { recursive: true });
  for (const f of [".next", "node_modules", "public", "package.json"]) fs.symlinkSync(path.join(root, f), path.join(at, f));
  const config = fs.readFileSync(path.join(root, "next.config.mjs"), "utf8");
  const edited = preload ? config : config.replace("const nextConfig = {", "const nextConfig = {\n  experimental: { preloadEntriesOnStart: false },");
  if (edited === config && !preload) throw new Error("next.config.mjs: could not add preloadEntriesOnStart");
  fs.writeFileSync(path.join(at, "next.config.mjs"), edited);
  console.log(`made dist/memprobe/${dir}/`);
}
