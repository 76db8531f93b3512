import net from "node:net";
import fc from "fast-check";
import { expect } from "vitest";
import WebSocket from "ws";
import { connected, pusherJsClient, restClient, subscribed } from "@/tests/realtime-conformance/clients";
import { rawUpgrade } from "@/tests/realtime-conformance/raw-upgrade";
import type { Target } from "@/tests/realtime-conformance/target";
import {
  type App,
  type FrameFactory,
  frame,
  restCase,
  restRequest,
  upgradeCase,
} from "./realtime-arbitraries";

// The properties every realtime server must hold for any input: the process survives, an HTTP
// answer is a 2xx for a validly signed good request and otherwise a 4xx (503 when overloaded,
// never another 5xx), a WebSocket refusal is a protocol error code, and a hostile frame costs
// at most its own socket with a code that names what was wrong with it.

/** Larger REST bodies may be hung up on before the 413 is read (the server stops reading them). */
const MAX_REST_BODY = 256 * 1024;
/** pusher:error codes a hostile frame may earn (null: malformed or unsupported, socket stays). */
const FRAME_ERROR_CODES = new Set([null, 4009, 4300, 4301]);
/** Close codes a hostile frame may earn: binary 1003, invalid UTF-8 1007, too big 1009, bad sign-in 4009. */
const FRAME_CLOSE_CODES = new Set([1003, 1007, 1009, 4009]);
/** Refusals of an upgrade: unknown key, disabled, over quota, protocol, too many from one address. */
const UPGRADE_REFUSAL_CODES = new Set([4001, 4003, 4004, 4007, 4008, 4100]);

export interface FuzzTarget extends Target {
  /** False once the server process has gone. */
  isAlive(): boolean;
}

export interface FuzzRun {
  seed: number;
  /** Cases per property. */
  runs: { rest: number; upgrade: number; frames: number };
}

/** Sends raw request bytes and reads until the server closes the connection. */
function exchange(port: number, request: Buffer, timeoutMs = 10_000): Promise<{ status?: number }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.end(request));
    let head = "";
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      resolve({ status: match ? Number(match[1]) : undefined });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on("data", (chunk) => {
      if (head.length < 64) head += chunk.toString("latin1");
    });
    socket.on("error", () => {});
    socket.on("close", finish);
  });
}

function app(target: Target): App {
  return { id: target.appId, key: target.key, secret: target.secret };
}

export function restProperty(target: FuzzTarget) {
  return fc.asyncProperty(restCase(app(target)), async (test) => {
    const request = restRequest(app(target), test);
    const { status } = await exchange(target.port, request);
    expect(target.isAlive()).toBe(true);
    const bodySize = Buffer.isBuffer(test.body) ? test.body.length : Buffer.byteLength(test.body);
    if (status === undefined) {
      expect(bodySize, "no answer to a request within the body limit").toBeGreaterThan(MAX_REST_BODY);
      return;
    }
    expect(status === 503 || (status >= 200 && status < 500), `status ${status}`).toBe(true);
    if (test.signature !== "valid") expect(status).toBeGreaterThanOrEqual(400);
  });
}

export function upgradeProperty(target: FuzzTarget) {
  return fc.asyncProperty(upgradeCase(app(target)), async (test) => {
    const answer = await rawUpgrade(target.port, test.request, { waitMs: 5_000 });
    expect(target.isAlive()).toBe(true);
    if (answer.status === undefined) {
      expect(test.isGarbage, "no HTTP answer to an HTTP request").toBe(true);
      return;
    }
    if (answer.status !== 101) {
      expect(answer.status >= 400 && answer.status < 500, `status ${answer.status}`).toBe(true);
      return;
    }
    const first = JSON.parse(answer.texts[0] ?? "null") as {
      event?: string;
      data?: { code?: number };
    } | null;
    if (first?.event === "pusher:connection_established") return;
    expect(first?.event).toBe("pusher:error");
    expect(UPGRADE_REFUSAL_CODES.has(first?.data?.code as number), `refusal code ${first?.data?.code}`).toBe(
      true,
    );
    expect(answer.closeCode).toBe(first?.data?.code);
  });
}

interface Received {
  event: string;
  data?: { code?: number | null } | string;
}

/** A socket with the frames it received, its socket id and, once closed, its close code. */
async function openSocket(target: Target) {
  const ws = new WebSocket(
    `ws://127.0.0.1:${target.port}/app/${target.key}?protocol=7&client=js&version=8.6.0`,
  );
  const received: Received[] = [];
  let closeCode: number | undefined;
  ws.on("error", () => {});
  const closed = new Promise<void>((resolve) =>
    ws.on("close", (code) => {
      closeCode = code;
      resolve();
    }),
  );
  const socketId = await new Promise<string>((resolve, reject) => {
    ws.on("message", (raw) => {
      const message = JSON.parse(String(raw)) as Received;
      received.push(message);
      if (message.event === "pusher:connection_established")
        resolve((JSON.parse(message.data as string) as { socket_id: string }).socket_id);
    });
    closed.then(() => reject(new Error(`closed before established (${closeCode})`)));
  });
  return { ws, received, socketId, closed, closeCode: () => closeCode };
}

export function framesProperty(target: FuzzTarget) {
  const setup = fc.record({ joinPrivate: fc.boolean(), joinPresence: fc.boolean() });
  return fc.asyncProperty(
    setup,
    fc.array(frame(app(target)), { minLength: 1, maxLength: 6 }),
    async (start, frames) => {
      const socket = await openSocket(target);
      try {
        const sign = (channel: string, data?: string) =>
          restClient(target).authorizeChannel(socket.socketId, channel, data ? JSON.parse(data) : undefined);
        if (start.joinPrivate)
          socket.ws.send(
            JSON.stringify({
              event: "pusher:subscribe",
              data: { channel: "private-fuzz", ...sign("private-fuzz") },
            }),
          );
        if (start.joinPresence) {
          const presence = sign("presence-fuzz", '{"user_id":"fuzzer"}');
          socket.ws.send(
            JSON.stringify({ event: "pusher:subscribe", data: { channel: "presence-fuzz", ...presence } }),
          );
        }
        for (const make of frames as FrameFactory[]) {
          const { data, isBinary } = make(socket.socketId);
          socket.ws.send(data, { binary: isBinary });
        }
        // A ping answered means every frame before it was handled; a close means one ended the socket.
        socket.ws.send('{"event":"pusher:ping","data":{}}');
        const pong = new Promise<void>((resolve) => {
          const check = () => {
            if (socket.received.some((m) => m.event === "pusher:pong")) resolve();
            else setTimeout(check, 2);
          };
          check();
        });
        await Promise.race([pong, socket.closed]);
        expect(target.isAlive()).toBe(true);
        for (const message of socket.received) {
          if (message.event !== "pusher:error") continue;
          const code = typeof message.data === "object" ? (message.data?.code ?? null) : undefined;
          expect(FRAME_ERROR_CODES.has(code as number | null), `pusher:error code ${code}`).toBe(true);
        }
        const closeCode = socket.closeCode();
        if (closeCode !== undefined)
          expect(FRAME_CLOSE_CODES.has(closeCode), `close code ${closeCode}`).toBe(true);
      } finally {
        socket.ws.terminate();
      }
    },
  );
}

/** pusher-js connects, joins a presence channel and receives what the SDK triggers. */
export async function expectServing(target: FuzzTarget, marker: string): Promise<void> {
  expect(target.isAlive()).toBe(true);
  const client = pusherJsClient(target, { presence: { user_id: marker } });
  try {
    await connected(client);
    const channel = await subscribed(client, `presence-${marker}`);
    const received = new Promise((resolve) => channel.bind("still-alive", resolve));
    await restClient(target).trigger(`presence-${marker}`, "still-alive", { marker });
    expect(await received).toEqual({ marker });
  } finally {
    client.disconnect();
  }
}

/** Runs the three properties in turn against `target`, then checks a real client is still served. */
export async function fuzzRealtime(target: FuzzTarget, { seed, runs }: FuzzRun): Promise<void> {
  const parameters = (numRuns: number, offset: number) => ({
    seed: seed + offset,
    numRuns,
    timeout: 20_000,
    endOnFailure: !target.isAlive(),
  });
  await fc.assert(restProperty(target), parameters(runs.rest, 0));
  await fc.assert(upgradeProperty(target), parameters(runs.upgrade, 1));
  await fc.assert(framesProperty(target), parameters(runs.frames, 2));
  await expectServing(target, `after-fuzz-${seed}`);
}

/** FUZZ_SEED (or a fresh one) and FUZZ_RUNS (total cases, default `defaultTotal`) split across the properties. */
export function fuzzSettings(defaultTotal: number): { seed: number; total: number; runs: FuzzRun["runs"] } {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isSafeInteger(seed)) throw new Error("FUZZ_SEED must be an integer");
  const total = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : defaultTotal;
  if (!Number.isSafeInteger(total) || total < 3)
    throw new Error("FUZZ_RUNS must be an integer of at least 3");
  const rest = Math.round(total * 0.4);
  const upgrade = Math.round(total * 0.3);
  return { seed, total, runs: { rest, upgrade, frames: total - rest - upgrade } };
}
