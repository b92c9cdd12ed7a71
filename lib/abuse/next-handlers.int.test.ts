// Abuse suite, Next side (issue 16 "Keep it fixed"): the route handlers that take input from
// outside — sign-up, the Stripe webhook, every app/api/dashboard handler (found on disk) —
// called with generated hostile requests. They answer 2xx/4xx JSON, never a 5xx.
import fc from "fast-check";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb } from "@/lib/db";
import { createId } from "@/lib/ids";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { signInAs } from "@/lib/testing/session";
import { spendLikeRequests } from "@/lib/testing/spend";
import { bodyOf, jsonText, junkValue, preview, weirdString } from "@/lib/abuse/arbitraries";
import { dashboardQuery, nextRoutesUnder, segmentValue, type NextRoute } from "@/lib/abuse/next-routes";
import { rawBodies } from "@/lib/abuse/raw-bodies";
import { POST as signup } from "@/app/api/auth/signup/route";
import { POST as stripeWebhook } from "@/app/api/stripe/webhook/route";

vi.mock("next-auth", async (original) => (await import("@/lib/testing/session")).withTestSession(await original()));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const SEED = 1_616;
const runs = (numRuns: number) => ({ seed: SEED, numRuns });
const SITE = "http://localhost:3000";

/** Problem with a Next answer (null when fine): never 5xx; errors are JSON with a message. */
async function answerProblem(res: Response, errorMessage: (body: Record<string, unknown>) => unknown): Promise<string | null> {
  let text: string;
  try {
    text = await res.text(); // a stream that breaks after a 200 head counts as a failure too
  } catch (err) {
    return `body stream failed after status ${res.status}: ${String(err)}`;
  }
  const where = `status ${res.status}, body ${preview(text)}`;
  if (res.status >= 500) return `5xx answer: ${where}`;
  if (res.status < 400) return null;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    return typeof errorMessage(body) === "string" ? null : `error without a message: ${where}`;
  } catch {
    return `error is not JSON: ${where}`;
  }
}

const nestedMessage = (b: Record<string, unknown>) => (b.error as { message?: unknown } | undefined)?.message;

beforeAll(() => assertTestDatabase());
afterAll(() => closeDb());

describe("abuse: POST /api/auth/signup", () => {
  const form = fc.record({ email: fc.oneof(fc.emailAddress(), weirdString, junkValue), password: fc.oneof(weirdString, junkValue),
    name: fc.oneof(weirdString, junkValue) }, { requiredKeys: [] });
  const body = fc.oneof(
    form.map((f) => ({ text: jsonText(f), type: "application/json" as string | null })),
    rawBodies({ email: "a@example.test", password: "correct horse battery" }).map((b) => ({ text: b.bytes.toString("latin1"), type: b.contentType })),
  );
  const origin = fc.constantFrom<Record<string, string>>({}, { origin: SITE }, { origin: "https://evil.example" }, { origin: "null" },
    { "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-origin", origin: SITE });

  it("answers 2xx/4xx JSON for any body, content-type and origin", async () => {
    await fc.assert(fc.asyncProperty(body, origin, async (b, headers) => {
      const req = new Request(`${SITE}/api/auth/signup`, {
        method: "POST", body: Buffer.from(b.text, "latin1"), headers: { ...headers, ...(b.type === null ? {} : { "content-type": b.type }) },
      });
      const problem = await answerProblem(await signup(req), nestedMessage);
      if (problem) throw new Error(problem);
    }), runs(120));
  });
});

describe("abuse: POST /api/stripe/webhook", () => {
  const secret = () => process.env.STRIPE_WEBHOOK_SECRET ?? "";
  const sign = (payload: string) => Stripe.webhooks.generateTestHeaderString({ payload, secret: secret() });
  const post = (payload: string, signature: string | null) => stripeWebhook(new Request(`${SITE}/api/stripe/webhook`, {
    method: "POST", body: payload, headers: signature === null ? {} : { "stripe-signature": signature },
  }));
  const webhookError = (b: Record<string, unknown>) => b.error;

  it("refuses unsigned or badly signed junk with 4xx JSON", async () => {
    expect(secret()).toMatch(/^whsec_/);
    const signature = fc.oneof(
      fc.constant(null), weirdString.filter((s) => /^[\x20-\x7e]*$/.test(s) && s.length < 2_000),
      fc.constantFrom("t=1,v1=abc", "t=,v1=", "v1=" + "0".repeat(64), `t=${Math.floor(Date.now() / 1000)},v1=${"f".repeat(64)}`),
      fc.constant("stale").map(() => Stripe.webhooks.generateTestHeaderString({ payload: "{}", secret: secret(), timestamp: 1 })),
    );
    const payload = fc.oneof(junkValue.map((v) => bodyOf(jsonText(v))), rawBodies({ id: "evt_1", type: "checkout.session.completed" }));
    await fc.assert(fc.asyncProperty(payload, signature, async (p, s) => {
      const res = await post(p.bytes.toString("utf8"), s);
      const problem = await answerProblem(res, webhookError);
      if (problem) throw new Error(problem);
      if (res.status < 400) throw new Error(`accepted an unsigned event: status ${res.status}`);
    }), runs(100));
  });

  it("answers correctly signed odd events with 2xx/4xx JSON", async () => {
    const event = fc.record({ id: fc.oneof(fc.constant(createId("evt")), weirdString, junkValue),
      type: fc.oneof(fc.constantFrom("customer.created", "invoice.paid", "", "__proto__"), weirdString, junkValue),
      data: junkValue, object: fc.constant("event") }, { requiredKeys: ["type"] });
    await fc.assert(fc.asyncProperty(fc.oneof(event, junkValue).map((v) => bodyOf(jsonText(v))), async (b) => {
      const payload = b.bytes.toString("utf8");
      const problem = await answerProblem(await post(payload, sign(payload)), webhookError);
      if (problem) throw new Error(problem);
    }), runs(60));
  });

  // Regression: these crashed the handler (TypeError / stack overflow / NOT NULL → 500).
  const ev = (id: string, type: string) => `{"id":${id},"type":${type},"data":{"object":{}}}`;
  it.each([
    { label: "null", payload: "null", status: 400 },
    { label: "a number", payload: "1", status: 400 },
    { label: "a string", payload: '"evt"', status: 400 },
    { label: "an object type", payload: ev('"evt_1"', '{"toString":1}'), status: 400 },
    { label: "a type nested 6,000 deep", payload: ev('"evt_1"', "[".repeat(6_000) + "]".repeat(6_000)), status: 400 },
    { label: "an id with NUL", payload: ev('"evt_\\u0000"', '"customer.created"'), status: 400 },
    { label: "no id", payload: '{"type":"customer.created","data":{"object":{}}}', status: 400 },
    { label: "an unknown type", payload: ev('"evt_a1"', '"customer.created"'), status: 200 },
    { label: "type toString", payload: ev('"evt_a2"', '"toString"'), status: 200 },
    { label: "type constructor", payload: ev('"evt_a3"', '"constructor"'), status: 200 },
    { label: "type __proto__", payload: ev('"evt_a4"', '"__proto__"'), status: 200 },
  ])("answers a signed payload with $label with $status", async ({ payload, status }) => {
    const res = await post(payload, sign(payload));
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error?: unknown; received?: unknown };
    expect(status === 200 ? body.received : typeof body.error).toBe(status === 200 ? true : "string");
  });
});

describe("abuse: app/api/dashboard handlers", () => {
  let routes: NextRoute[];
  beforeAll(async () => {
    routes = await nextRoutesUnder("app/api/dashboard");
    const user = await createTestUser();
    await spendLikeRequests(user.userId, 3, 1_000n, 500n);
    await signInAs(user);
  });

  it("finds the dashboard handlers on disk", () => {
    expect(routes.map((r) => `${r.method} ${r.urlPath}`)).toContain("GET /api/dashboard/logs/[id]");
  });

  // Found by this suite: a NUL in an id or filter reached Postgres, which refuses it (500).
  it.each([
    ["/api/dashboard/logs?model=%00", 400], ["/api/dashboard/logs?key=k%00", 400], ["/api/dashboard/logs?provider=%00", 400],
    ["/api/dashboard/usage?model=%00", 400], ["/api/dashboard/usage/export?key=%00", 400], ["/api/dashboard/logs/[id]", 404],
  ])("answers %s (NUL) with %i", async (url, status) => {
    const route = routes.find((r) => r.method === "GET" && r.urlPath === url.split("?")[0])!;
    const res = await route.handler(new Request(SITE + url.replace("[id]", "x")), { params: Promise.resolve({ id: "req_\u0000" }) });
    expect(res.status).toBe(status);
    expect(await answerProblem(res, nestedMessage)).toBeNull();
  });

  it("answers 2xx/4xx JSON for odd queries and ids on every handler", async () => {
    const call = fc.tuple(fc.nat(), dashboardQuery, segmentValue);
    await fc.assert(fc.asyncProperty(call, async ([pick, query, segment]) => {
      const route = routes[pick % routes.length]!;
      const params = Object.fromEntries(route.params.map((p) => [p, segment]));
      const req = new Request(`${SITE}${route.urlPath.replace(/\[[^\]]+\]/g, "x")}${query}`, { method: route.method });
      const res = await route.handler(req, { params: Promise.resolve(params) });
      const problem = await answerProblem(res, nestedMessage);
      if (problem) throw new Error(`${route.method} ${route.urlPath}: ${problem}`);
    }), runs(150));
  });
});
