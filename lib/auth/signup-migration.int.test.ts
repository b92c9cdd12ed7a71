// The SQL in prisma/migrations/20261206100100_signup_hardening must normalise existing
// emails exactly as lib/auth/normalize-email.ts does, and re-key existing welcome grants the
// way lib/auth/welcome-grant.ts keys new ones. Runs the migration's own statements against
// session-local temp tables that shadow users / ledger_entries.
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailFingerprint, normalizeEmail } from "@/lib/auth/normalize-email";
import { env } from "@/lib/env";
import { assertTestDatabase } from "@/lib/testing/db-guard";

const MIGRATION = fs.readFileSync("prisma/migrations/20261206100100_signup_hardening/migration.sql", "utf8");

function statement(startsWith: string): string {
  const start = MIGRATION.indexOf(startsWith);
  if (start === -1) throw new Error(`statement not found: ${startsWith}`);
  return MIGRATION.slice(start, MIGRATION.indexOf(";", start) + 1);
}

const EMAILS = [
  "alice@example.com", "Bob.Smith+news@Example.com", "john.doe@gmail.com", "j.o.h.n.d.o.e+x@googlemail.com",
  "+only@example.com", "a.b.c@gmail.com", "weird+a+b@example.org", "UPPER@EXAMPLE.NET", "x@y",
];

let client: pg.Client;

describe("signup_hardening migration backfill", () => {
  beforeAll(async () => {
    assertTestDatabase();
    client = new pg.Client({ connectionString: env().DATABASE_URL });
    await client.connect();
    await client.query(`CREATE TEMP TABLE users (id text, email text, created_at timestamp(3), deleted_at timestamp(3), email_normalized text)`);
    await client.query(`CREATE TEMP TABLE ledger_entries (kind text, source_id text)`);
  });
  afterAll(() => client.end());

  it("gives live accounts normalizeEmail(email), the oldest of a shared mailbox only, deleted ones nothing", async () => {
    const rows = EMAILS.map((email, i) => ({ id: `u${i}`, email, deleted: false }));
    rows.push({ id: "u-deleted", email: "deleted-u@deleted.invalid", deleted: true });
    for (const [i, r] of rows.entries()) {
      await client.query("INSERT INTO users VALUES ($1, $2, now() + make_interval(secs => $3), $4, NULL)", [r.id, r.email, i, r.deleted ? new Date() : null]);
    }
    await client.query(statement("WITH lowered AS"));
    const got = new Map((await client.query<{ id: string; email_normalized: string | null }>("SELECT id, email_normalized FROM users")).rows
      .map((r) => [r.id, r.email_normalized]));

    expect(got.get("u-deleted")).toBeNull();
    expect(got.get("u2")).toBe("johndoe@gmail.com");
    expect(got.get("u3")).toBeNull(); // same mailbox as the older u2
    for (const [i, email] of EMAILS.entries()) if (i !== 3) expect(got.get(`u${i}`), email).toBe(normalizeEmail(email));
  });

  it("re-keys welcome grants of live accounts to signup:<sha256 of the normalised email>", async () => {
    await client.query("INSERT INTO ledger_entries VALUES ('grant', 'signup:u1'), ('grant', 'signup:u3'), ('purchase', 'signup:u0')");
    await client.query(statement(`UPDATE "ledger_entries" le`));
    const keys = (await client.query<{ kind: string; source_id: string }>("SELECT kind, source_id FROM ledger_entries ORDER BY kind, source_id")).rows;
    expect(keys).toEqual(expect.arrayContaining([
      { kind: "grant", source_id: `signup:${emailFingerprint(normalizeEmail(EMAILS[1]!))}` },
      { kind: "grant", source_id: "signup:u3" }, // no normalised email (duplicate mailbox): left as it was
      { kind: "purchase", source_id: "signup:u0" },
    ]));
  });
});
