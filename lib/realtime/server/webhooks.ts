import type { RealtimeLog, RealtimeWebhookOptions } from "./options";
import { hmacHex } from "./signatures";

export type WebhookEvent =
  | { name: "channel_occupied" | "channel_vacated"; channel: string }
  | { name: "member_added" | "member_removed"; channel: string; user_id: string }
  | {
      name: "client_event";
      channel: string;
      event: string;
      data: string;
      socket_id: string;
      user_id?: string;
    };

interface PendingBatch {
  body: string;
  firstAttemptAt: number;
  attempts: number;
}

/**
 * Batches an app's webhook events and delivers them in the background with exponential
 * back-off. Nothing here is awaited by socket handling: a slow or failing endpoint only
 * grows a bounded queue.
 */
export class WebhookDispatcher {
  private events: WebhookEvent[] = [];
  private flushTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private readonly queue: PendingBatch[] = [];
  /** The running delivery loop, if any; close() waits for it so no batch is sent twice. */
  private sending?: Promise<void>;
  private isClosed = false;

  constructor(
    private readonly target: { url: string; key: string; secret: string },
    private readonly options: RealtimeWebhookOptions,
    private readonly log: RealtimeLog,
  ) {}

  add(event: WebhookEvent): void {
    if (this.isClosed) return;
    this.events.push(event);
    if (this.events.length >= this.options.maxBatchEvents) this.seal();
    else this.flushTimer ??= setTimeout(() => this.seal(), this.options.batchMs);
  }

  /** Sends what is pending once more (no retries) and stops all timers. */
  async close(): Promise<void> {
    this.isClosed = true;
    this.seal();
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.sending;
    const remaining = this.queue.splice(0);
    await Promise.all(remaining.map((batch) => this.post(batch.body)));
  }

  private seal(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.events.length === 0) return;
    const body = JSON.stringify({ time_ms: Date.now(), events: this.events });
    this.events = [];
    if (this.queue.length >= this.options.maxQueuedBatches) {
      this.queue.shift();
      this.log("warn", "Webhook queue full: dropped the oldest batch", { url: this.target.url });
    }
    this.queue.push({ body, firstAttemptAt: Date.now(), attempts: 0 });
    if (!this.isClosed) this.drain();
  }

  private drain(): void {
    if (this.sending || this.retryTimer) return;
    this.sending = this.deliver().finally(() => {
      this.sending = undefined;
    });
  }

  private async deliver(): Promise<void> {
    while (!this.isClosed && this.queue.length > 0) {
      const batch = this.queue[0] as PendingBatch;
      batch.attempts++;
      if (await this.post(batch.body)) {
        this.queue.shift();
        continue;
      }
      if (Date.now() - batch.firstAttemptAt >= this.options.maxRetryMs) {
        this.queue.shift();
        this.log("error", "Webhook batch dropped after retries", {
          url: this.target.url,
          attempts: batch.attempts,
        });
        continue;
      }
      // Later batches wait behind this one so the receiver sees events in order.
      const delay = Math.min(
        this.options.initialBackoffMs * 2 ** (batch.attempts - 1),
        this.options.maxBackoffMs,
      );
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.drain();
      }, delay);
      this.retryTimer.unref();
      return;
    }
  }

  private async post(body: string): Promise<boolean> {
    try {
      const response = await fetch(this.target.url, {
        method: "POST",
        // Exactly "application/json": the pusher SDK's validator rejects a charset suffix.
        headers: {
          "Content-Type": "application/json",
          "X-Pusher-Key": this.target.key,
          "X-Pusher-Signature": hmacHex(this.target.secret, body),
        },
        body,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) return true;
      this.log("warn", `Webhook endpoint answered ${response.status}`, { url: this.target.url });
      return false;
    } catch (error) {
      this.log("warn", "Webhook delivery failed", { url: this.target.url, error: String(error) });
      return false;
    }
  }
}
