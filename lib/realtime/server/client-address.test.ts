import type http from "node:http";
import { describe, expect, it } from "vitest";
import { AddressCounter, socketAddress } from "./client-address";

const request = (remoteAddress: string | undefined) =>
  ({
    socket: { remoteAddress },
    headers: { "x-forwarded-for": "203.0.113.9" },
  }) as unknown as http.IncomingMessage;

describe("socketAddress", () => {
  it("is the peer address, IPv4-mapped IPv6 written as IPv4, and never a forwarded header", () => {
    expect(socketAddress(request("::ffff:192.0.2.7"))).toBe("192.0.2.7");
    expect(socketAddress(request("192.0.2.7"))).toBe("192.0.2.7");
    expect(socketAddress(request("2001:db8::1"))).toBe("2001:db8::1");
    expect(socketAddress(request("::ffff:0:1"))).toBe("::ffff:0:1");
    expect(socketAddress(request(undefined))).toBe("unknown");
  });
});

describe("AddressCounter", () => {
  it("counts per address and forgets an address at zero", () => {
    const counter = new AddressCounter();
    counter.add("a");
    counter.add("a");
    counter.add("b");
    expect([counter.count("a"), counter.count("b"), counter.count("c")]).toEqual([2, 1, 0]);
    counter.remove("a");
    counter.remove("a");
    expect(counter.count("a")).toBe(0);
    expect((counter as unknown as { counts: Map<string, number> }).counts.has("a")).toBe(false);
  });
});
