/**
 * The address rate limits are keyed on. Next.js fills `x-forwarded-for` with the socket address
 * when no proxy set it, so its first entry is either the client a proxy saw or the peer itself.
 * The header is client-controlled without a proxy in front; the per-account limits do not
 * depend on it, so a spoofed address only escapes the per-address budget.
 */
export function getClientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  if (forwarded) return normalizeIp(forwarded);
  const realIp = headers.get("x-real-ip")?.trim();
  return realIp ? normalizeIp(realIp) : "unknown";
}

// IPv4 clients on a dual-stack socket show up as ::ffff:1.2.3.4; one client, one key.
function normalizeIp(ip: string): string {
  return ip.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
}
