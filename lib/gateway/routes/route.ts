// One entry of the API route table. Its own module (not router.ts) so the table in
// routes/index.ts and the router that serves it depend on it, never on each other.
//
// Paths are patterns: literal segments and `{name}` parameters (one non-empty segment,
// percent-decoded), plus an optional last `{name...}` that takes the rest of the path,
// slashes included (model ids such as "sim/gpt"). The handler gets the parameters by name,
// typed from the pattern: `route("GET", "/replays/{id}/cancel", (req, res, { id }) => …)`.
import type { ApiRequest, ApiResponse, ErrorDialect } from "@/lib/gateway/http/types";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type ParamName<S extends string> = S extends `${infer Name}...` ? Name : S;
type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? ParamName<Name> | ParamNames<Rest> : never;

/** The parameters a pattern declares, by name: PathParams<"/keys/{id}"> = { readonly id: string }. */
export type PathParams<P extends string> = { readonly [K in ParamNames<P>]: string };

/** What the router hands every handler: the matched pattern's parameters, decoded. */
export type RouteParams = Readonly<Record<string, string>>;

export type Route = {
  method: HttpMethod;
  /** The pattern, e.g. "/keys/{id}" or "/models/{id...}". */
  path: string;
  /** The error dialect of this route, also used for 404/405 answers on its path. */
  dialect?: ErrorDialect;
  /**
   * Model calls: the request log's endpoint name for this route. A call refused before its
   * pipeline logged it (validation, unknown model, 402, 403, 413, limits) is logged under it
   * by the router (lib/gateway/refusals); routes without it log nothing.
   */
  log?: string;
  handler: (req: ApiRequest, res: ApiResponse, params: RouteParams) => Promise<void>;
};

/** A table entry whose handler's parameter names are checked against its pattern. */
export function route<P extends string>(
  method: HttpMethod,
  path: P,
  handler: (req: ApiRequest, res: ApiResponse, params: PathParams<P>) => Promise<void>,
  options: { dialect?: ErrorDialect; log?: string } = {},
): Route {
  // The matcher fills exactly the names the pattern declares (route-matcher.ts), so the
  // record it passes always has the shape PathParams<P> promises.
  return { method, path, handler: handler as Route["handler"], ...options };
}
