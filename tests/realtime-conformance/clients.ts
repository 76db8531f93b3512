import { randomBytes } from "node:crypto";
import Pusher from "pusher";
import PusherJs from "pusher-js";
import type { Target } from "./target";
import { waitFor } from "./wait";

type PusherJsClient = InstanceType<typeof PusherJs>;

// Lets the SDK authorise private-encrypted channels; the server never sees this key.
const encryptionMasterKeyBase64 = randomBytes(32).toString("base64");

/** The server SDK pointed at the target. */
export function restClient(target: Target): Pusher {
  return new Pusher({
    appId: target.appId,
    key: target.key,
    secret: target.secret,
    host: target.host,
    port: String(target.port),
    useTLS: false,
    encryptionMasterKeyBase64,
  });
}

/**
 * A pusher-js client as a browser would use it, signing channel auth and user sign-in locally
 * with the SDK (what an app's auth endpoint does).
 */
export function pusherJsClient(
  target: Target,
  options: { presence?: { user_id: string; user_info?: Record<string, unknown> }; userId?: string } = {},
): PusherJsClient {
  const rest = restClient(target);
  return new PusherJs(target.key, {
    cluster: "local",
    wsHost: target.host,
    wsPort: target.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        const presence = channelName.startsWith("presence-") ? options.presence : undefined;
        callback(null, rest.authorizeChannel(socketId, channelName, presence));
      },
    },
    userAuthentication: {
      customHandler: ({ socketId }, callback) => {
        callback(null, rest.authenticateUser(socketId, { id: options.userId ?? "user-1" }));
      },
    },
  });
}

export async function connected(client: PusherJsClient): Promise<string> {
  await waitFor(() => client.connection.state === "connected", { what: "pusher-js to connect" });
  return client.connection.socket_id;
}

/** Subscribes and resolves once the server confirmed (rejects on subscription_error). */
export function subscribed(client: PusherJsClient, name: string) {
  const channel = client.subscribe(name);
  return new Promise<typeof channel>((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => resolve(channel));
    channel.bind("pusher:subscription_error", (error: unknown) =>
      reject(new Error(`subscription_error on ${name}: ${JSON.stringify(error)}`)),
    );
  });
}
