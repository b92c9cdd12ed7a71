// A request body nested thousands deep parses fine (V8's JSON.parse is iterative) but then
// overflows the stack of whatever walks it recursively: zod, JSON.stringify in an error
// message or the token count, a provider's request mapping. One check after the parse keeps
// every later walk safe. No real request comes close: the deepest legitimate nesting is a
// JSON schema in a tool or response format, and providers cap those far lower.
/** Arrays and objects inside one another, the body itself being level 1. */
export const MAX_JSON_DEPTH = 128;

/**
 * Whether `value` nests arrays/objects deeper than `maxDepth`. Visits each array and object
 * once (a usual chat body has a few dozen: well under a microsecond); the recursion is at
 * most `maxDepth` deep, so it cannot overflow itself.
 */
export function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (maxDepth === 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "object" && item !== null && nestedDeeperThan(item, maxDepth - 1)) return true;
    }
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if (typeof item === "object" && item !== null && nestedDeeperThan(item, maxDepth - 1)) return true;
  }
  return false;
}
