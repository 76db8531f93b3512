import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createRealtimeServer } from "./index";

describe("attach", () => {
  it("serves /app/{key} and /apps/ on a host server and leaves its other traffic alone", async () => {
    const host = http.createServer((_req, res) => res.end("host page"));
    const hostUpgrades: string[] = [];
    host.on("upgrade", (req, socket) => {
      hostUpgrades.push(req.url ?? "");
      socket.end("HTTP/1.1 426 Upgrade Required\r\n\r\n");
    });
    const realtime = createRealtimeServer({ apps: [{ id: "1", key: "attach-key", secret: "s" }] });
    realtime.attach(host);
    await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
    const { port } = host.address() as AddressInfo;
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/page`)).text()).toBe("host page");
      expect((await fetch(`http://127.0.0.1:${port}/apps/1/channels`)).status).toBe(401);

      const ws = new WebSocket(`ws://127.0.0.1:${port}/app/attach-key?protocol=7`);
      const first = await new Promise<string>((resolve) =>
        ws.once("message", (data) => resolve(data.toString())),
      );
      expect(JSON.parse(first).event).toBe("pusher:connection_established");
      expect(realtime.stats().connections).toBe(1);

      const hmr = new WebSocket(`ws://127.0.0.1:${port}/_next/webpack-hmr`);
      await new Promise((resolve) => hmr.once("error", resolve));
      expect(hostUpgrades).toEqual(["/_next/webpack-hmr"]);
      ws.terminate();
    } finally {
      await realtime.close();
      host.closeAllConnections();
      await new Promise<void>((resolve) => host.close(() => resolve()));
    }
  });

  it("rejects invalid configuration with a clear message", () => {
    expect(() => createRealtimeServer({ apps: [] })).toThrow(/at least one app/);
    expect(() => createRealtimeServer({ apps: [{ id: "1", key: "", secret: "s" }] })).toThrow(
      /id, key and secret/,
    );
    const twice = { id: "1", key: "k", secret: "s" };
    expect(() => createRealtimeServer({ apps: [twice, twice] })).toThrow(/unique/);
  });
});
