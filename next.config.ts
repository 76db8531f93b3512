import type { NextConfig } from "next";
import { securityHeaderRules } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Compression happens in the launcher's HTTP server (lib/launcher/http-server.ts), for reads only.
  compress: false,
  reactStrictMode: true,
  // Native/WASM engines stay outside the bundle: Node loads them at run time.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "ws",
    "bufferutil",
    "pusher",
  ],
  // /api/health lists the committed migrations the database lacks: a deployment that copies only
  // traced files (serverless, standalone) must still carry the folder.
  outputFileTracingIncludes: { "/api/health": ["./prisma/migrations/**/*"] },
  experimental: {
    // Next holds a copy of a request's body while proxy.ts runs (only page requests: the proxy
    // skips /api), 10 MB by default. Server actions take at most 1 MB (Next's default
    // serverActions.bodySizeLimit), so nothing larger is worth holding.
    proxyClientMaxBodySize: "1mb",
  },
  async headers() {
    return securityHeaderRules();
  },
};

export default nextConfig;
