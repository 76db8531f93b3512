import { randomBytes } from "node:crypto";
import PusherJs from "pusher-js";
import type { AccountSummary } from "@/lib/accounts/types";
import { resetEnvCache } from "@/lib/env";
import { authenticateUser, authorizeChannel } from "@/lib/realtime/authorize";
import { resetPusherForTests } from "@/lib/realtime/publish";
import { createRealtimeServer } from "@/lib/realtime/server";

// Test-only: the embedded realtime server on a free port, with the app's env pointed at it, so
// domain functions publish for real and pusher-js clients receive what they publish.

export type PusherJsClient = InstanceType<typeof PusherJs>;

/** Channel authorisation as the route does it: null = the session is refused (401). */
export type SessionCheck = () => Promise<AccountSummary | null>;

export interface ConnectOptions {
  /** Sign the connection in as the actor (`pusher:signin`), as the app's client does. */
  signIn?: boolean;
  /** Checked before every authorisation, as /api/realtime/auth and user-auth check the cookie. */
  session?: SessionCheck;
}

export interface TestRealtime {
  /** A pusher-js client whose channel authorization runs the app's authorizeChannel as `actor`. */
  connect(
    actor: AccountSummary,
    options?: ConnectOptions,
  ): Promise<{ client: PusherJsClient; socketId: string }>;
  /** Stops the server, leaving the app's env pointed at its now unreachable port. */
  stop(): Promise<void>;
  /** Starts the server again on the same port with the same app credentials. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestRealtime(): Promise<TestRealtime> {
  const app = {
    id: "chat-test",
    key: `key-${randomBytes(4).toString("hex")}`,
    secret: randomBytes(16).toString("hex"),
    enableClientEvents: true,
  };
  let server = createRealtimeServer({ apps: [app] });
  let isRunning = true;
  const { port } = await server.listen(0, "127.0.0.1");
  delete process.env.REALTIME_EMBEDDED;
  Object.assign(process.env, {
    PUSHER_APP_ID: app.id,
    PUSHER_KEY: app.key,
    PUSHER_SECRET: app.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(port),
    PUSHER_USE_TLS: "false",
  });
  resetEnvCache();
  resetPusherForTests();
  const clients: PusherJsClient[] = [];

  return {
    async connect(actor, options = {}) {
      const asSession = async () => {
        if (options.session && !(await options.session())) throw new Error("401: the session was refused");
        return actor;
      };
      const client = new PusherJs(app.key, {
        cluster: "local",
        wsHost: "127.0.0.1",
        wsPort: port,
        forceTLS: false,
        enabledTransports: ["ws"],
        disableStats: true,
        channelAuthorization: {
          endpoint: "",
          transport: "ajax",
          customHandler: ({ socketId, channelName }, callback) => {
            asSession()
              .then((user) => authorizeChannel({ actor: user, socketId, channelName }))
              .then(
                (auth) => callback(null, auth),
                (error: Error) => callback(error, null),
              );
          },
        },
        userAuthentication: {
          endpoint: "",
          transport: "ajax",
          customHandler: ({ socketId }, callback) => {
            asSession()
              .then((user) => authenticateUser({ actor: user, socketId }))
              .then(
                (auth) => callback(null, auth),
                (error: Error) => callback(error, null),
              );
          },
        },
      });
      clients.push(client);
      const socketId = await new Promise<string>((resolve, reject) => {
        client.connection.bind("connected", () => resolve(client.connection.socket_id));
        client.connection.bind("failed", () => reject(new Error("pusher-js could not connect")));
      });
      if (options.signIn) {
        client.signin();
        await client.user.signinDonePromise;
        if (!client.user.user_data) throw new Error("pusher-js could not sign in");
      }
      return { client, socketId };
    },
    async stop() {
      isRunning = false;
      await server.close();
    },
    async restart() {
      server = createRealtimeServer({ apps: [app] });
      await server.listen(port, "127.0.0.1");
      isRunning = true;
    },
    async close() {
      for (const client of clients) client.disconnect();
      if (isRunning) await server.close();
      resetPusherForTests();
    },
  };
}

/** Subscribes and resolves once the server confirmed; rejects on a refused authorization. */
export function subscribe(client: PusherJsClient, name: string) {
  const channel = client.subscribe(name);
  return new Promise<typeof channel>((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => resolve(channel));
    channel.bind("pusher:subscription_error", (error: unknown) =>
      reject(new Error(`subscription_error on ${name}: ${JSON.stringify(error)}`)),
    );
  });
}
