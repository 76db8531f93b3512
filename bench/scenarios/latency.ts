import { type CpuUsage, startCpuMeter } from "../cpu";
import { DeliveryTracker, type LatencySummary, sleep, waitUntil } from "../stats";
import type { RunningTarget } from "../targets";
import { closeAll, openConnections, startChurn } from "./connections";

export interface LatencyConfig {
  subscribers: number;
  churnClients: number;
  publishesPerSecond: number;
  durationMs: number;
  warmupMs: number;
  /** How long to wait for stragglers after the last acknowledged publish. */
  drainMs: number;
}

export interface LatencyResult {
  latency: LatencySummary;
  published: number;
  publishErrors: number;
  expected: number;
  lost: number;
  duplicated: number;
  connectFailures: number;
  churnCycles: number;
  churnFailures: number;
  cpu: CpuUsage;
}

const CHANNEL = "bench-latency";

/** Publish→receive latency over the REST API while other clients connect and leave. */
export async function runLatency(target: RunningTarget, config: LatencyConfig): Promise<LatencyResult> {
  const maxSeq = Math.ceil((config.publishesPerSecond * (config.durationMs + config.warmupMs)) / 1_000) + 10;
  const tracker = new DeliveryTracker(config.subscribers, maxSeq);
  // Warm-up messages (lower sequence numbers) may still arrive after measuring starts.
  let measureFrom = Number.POSITIVE_INFINITY;
  const opened = await openConnections(target, config.subscribers, (index) => ({
    channel: CHANNEL,
    onMessage: (seq, sentAt) => {
      if (seq >= measureFrom) tracker.record(index, seq, sentAt);
    },
  }));
  const churn = startChurn(target, config.churnClients, CHANNEL);
  const acknowledged: number[] = [];
  let publishErrors = 0;
  let seq = 0;

  const publishFor = async (durationMs: number, onAck: (seq: number) => void) => {
    const pending: Promise<void>[] = [];
    const interval = 1_000 / config.publishesPerSecond;
    const start = performance.now();
    // Scheduled against the start time so slow acknowledgements do not lower the publish rate.
    for (let index = 0; performance.now() - start < durationMs; index++) {
      const current = seq++;
      pending.push(
        target.publish(CHANNEL, { seq: current, sentAt: performance.now() }).then(
          () => onAck(current),
          () => {
            publishErrors++;
          },
        ),
      );
      await sleep(Math.max(0, start + (index + 1) * interval - performance.now()));
    }
    await Promise.all(pending);
  };

  try {
    await publishFor(config.warmupMs, () => {});
    await sleep(200);
    const firstMeasured = seq;
    measureFrom = firstMeasured;
    publishErrors = 0;
    const stopCpuMeter = startCpuMeter(target.pid);
    await publishFor(config.durationMs, (acked) => acknowledged.push(acked));
    const cpu = stopCpuMeter();
    const expected = acknowledged.length * opened.connections.length;
    await waitUntil(() => tracker.unique >= expected, config.drainMs);
    const churnStats = await churn.stop();
    return {
      latency: tracker.latency(),
      published: seq - firstMeasured,
      publishErrors,
      expected,
      lost: tracker.lost(acknowledged, opened.connectedIndexes),
      duplicated: tracker.duplicated,
      connectFailures: opened.failures,
      churnCycles: churnStats.cycles,
      churnFailures: churnStats.failures,
      cpu,
    };
  } finally {
    await churn.stop();
    closeAll(opened.connections);
  }
}
