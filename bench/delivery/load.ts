import { randomUUID } from "node:crypto";
import { type LatencySummary, sleep, summarize } from "../stats";
import type { BenchConversation, BenchUser } from "./accounts";
import type { Arrival, Receiver } from "./receivers";

// The open-loop sender and the delivery ledger. Sends leave on a fixed schedule (send k at
// start + k / rate) whether or not earlier ones have answered, so a slow server meets more
// concurrent requests instead of quietly lowering the rate, as a closed loop would.

interface Send {
  seq: number;
  sender: number;
  conversation: BenchConversation;
  isMeasured: boolean;
  scheduledAt: number;
  startedAt: number;
  respondedAt: number;
  status: number | "error";
  messageId?: string;
}

export interface LoadResult {
  sends: number;
  measuredSends: number;
  /** Measured sends the server accepted (HTTP 201). */
  measuredAccepted: number;
  failedSends: number;
  /** Sends started per second over the measured window. */
  achievedRate: number;
  /** Request start → `message.created` at another member's client, measured sends only. */
  delivery: LatencySummary;
  /** Request start → HTTP 201 at the sender, measured sends only. */
  response: LatencySummary;
  /** How late the generator started sends against the schedule (open-loop health). */
  scheduleLag: LatencySummary;
  expectedDeliveries: number;
  lost: number;
  duplicated: number;
  /** Deliveries to a client that should not get them (the sender's own socket, a non-member). */
  unexpected: number;
  /** Measured deliveries slower than the p99 target, grouped into bursts (see slowBursts). */
  slowBursts: SlowBurst[];
  /**
   * Every delivery: [send start (ms since the window opened; warm-up sends are negative),
   * delivery ms, response ms].
   */
  samples: [number, number, number][];
  /** When the measured window opened (Unix ms), to line samples up with other logs. */
  windowStartedAt: number;
  sidebarEvents: number;
  measuredWindowMs: number;
}

const TEXT = /^bench #(\d+) /;

export interface SlowBurst {
  /** Seconds since the measured window opened. */
  atSeconds: number;
  deliveries: number;
  worstMs: number;
}

/**
 * Slow deliveries grouped into bursts: one starting within `gapMs` of the previous slow one
 * belongs to its burst. A pause of the server, the database or the generator shows as one
 * burst of many; isolated slow sends as bursts of one.
 */
export function slowBursts(
  samples: [number, number, number][],
  thresholdMs: number,
  gapMs = 300,
): SlowBurst[] {
  const bursts: SlowBurst[] = [];
  let lastAt = Number.NEGATIVE_INFINITY;
  for (const [at, delivery] of [...samples].sort((a, b) => a[0] - b[0])) {
    if (delivery <= thresholdMs) continue;
    const current = bursts.at(-1);
    if (current && at - lastAt <= gapMs) {
      current.deliveries++;
      current.worstMs = Math.max(current.worstMs, delivery);
    } else bursts.push({ atSeconds: at / 1000, deliveries: 1, worstMs: delivery });
    lastAt = at;
  }
  return bursts;
}

export class DeliveryLedger {
  private readonly sends: Send[] = [];
  private readonly seen = new Set<string>();
  private readonly arrivals = new Map<string, number>();
  private readonly seqByMessage = new Map<string, number>();
  duplicated = 0;
  unexpected = 0;
  sidebarEvents = 0;

  onArrival = (arrival: Arrival): void => {
    if (arrival.kind === "sidebar") {
      this.sidebarEvents++;
      return;
    }
    const key = `${arrival.receiver}:${arrival.messageId}`;
    if (this.seen.has(key)) {
      this.duplicated++;
      return;
    }
    this.seen.add(key);
    const seq = Number(TEXT.exec(arrival.text)?.[1] ?? -1);
    const send = this.sends[seq];
    if (
      !send ||
      send.sender === arrival.receiver ||
      !send.conversation.memberIndexes.includes(arrival.receiver)
    ) {
      this.unexpected++;
      return;
    }
    this.seqByMessage.set(arrival.messageId, seq);
    this.arrivals.set(key, arrival.at);
  };

  add(send: Send): void {
    this.sends[send.seq] = send;
  }

  /** Deliveries still owed: every other member of the conversation, for every accepted send. */
  missing(): number {
    let missing = 0;
    for (const send of this.sends) {
      if (send.status !== 201 || !send.messageId) continue;
      for (const member of send.conversation.memberIndexes) {
        if (member !== send.sender && !this.arrivals.has(`${member}:${send.messageId}`)) missing++;
      }
    }
    return missing;
  }

  result(slowThresholdMs: number): LoadResult {
    const measured = this.sends.filter((send) => send.isMeasured);
    const windowStart = measured[0]?.startedAt ?? 0;
    const delivery: number[] = [];
    const samples: [number, number, number][] = [];
    let expectedDeliveries = 0;
    for (const send of this.sends) {
      if (send.status !== 201 || !send.messageId) continue;
      for (const member of send.conversation.memberIndexes) {
        if (member === send.sender) continue;
        expectedDeliveries++;
        const at = this.arrivals.get(`${member}:${send.messageId}`);
        if (at === undefined) continue;
        if (send.isMeasured) delivery.push(at - send.startedAt);
        samples.push([send.startedAt - windowStart, at - send.startedAt, send.respondedAt - send.startedAt]);
      }
    }
    const failed = this.sends.filter((send) => send.status !== 201);
    const first = measured[0]?.startedAt ?? 0;
    const last = measured.at(-1)?.startedAt ?? 0;
    const windowMs = measured.length > 1 ? ((last - first) * measured.length) / (measured.length - 1) : 0;
    return {
      sends: this.sends.length,
      measuredSends: measured.length,
      measuredAccepted: measured.filter((send) => send.status === 201).length,
      failedSends: failed.length,
      achievedRate: windowMs > 0 ? (measured.length / windowMs) * 1000 : 0,
      delivery: summarize(delivery),
      response: summarize(
        measured.filter((send) => send.status === 201).map((send) => send.respondedAt - send.startedAt),
      ),
      scheduleLag: summarize(this.sends.map((send) => send.startedAt - send.scheduledAt)),
      expectedDeliveries,
      lost: this.missing(),
      duplicated: this.duplicated,
      unexpected: this.unexpected,
      sidebarEvents: this.sidebarEvents,
      measuredWindowMs: windowMs,
      slowBursts: slowBursts(
        samples.filter(([at]) => at >= 0),
        slowThresholdMs,
      ),
      windowStartedAt: performance.timeOrigin + windowStart,
      samples,
    };
  }
}

async function sendOne(baseUrl: string, receiver: Receiver, send: Send, failures: string[]): Promise<void> {
  send.startedAt = performance.now();
  try {
    const response = await fetch(`${baseUrl}/api/conversations/${send.conversation.id}/messages`, {
      method: "POST",
      headers: {
        cookie: receiver.user.cookie,
        "content-type": "application/json",
        // The sender's own tab is left out of the broadcast, as the app's composer does it.
        "x-socket-id": receiver.socketId,
      },
      body: JSON.stringify({
        body: { text: `bench #${send.seq} from ${receiver.user.username}` },
        clientNonce: randomUUID(),
      }),
    });
    const body = (await response.json()) as { id?: string };
    send.respondedAt = performance.now();
    send.status = response.status;
    send.messageId = body.id;
    if (response.status !== 201)
      failures.push(`HTTP ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
  } catch (error) {
    send.respondedAt = performance.now();
    send.status = "error";
    failures.push(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Sends `rate` messages per second for `warmupSeconds + seconds`, rotating through the users
 * (each user through its conversations), then waits up to `drainMs` for every delivery.
 * `onMeasureStart` and `onMeasureEnd` bracket the measured sends (for the CPU meters).
 */
export async function runLoad({
  baseUrl,
  receivers,
  conversations,
  rate,
  warmupSeconds,
  seconds,
  drainMs,
  ledger,
  onMeasureStart,
  onMeasureEnd,
}: {
  baseUrl: string;
  receivers: Receiver[];
  conversations: BenchConversation[];
  rate: number;
  warmupSeconds: number;
  seconds: number;
  drainMs: number;
  ledger: DeliveryLedger;
  onMeasureStart: () => void;
  onMeasureEnd: () => void;
}): Promise<{ failures: string[] }> {
  const users: BenchUser[] = receivers.map((receiver) => receiver.user);
  const conversationsOf = users.map((user) =>
    conversations.filter((conversation) => conversation.memberIndexes.includes(user.index)),
  );
  const warmup = Math.round(warmupSeconds * rate);
  const total = warmup + Math.round(seconds * rate);
  const interval = 1000 / rate;
  const failures: string[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 50;

  for (let seq = 0; seq < total; seq++) {
    const scheduledAt = start + seq * interval;
    const wait = scheduledAt - performance.now();
    if (wait > 1) await sleep(wait - 0.5);
    while (performance.now() < scheduledAt) {
      // The last half millisecond: timers are too coarse for a 10 ms period.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (seq === warmup) onMeasureStart();
    const sender = seq % users.length;
    const mine = conversationsOf[sender] ?? [];
    const conversation = mine[Math.floor(seq / users.length) % mine.length];
    const receiver = receivers[sender];
    if (!conversation || !receiver) throw new Error(`user ${sender} has no conversation`);
    const send: Send = {
      seq,
      sender,
      conversation,
      isMeasured: seq >= warmup,
      scheduledAt,
      startedAt: 0,
      respondedAt: 0,
      status: 0,
    };
    ledger.add(send);
    inFlight.push(sendOne(baseUrl, receiver, send, failures));
  }
  onMeasureEnd();
  await Promise.all(inFlight);
  const deadline = performance.now() + drainMs;
  while (ledger.missing() > 0 && performance.now() < deadline) await sleep(50);
  return { failures };
}
