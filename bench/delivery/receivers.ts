import PusherJs from "pusher-js";
import type { BenchConversation, BenchUser } from "./accounts";

// One pusher-js client per person, as each person's open tab: it signs in (POST
// /api/realtime/user-auth; Parley's realtime app closes sockets that do not), then subscribes to
// its user channel and to every conversation it is in, each subscription authorised by POST
// /api/realtime/auth with that person's session cookie — the requests the browser's pusher-js makes.

export type PusherJsClient = InstanceType<typeof PusherJs>;

export interface Receiver {
  user: BenchUser;
  client: PusherJsClient;
  socketId: string;
}

/** What a receiver saw: `at` is performance.now() when pusher-js handed the event over. */
export type Arrival =
  | { kind: "message"; receiver: number; messageId: string; text: string; at: number }
  | { kind: "sidebar"; receiver: number; conversationId: string };

/** POSTs a form with the person's cookie (pusher-js's own ajax transport has no cookie jar under Node). */
async function postForm<T>(url: string, cookie: string, form: Record<string, string>): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  if (!response.ok) throw new Error(`${new URL(url).pathname} answered ${response.status}`);
  return (await response.json()) as T;
}

function connect(baseUrl: string, port: number, appKey: string, user: BenchUser): Promise<Receiver> {
  const client = new PusherJs(appKey, {
    cluster: "local",
    wsHost: "127.0.0.1",
    wsPort: port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      endpoint: `${baseUrl}/api/realtime/auth`,
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => {
        postForm<{ auth: string }>(`${baseUrl}/api/realtime/auth`, user.cookie, {
          socket_id: socketId,
          channel_name: channelName,
        })
          .then((signed) => callback(null, signed))
          .catch((error: Error) => callback(error, null));
      },
    },
    userAuthentication: {
      endpoint: `${baseUrl}/api/realtime/user-auth`,
      transport: "ajax",
      customHandler: ({ socketId }, callback) => {
        postForm<{ auth: string; user_data: string }>(`${baseUrl}/api/realtime/user-auth`, user.cookie, {
          socket_id: socketId,
        })
          .then((signed) => callback(null, signed))
          .catch((error: Error) => callback(error, null));
      },
    },
  });
  // Signs in on this connection and again after any reconnect, as the app's tab does.
  client.signin();
  return new Promise((resolve, reject) => {
    client.connection.bind("connected", () =>
      resolve({ user, client, socketId: client.connection.socket_id }),
    );
    client.connection.bind("failed", () => reject(new Error("pusher-js could not connect")));
  });
}

function subscribe(client: PusherJsClient, name: string) {
  const channel = client.subscribe(name);
  return new Promise<typeof channel>((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => resolve(channel));
    channel.bind("pusher:subscription_error", (error: unknown) =>
      reject(new Error(`subscription_error on ${name}: ${JSON.stringify(error)}`)),
    );
  });
}

export async function connectReceivers({
  baseUrl,
  port,
  appKey,
  users,
  conversations,
  onArrival,
}: {
  baseUrl: string;
  port: number;
  appKey: string;
  users: BenchUser[];
  conversations: BenchConversation[];
  onArrival: (arrival: Arrival) => void;
}): Promise<Receiver[]> {
  const receivers: Receiver[] = [];
  for (const user of users) {
    const receiver = await connect(baseUrl, port, appKey, user);
    receivers.push(receiver);
    const userChannel = await subscribe(receiver.client, `private-user-${user.id}`);
    userChannel.bind("conversation.updated", (data: { id: string }) =>
      onArrival({ kind: "sidebar", receiver: user.index, conversationId: data.id }),
    );
    for (const conversation of conversations) {
      if (!conversation.memberIndexes.includes(user.index)) continue;
      const channel = await subscribe(receiver.client, `private-conversation-${conversation.id}`);
      channel.bind("message.created", (data: { id: string; plainText: string }) => {
        const at = performance.now();
        onArrival({ kind: "message", receiver: user.index, messageId: data.id, text: data.plainText, at });
      });
    }
  }
  return receivers;
}

export function disconnectReceivers(receivers: Receiver[]): void {
  for (const receiver of receivers) receiver.client.disconnect();
}
