import http from "node:http";
import { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { CLIENT_IP_HEADER, clientIpFromHeaders, ipRateKey, resolveClientIp, stampClientIp } from "@/lib/http/client-ip";

describe("resolveClientIp", () => {
  it("ignores X-Forwarded-For when no proxy is trusted (hops = 0)", () => {
    expect(resolveClientIp("203.0.113.9", "1.2.3.4", 0)).toBe("203.0.113.9");
    expect(resolveClientIp("203.0.113.9", "1.2.3.4, 5.6.7.8", 0)).toBe("203.0.113.9");
  });

  it("takes the last entry with one trusted hop, whatever the client put before it", () => {
    expect(resolveClientIp("10.0.0.2", "6.6.6.6, 198.51.100.7", 1)).toBe("198.51.100.7");
    expect(resolveClientIp("10.0.0.2", ["6.6.6.6", "198.51.100.7"], 1)).toBe("198.51.100.7");
  });

  it("takes the entry N from the right with N hops", () => {
    expect(resolveClientIp("10.0.0.3", "6.6.6.6, 198.51.100.7, 10.0.0.2", 2)).toBe("198.51.100.7");
  });

  it("falls back to the socket when there are fewer entries than hops, or none", () => {
    expect(resolveClientIp("203.0.113.9", "198.51.100.7", 2)).toBe("203.0.113.9");
    expect(resolveClientIp("203.0.113.9", undefined, 1)).toBe("203.0.113.9");
    expect(resolveClientIp("203.0.113.9", " , ", 1)).toBe("203.0.113.9");
  });

  it("falls back to the socket when the trusted entry is not an IP", () => {
    expect(resolveClientIp("203.0.113.9", "not-an-ip", 1)).toBe("203.0.113.9");
  });

  it("unwraps IPv4-mapped IPv6 sockets and proxy entries with ports", () => {
    expect(resolveClientIp("::ffff:127.0.0.1", undefined, 0)).toBe("127.0.0.1");
    expect(resolveClientIp("10.0.0.2", "198.51.100.7:5123", 1)).toBe("198.51.100.7");
    expect(resolveClientIp("10.0.0.2", "[2001:DB8::1]:443", 1)).toBe("2001:db8::1");
    expect(resolveClientIp(undefined, undefined, 0)).toBe("unknown");
  });
});

describe("stampClientIp and clientIpFromHeaders", () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXY_HOPS;
    resetEnvForTests();
  });

  function request(remoteAddress: string, headers: Record<string, string>): http.IncomingMessage {
    const socket = new Socket();
    Object.defineProperty(socket, "remoteAddress", { value: remoteAddress });
    const req = new http.IncomingMessage(socket);
    req.headers = { ...headers };
    return req;
  }

  it("overwrites a client-sent copy of the internal header with the socket address", () => {
    const req = request("203.0.113.9", { [CLIENT_IP_HEADER]: "1.1.1.1", "x-forwarded-for": "2.2.2.2" });
    stampClientIp(req);
    expect(req.headers[CLIENT_IP_HEADER]).toBe("203.0.113.9");
    expect(clientIpFromHeaders(req.headers)).toBe("203.0.113.9");
  });

  it("follows TRUSTED_PROXY_HOPS", () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    resetEnvForTests();
    const req = request("10.0.0.2", { "x-forwarded-for": "6.6.6.6, 198.51.100.7" });
    stampClientIp(req);
    expect(req.headers[CLIENT_IP_HEADER]).toBe("198.51.100.7");
  });

  it("reads 'unknown' when the header is missing or garbage (Next run without server.ts)", () => {
    expect(clientIpFromHeaders(new Headers())).toBe("unknown");
    expect(clientIpFromHeaders(new Headers({ [CLIENT_IP_HEADER]: "<script>" }))).toBe("unknown");
    expect(clientIpFromHeaders(new Headers({ [CLIENT_IP_HEADER]: "198.51.100.7" }))).toBe("198.51.100.7");
  });
});

describe("ipRateKey", () => {
  it("counts IPv4 per address and IPv6 per /64", () => {
    expect(ipRateKey("198.51.100.7")).toBe("198.51.100.7");
    expect(ipRateKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(ipRateKey("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(ipRateKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(ipRateKey("::1")).toBe("0:0:0:0::/64");
    expect(ipRateKey("unknown")).toBe("unknown");
  });
});
