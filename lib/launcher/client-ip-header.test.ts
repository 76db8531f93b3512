import type http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, parseTrustedProxies } from "@/lib/rate-limit/client-ip";
import { createAppServer, listen } from "./http-server";

// What the app behind the launcher is told about who is asking, through a real socket.

let server: http.Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(trustedProxies?: string): Promise<string> {
  server = createAppServer({
    app: (req, res) => {
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ ip: req.headers[CLIENT_IP_HEADER] }));
    },
    trustedProxies: trustedProxies === undefined ? undefined : parseTrustedProxies(trustedProxies),
  });
  await listen(server, 0, "127.0.0.1");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function clientIp(baseUrl: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${baseUrl}/api/x`, { headers });
  return ((await response.json()) as { ip: string }).ip;
}

describe("the client address the launcher hands the app", () => {
  it("is the socket's by default, whatever X-Forwarded-For or the header itself claims", async () => {
    const baseUrl = await serve();
    expect(await clientIp(baseUrl, { "x-forwarded-for": "203.0.113.9" })).toBe("127.0.0.1");
    expect(await clientIp(baseUrl, { [CLIENT_IP_HEADER]: "203.0.113.9" })).toBe("127.0.0.1");
  });

  it("comes from X-Forwarded-For when the socket is a trusted proxy", async () => {
    const byCount = await serve("1");
    expect(await clientIp(byCount, { "x-forwarded-for": "6.6.6.6, 203.0.113.9" })).toBe("203.0.113.9");
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    const byRange = await serve("127.0.0.0/8");
    expect(await clientIp(byRange, { "x-forwarded-for": "203.0.113.9", [CLIENT_IP_HEADER]: "6.6.6.6" })).toBe(
      "203.0.113.9",
    );
  });
});
