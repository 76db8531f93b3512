import net from "node:net";

// An HTTP/1.1 client that writes exactly the bytes it is given: request targets with bad
// percent-encoding or raw UTF-8, header values no well-behaved client would send, and chunked
// bodies. Node's http client refuses most of these before they reach the wire.

export interface RawRequest {
  method: string;
  /** The request target as written on the request line (not validated, not encoded). */
  target: string;
  headers: [string, string][];
  body?: Buffer;
  /** Send the body with Transfer-Encoding: chunked (no Content-Length), in pieces of this size. */
  chunkSize?: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class NoResponseError extends Error {
  constructor(
    message: string,
    /** The server reset the connection while the body was still being sent (it did not want it). */
    readonly isResetWhileSending = false,
  ) {
    super(message);
    this.name = "NoResponseError";
  }
}

export function encodeRequest(request: RawRequest): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  const body = request.body;
  if (body && request.chunkSize) lines.push("Transfer-Encoding: chunked");
  else if (body) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "utf8");
  if (!body) return head;
  if (!request.chunkSize) return Buffer.concat([head, body]);
  const parts: Buffer[] = [head];
  for (let offset = 0; offset < body.length; offset += request.chunkSize) {
    const piece = body.subarray(offset, offset + request.chunkSize);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from("0\r\n\r\n"));
  return Buffer.concat(parts);
}

/**
 * Sends one request on a fresh connection (`Connection: close`) and resolves with the answer
 * once the server closes it (the body as sent, chunked framing included). A connection closed without an answer rejects with NoResponseError.
 */
export function sendRaw(
  options: { host?: string; port: number; timeoutMs?: number },
  request: RawRequest,
): Promise<RawResponse> {
  const { host = "127.0.0.1", port, timeoutMs = 15_000 } = options;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const bytes = encodeRequest({ ...request, headers: [...request.headers, ["Connection", "close"]] });
    let offset = 0;
    const received: Buffer[] = [];
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(received);
      const parsed = parseResponse(data);
      if (parsed) resolve(parsed);
      else if (error && isReset(error) && (request.body?.length ?? 0) > 0)
        // A server that answers before reading the whole body and closes the connection (Node
        // does, on Connection: close) resets it under the bytes it never read (still on the way
        // or in its socket buffer); the reset can overtake its answer. That is a refusal of the
        // body, not a failure to answer.
        reject(new NoResponseError(`reset while sending the body (${error.message})`, true));
      else reject(error ?? new NoResponseError(`no answer (${data.length} bytes received)`));
    };
    const timer = setTimeout(
      () => finish(new NoResponseError(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    // The server closes the connection after its answer (Connection: close).
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    // A server that answers before reading the whole body may close while we still write.
    socket.on("error", (error) => finish(error));
    socket.on("close", () => finish());
    socket.on("connect", () => {
      // In slices, waiting for the socket to drain: a server that stops reading is noticed.
      const writeMore = () => {
        while (offset < bytes.length && !socket.destroyed) {
          const slice = bytes.subarray(offset, offset + 64 * 1024);
          offset += slice.length;
          if (!socket.write(slice)) return void socket.once("drain", writeMore);
        }
      };
      writeMore();
    });
  });
}

function isReset(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EPIPE" || code === "ECONNRESET";
}

/** The first final (non-1xx) response head in `data`, if it has arrived. */
function parseResponse(data: Buffer): RawResponse | undefined {
  let text = data.toString("latin1");
  for (;;) {
    const end = text.indexOf("\r\n\r\n");
    if (end < 0) return undefined;
    const [statusLine, ...headerLines] = text.slice(0, end).split("\r\n");
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "");
    if (!match) return undefined;
    const status = Number(match[1]);
    if (status >= 100 && status < 200 && status !== 101) {
      text = text.slice(end + 4);
      continue;
    }
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(":");
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { status, headers, body: Buffer.from(text.slice(end + 4), "latin1") };
  }
}
