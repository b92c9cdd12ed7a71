// What a failed database write says about the rows it was writing. The charge writer
// (lib/billing/settlement/charge-writer.ts) retries only the errors that are not about its
// rows; any other error is taken to be about the rows themselves (their data, their size, an
// account that is gone), because retrying those forever held back every other account's logs
// and charges (issue #16).
//
// - transient: the connection or the server, passing by itself (issue #16's list).
// - systemic: the database or our own statement, never the data — the batch's data travels
//   as one jsonb parameter of a fixed statement, so e.g. an undefined column (class 42) or a
//   read-only server after a failover (25006) fails every row alike. Splitting the batch and
//   giving rows up would drop every charge until someone fixes it; waiting (and, at the queue
//   bound, refusing new paid requests) is the safe side.
// - data: everything else (class 22 invalid JSON text, 23 integrity, 54 stack depth/size, a
//   JavaScript error serialising a row, …).
export type DbErrorKind = "transient" | "systemic" | "data";

/** SQLSTATE classes about the connection or the server's resources. */
const TRANSIENT_CLASSES = new Set(["08", "53"]); // connection exception, insufficient resources
/**
 * Query cancelled (57014: a statement timeout or pg_cancel_backend — the statement, not its
 * data), admin/crash shutdown, cannot connect now; serialization failure, deadlock.
 */
const TRANSIENT_STATES = new Set(["57014", "57P01", "57P02", "57P03", "40001", "40P01"]);
/**
 * Invalid transaction state (25006 read-only), authorization, unknown database, syntax or
 * access rule (42: undefined table/column, permission), object not in prerequisite state
 * (55: lock not available), system error (58: I/O).
 */
const SYSTEMIC_CLASSES = new Set(["25", "28", "3D", "42", "55", "58"]);
/** Node socket errors (err.code) on the way to the server. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH",
  "ENETDOWN", "ENOTFOUND", "EAI_AGAIN", "ENOENT", // ENOENT: a Unix socket path that is not there (yet)
]);
/** node-postgres reports a lost or unavailable connection with these messages and no code. */
const CONNECTION_MESSAGES = [
  "connection terminated", "connection timeout", "timeout exceeded when trying to connect",
  "client has encountered a connection error", "cannot use a pool after calling end", "server closed the connection",
];

export function dbErrorKind(err: unknown): DbErrorKind {
  if (typeof err !== "object" || err === null) return "data";
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === "string") {
    if (SOCKET_CODES.has(e.code)) return "transient"; // first: "EPIPE" looks like a SQLSTATE
    // A server error is judged by its SQLSTATE alone: its message may quote the data.
    if (/^[0-9A-Z]{5}$/.test(e.code)) {
      const cls = e.code.slice(0, 2);
      if (TRANSIENT_CLASSES.has(cls) || TRANSIENT_STATES.has(e.code)) return "transient";
      return SYSTEMIC_CLASSES.has(cls) ? "systemic" : "data";
    }
  }
  // Connecting to several addresses fails as one AggregateError of socket errors.
  if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((x) => dbErrorKind(x) === "transient")) return "transient";
  const message = typeof e.message === "string" ? e.message.toLowerCase() : "";
  return CONNECTION_MESSAGES.some((m) => message.includes(m)) ? "transient" : "data";
}

/** Worth writing again later as it is: the error is not about the rows written. */
export function isRetryableDbError(err: unknown): boolean {
  return dbErrorKind(err) !== "data";
}
