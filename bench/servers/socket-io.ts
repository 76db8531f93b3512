// Plain Socket.IO broadcast server, the baseline: clients join a room, POST /publish emits to it.
import { createServer, type IncomingMessage } from "node:http";
import { Server } from "socket.io";

const port = Number(process.env.BENCH_PORT ?? 0);

const httpServer = createServer(async (request, response) => {
  if (request.method !== "POST" || request.url !== "/publish") {
    response.writeHead(404).end();
    return;
  }
  try {
    const { room, event, data } = JSON.parse(await readBody(request)) as {
      room: string;
      event: string;
      data: unknown;
    };
    io.to(room).emit(event, data);
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  } catch (error) {
    response.writeHead(400, { "content-type": "text/plain" }).end(String(error));
  }
});

const io = new Server(httpServer, { serveClient: false, transports: ["websocket"] });
io.on("connection", (socket) => {
  socket.on("subscribe", (room: string, ack?: () => void) => {
    socket.join(room);
    ack?.();
  });
});

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

httpServer.listen(port, "127.0.0.1", () => {
  const address = httpServer.address();
  const bound = address && typeof address === "object" ? address.port : port;
  console.log(JSON.stringify({ ready: true, pid: process.pid, port: bound }));
});

process.on("SIGTERM", () => {
  io.close(() => process.exit(0));
});
