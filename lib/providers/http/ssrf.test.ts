import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendJson, startReplayServer, type ReplayServer } from "../testing/replay-server";
import { getDispatcher } from "./agent";
import { classifyAddress, createGuardedLookup, validateUpstreamBaseUrl } from "./ssrf";

const PUBLIC_ONLY = { allowLoopback: false, allowPrivateNetwork: false };
const OPERATOR = { allowLoopback: false, allowPrivateNetwork: true };
const DEV = { allowLoopback: true, allowPrivateNetwork: true };

describe("validateUpstreamBaseUrl", () => {
  it.each([
    "https://api.example.com/v1",
    "http://8.8.8.8:8080/v1",
    "https://[2606:4700::1111]/v1",
  ])("accepts public %s", (url) => {
    expect(validateUpstreamBaseUrl(url, PUBLIC_ONLY).ok).toBe(true);
  });

  it.each([
    ["ftp://example.com", "only http and https"],
    ["file:///etc/passwd", "only http and https"],
    ["https://user:pass@example.com", "credentials"],
    ["https://example.com/v1?key=1", "query string"],
    ["http://169.254.169.254/latest/meta-data", "link-local"],
    ["http://2852039166/", "link-local"], // 169.254.169.254 in decimal
    ["http://0xA9.0xFE.0xA9.0xFE/", "link-local"], // …and in hex
    ["http://metadata.google.internal/computeMetadata/v1", "metadata"],
    ["http://[fd00:ec2::254]/", "link-local"],
    ["http://[::ffff:169.254.169.254]/", "link-local"],
    ["http://[fe80::1]/", "link-local"],
    ["http://0.0.0.0:8000/", "link-local"],
    ["http://100.100.100.200/", "link-local"],
    ["not a url", "not a valid URL"],
  ])("refuses %s", (url, reason) => {
    const r = validateUpstreamBaseUrl(url, DEV);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it("allows loopback only with the flag (the dev emulator is on 127.0.0.1)", () => {
    for (const url of ["http://127.0.0.1:4010/v1", "http://localhost:4010", "http://[::1]:4010", "http://api.localhost/"]) {
      expect(validateUpstreamBaseUrl(url, OPERATOR).ok).toBe(false);
      expect(validateUpstreamBaseUrl(url, DEV).ok).toBe(true);
    }
    expect(validateUpstreamBaseUrl("http://[::ffff:7f00:1]/", OPERATOR).ok).toBe(false);
  });

  it("allows private networks only with the flag", () => {
    for (const url of ["http://10.0.0.5:8000/v1", "http://192.168.1.20/v1", "http://172.16.3.4/", "http://[fd12:3456::1]/"]) {
      expect(validateUpstreamBaseUrl(url, OPERATOR).ok).toBe(true);
      expect(validateUpstreamBaseUrl(url, PUBLIC_ONLY).ok).toBe(false);
    }
  });

  it("classifies addresses", () => {
    expect(classifyAddress("172.32.0.1")).toBe("public");
    expect(classifyAddress("64:ff9b::a9fe:a9fe")).toBe("blocked");
    expect(classifyAddress("2001:4860:4860::8888")).toBe("public");
    expect(classifyAddress("224.0.0.1")).toBe("blocked");
  });
});

describe("guarded DNS lookup", () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer((_r, res) => sendJson(res, 200, { ok: true }));
  });
  afterAll(() => server.close());

  it("refuses names that resolve to refused addresses", async () => {
    const lookup = createGuardedLookup(OPERATOR);
    const err = await new Promise<Error | null>((resolve) => lookup("localhost", {}, (e) => resolve(e)));
    expect(err?.message).toContain("loopback");
  });

  it("is wired into the connection pool: checked at connect time", async () => {
    const url = server.baseUrl.replace("127.0.0.1", "localhost");
    const allowed = await request(url, { dispatcher: getDispatcher(2000, DEV) });
    expect(allowed.statusCode).toBe(200);
    await allowed.body.text();
    await expect(request(url, { dispatcher: getDispatcher(2000, OPERATOR) })).rejects.toMatchObject({
      code: "ERR_SWITCHYARD_BLOCKED_ADDRESS",
    });
  });
});
