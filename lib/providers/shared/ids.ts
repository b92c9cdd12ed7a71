let counter = 0;

/** For upstreams that send no id (Gemini, some local servers). Cheap, unique per process. */
export function fallbackId(prefix: string): string {
  counter = (counter + 1) % 1_000_000_000;
  return `${prefix}-${Date.now().toString(36)}${counter.toString(36)}`;
}
