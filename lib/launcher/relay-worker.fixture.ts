// An app worker without Next, for lib/launcher/hand-over.test.ts: the launcher's HTTP server
// with the realtime relay, exactly as scripts/start.ts mounts it, handing upgrades to its parent.
import type { AddressInfo } from "node:net";
import { createAppServer, listen } from "./http-server";
import { realtimeRelay } from "./workers";

const internalPort = Number(process.env.REALTIME_INTERNAL_PORT);
const relay = realtimeRelay({
  internalPort,
  send: (message, socket, callback) => {
    if (!process.send) return callback(new Error("no parent"));
    process.send(message, socket, undefined, callback);
  },
});
const server = createAppServer({
  app: (_req, res) => {
    res.writeHead(404).end("app");
  },
  realtime: relay,
});
await listen(server, 0, "127.0.0.1");
process.send?.({ kind: "listening", port: (server.address() as AddressInfo).port });
process.on("disconnect", () => process.exit(0));
