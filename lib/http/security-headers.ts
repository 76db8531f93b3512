// Response headers every answer carries, as next.config.ts `headers()` rules. Pages get their
// Content-Security-Policy (with a per-request nonce) from proxy.ts; everything the proxy does not
// run for gets the fixed policy below. Imported by next.config.ts: relative imports only.

interface HeaderRule {
  source: string;
  has?: { type: "header"; key: string; value?: string }[];
  headers: { key: string; value: string }[];
}

/**
 * Pages allowed to use the camera, microphone and screen capture (the call screen), as `source`
 * patterns. Nothing yet: calls are not built, so every page denies them. Add the call route here.
 */
export const MEDIA_CAPTURE_SOURCES: readonly string[] = [];

export function permissionsPolicy(allowMediaCapture: boolean): string {
  const media = allowMediaCapture ? "(self)" : "()";
  return [`camera=${media}`, `microphone=${media}`, `display-capture=${media}`, "geolocation=()"].join(", ");
}

/**
 * Paths proxy.ts never runs for (API answers, build assets, root files): a policy with no nonce
 * that lets nothing run. None of them is a page; should one be opened as a document anyway
 * (a JSON answer, an SVG), it can do nothing. Keep in step with proxy.ts's matcher.
 */
export const UNPROXIED_SOURCES = [
  "/api",
  "/api/:path*",
  "/_next/static/:path*",
  "/_next/image",
  "/favicon.ico",
  "/icon.svg",
  "/manifest.webmanifest",
] as const;

export const FIXED_CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

// A year; without includeSubDomains: a self-hoster's other hosts on the domain are theirs to decide.
const HSTS = "max-age=31536000";

export function securityHeaderRules(): HeaderRule[] {
  return [
    {
      source: "/:path*",
      headers: [
        { key: "X-Content-Type-Options", value: "nosniff" },
        { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        { key: "X-Frame-Options", value: "DENY" },
        { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        { key: "Permissions-Policy", value: permissionsPolicy(false) },
      ],
    },
    // Only over https (as the TLS proxy in front reports it): HSTS on plain http would be ignored
    // at best, and a development server must stay reachable without TLS.
    {
      source: "/:path*",
      has: [{ type: "header", key: "x-forwarded-proto", value: "https(?:\\s*,.*)?" }],
      headers: [{ key: "Strict-Transport-Security", value: HSTS }],
    },
    ...UNPROXIED_SOURCES.map((source) => ({
      source,
      headers: [{ key: "Content-Security-Policy", value: FIXED_CONTENT_SECURITY_POLICY }],
    })),
    // Later rules win for the same header.
    ...MEDIA_CAPTURE_SOURCES.map((source) => ({
      source,
      headers: [{ key: "Permissions-Policy", value: permissionsPolicy(true) }],
    })),
  ];
}
