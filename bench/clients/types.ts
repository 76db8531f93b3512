/** What every benchmark message carries: a sequence number and the sender's `performance.now()`. */
export interface BenchPayload {
  seq: number;
  sentAt: number;
}

export type OnBenchMessage = (seq: number, sentAt: number) => void;

/** One client socket, already subscribed to its channel when handed out. */
export interface BenchConnection {
  close(): void;
}

export interface ConnectOptions {
  channel: string;
  onMessage?: OnBenchMessage;
  timeoutMs?: number;
}

/** Event name used for benchmark messages on every server. */
export const BENCH_EVENT = "bench";

// Matches the payload both raw (`"seq":1`) and as a JSON string inside a Pusher frame (`\"seq\":1`),
// so receivers can skip two JSON.parse calls per frame: the load generator must stay cheap.
const PAYLOAD_PATTERN = /seq\\?":(\d+),\\?"sentAt\\?":([\d.]+)/;

export function readPayload(frame: string): BenchPayload | null {
  const match = PAYLOAD_PATTERN.exec(frame);
  if (!match?.[1] || !match[2]) return null;
  return { seq: Number(match[1]), sentAt: Number(match[2]) };
}
