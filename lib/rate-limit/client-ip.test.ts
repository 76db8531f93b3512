import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addressLimitKey, parseTrustedProxies, resolveClientIp, type TrustedProxies } from "./client-ip";

const none = parseTrustedProxies(undefined);
const hops = (count: number) => parseTrustedProxies(String(count));

function resolve(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trusted: TrustedProxies,
) {
  return resolveClientIp({ socketAddress, forwardedFor, trustedProxies: trusted });
}

describe("resolveClientIp", () => {
  it("uses the socket address and ignores X-Forwarded-For unless proxies are trusted", () => {
    expect(resolve("203.0.113.7", "198.51.100.1", none)).toBe("203.0.113.7");
    expect(resolve("203.0.113.7", undefined, none)).toBe("203.0.113.7");
    expect(resolve("::ffff:127.0.0.1", "1.2.3.4, 5.6.7.8", none)).toBe("127.0.0.1");
    expect(resolve("2001:DB8::1", "1.2.3.4", none)).toBe("2001:db8::1");
  });

  it("with a hop count, takes the address that many hops from the socket, from the right", () => {
    // client → proxy A (10.0.0.1) → proxy B (10.0.0.2) → app; the client forged "6.6.6.6".
    const header = "6.6.6.6, 198.51.100.9, 10.0.0.1";
    expect(resolve("10.0.0.2", header, hops(1))).toBe("10.0.0.1");
    expect(resolve("10.0.0.2", header, hops(2))).toBe("198.51.100.9");
    // More hops trusted than there are: the farthest one (what a misconfiguration gets).
    expect(resolve("10.0.0.2", "198.51.100.9", hops(5))).toBe("198.51.100.9");
    expect(resolve("10.0.0.2", undefined, hops(1))).toBe("10.0.0.2");
  });

  it("with ranges, skips trusted hops from the right and takes the first untrusted one", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 192.168.1.7, fd00::/8");
    expect(resolve("10.1.2.3", "6.6.6.6, 198.51.100.9, 192.168.1.7, 10.9.9.9", trusted)).toBe("198.51.100.9");
    expect(resolve("fd00::1", "2001:db8::5", trusted)).toBe("2001:db8::5");
    // An untrusted socket: its X-Forwarded-For is the client's own claim.
    expect(resolve("203.0.113.7", "10.0.0.1, 198.51.100.9", trusted)).toBe("203.0.113.7");
    // Everything trusted: the farthest hop.
    expect(resolve("10.0.0.2", "10.0.0.1", trusted)).toBe("10.0.0.1");
  });

  it("reads ports and brackets as proxies write them, and falls back past garbage", () => {
    expect(resolve("10.0.0.2", "198.51.100.9:4711", hops(1))).toBe("198.51.100.9");
    expect(resolve("10.0.0.2", "[2001:db8::7]:443", hops(1))).toBe("2001:db8::7");
    // Garbage where the client should be: the nearest real address, never the garbage.
    expect(resolve("10.0.0.2", "<script>", hops(1))).toBe("10.0.0.2");
    expect(resolve("10.0.0.2", "1.2.3.4, not-an-ip", hops(2))).toBe("10.0.0.2");
    expect(resolve("", "1.2.3.4", none)).toBe("unknown");
  });

  it("without a socket (serverless), counts the platform's proxy as the first trusted hop", () => {
    expect(resolve(undefined, "6.6.6.6, 198.51.100.9", none)).toBe("198.51.100.9");
    expect(resolve(undefined, "6.6.6.6, 198.51.100.9", hops(1))).toBe("198.51.100.9");
    expect(resolve(undefined, "6.6.6.6, 198.51.100.9, 10.0.0.1", hops(2))).toBe("198.51.100.9");
    expect(resolve(undefined, undefined, none)).toBe("unknown");
    expect(resolve(undefined, "1.2.3.4", parseTrustedProxies("10.0.0.0/8"))).toBe("1.2.3.4");
  });

  it("never lets the client choose its address from an untrusted socket, whatever it sends", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string())), (socket, forged) => {
        expect(resolve(socket, forged.join(","), none)).toBe(socket);
        // Behind one trusted proxy the client is what the proxy appended, whatever came before.
        expect(resolve("10.0.0.1", [...forged, socket].join(","), hops(1))).toBe(socket);
      }),
      { seed: 13, numRuns: 500 },
    );
  });

  it("bounds the work on a header of thousands of hops", () => {
    const header = Array.from({ length: 50_000 }, (_, i) => `10.0.${(i >> 8) & 255}.${i & 255}`).join(",");
    expect(resolve("10.0.0.1", `${header},198.51.100.9`, hops(1))).toBe("198.51.100.9");
    expect(resolve("10.0.0.1", header, parseTrustedProxies("10.0.0.0/8"))).toMatch(/^10\./);
  });
});

describe("parseTrustedProxies", () => {
  it("takes a hop count or a list of addresses and CIDR ranges", () => {
    expect(parseTrustedProxies(" 2 ")).toEqual({ kind: "hops", count: 2 });
    expect(parseTrustedProxies("")).toEqual({ kind: "hops", count: 0 });
    expect(parseTrustedProxies("127.0.0.1, ::1, 10.0.0.0/8").kind).toBe("ranges");
  });

  it("refuses anything else, naming the entry", () => {
    for (const value of [
      "loopback",
      "10.0.0.0/33",
      "10.0.0.0/8/1",
      "::1/129",
      "1.2.3",
      "10.0.0.0/x",
      "999",
    ]) {
      expect(() => parseTrustedProxies(value), value).toThrow();
    }
  });
});

describe("addressLimitKey", () => {
  it("keys an IPv6 client by its /64, however the address is written", () => {
    const key = "2001:db8:1:2::/64";
    for (const address of [
      "2001:db8:1:2::1",
      "2001:db8:1:2:ffff:ffff:ffff:ffff",
      "2001:0DB8:0001:0002:0:0:0:7",
      "2001:db8:1:2:a:b:192.0.2.1",
      "2001:db8:1:2::5%eth0",
    ]) {
      expect(addressLimitKey(address), address).toBe(key);
    }
    expect(addressLimitKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(addressLimitKey("::1")).toBe("0:0:0:0::/64");
    expect(addressLimitKey("fe80::1")).toBe("fe80:0:0:0::/64");
    expect(addressLimitKey("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
  });

  it("leaves IPv4 addresses, and anything that is not an address, as they are", () => {
    expect(addressLimitKey("198.51.100.4")).toBe("198.51.100.4");
    expect(addressLimitKey("unknown")).toBe("unknown");
  });

  it("gives every address of one /64 the same key and any other /64 another", () => {
    const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
    const groups = (n: number) => fc.array(group, { minLength: n, maxLength: n });
    fc.assert(
      fc.property(groups(4), groups(4), groups(4), (network, hostA, hostB) => {
        const a = addressLimitKey([...network, ...hostA].join(":"));
        const b = addressLimitKey([...network, ...hostB].join(":"));
        expect(a).toBe(b);
        const other = [...network];
        other[3] = ((Number.parseInt(network[3] as string, 16) + 1) % 0x10000).toString(16);
        expect(addressLimitKey([...other, ...hostA].join(":"))).not.toBe(a);
      }),
    );
  });
});
