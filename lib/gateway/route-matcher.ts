// Matches a request's method and path against the route table, compiled once at startup.
// The hot path (POST /chat/completions, POST /messages) is two Map lookups: patterns without
// parameters live in a Map by path; only the rest ("/keys/{id}", "/models/{id...}") are
// tried segment by segment, in table order with catch-alls last.
//
// Rules: one trailing slash is ignored; literal segments compare undecoded (as sent); a
// parameter is percent-decoded after its route matched, and a malformed escape ("%ZZ", a cut
// UTF-8 sequence) is a 400, never a thrown URIError. The first path pattern that matches and
// allows the method wins; if none allows it, the answer is 405 with the methods of the first
// pattern that matched. 404s and 405s answer in the dialect of the path's routes.
import type { ErrorDialect } from "@/lib/gateway/http/types";
import { HTTP_METHODS, type Route, type RouteParams } from "@/lib/gateway/routes/route";

export type RouteMatch =
  | { kind: "route"; route: Route; params: RouteParams; dialect: ErrorDialect }
  | { kind: "method_not_allowed"; allow: string; dialect: ErrorDialect }
  | { kind: "bad_escape"; dialect: ErrorDialect }
  | { kind: "not_found"; dialect: ErrorDialect };

export type RouteMatcher = { match(method: string, path: string): RouteMatch };

/** `null` in a pattern's segment list = a parameter. */
type Segments = ReadonlyArray<string | null>;

/** All routes of one path pattern (parameter names aside), by method. */
type PathGroup = {
  methods: Map<string, { route: Route; names: readonly string[] }>;
  dialect: ErrorDialect;
  segments: Segments;
  /** The last parameter takes the rest of the path ("{id...}"). */
  rest: boolean;
  /** Answers made once: the hit of each parameter-free route, and this pattern's 405. */
  hits: Map<string, RouteMatch>;
  wrongMethod: RouteMatch;
};

const PARAM = /^\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}$/;
const NO_PARAMS: RouteParams = Object.freeze({});

function parsePattern(pattern: string): { segments: Segments; names: string[]; rest: boolean } {
  if (!pattern.startsWith("/")) throw new Error(`Route pattern '${pattern}' must start with '/'.`);
  const parts = pattern === "/" ? [""] : pattern.slice(1).split("/");
  const segments: Array<string | null> = [];
  const names: string[] = [];
  let rest = false;
  parts.forEach((part, i) => {
    const m = PARAM.exec(part);
    if (m) {
      if (names.includes(m[1]!)) throw new Error(`Route pattern '${pattern}' names '${m[1]}' twice.`);
      if (m[2] && i !== parts.length - 1) throw new Error(`In '${pattern}', only the last parameter may take the rest.`);
      rest = Boolean(m[2]);
      names.push(m[1]!);
      segments.push(null);
    } else if (/[{}]/.test(part) || (part === "" && pattern !== "/")) {
      throw new Error(`Route pattern '${pattern}' has an invalid segment '${part}'.`);
    } else {
      segments.push(part);
    }
  });
  return { segments, names, rest };
}

/** A parameter's percent-decoding; null for a malformed escape. */
function decode(raw: string): string | null {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** The raw parameter values of `path` under `group`, or null when the path does not fit. */
function capture(group: PathGroup, path: string): string[] | null {
  const { segments, rest } = group;
  const last = segments.length - 1;
  const values: string[] = [];
  let pos = 1; // after the leading "/"
  for (let i = 0; i <= last; i++) {
    if (pos > path.length) return null; // the path has fewer segments
    if (rest && i === last) {
      const tail = path.slice(pos);
      if (tail === "") return null;
      values.push(tail);
      return values;
    }
    let end = path.indexOf("/", pos);
    if (end === -1) end = path.length;
    const literal = segments[i];
    if (literal === null || literal === undefined) {
      if (end === pos) return null; // an empty segment is no value
      values.push(path.slice(pos, end));
    } else if (end - pos !== literal.length || !path.startsWith(literal, pos)) {
      return null;
    }
    pos = end + 1;
  }
  return pos === path.length + 1 ? values : null; // and no segments left over
}

function addRoute(byShape: Map<string, PathGroup>, route: Route): void {
  if (!HTTP_METHODS.includes(route.method)) throw new Error(`Unknown method in route ${route.method} ${route.path}.`);
  const { segments, names, rest } = parsePattern(route.path);
  const shape = segments.map((s) => s ?? "{}").join("/") + (rest ? "..." : "");
  const dialect = route.dialect ?? "openai";
  let group = byShape.get(shape);
  if (!group) {
    group = { methods: new Map(), dialect, segments, rest, hits: new Map(), wrongMethod: { kind: "not_found", dialect } };
    byShape.set(shape, group);
  }
  if (group.methods.has(route.method)) throw new Error(`Two routes for ${route.method} ${route.path}.`);
  if (dialect !== group.dialect) throw new Error(`Routes on ${route.path} disagree on the error dialect.`);
  group.methods.set(route.method, { route, names });
  if (names.length === 0) group.hits.set(route.method, Object.freeze({ kind: "route", route, params: NO_PARAMS, dialect }));
  group.wrongMethod = Object.freeze({ kind: "method_not_allowed", allow: [...group.methods.keys()].join(", "), dialect });
}

/** The first segment of a path ("/keys/k1" → "keys"). */
function headOf(path: string): string {
  const slash = path.indexOf("/", 1);
  return slash === -1 ? path.slice(1) : path.slice(1, slash);
}

export function compileRoutes(routes: readonly Route[]): RouteMatcher {
  const byShape = new Map<string, PathGroup>();
  for (const route of routes) addRoute(byShape, route);
  const groups = [...byShape.values()];
  const exact = new Map<string, PathGroup>();
  for (const g of groups) if (!g.segments.includes(null)) exact.set("/" + g.segments.join("/"), g);
  // Patterns by their literal first segment (those starting with a parameter apply to every
  // head), in table order with catch-alls last.
  const patterns = groups.filter((g) => g.segments.includes(null)).sort((a, b) => Number(a.rest) - Number(b.rest));
  const anyHead = patterns.filter((g) => g.segments[0] === null);
  const byHead = new Map<string, PathGroup[]>();
  for (const g of patterns) {
    if (g.segments[0] !== null) byHead.set(g.segments[0]!, [...(byHead.get(g.segments[0]!) ?? []), g]);
  }
  for (const [head, list] of byHead) byHead.set(head, [...list, ...anyHead].sort((a, b) => Number(a.rest) - Number(b.rest)));
  // A 404 below a route's literal prefix (e.g. /messages/batches) answers in that route's dialect.
  const dialectPrefixes = groups.filter((g) => g.dialect !== "openai").map((g) => {
    const literal = g.segments.slice(0, g.segments.includes(null) ? g.segments.indexOf(null) : undefined);
    return { prefix: "/" + literal.join("/"), dialect: g.dialect };
  });

  function notFound(path: string): RouteMatch {
    for (const { prefix, dialect } of dialectPrefixes) {
      if (path === prefix || path.startsWith(prefix + "/")) return { kind: "not_found", dialect };
    }
    return { kind: "not_found", dialect: "openai" };
  }

  function withParams(group: PathGroup, method: string, values: readonly string[]): RouteMatch {
    const entry = group.methods.get(method)!;
    const params: Record<string, string> = {};
    for (let i = 0; i < values.length; i++) {
      const value = decode(values[i]!);
      if (value === null) return { kind: "bad_escape", dialect: group.dialect };
      params[entry.names[i]!] = value;
    }
    return { kind: "route", route: entry.route, params, dialect: group.dialect };
  }

  function match(method: string, rawPath: string): RouteMatch {
    const path = rawPath.length > 1 && rawPath.endsWith("/") ? rawPath.slice(0, -1) : rawPath;
    const literal = exact.get(path);
    const hit = literal?.hits.get(method);
    if (hit) return hit;
    let first: PathGroup | undefined = literal;
    for (const group of byHead.get(headOf(path)) ?? anyHead) {
      const values = capture(group, path);
      if (values === null) continue;
      if (group.methods.has(method)) return withParams(group, method, values);
      first ??= group;
    }
    return first ? first.wrongMethod : notFound(path);
  }

  return { match };
}
