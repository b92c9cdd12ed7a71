// Issue #16 point 3 against the real sign-up route handler (app/api/auth/signup/route.ts):
// CSRF and content-type guards, per-IP and per-mailbox rate limits, one account and one
// welcome grant per mailbox, even across account deletion.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/auth/signup/route";
import { closeDb, db } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { creditsToUnits } from "@/lib/billing/money";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { deleteAccount } from "@/lib/account/delete-account";

const SITE = "http://127.0.0.1:3000"; // siteOrigin() with no APP_URL / NEXTAUTH_URL in the test env
const tag = () => crypto.randomBytes(5).toString("hex");
const freshIp = () => `10.${[0, 0, 0].map(() => crypto.randomInt(1, 255)).join(".")}`;
const PASSWORD = "long enough password";

type Options = { ip?: string; origin?: string | null; host?: string; contentType?: string; headers?: Record<string, string> };

function signupRequest(body: unknown, o: Options = {}): Request {
  const headers: Record<string, string> = {
    host: o.host ?? "127.0.0.1:3000",
    "content-type": o.contentType ?? "application/json",
    // What server.ts stamps on every request it hands to Next (lib/http/client-ip.ts).
    "x-switchyard-client-ip": o.ip ?? freshIp(),
    ...o.headers,
  };
  if (o.origin !== null) headers.origin = o.origin ?? SITE;
  return new Request(`${SITE}/api/auth/signup`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

const form = (email: string) => ({ name: "N", email, password: PASSWORD });
const userCount = async (emailLike: string) =>
  (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE email LIKE $1", [emailLike])).rows[0]!.n;

describe("POST /api/auth/signup", () => {
  beforeAll(() => assertTestDatabase());
  afterAll(() => closeDb());

  it("refuses the cross-origin text/plain POST from the report with 403, creating nothing", async () => {
    const email = `csrf-${tag()}@example.test`;
    const res = await POST(signupRequest(JSON.stringify(form(email)), { origin: "https://evil.example", contentType: "text/plain" }));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { message: expect.stringContaining("this site") } });
    expect(await userCount(email)).toBe(0);
  });

  it.each<[string, Options]>([
    ["cross-origin JSON", { origin: "https://evil.example" }],
    ["a sibling subdomain", { origin: "http://evil.app.example.test", host: "app.example.test" }],
    ["an opaque origin", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site without Origin", { origin: null, headers: { "sec-fetch-site": "cross-site" } }],
    ["a forged X-Forwarded-Host with no trusted proxy", { origin: "https://evil.example", headers: { "x-forwarded-host": "evil.example" } }],
  ])("refuses %s with 403", async (_, o) => {
    const email = `csrf-${tag()}@example.test`;
    expect((await POST(signupRequest(form(email), o))).status).toBe(403);
    expect(await userCount(email)).toBe(0);
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
    "refuses a same-origin %s body with 415", async (contentType) => {
      const email = `type-${tag()}@example.test`;
      const res = await POST(signupRequest(JSON.stringify(form(email)), { contentType }));
      expect(res.status).toBe(415);
      expect(await userCount(email)).toBe(0);
    });

  it("accepts what the browser form sends (same-origin JSON), from the configured origin or the Host it was sent to", async () => {
    for (const o of [{}, { origin: "http://app.example.test", host: "app.example.test" }, { headers: { "sec-fetch-site": "same-origin" } }, { origin: null }]) {
      const email = `ok-${tag()}@example.test`;
      const res = await POST(signupRequest(form(email), { ...o, contentType: "application/json; charset=utf-8" }));
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ email, welcome_credits: "500", pending_credits: "0", notice: null });
    }
  });

  it("lets 5 sign-ups per IP through in 10 minutes; the rest get 429 with retry-after (the 50-in-11-s reproduction)", async () => {
    const ip = freshIp();
    const run = tag();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => POST(signupRequest(form(`farm-${run}-${i}@example.test`), { ip }))));
    const created = results.filter((r) => r.status === 201);
    const limited = results.filter((r) => r.status === 429);
    expect(created).toHaveLength(5);
    expect(limited).toHaveLength(15);
    const retryAfter = Number(limited[0]!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(await limited[0]!.json()).toMatchObject({ error: { code: "rate_limit_exceeded", message: expect.stringMatching(/^Too many sign-ups/) } });
    const granted = await pool().query<{ total: string }>(
      "SELECT coalesce(sum(balance), 0)::text AS total FROM users WHERE email LIKE $1", [`farm-${run}-%`]);
    expect(BigInt(granted.rows[0]!.total)).toBe(5n * creditsToUnits(500));
    // Another client is not affected.
    expect((await POST(signupRequest(form(`farm-${run}-other@example.test`)))).status).toBe(201);
  });

  it("counts IPv6 clients per /64", async () => {
    const prefix = `2001:db8:${crypto.randomInt(1, 0xffff).toString(16)}:${crypto.randomInt(1, 0xffff).toString(16)}`;
    const run = tag();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await POST(signupRequest(form(`v6-${run}-${i}@example.test`), { ip: `${prefix}::${i + 1}` }))).status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it("answers a case, plus-tag or gmail-dot variant of an existing email with 409, like the email itself", async () => {
    const local = `jane.doe.${tag()}`;
    expect((await POST(signupRequest(form(`${local}+first@Gmail.com`)))).status).toBe(201);
    const squashed = local.replaceAll(".", "");
    for (const variant of [`${local}+first@gmail.com`, `${squashed}@gmail.com`, `${local.toUpperCase()}@GOOGLEMAIL.COM`, `${local}+farm2@gmail.com`]) {
      const res = await POST(signupRequest(form(variant)));
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ error: { message: "An account with this email already exists.", field: "email" } });
    }
    expect(await db().user.count({ where: { emailNormalized: `${squashed}@gmail.com` } })).toBe(1);
  });

  it("limits attempts per normalised email from any IP: the 6th within the hour gets 429", async () => {
    const base = `target-${tag()}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await POST(signupRequest(form(`${base}+${i}@example.test`)))).status);
    expect(statuses).toEqual([201, 409, 409, 409, 409, 429]);
  });

  it("never grants the welcome credits twice to one mailbox: delete the account, sign up again with a plus-variant", async () => {
    const local = `again-${tag()}`;
    const first = await POST(signupRequest(form(`${local}@example.test`)));
    expect(first.status).toBe(201);
    const { id: firstId } = (await first.json()) as { id: string };
    expect((await db().user.findUniqueOrThrow({ where: { id: firstId } })).balance).toBe(creditsToUnits(500));

    await deleteAccount(firstId, `${local}@example.test`);
    const again = await POST(signupRequest(form(`${local}+new@example.test`)));
    expect(again.status).toBe(201);
    const body = (await again.json()) as { id: string; welcome_credits: string; notice: string | null };
    expect(body.welcome_credits).toBe("0");
    expect(body.notice).toMatch(/already received its welcome credits/);
    expect((await db().user.findUniqueOrThrow({ where: { id: body.id } })).balance).toBe(0n);

    // One grant for the mailbox, keyed by the SHA-256 of the normalised address; no address in the ledger.
    const sha = crypto.createHash("sha256").update(`${local}@example.test`).digest("hex");
    const grants = await db().ledgerEntry.findMany({ where: { kind: "grant", userId: { in: [firstId, body.id] } } });
    expect(grants.map((g) => g.sourceId)).toEqual([`signup:${sha}`]);
    const text = await db().ledgerEntry.findMany({ where: { userId: { in: [firstId, body.id] } }, select: { sourceId: true, description: true, metadata: true } });
    expect(JSON.stringify(text)).not.toContain(local);
  });

  it("answers malformed bodies with 4xx JSON and counts no rate-limit slot for them", async () => {
    const ip = freshIp();
    for (const body of ["{", "[]", "null", JSON.stringify({ email: "x" }), "x".repeat(20_000)]) {
      const res = await POST(signupRequest(body, { ip }));
      expect([400, 413]).toContain(res.status);
      expect(await res.json()).toMatchObject({ error: { message: expect.any(String) } });
    }
    const run = tag();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await POST(signupRequest(form(`slots-${run}-${i}@example.test`), { ip }))).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
  });
});
