// One Prometheus page from several workers' pages: each family's HELP/TYPE once, then every
// worker's samples of it with a worker="<slot>" label (samples of a family must be contiguous).
export function mergeMetricPages(pages: { slot: string; text: string }[]): string {
  const families = new Map<string, { head: string[]; samples: string[] }>();
  for (const { slot, text } of pages) {
    let current: { head: string[]; samples: string[] } | null = null;
    for (const line of text.split("\n")) {
      if (line === "") continue;
      const head = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (head) {
        const name = head[2]!;
        let f = families.get(name);
        if (!f) families.set(name, (f = { head: [], samples: [] }));
        if (!f.head.includes(line)) f.head.push(line);
        current = f;
        continue;
      }
      if (line.startsWith("#")) continue;
      if (!current) {
        const name = /^[^{\s]+/.exec(line)?.[0] ?? "";
        if (!families.has(name)) families.set(name, { head: [], samples: [] });
        current = families.get(name)!;
      }
      current.samples.push(withWorkerLabel(line, slot));
    }
  }
  const out: string[] = [];
  for (const f of families.values()) out.push(...f.head, ...f.samples);
  return out.join("\n") + "\n";
}

function withWorkerLabel(sample: string, slot: string): string {
  const label = `worker="${slot}"`;
  const brace = sample.indexOf("{");
  const space = sample.indexOf(" ");
  if (brace !== -1 && brace < space) {
    const empty = sample[brace + 1] === "}";
    return sample.slice(0, brace + 1) + label + (empty ? "" : ",") + sample.slice(brace + 1);
  }
  return sample.slice(0, space) + `{${label}}` + sample.slice(space);
}
