import { type CpuUsage, startCpuMeter } from "../cpu";
import { DeliveryTracker, type LatencySummary, waitUntil } from "../stats";
import type { RunningTarget } from "../targets";
import { closeAll, openConnections } from "./connections";

export interface FanOutConfig {
  subscribers: number;
  publishes: number;
  warmupPublishes: number;
  /** Publishes awaiting their acknowledgement at any time. */
  inFlight: number;
  drainMs: number;
}

export interface FanOutResult {
  deliveriesPerSecond: number;
  publishesPerSecond: number;
  delivered: number;
  expected: number;
  lost: number;
  duplicated: number;
  elapsedMs: number;
  cpu: CpuUsage;
  latency: LatencySummary;
  connectFailures: number;
}

const CHANNEL = "bench-fan-out";

/**
 * One channel, many subscribers, publishes as fast as the server acknowledges them: deliveries per
 * second from the first publish until the last delivery arrives.
 */
export async function runFanOut(target: RunningTarget, config: FanOutConfig): Promise<FanOutResult> {
  const tracker = new DeliveryTracker(config.subscribers, config.publishes);
  // Warm-up publishes use sequence numbers past the measured range and are ignored.
  const opened = await openConnections(target, config.subscribers, (index) => ({
    channel: CHANNEL,
    onMessage: (seq, sentAt) => {
      if (seq < config.publishes) tracker.record(index, seq, sentAt);
    },
  }));
  try {
    for (let index = 0; index < config.warmupPublishes; index++) {
      await target.publish(CHANNEL, { seq: config.publishes + index, sentAt: performance.now() });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));

    const acknowledged: number[] = [];
    const start = performance.now();
    const stopCpuMeter = startCpuMeter(target.pid);
    let next = 0;
    // A few publishes in flight at once: strictly one at a time would measure the REST round trip.
    const publisher = async () => {
      while (next < config.publishes) {
        const seq = next++;
        await target.publish(CHANNEL, { seq, sentAt: performance.now() });
        acknowledged.push(seq);
      }
    };
    await Promise.all(Array.from({ length: config.inFlight }, publisher));
    const publishedAt = performance.now();
    const expected = acknowledged.length * opened.connections.length;
    await waitUntil(() => tracker.unique >= expected, config.drainMs, 5);
    const end = tracker.lastDeliveryAt > start ? tracker.lastDeliveryAt : performance.now();
    const elapsedMs = end - start;
    const cpu = stopCpuMeter();
    return {
      deliveriesPerSecond: (tracker.unique / elapsedMs) * 1_000,
      publishesPerSecond: (acknowledged.length / (publishedAt - start)) * 1_000,
      delivered: tracker.unique,
      expected,
      lost: tracker.lost(acknowledged, opened.connectedIndexes),
      duplicated: tracker.duplicated,
      elapsedMs,
      cpu,
      latency: tracker.latency(),
      connectFailures: opened.failures,
    };
  } finally {
    closeAll(opened.connections);
  }
}
