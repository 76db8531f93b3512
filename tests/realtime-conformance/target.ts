import { randomBytes } from "node:crypto";
import { createRealtimeServer, type RealtimeServer, type RealtimeServerOptions } from "@/lib/realtime/server";
import { WebhookReceiver } from "./webhook-receiver";

/**
 * The server under test. With REALTIME_TARGET_HOST/PORT/APP_ID/KEY/SECRET set, the suite runs
 * against that server (soketi, Sockudo, hosted Pusher…); otherwise it starts the embedded server
 * in-process with short timings.
 */
export const isEmbedded = !process.env.REALTIME_TARGET_PORT;
/** Webhook tests need to know where the target posts; an external target must be configured for it. */
export const hasWebhooks = isEmbedded || Boolean(process.env.REALTIME_TARGET_WEBHOOK_PORT);

export interface Target {
  host: string;
  port: number;
  appId: string;
  key: string;
  secret: string;
  /** The in-process server, when embedded. */
  server?: RealtimeServer;
  webhooks?: WebhookReceiver;
  close(): Promise<void>;
}

/** Extra apps the embedded server is started with, for refusals an external target cannot be set up for. */
export const extraApps = {
  disabled: { id: "app-disabled", key: "key-disabled", secret: "secret-disabled", enabled: false },
  quota: { id: "app-quota", key: "key-quota", secret: "secret-quota", maxConnections: 1 },
  noClientEvents: { id: "app-quiet", key: "key-quiet", secret: "secret-quiet", enableClientEvents: false },
  mustSignIn: {
    id: "app-signin",
    key: "key-signin",
    secret: "secret-signin",
    enableUserAuthentication: true,
  },
};

export const embeddedTimings = {
  heartbeat: {
    activityTimeoutMs: 1_000,
    pongTimeoutMs: 1_000,
    closeGraceMs: 500,
    userAuthenticationTimeoutMs: 600,
  },
  webhooks: { batchMs: 20, initialBackoffMs: 100, maxBackoffMs: 400 },
};

export async function startTarget(
  options: { withWebhooks?: boolean; server?: Partial<RealtimeServerOptions> } = {},
): Promise<Target> {
  const webhookPort = process.env.REALTIME_TARGET_WEBHOOK_PORT;
  const wantsWebhooks = options.withWebhooks && hasWebhooks;
  const webhooks = wantsWebhooks ? new WebhookReceiver() : undefined;
  const listenedPort = webhooks ? await webhooks.listen(isEmbedded ? 0 : Number(webhookPort)) : undefined;

  if (!isEmbedded) {
    const env = process.env;
    return {
      host: env.REALTIME_TARGET_HOST ?? "127.0.0.1",
      port: Number(env.REALTIME_TARGET_PORT),
      appId: env.REALTIME_TARGET_APP_ID ?? "app-id",
      key: env.REALTIME_TARGET_APP_KEY ?? env.REALTIME_TARGET_KEY ?? "app-key",
      secret: env.REALTIME_TARGET_APP_SECRET ?? env.REALTIME_TARGET_SECRET ?? "app-secret",
      webhooks,
      close: async () => webhooks?.close(),
    };
  }

  const app = {
    id: "app-1",
    key: `key-${randomBytes(4).toString("hex")}`,
    secret: randomBytes(16).toString("hex"),
    enableClientEvents: true,
    webhookUrl: listenedPort ? `http://127.0.0.1:${listenedPort}/webhooks` : undefined,
  };
  const server = createRealtimeServer({
    apps: [app, ...Object.values(extraApps)],
    ...embeddedTimings,
    ...options.server,
    // Every test client comes from 127.0.0.1; the per-address limit has tests of its own.
    limits: { maxConnectionsPerIp: 10_000, ...options.server?.limits },
  });
  const { port } = await server.listen(0, "127.0.0.1");
  return {
    host: "127.0.0.1",
    port,
    appId: app.id,
    key: app.key,
    secret: app.secret,
    server,
    webhooks,
    close: async () => {
      await server.close();
      await webhooks?.close();
    },
  };
}
