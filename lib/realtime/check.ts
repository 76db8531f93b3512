// Whether the configured Pusher-protocol server accepts Parley's credentials: one signed REST call
// through the official SDK, the same path every publish takes. Used at start-up (one line, then
// exit) and by /api/health (503 with the reason).
//
// The body is checked, not only the status: soketi 1.6.1 writes its CORS headers before the
// status, so its web server has already sent "200 OK" when it answers a bad signature with
// {"error":"The secret authentication failed","code":401} (an unknown app id gets code 404 the
// same way). Trusting the status would let a wrong secret lose every message silently.
import Pusher from "pusher";
import WebSocket from "ws";
import { z } from "zod";
import type { RealtimeServerConfig } from "./config";

export type RealtimeCheck = { ok: true } | { ok: false; reason: string };

// GET /apps/{id}/channels answers {"channels": {...}}; a prefix no channel has keeps it small.
const CHECK_PATH = "/channels";
const CHECK_PARAMS = { filter_by_prefix: "private-parley-check-" };
const channelsBody = z.object({ channels: z.record(z.string(), z.unknown()) });
const errorBody = z.object({ error: z.string(), code: z.number().int().optional() });

/** Where the SDK sends its requests, as an operator would write it. */
export function realtimeServerAddress(config: RealtimeServerConfig): string {
  const scheme = config.useTLS ? "https" : "http";
  const host = config.host ?? `api-${config.cluster}.pusher.com`;
  const port = config.port ? `:${config.port}` : "";
  return `${scheme}://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}${port}`;
}

function quoted(detail: string | undefined): string {
  if (!detail) return "";
  const oneLine = detail.replace(/\s+/g, " ").trim();
  return ` ("${oneLine.length > 160 ? `${oneLine.slice(0, 157)}...` : oneLine}")`;
}

function refusal(config: RealtimeServerConfig, code: number, detail: string | undefined): string {
  const where = `The realtime server at ${realtimeServerAddress(config)}`;
  if (code === 401)
    return `${where} rejected Parley's signed request${quoted(detail)}: PUSHER_SECRET (or PUSHER_KEY) is not the secret (or key) of app ${config.appId} there.`;
  if (code === 404)
    return `${where} does not know app ${config.appId}${quoted(detail)}: check PUSHER_APP_ID, and that PUSHER_HOST and PUSHER_PORT point at its HTTP API.`;
  if (code === 403)
    return `${where} refused app ${config.appId}${quoted(detail)}: is the app disabled there?`;
  return `${where} answered its REST API with an error, code ${code}${quoted(detail)}.`;
}

function errorDetail(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = errorBody.safeParse(JSON.parse(body));
    if (parsed.success) return parsed.data.error;
  } catch {
    // Hosted Pusher answers some refusals in plain text.
  }
  return body;
}

interface NetworkFailure {
  code?: string;
  name?: string;
  message?: string;
}

function unreachable(config: RealtimeServerConfig, cause: NetworkFailure | undefined, timeoutMs: number) {
  const why =
    cause?.name === "AbortError"
      ? `no answer within ${timeoutMs / 1000} s`
      : (cause?.code ?? cause?.message ?? "request failed");
  const check = config.host ? "Check PUSHER_HOST and PUSHER_PORT" : "Check PUSHER_CLUSTER";
  return `Cannot reach the realtime server at ${realtimeServerAddress(config)} (${why}) — is it running? ${check}.`;
}

async function checkOnce(
  config: RealtimeServerConfig,
  timeoutMs: number,
): Promise<RealtimeCheck & { isUnreachable?: boolean }> {
  const pusher = new Pusher({
    appId: config.appId,
    key: config.key,
    secret: config.secret,
    cluster: config.cluster,
    host: config.host,
    port: config.port,
    useTLS: config.useTLS,
    timeout: timeoutMs,
  });
  let text: string;
  try {
    const response = await pusher.get({ path: CHECK_PATH, params: CHECK_PARAMS });
    text = await response.text();
  } catch (error) {
    if (error instanceof Pusher.RequestError) {
      if (error.status === undefined) {
        const cause = (error as { error?: NetworkFailure }).error;
        return { ok: false, reason: unreachable(config, cause, timeoutMs), isUnreachable: true };
      }
      return { ok: false, reason: refusal(config, error.status, errorDetail(error.body)) };
    }
    const cause = error as NetworkFailure;
    return { ok: false, reason: unreachable(config, cause, timeoutMs), isUnreachable: true };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (channelsBody.safeParse(body).success) return { ok: true };
  const failure = errorBody.safeParse(body);
  if (failure.success)
    return { ok: false, reason: refusal(config, failure.data.code ?? 0, failure.data.error) };
  return {
    ok: false,
    reason: `The realtime server at ${realtimeServerAddress(config)} answered something that is not the Pusher channels API${quoted(text.slice(0, 200))}: check that PUSHER_HOST and PUSHER_PORT point at it.`,
  };
}

/**
 * Throws when a REST call the SDK counted as a success was refused in its body (soketi's HTTP 200
 * with {"error": …}), so that a refused publish is an error the caller logs, not a silent loss.
 */
export async function assertAccepted(response: { text(): Promise<string> }, what: string): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    return;
  }
  const failure = errorBody.safeParse(body);
  if (failure.success)
    throw new Error(
      `The realtime server refused ${what}: ${failure.data.error} (code ${failure.data.code ?? "none"}).`,
    );
}

/**
 * One signed GET /apps/{id}/channels. While the server cannot be reached at all, it is asked again
 * for up to `waitForMs` (a container started next to it may still be starting); a refusal is final.
 */
export async function checkRealtimeServer(
  config: RealtimeServerConfig,
  options: { timeoutMs?: number; waitForMs?: number } = {},
): Promise<RealtimeCheck> {
  const { timeoutMs = 5_000, waitForMs = 0 } = options;
  const deadline = Date.now() + waitForMs;
  for (;;) {
    const { isUnreachable, ...result } = await checkOnce(config, timeoutMs);
    if (result.ok || !isUnreachable || Date.now() + 1_000 > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

const socketMessage = z.object({ event: z.string(), data: z.unknown().optional() });
const socketError = z.object({ message: z.string().optional(), code: z.number().int().nullish() });

/**
 * Opens a socket to /app/{PUSHER_KEY}, as browsers do, and closes it at once. soketi checks a REST
 * request's signature but not the key it names, so a wrong PUSHER_KEY passes checkRealtimeServer
 * there and shows only here: pusher:error 4001 instead of pusher:connection_established.
 */
export function checkRealtimeKey(
  config: RealtimeServerConfig,
  options: { timeoutMs?: number } = {},
): Promise<RealtimeCheck> {
  const { timeoutMs = 5_000 } = options;
  const host = config.host ?? `ws-${config.cluster}.pusher.com`;
  const origin = `${config.useTLS ? "wss" : "ws"}://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}${config.port ? `:${config.port}` : ""}`;
  const url = `${origin}/app/${encodeURIComponent(config.key)}?protocol=7&client=parley-check&version=1`;
  const where = `The realtime server at ${origin}`;
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
    const finish = (result: RealtimeCheck) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on("error", () => {});
      socket.terminate();
      resolve(result);
    };
    const refused = (detail: string) =>
      finish({
        ok: false,
        reason: `${where} refused sockets for PUSHER_KEY=${config.key}${quoted(detail)}: it is not the key of app ${config.appId} there.`,
      });
    const timer = setTimeout(
      () => finish({ ok: false, reason: `${where} opened no socket within ${timeoutMs / 1000} s.` }),
      timeoutMs,
    );
    socket.on("message", (raw) => {
      let message: z.infer<typeof socketMessage> | undefined;
      try {
        message = socketMessage.parse(JSON.parse(raw.toString()));
      } catch {
        return refused("an answer that is not the Pusher protocol");
      }
      if (message.event === "pusher:connection_established") return finish({ ok: true });
      if (message.event === "pusher:error") {
        const error = socketError.safeParse(message.data);
        const detail = error.success
          ? `${error.data.message ?? "error"}, code ${error.data.code ?? "none"}`
          : "error";
        return refused(detail);
      }
    });
    socket.on("close", (code) => refused(`closed with code ${code}`));
    socket.on("unexpected-response", (_request, response) => refused(`HTTP ${response.statusCode}`));
    socket.on("error", (error: NodeJS.ErrnoException) =>
      finish({ ok: false, reason: `${where} opened no socket (${error.code ?? error.message}).` }),
    );
  });
}

// /api/health is polled by load balancers and container runtimes: a result is reused for a while
// so that polling does not become load on the realtime server. A failure is kept for less time,
// so that a fixed configuration shows up soon.
export const KEEP_OK_MS = 15_000;
export const KEEP_FAILURE_MS = 5_000;

interface CachedCheck {
  key: string;
  result: Promise<RealtimeCheck>;
  settled?: { at: number; result: RealtimeCheck };
}
let cached: CachedCheck | undefined;

/** The check for /api/health: at most one request in flight, and a recent result reused. */
export function checkRealtimeServerCached(
  config: RealtimeServerConfig,
  clock: () => number = Date.now,
): Promise<RealtimeCheck> {
  const key = JSON.stringify([config.appId, config.key, config.secret, realtimeServerAddress(config)]);
  if (cached?.key === key) {
    const { settled, result } = cached;
    if (!settled) return result;
    const keep = settled.result.ok ? KEEP_OK_MS : KEEP_FAILURE_MS;
    if (clock() - settled.at < keep) return result;
  }
  const entry: CachedCheck = { key, result: checkRealtimeServer(config, { timeoutMs: 3_000 }) };
  void entry.result.then((result) => {
    entry.settled = { at: clock(), result };
  });
  cached = entry;
  return entry.result;
}
