import { BlockList, isIP } from "node:net";

/**
 * Which `X-Forwarded-For` hops to believe (TRUSTED_PROXIES): a number of proxies in front of the
 * app, or the addresses and ranges of those proxies. Without either, only the socket counts.
 */
export type TrustedProxies = { kind: "hops"; count: number } | { kind: "ranges"; list: BlockList };

/** Set by the launcher's HTTP server on every request it hands to Next; see lib/launcher. */
export const CLIENT_IP_HEADER = "x-parley-client-ip";

/** Trust the socket only. */
export const NO_TRUSTED_PROXIES: TrustedProxies = { kind: "hops", count: 0 };

// A hostile header may list thousands of hops; only the nearest few can matter.
const MAX_HOPS = 32;

/** Parses TRUSTED_PROXIES: `2` (hops), or `10.0.0.0/8, 192.168.1.7, fd00::/8`. Throws on anything else. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const text = value?.trim() ?? "";
  if (text === "") return NO_TRUSTED_PROXIES;
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count > MAX_HOPS) throw new Error(`must be at most ${MAX_HOPS} hops`);
    return { kind: "hops", count };
  }
  const list = new BlockList();
  for (const entry of text.split(",")) {
    const [address = "", prefix, extra] = entry.trim().split("/");
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (
      family === 0 ||
      extra !== undefined ||
      (prefix !== undefined && !/^\d+$/.test(prefix)) ||
      bits > (family === 6 ? 128 : 32)
    ) {
      throw new Error(`has "${entry.trim()}", which is neither a hop count nor an address or CIDR range`);
    }
    list.addSubnet(normalizeIp(address), bits, family === 6 ? "ipv6" : "ipv4");
  }
  return { kind: "ranges", list };
}

/**
 * The address a request came from, for per-address limits. The nearest hop is the socket; each
 * proxy in front appends the address it saw to `X-Forwarded-For`, so the list is walked from the
 * right, past the hops we trust, to the first one we do not: everything left of it is whatever
 * the client chose to send. `socketAddress` is undefined where the app cannot see its socket
 * (serverless): the platform's own proxy is then the trusted first hop.
 */
export function resolveClientIp({
  socketAddress,
  forwardedFor,
  trustedProxies,
}: {
  socketAddress: string | undefined;
  forwardedFor: string | string[] | null | undefined;
  trustedProxies: TrustedProxies;
}): string {
  const hops: string[] = [];
  if (socketAddress !== undefined) hops.push(socketAddress);
  const forwarded = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  // From the right, and no further than any trust could reach.
  let end = forwarded.length;
  while (end > 0 && hops.length <= MAX_HOPS) {
    const start = forwarded.lastIndexOf(",", end - 1);
    const entry = forwarded.slice(start + 1, end).trim();
    if (entry !== "") hops.push(entry);
    end = Math.max(start, 0);
  }
  // Hops the platform's proxy accounts for when the socket is not ours to see.
  const implicit = socketAddress === undefined ? 1 : 0;

  let chosen = 0;
  if (trustedProxies.kind === "hops") {
    chosen = Math.min(Math.max(0, trustedProxies.count - implicit), hops.length - 1);
  } else {
    while (chosen < hops.length - 1 && isTrusted(trustedProxies.list, hops[chosen] as string)) chosen++;
  }
  // Every hop on the way must be an address: a trusted proxy writes nothing else, so garbage
  // came from the client (or lies past a miscounted hop). Stop at the nearest address before it.
  let client = "unknown";
  for (let i = 0; i <= chosen; i++) {
    const address = parseAddress(hops[i] as string);
    if (!address) break;
    client = address;
  }
  return client;
}

function isTrusted(list: BlockList, hop: string): boolean {
  const address = parseAddress(hop);
  return address !== undefined && list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/** An entry as proxies write it (`1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:443`, `2001:db8::1`), or undefined. */
function parseAddress(entry: string): string | undefined {
  let candidate = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(candidate);
  if (bracketed) candidate = bracketed[1] as string;
  else if (/^[\d.]+:\d+$/.test(candidate)) candidate = candidate.slice(0, candidate.indexOf(":"));
  return isIP(candidate) === 0 ? undefined : normalizeIp(candidate);
}

/**
 * What per-address limits count: an IPv4 address, or the /64 network of an IPv6 one. A single
 * IPv6 subscriber is routinely given a whole /64 (2^64 addresses), so counting each address would
 * hand one person endless fresh budgets; a /64 is what one household or server holds. Anything
 * that is not an address ("unknown") is its own key.
 */
export function addressLimitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = "", tail] = address.replace(/%.*$/, "").toLowerCase().split("::");
  // A dotted IPv4 tail (64:ff9b::192.0.2.1) fills the last two groups.
  const groups = (text: string) =>
    text === "" ? [] : text.split(":").flatMap((group) => (group.includes(".") ? ["0", "0"] : [group]));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${all
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

// IPv4 clients on a dual-stack socket show up as ::ffff:1.2.3.4; one client, one key.
function normalizeIp(ip: string): string {
  return ip.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
}
