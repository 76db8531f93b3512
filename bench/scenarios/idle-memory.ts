import { sleep } from "../stats";
import type { RunningTarget } from "../targets";
import { closeAll, openConnections } from "./connections";

export interface IdleMemoryConfig {
  connections: number;
  /** Time given to the server after connecting, so RSS reflects steady state, not handshake garbage. */
  settleMs: number;
}

export interface IdleMemoryResult {
  connected: number;
  connectFailures: number;
  firstError?: string;
  rssBeforeKib: number;
  rssAfterKib: number;
  kibPerSocket: number;
  connectSeconds: number;
}

/** Server RSS growth per idle connection (each subscribed to one shared public channel). */
export async function runIdleMemory(
  target: RunningTarget,
  config: IdleMemoryConfig,
): Promise<IdleMemoryResult> {
  // One short-lived client first, so lazily loaded code paths are not charged to the sockets.
  const warm = await openConnections(target, 10, () => ({ channel: "bench-idle" }));
  closeAll(warm.connections);
  await sleep(config.settleMs);
  const rssBeforeKib = target.rssKib();
  const start = performance.now();
  const opened = await openConnections(target, config.connections, () => ({
    channel: "bench-idle",
    timeoutMs: 30_000,
  }));
  const connectSeconds = (performance.now() - start) / 1_000;
  try {
    await sleep(config.settleMs);
    const rssAfterKib = target.rssKib();
    const connected = opened.connections.length;
    return {
      connected,
      connectFailures: opened.failures,
      firstError: opened.firstError,
      rssBeforeKib,
      rssAfterKib,
      kibPerSocket: connected > 0 ? (rssAfterKib - rssBeforeKib) / connected : Number.NaN,
      connectSeconds,
    };
  } finally {
    // Stop the server first: it then holds the TIME_WAIT states, not the load generator's ports.
    await target.stop();
    closeAll(opened.connections);
  }
}
