import type http from "node:http";
import { socketAddress } from "./client-address";

/** One Pusher app served by the realtime server. */
export interface RealtimeAppConfig {
  id: string;
  key: string;
  secret: string;
  /** Relay `client-*` events between sockets (private and presence channels only). Default true. */
  enableClientEvents?: boolean;
  /** Where batched webhooks are POSTed; none are sent when unset. */
  webhookUrl?: string;
  /** Concurrent sockets allowed for this app; further connections are refused with 4004. Unlimited when unset. */
  maxConnections?: number;
  /** A disabled app refuses sockets (4003) and REST calls (403). Default true. */
  enabled?: boolean;
  /**
   * Sockets must sign in (`pusher:signin`) within `userAuthenticationTimeoutMs` or are closed with
   * 4009, as soketi's `enableUserAuthentication`: terminate_connections finds a socket by its
   * user, so one that never signs in could otherwise keep its channels after its session is
   * revoked. Default false (the Pusher protocol's default).
   */
  enableUserAuthentication?: boolean;
}

export interface RealtimeLimits {
  /**
   * Open WebSockets allowed from one client address (see `clientIp`), across all apps; more are
   * refused with 4100 (pusher-js backs off and retries). `Infinity` turns the limit off.
   */
  maxConnectionsPerIp: number;
  /** Largest incoming WebSocket frame; bigger frames close the socket with 1009. */
  maxPayloadBytes: number;
  /** Bytes allowed to queue for one socket before it is closed with 4100. */
  maxBufferedBytes: number;
  maxChannelsPerSocket: number;
  /** Pusher's 10 KB message limit, for REST `data` and client event payloads. */
  maxEventDataBytes: number;
  maxEventNameLength: number;
  maxChannelNameLength: number;
  maxTriggerChannels: number;
  maxBatchSize: number;
  /** Raw REST body cap, checked while reading so a huge upload is never buffered. */
  maxRequestBodyBytes: number;
  maxPresenceMembers: number;
  maxUserInfoBytes: number;
  maxUserIdLength: number;
  clientEventsPerSecond: number;
  /** Every incoming frame costs a token, so one socket cannot monopolise the event loop. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Subscribes refill at this rate up to `subscribeBurst`; pusher-js resubscribes everything at once. */
  subscribesPerSecond: number;
  subscribeBurst: number;
  /** Cache channels keep their last event this long (Pusher: 30 minutes). */
  cacheTtlMs: number;
  maxCachedChannels: number;
  /** Signed REST requests older or newer than this are rejected as replays. */
  timestampWindowSeconds: number;
}

export interface RealtimeHeartbeatOptions {
  /** Idle time before the server pings a socket; advertised to clients as `activity_timeout`. */
  activityTimeoutMs: number;
  /** Time allowed for a pong after a server ping before the socket is closed with 4201. */
  pongTimeoutMs: number;
  /** How long a closing socket may take to finish the close handshake before it is destroyed. */
  closeGraceMs: number;
  /** Time a socket of an app with `enableUserAuthentication` has to sign in (soketi: 30 s). */
  userAuthenticationTimeoutMs: number;
}

export interface RealtimeWebhookOptions {
  /** Events raised within this window are sent in one POST. */
  batchMs: number;
  maxBatchEvents: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** A batch still failing after this long is dropped. */
  maxRetryMs: number;
  requestTimeoutMs: number;
  /** Undelivered batches kept per app; the oldest is dropped beyond this. */
  maxQueuedBatches: number;
}

/** "debug" is for client misbehaviour (bad frames, oversized messages): expected noise on the internet. */
export type RealtimeLogLevel = "debug" | "info" | "warn" | "error";
export type RealtimeLog = (
  level: RealtimeLogLevel,
  message: string,
  details?: Record<string, unknown>,
) => void;

export interface RealtimeServerOptions {
  apps: RealtimeAppConfig[];
  /** Path before `/app/{key}` and `/apps/{id}` (e.g. "/realtime"); empty by default. */
  pathPrefix?: string;
  limits?: Partial<RealtimeLimits>;
  heartbeat?: Partial<RealtimeHeartbeatOptions>;
  webhooks?: Partial<RealtimeWebhookOptions>;
  log?: RealtimeLog;
  /**
   * The client address a WebSocket upgrade counts against for `maxConnectionsPerIp`. Default:
   * the socket's peer address. Behind a proxy, give one that trusts only the proxy's hops.
   */
  clientIp?: (req: http.IncomingMessage) => string;
}

export const defaultLimits: RealtimeLimits = {
  maxConnectionsPerIp: 100,
  maxPayloadBytes: 64 * 1024,
  maxBufferedBytes: 1024 * 1024,
  maxChannelsPerSocket: 100,
  maxEventDataBytes: 10 * 1024,
  maxEventNameLength: 200,
  maxChannelNameLength: 200,
  maxTriggerChannels: 100,
  maxBatchSize: 10,
  maxRequestBodyBytes: 256 * 1024,
  maxPresenceMembers: 100,
  maxUserInfoBytes: 1024,
  maxUserIdLength: 128,
  clientEventsPerSecond: 10,
  messagesPerSecond: 200,
  messageBurst: 400,
  subscribesPerSecond: 50,
  subscribeBurst: 200,
  cacheTtlMs: 30 * 60_000,
  maxCachedChannels: 10_000,
  timestampWindowSeconds: 600,
};

// 30 s idle + 30 s for the pong keeps a silent drop's member_removed well inside 75 s.
export const defaultHeartbeat: RealtimeHeartbeatOptions = {
  activityTimeoutMs: 30_000,
  pongTimeoutMs: 30_000,
  closeGraceMs: 5_000,
  userAuthenticationTimeoutMs: 30_000,
};

export const defaultWebhooks: RealtimeWebhookOptions = {
  batchMs: 50,
  maxBatchEvents: 100,
  initialBackoffMs: 1_000,
  maxBackoffMs: 60_000,
  maxRetryMs: 5 * 60_000,
  requestTimeoutMs: 10_000,
  maxQueuedBatches: 1_000,
};

export interface ResolvedOptions {
  apps: RealtimeAppConfig[];
  pathPrefix: string;
  limits: RealtimeLimits;
  heartbeat: RealtimeHeartbeatOptions;
  webhooks: RealtimeWebhookOptions;
  log: RealtimeLog;
  clientIp: (req: http.IncomingMessage) => string;
}

export function resolveOptions(options: RealtimeServerOptions): ResolvedOptions {
  if (options.apps.length === 0) throw new Error("Realtime server needs at least one app in `apps`.");
  for (const app of options.apps) {
    if (!app.id || !app.key || !app.secret) {
      throw new Error("Every realtime app needs a non-empty id, key and secret.");
    }
  }
  const ids = new Set(options.apps.map((app) => app.id));
  const keys = new Set(options.apps.map((app) => app.key));
  if (ids.size !== options.apps.length || keys.size !== options.apps.length) {
    throw new Error("Realtime app ids and keys must be unique.");
  }
  const prefix = (options.pathPrefix ?? "").replace(/\/+$/, "");
  if (prefix && !prefix.startsWith("/")) throw new Error('Realtime pathPrefix must start with "/".');
  return {
    apps: options.apps,
    pathPrefix: prefix,
    limits: { ...defaultLimits, ...options.limits },
    heartbeat: { ...defaultHeartbeat, ...options.heartbeat },
    webhooks: { ...defaultWebhooks, ...options.webhooks },
    log: options.log ?? (() => {}),
    clientIp: options.clientIp ?? socketAddress,
  };
}
