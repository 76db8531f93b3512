import type http from "node:http";

/**
 * The address a connection comes from: the socket's peer, with IPv4-mapped IPv6
 * (`::ffff:10.0.0.1`) written as plain IPv4 so one client counts as one address. Behind a
 * proxy every client shares the proxy's address; pass a `clientIp` option that knows which
 * forwarded hops to trust.
 */
export function socketAddress(req: http.IncomingMessage): string {
  const address = req.socket?.remoteAddress;
  if (!address) return "unknown";
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice("::ffff:".length) : address;
}

/** Open sockets per client address, for the per-address connection limit. */
export class AddressCounter {
  private readonly counts = new Map<string, number>();

  count(address: string): number {
    return this.counts.get(address) ?? 0;
  }

  add(address: string): void {
    this.counts.set(address, this.count(address) + 1);
  }

  remove(address: string): void {
    const left = this.count(address) - 1;
    if (left > 0) this.counts.set(address, left);
    else this.counts.delete(address);
  }
}
