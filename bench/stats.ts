/** Latency summary in milliseconds; nearest-rank percentiles. */
export interface LatencySummary {
  count: number;
  avg: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: Float64Array | number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const count = sorted.length;
  if (count === 0)
    return { count, avg: Number.NaN, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN };
  let sum = 0;
  for (const value of sorted) sum += value;
  const rank = (p: number) =>
    sorted[Math.min(count - 1, Math.max(0, Math.ceil(p * count) - 1))] ?? Number.NaN;
  return {
    count,
    avg: sum / count,
    p50: rank(0.5),
    p95: rank(0.95),
    p99: rank(0.99),
    max: sorted[count - 1] ?? Number.NaN,
  };
}

/**
 * Tracks which subscriber received which sequence number, so loss and duplication are exact
 * rather than inferred from totals (a duplicate could otherwise hide a loss).
 */
export class DeliveryTracker {
  private readonly seen: Uint8Array;
  private readonly latencies: number[] = [];
  unique = 0;
  duplicated = 0;
  /** Messages with a sequence number outside what was ever published. */
  unexpected = 0;
  lastDeliveryAt = 0;

  constructor(
    private readonly subscribers: number,
    private readonly maxSeq: number,
  ) {
    this.seen = new Uint8Array(subscribers * maxSeq);
  }

  record(subscriber: number, seq: number, sentAt: number): void {
    const now = performance.now();
    if (seq < 0 || seq >= this.maxSeq || subscriber >= this.subscribers) {
      this.unexpected++;
      return;
    }
    const index = subscriber * this.maxSeq + seq;
    if (this.seen[index]) {
      this.duplicated++;
      return;
    }
    this.seen[index] = 1;
    this.unique++;
    this.lastDeliveryAt = now;
    this.latencies.push(now - sentAt);
  }

  /** Deliveries still missing for acknowledged publishes, among the subscribers that connected. */
  lost(acknowledgedSeqs: number[], subscribers: number[]): number {
    let missing = 0;
    for (const subscriber of subscribers) {
      for (const seq of acknowledgedSeqs) if (!this.seen[subscriber * this.maxSeq + seq]) missing++;
    }
    return missing;
  }

  latency(): LatencySummary {
    return summarize(this.latencies);
  }
}

/** Resolves once `done()` is true or `timeoutMs` passes; polling keeps receivers free of callbacks. */
export async function waitUntil(done: () => boolean, timeoutMs: number, intervalMs = 20): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(intervalMs);
  }
  return true;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
