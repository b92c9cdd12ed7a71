const BASE_SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // /v1/* is an alias of /api/v1/* (the API workers, lib/server/api-worker.ts, answer both themselves in production).
  async rewrites() {
    return [{ source: "/v1/:path*", destination: "/api/v1/:path*" }];
  },
  // Headers for everything Next serves; pages also get their CSP (with a nonce) and HSTS from
  // proxy.ts, the gateway API its own set from the API door. Same values as
  // lib/http/security-headers.ts (this file cannot import TypeScript): keep them in step.
  async headers() {
    return [
      { source: "/:path*", headers: BASE_SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
  serverExternalPackages: ["pino", "pg", "@prisma/adapter-pg", "bcryptjs"],
  // Load each route's modules on its first request instead of all at start: ~55 MB less RSS
  // for a process that mostly serves the API (first hit of a page ~80 ms slower).
  experimental: { preloadEntriesOnStart: false },
};

export default nextConfig;
