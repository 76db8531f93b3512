import type http from "node:http";

// An answer sent before the request's body was read (413 for an oversized body, a refusal before
// reading) ends with `Connection: close`. Node then closes the socket as soon as the answer is
// written; while the client is still sending, that close finds unread bytes and becomes a TCP
// reset, which can destroy the answer in flight before the client reads it — the client sees
// EPIPE or ECONNRESET instead of the 413. Servers avoid this with a lingering close (RFC 9112
// §9.6; nginx's lingering_close): half-close after the answer, keep discarding what still arrives
// for a bounded time and number of bytes, then close. Nothing discarded is buffered.

export const LINGER_MS = 5_000;
export const LINGER_BYTES = 4 * 1024 * 1024;

/** Arms the lingering close for one request; call before the response is written. */
export function lingerAfterUnreadBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  { ms = LINGER_MS, bytes = LINGER_BYTES }: { ms?: number; bytes?: number } = {},
): void {
  res.once("finish", () => {
    const socket = req.socket;
    // A body read whole, or a connection kept alive: nothing to do.
    if (req.complete || socket.destroyed || !res.hasHeader("connection")) return;
    if (String(res.getHeader("connection")).toLowerCase() !== "close") return;
    // Node's close after `Connection: close` (socket.destroySoon) ends the write side and destroys
    // the socket once that is flushed; the destroy is what resets. The write side still ends.
    socket.removeListener("finish", socket.destroy);
    let discarded = 0;
    const close = () => socket.destroy();
    const timer = setTimeout(close, ms);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
    socket.once("end", close);
    // Keep pulling the body off the wire (the HTTP parser feeds it to the request) and drop it.
    req.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > bytes) close();
    });
    req.resume();
  });
}
