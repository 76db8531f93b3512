import { ChannelRegistry } from "./channel-registry";
import type { Connection } from "./connection";
import type { RealtimeAppConfig, ResolvedOptions } from "./options";
import { WebhookDispatcher, type WebhookEvent } from "./webhooks";

/** Everything the server holds for one app: its sockets, signed-in users, channels and webhooks. */
export class AppState {
  readonly connections = new Map<string, Connection>();
  /** Signed-in user id → that user's sockets (for `#server-to-user-` and terminate_connections). */
  readonly users = new Map<string, Set<Connection>>();
  readonly channels: ChannelRegistry;
  private readonly webhooks?: WebhookDispatcher;

  constructor(
    readonly config: RealtimeAppConfig,
    readonly options: ResolvedOptions,
  ) {
    if (config.webhookUrl) {
      this.webhooks = new WebhookDispatcher(
        { url: config.webhookUrl, key: config.key, secret: config.secret },
        options.webhooks,
        options.log,
      );
    }
    const hook = (event: WebhookEvent) => this.webhooks?.add(event);
    this.channels = new ChannelRegistry({
      channelOccupied: (channel) => hook({ name: "channel_occupied", channel }),
      channelVacated: (channel) => hook({ name: "channel_vacated", channel }),
      memberAdded: (channel, userId) => hook({ name: "member_added", channel, user_id: userId }),
      memberRemoved: (channel, userId) => hook({ name: "member_removed", channel, user_id: userId }),
    });
  }

  get isEnabled(): boolean {
    return this.config.enabled ?? true;
  }

  get areClientEventsEnabled(): boolean {
    return this.config.enableClientEvents ?? true;
  }

  get isAtConnectionQuota(): boolean {
    const max = this.config.maxConnections;
    return max !== undefined && this.connections.size >= max;
  }

  emitWebhook(event: WebhookEvent): void {
    this.webhooks?.add(event);
  }

  signIn(connection: Connection, userId: string): void {
    let sockets = this.users.get(userId);
    if (!sockets) {
      sockets = new Set();
      this.users.set(userId, sockets);
    }
    sockets.add(connection);
  }

  signOut(connection: Connection, userId: string): void {
    const sockets = this.users.get(userId);
    if (!sockets) return;
    sockets.delete(connection);
    if (sockets.size === 0) this.users.delete(userId);
  }

  closeWebhooks(): Promise<void> {
    return this.webhooks?.close() ?? Promise.resolve();
  }
}
