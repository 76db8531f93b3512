import type http from "node:http";
import { describe, expect, it } from "vitest";
import { NO_TRUSTED_PROXIES, parseTrustedProxies } from "@/lib/rate-limit/client-ip";
import { realtimeServerOptions } from "./realtime-options";

const env = {
  PUSHER_APP_ID: "1",
  PUSHER_KEY: "key",
  PUSHER_SECRET: "secret-0123456789abcdef",
  REALTIME_ENABLE_CLIENT_EVENTS: true,
  REALTIME_MAX_CONNECTIONS: undefined,
  REALTIME_MAX_CONNECTIONS_PER_IP: 100,
};

function upgradeFrom(socketAddress: string, forwardedFor?: string): http.IncomingMessage {
  return {
    socket: { remoteAddress: socketAddress },
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
  } as unknown as http.IncomingMessage;
}

describe("realtimeServerOptions: the address the per-address socket limit keys on", () => {
  it("is the socket's without trusted proxies, whatever X-Forwarded-For claims", () => {
    const { clientIp } = realtimeServerOptions({ ...env, TRUSTED_PROXIES: NO_TRUSTED_PROXIES });
    expect(clientIp?.(upgradeFrom("::ffff:198.51.100.4", "203.0.113.9"))).toBe("198.51.100.4");
    expect(clientIp?.(upgradeFrom("198.51.100.4", "203.0.113.9"))).toBe("198.51.100.4");
  });

  it("is the first untrusted X-Forwarded-For hop behind a trusted proxy, as for the app's limits", () => {
    const { clientIp } = realtimeServerOptions({
      ...env,
      TRUSTED_PROXIES: parseTrustedProxies("10.0.0.0/8"),
    });
    expect(clientIp?.(upgradeFrom("10.0.0.2", "203.0.113.9, 10.0.0.7"))).toBe("203.0.113.9");
    // A proxy that is not trusted: its socket is the client.
    expect(clientIp?.(upgradeFrom("192.0.2.1", "203.0.113.9"))).toBe("192.0.2.1");
  });

  it("never believes the launcher's internal client-address header", () => {
    const { clientIp } = realtimeServerOptions({ ...env, TRUSTED_PROXIES: NO_TRUSTED_PROXIES });
    const req = upgradeFrom("198.51.100.4");
    req.headers["x-parley-client-ip"] = "203.0.113.66";
    expect(clientIp?.(req)).toBe("198.51.100.4");
  });
});

describe("realtimeServerOptions: IPv6 clients", () => {
  it("count against their /64, so one subscriber's addresses share one socket budget", () => {
    const { clientIp } = realtimeServerOptions({ ...env, TRUSTED_PROXIES: NO_TRUSTED_PROXIES });
    expect(clientIp?.(upgradeFrom("2001:db8:7:8::1"))).toBe("2001:db8:7:8::/64");
    expect(clientIp?.(upgradeFrom("2001:db8:7:8:dead:beef:0:1"))).toBe("2001:db8:7:8::/64");
    expect(clientIp?.(upgradeFrom("2001:db8:7:9::1"))).toBe("2001:db8:7:9::/64");
  });
});

describe("realtimeServerOptions: Parley's app", () => {
  it("requires every socket to sign in, so terminate_connections by user reaches them all", () => {
    const { apps } = realtimeServerOptions({ ...env, TRUSTED_PROXIES: NO_TRUSTED_PROXIES });
    expect(apps).toHaveLength(1);
    expect(apps[0]?.enableUserAuthentication).toBe(true);
  });
});
