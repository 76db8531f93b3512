// pusher-js gives each reconnect attempt a 15 s timeout that doubles up to 60 s, and waits the
// timeout out even when the server refuses the connection at once. After the realtime server
// restarts, a tab could sit on "Reconnecting…" for up to a minute with nothing wrong any more.
// No client option shortens that, so once an established connection is lost this restarts the
// attempt on a shorter, jittered back-off of its own (jitter spreads a restart's reconnect
// storm). The first connect is left to pusher-js: on a slow start, aborting it would only delay.

const FIRST_DELAY_MS = 2_000;
const MAX_DELAY_MS = 10_000;

/** Milliseconds before retry number `attempt` (0-based): 2, 4, 8, then 10 s, each 0–30 % longer. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_DELAY_MS * 2 ** attempt, MAX_DELAY_MS);
  return Math.round(base * (1 + 0.3 * random()));
}

/** The part of pusher-js's connection this needs (its public API). */
export interface ReconnectableConnection {
  state: string;
  bind(event: "state_change", callback: (change: { previous: string; current: string }) => void): unknown;
  unbind(event: "state_change", callback: (change: { previous: string; current: string }) => void): unknown;
  connect(): void;
  disconnect(): void;
}

const isLost = (state: string) => state === "connecting" || state === "unavailable";

/**
 * Restarts the connection attempt on the back-off above for as long as a connection that was
 * established is lost (not when it was disconnected on purpose). Returns a function that stops.
 */
export function keepReconnecting(connection: ReconnectableConnection): () => void {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let isRetrying = false;
  let hasConnected = connection.state === "connected";

  const retry = () => {
    timer = undefined;
    if (!isLost(connection.state)) return;
    // disconnect() then connect() is the public way to abort the pending attempt and start
    // a fresh one; channels and the user sign-in are restored once it connects.
    isRetrying = true;
    connection.disconnect();
    connection.connect();
    isRetrying = false;
    schedule();
  };
  const schedule = () => {
    if (timer || !hasConnected || !isLost(connection.state)) return;
    timer = setTimeout(retry, reconnectDelay(attempt++));
  };
  const onStateChange = ({ current }: { current: string }) => {
    if (isRetrying) return;
    if (isLost(current)) {
      schedule();
      return;
    }
    clearTimeout(timer);
    timer = undefined;
    if (current === "connected") {
      hasConnected = true;
      attempt = 0;
    }
  };

  connection.bind("state_change", onStateChange);
  return () => {
    clearTimeout(timer);
    connection.unbind("state_change", onStateChange);
  };
}
