import type { BenchConnection, ConnectOptions } from "../clients/types";
import type { RunningTarget } from "../targets";

export interface OpenedConnections {
  connections: BenchConnection[];
  /** Indexes (as passed to `options`) of the connections that opened. */
  connectedIndexes: number[];
  failures: number;
  firstError?: string;
}

/**
 * Opens `count` subscribed connections `batchSize` at a time: opening thousands at once overflows
 * the listen backlog and measures the kernel rather than the server.
 */
export async function openConnections(
  target: RunningTarget,
  count: number,
  options: (index: number) => ConnectOptions,
  batchSize = 100,
): Promise<OpenedConnections> {
  const result: OpenedConnections = { connections: [], connectedIndexes: [], failures: 0 };
  for (let start = 0; start < count; start += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, count - start) }, (_, offset) =>
      target.connect(options(start + offset)),
    );
    const outcomes = await Promise.allSettled(batch);
    for (const [offset, outcome] of outcomes.entries()) {
      if (outcome.status === "fulfilled") {
        result.connections.push(outcome.value);
        result.connectedIndexes.push(start + offset);
      } else {
        result.failures++;
        result.firstError ??= String(outcome.reason);
      }
    }
  }
  return result;
}

export function closeAll(connections: BenchConnection[]): void {
  for (const connection of connections) connection.close();
}

/**
 * Keeps `slots` clients connecting, subscribing, staying 0.5–2 s and leaving, until stopped, so
 * the server's subscriber sets change while it broadcasts.
 */
export function startChurn(target: RunningTarget, slots: number, channel: string) {
  let running = true;
  let cycles = 0;
  let failures = 0;
  const loops = Array.from({ length: slots }, async (_, slot) => {
    // Stagger the first connects so churn starts as a stream, not a burst.
    await new Promise((resolve) => setTimeout(resolve, (slot / slots) * 1_000));
    while (running) {
      try {
        const connection = await target.connect({ channel, timeoutMs: 10_000 });
        await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1_500));
        connection.close();
        cycles++;
      } catch {
        failures++;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return { cycles, failures };
    },
  };
}
