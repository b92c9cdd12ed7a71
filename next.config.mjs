/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // /v1/* is an alias of /api/v1/* (server.ts handles both itself in production).
  async rewrites() {
    return [{ source: "/v1/:path*", destination: "/api/v1/:path*" }];
  },
  serverExternalPackages: ["pino", "pg", "@prisma/adapter-pg", "bcryptjs"],
};

export default nextConfig;
