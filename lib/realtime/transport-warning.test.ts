import { describe, expect, it } from "vitest";
import { parseClientEnv, parseServerEnv } from "@/lib/env";
import {
  internalRealtimeHostWarning,
  isInternalHost,
  isLoopbackHost,
  plainRealtimeWarning,
} from "./transport-warning";

const credentials = { PUSHER_APP_ID: "1", PUSHER_KEY: "key", PUSHER_SECRET: "s".repeat(20) };

function warningFor(server: Record<string, string>, client: Record<string, string> = {}) {
  return plainRealtimeWarning(parseServerEnv({ ...credentials, ...server }), parseClientEnv(client));
}

describe("isLoopbackHost", () => {
  it.each(["localhost", "LOCALHOST", "app.localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"])(
    "%s is loopback",
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );
  it.each([
    "chat.example.com",
    "10.0.0.5",
    "192.168.1.2",
    "::ffff:10.0.0.1",
    "localhost.example.com",
    "127.0.0.1.nip.io",
  ])("%s is not", (host) => expect(isLoopbackHost(host)).toBe(false));
});

describe("plainRealtimeWarning", () => {
  it("warns, naming the address, when browsers get ws:// to a host that is not loopback", () => {
    const warning = warningFor({
      PUSHER_HOST: "realtime.example.com",
      PUSHER_PORT: "6001",
      PUSHER_USE_TLS: "false",
    });
    expect(warning).toMatch(/ws:\/\/realtime\.example\.com:6001 without TLS/);
    expect(warning).toMatch(/NEXT_PUBLIC_PUSHER_USE_TLS=true/);
    // The browser's own settings win over the server's: TLS off for browsers only.
    expect(
      warningFor(
        { PUSHER_HOST: "127.0.0.1", PUSHER_USE_TLS: "false" },
        { NEXT_PUBLIC_PUSHER_HOST: "10.1.2.3", NEXT_PUBLIC_PUSHER_USE_TLS: "false" },
      ),
    ).toMatch(/ws:\/\/10\.1\.2\.3 without TLS/);
    // A self-hosted server with no TLS setting at all is plain (PUSHER_HOST turns the default off).
    expect(warningFor({ PUSHER_HOST: "soketi.internal" })).toMatch(/ws:\/\/soketi\.internal/);
    // Hosted Pusher with TLS turned off for browsers.
    expect(warningFor({ PUSHER_CLUSTER: "eu" }, { NEXT_PUBLIC_PUSHER_USE_TLS: "false" })).toMatch(
      /ws:\/\/ws-eu\.pusher\.com/,
    );
  });

  it("says nothing for TLS, for loopback hosts, for the embedded server and when realtime is not configured", () => {
    expect(warningFor({ PUSHER_HOST: "realtime.example.com", PUSHER_USE_TLS: "true" })).toBeNull();
    expect(
      warningFor(
        { PUSHER_HOST: "realtime.example.com", PUSHER_USE_TLS: "false" },
        { NEXT_PUBLIC_PUSHER_USE_TLS: "true" },
      ),
    ).toBeNull();
    expect(warningFor({ PUSHER_HOST: "localhost", PUSHER_USE_TLS: "false" })).toBeNull();
    expect(warningFor({ PUSHER_HOST: "127.0.0.1" })).toBeNull();
    expect(warningFor({ PUSHER_CLUSTER: "eu" })).toBeNull();
    expect(warningFor({ REALTIME_EMBEDDED: "true" })).toBeNull();
    expect(
      plainRealtimeWarning(parseServerEnv({ PUSHER_HOST: "x.example.com" }), parseClientEnv({})),
    ).toBeNull();
  });
});

describe("isInternalHost", () => {
  it.each([
    "soketi",
    "parley-soketi-1",
    "localhost",
    "127.0.0.1",
    "::1",
    "10.0.0.5",
    "172.18.0.3",
    "192.168.1.20",
    "169.254.1.1",
    "fd12:3456::1",
    "soketi.internal",
    "realtime.svc.cluster.local",
    "box.local",
  ])("%s is internal", (host) => expect(isInternalHost(host)).toBe(true));
  it.each(["realtime.example.com", "203.0.113.7", "172.32.0.1", "2001:db8::1", "ws-eu.pusher.com"])(
    "%s is not",
    (host) => expect(isInternalHost(host)).toBe(false),
  );
});

describe("internalRealtimeHostWarning", () => {
  const warning = (server: Record<string, string>, client: Record<string, string> = {}) =>
    internalRealtimeHostWarning(parseServerEnv({ ...credentials, ...server }), parseClientEnv(client));

  it("warns when browsers inherit an internal PUSHER_HOST because NEXT_PUBLIC_PUSHER_HOST is unset", () => {
    expect(warning({ PUSHER_HOST: "soketi", PUSHER_PORT: "6001" })).toBe(
      "Warning: browsers will be sent to PUSHER_HOST for realtime (soketi:6001), an address of this machine or its internal network, because NEXT_PUBLIC_PUSHER_HOST is not set. Set NEXT_PUBLIC_PUSHER_HOST (and NEXT_PUBLIC_PUSHER_PORT, NEXT_PUBLIC_PUSHER_USE_TLS) to the address browsers reach it at.",
    );
    expect(warning({ PUSHER_HOST: "127.0.0.1" })).toMatch(/\(127\.0\.0\.1\)/);
    expect(warning({ PUSHER_HOST: "10.0.0.5" })).toMatch(/NEXT_PUBLIC_PUSHER_HOST is not set/);
  });

  it("warns when NEXT_PUBLIC_PUSHER_HOST is a container name", () => {
    expect(warning({ PUSHER_HOST: "soketi" }, { NEXT_PUBLIC_PUSHER_HOST: "soketi" })).toMatch(
      /^Warning: NEXT_PUBLIC_PUSHER_HOST=soketi is a name browsers cannot resolve/,
    );
  });

  it("says nothing for a public host, an explicit loopback or private address, hosted Pusher or the embedded server", () => {
    expect(warning({ PUSHER_HOST: "realtime.example.com" })).toBeNull();
    expect(
      warning({ PUSHER_HOST: "soketi" }, { NEXT_PUBLIC_PUSHER_HOST: "realtime.example.com" }),
    ).toBeNull();
    expect(warning({ PUSHER_HOST: "127.0.0.1" }, { NEXT_PUBLIC_PUSHER_HOST: "127.0.0.1" })).toBeNull();
    expect(warning({ PUSHER_HOST: "soketi" }, { NEXT_PUBLIC_PUSHER_HOST: "192.168.1.20" })).toBeNull();
    expect(warning({ PUSHER_CLUSTER: "eu" })).toBeNull();
    expect(warning({ REALTIME_EMBEDDED: "true" })).toBeNull();
    expect(
      internalRealtimeHostWarning(parseServerEnv({ PUSHER_HOST: "soketi" }), parseClientEnv({})),
    ).toBeNull();
  });
});
