import net from "node:net";

/** What a server answered to a hand-written upgrade request. */
export interface UpgradeAnswer {
  /** The HTTP status, or undefined when the connection closed without an HTTP answer. */
  status?: number;
  /** Text frames the server sent after a 101, in order. */
  texts: string[];
  /** The code of the server's close frame, if it sent one. */
  closeCode?: number;
}

export const wellFormedUpgradeHeaders: Record<string, string> = {
  Host: "localhost",
  Connection: "Upgrade",
  Upgrade: "websocket",
  "Sec-WebSocket-Version": "13",
  "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
};

/** An upgrade request written byte for byte, so paths and headers reach the server unescaped. */
export function upgradeRequest(
  path: string,
  headers: Record<string, string> = wellFormedUpgradeHeaders,
): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `GET ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}

/** Server frames are never masked: opcode, length, payload. */
function parseFrames(bytes: Buffer, answer: UpgradeAnswer): void {
  let offset = 0;
  while (offset + 2 <= bytes.length) {
    const opcode = (bytes[offset] as number) & 0x0f;
    let length = (bytes[offset + 1] as number) & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      if (start + 2 > bytes.length) return;
      length = bytes.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      if (start + 8 > bytes.length) return;
      length = Number(bytes.readBigUInt64BE(start));
      start += 8;
    }
    if (start + length > bytes.length) return;
    const payload = bytes.subarray(start, start + length);
    if (opcode === 1) answer.texts.push(payload.toString("utf8"));
    if (opcode === 8 && payload.length >= 2) answer.closeCode = payload.readUInt16BE(0);
    offset = start + length;
  }
}

/**
 * Sends `request` (a string or raw bytes) and collects the answer until the server closes the
 * connection or the socket, the socket is established, or `waitMs` passes.
 */
export function rawUpgrade(
  port: number,
  request: string | Buffer,
  options: { host?: string; waitMs?: number } = {},
): Promise<UpgradeAnswer> {
  const { host = "127.0.0.1", waitMs = 1_500 } = options;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, host, () => socket.write(request));
    const read = (): UpgradeAnswer => {
      const bytes = Buffer.concat(chunks);
      const answer: UpgradeAnswer = { texts: [] };
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(bytes.subarray(0, 64).toString("latin1"));
      if (status) answer.status = Number(status[1]);
      const end = bytes.indexOf("\r\n\r\n");
      if (answer.status === 101 && end !== -1) parseFrames(bytes.subarray(end + 4), answer);
      return answer;
    };
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(read());
    };
    const timer = setTimeout(finish, waitMs);
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      // The server's close frame ends the exchange (no need to wait out its close grace), and
      // so does connection_established: an accepted socket would stay open.
      const answer = read();
      // An HTTP answer other than 101 may keep the connection alive for a next request.
      if (answer.status !== undefined && answer.status !== 101) finish();
      else if (answer.closeCode !== undefined) finish();
      else if (answer.texts.some((text) => text.includes('"pusher:connection_established"'))) finish();
    });
    socket.on("error", () => {});
    socket.on("close", finish);
  });
}
