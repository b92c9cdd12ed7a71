// SSRF guard for upstream base URLs that come from configuration we do not fully trust:
// operator-defined custom upstreams (SWITCHYARD_UPSTREAMS). Two layers:
//  1. `validateUpstreamBaseUrl` — static check of the URL (scheme, credentials, IP literals,
//     well-known metadata host names). Run it when the URL is accepted and before each call.
//  2. `createGuardedLookup` — a DNS lookup for the connection itself that refuses blocked
//     addresses, so a host name that resolves (or re-resolves: DNS rebinding) to a metadata or
//     private address is caught at connect time. Node skips `lookup` for IP literals, which
//     is why layer 1 must also run per call.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";

export type NetworkPolicy = {
  /** 127.0.0.0/8, ::1, localhost — the dev emulator lives there. */
  allowLoopback: boolean;
  /** RFC 1918, CGNAT, IPv6 ULA — an operator's own vLLM box may live there. */
  allowPrivateNetwork: boolean;
};

type AddressClass = "public" | "loopback" | "private" | "blocked";

const METADATA_HOSTS = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.azure.internal",
]);

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

export function validateUpstreamBaseUrl(raw: string, policy: NetworkPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not a valid URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, reason: "only http and https URLs are allowed" };
  }
  if (url.username || url.password) {
    return { ok: false, reason: "credentials in the URL are not allowed" };
  }
  if (url.search || url.hash) {
    return { ok: false, reason: "a base URL must not carry a query string or fragment" };
  }
  // WHATWG URL normalises numeric/octal/hex IPv4 forms to dotted quads and brackets IPv6.
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  const reason = hostDenialReason(host, policy);
  return reason ? { ok: false, reason } : { ok: true, url };
}

function hostDenialReason(host: string, policy: NetworkPolicy): string | null {
  if (host === "") return "missing host";
  if (METADATA_HOSTS.has(host)) return "cloud metadata hosts are not allowed";
  if (isIP(host) === 0) {
    if (host === "localhost" || host.endsWith(".localhost")) {
      return policy.allowLoopback ? null : "loopback addresses are not allowed";
    }
    return null; // resolved at connect time by the guarded lookup
  }
  return addressDenialReason(host, policy);
}

export function addressDenialReason(address: string, policy: NetworkPolicy): string | null {
  const cls = classifyAddress(address);
  if (cls === "blocked") return `address ${address} is link-local, metadata or reserved`;
  if (cls === "loopback" && !policy.allowLoopback) return "loopback addresses are not allowed";
  if (cls === "private" && !policy.allowPrivateNetwork) return "private network addresses are not allowed";
  return null;
}

export function classifyAddress(address: string): AddressClass {
  const family = isIP(address);
  if (family === 4) return classifyV4(v4ToInt(address));
  if (family === 6) return classifyV6(address);
  return "blocked";
}

function v4ToInt(address: string): number {
  const p = address.split(".");
  return ((+p[0]! << 24) | (+p[1]! << 16) | (+p[2]! << 8) | +p[3]!) >>> 0;
}

function inV4(ip: number, base: string, bits: number): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (ip & mask) >>> 0 === (v4ToInt(base) & mask) >>> 0;
}

function classifyV4(ip: number): AddressClass {
  if (inV4(ip, "127.0.0.0", 8)) return "loopback";
  if (
    inV4(ip, "0.0.0.0", 8) ||
    inV4(ip, "169.254.0.0", 16) || // link-local, incl. 169.254.169.254 metadata
    inV4(ip, "192.0.0.0", 24) ||
    inV4(ip, "224.0.0.0", 4) ||
    inV4(ip, "240.0.0.0", 4) // reserved + broadcast
  ) {
    return "blocked";
  }
  if (
    inV4(ip, "10.0.0.0", 8) ||
    inV4(ip, "172.16.0.0", 12) ||
    inV4(ip, "192.168.0.0", 16) ||
    inV4(ip, "100.64.0.0", 10) || // CGNAT (also Alibaba's 100.100.100.200 metadata)
    inV4(ip, "198.18.0.0", 15)
  ) {
    return inV4(ip, "100.100.100.200", 32) ? "blocked" : "private";
  }
  return "public";
}

/** Expands an IPv6 address into eight 16-bit groups (handles `::` and a dotted IPv4 tail). */
function expandV6(address: string): number[] | null {
  let addr = address.toLowerCase();
  const zone = addr.indexOf("%");
  if (zone !== -1) addr = addr.slice(0, zone);
  let tail: number[] = [];
  const lastColon = addr.lastIndexOf(":");
  if (addr.slice(lastColon + 1).includes(".")) {
    const v4 = v4ToInt(addr.slice(lastColon + 1));
    tail = [v4 >>> 16, v4 & 0xffff];
    addr = addr.slice(0, lastColon + 1) + "0:0";
  }
  const halves = addr.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === "" ? [] : s.split(":").map((g) => parseInt(g, 16)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 1 && fill !== 0) return null;
  const groups = [...head, ...new Array<number>(Math.max(fill, 0)).fill(0), ...rest];
  if (tail.length === 2) {
    groups[6] = tail[0]!;
    groups[7] = tail[1]!;
  }
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}

function classifyV6(address: string): AddressClass {
  const g = expandV6(address);
  if (!g) return "blocked";
  const allZeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (allZeroUpTo(7) && g[7] === 1) return "loopback"; // ::1
  if (allZeroUpTo(8)) return "blocked"; // ::
  const embedded = (g[6]! << 16) | g[7]!;
  // IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d and NAT64 64:ff9b::a.b.c.d
  if ((allZeroUpTo(5) && (g[5] === 0xffff || g[5] === 0)) || (g[0] === 0x64 && g[1] === 0xff9b)) {
    return classifyV4(embedded >>> 0);
  }
  if ((g[0]! & 0xffc0) === 0xfe80) return "blocked"; // link-local
  if ((g[0]! & 0xff00) === 0xff00) return "blocked"; // multicast
  if (g[0] === 0xfd00 && g[1] === 0x0ec2) return "blocked"; // AWS IMDS fd00:ec2::254
  if ((g[0]! & 0xfe00) === 0xfc00) return "private"; // ULA
  return "public";
}

export class BlockedAddressError extends Error {
  readonly code = "ERR_SWITCHYARD_BLOCKED_ADDRESS";
  constructor(reason: string) {
    super(`Upstream address refused: ${reason}`);
    this.name = "BlockedAddressError";
  }
}

/** A `net.connect` lookup that refuses addresses the policy does not allow. */
export function createGuardedLookup(policy: NetworkPolicy): LookupFunction {
  return (hostname, options, callback) => {
    const host = hostname.toLowerCase();
    if (METADATA_HOSTS.has(host)) {
      callback(new BlockedAddressError("cloud metadata hosts are not allowed"), "", 0);
      return;
    }
    const opts: LookupOptions & { all: true } = { ...options, all: true };
    dnsLookup(hostname, opts, (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => {
      if (err) return callback(err, "", 0);
      for (const a of addresses) {
        const reason = addressDenialReason(a.address, policy);
        if (reason) return callback(new BlockedAddressError(reason), "", 0);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new BlockedAddressError("no address"), "", 0);
      callback(null, first.address, first.family);
    });
  };
}
