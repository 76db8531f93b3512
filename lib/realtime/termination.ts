import { reconnectDelay } from "./reconnect";

// When the app revokes a session it closes the user's realtime connections through the HTTP
// API's terminate_connections. That call works per user, not per session, and hosted Pusher,
// soketi and the embedded server all close the sockets with 4009 ("unauthorized"), which
// pusher-js reads as "do not reconnect" (4000–4099) and leaves the client disconnected. A device
// whose own session is still valid (the person signed out on another device) must come back on
// its own; one whose session was revoked must not, and shows the person signed out instead.

/** The close / pusher:error code of a terminated connection. */
export const TERMINATED_CODE = 4009;

/** A connection that lasted this long was not part of a refusal loop: start the back-off afresh. */
const STABLE_MS = 60_000;

type StateChange = (change: { previous: string; current: string }) => void;

/** The part of pusher-js's connection this needs (its public API). */
export interface TerminableConnection {
  state: string;
  connect(): void;
  bind(event: "error", callback: (error: unknown) => void): unknown;
  bind(event: "state_change", callback: StateChange): unknown;
  unbind(event: "error", callback: (error: unknown) => void): unknown;
  unbind(event: "state_change", callback: StateChange): unknown;
}

function isTermination(error: unknown): boolean {
  const data = (error as { data?: { code?: unknown } } | null)?.data;
  return data?.code === TERMINATED_CODE;
}

/**
 * After the server terminates the connection, asks `isSessionValid` (after a short, jittered
 * back-off, which also spreads the reconnects of many devices) and reconnects when it is, or
 * calls `onSessionEnded` when it is not. Returns a function that stops.
 */
export function recoverFromTermination(
  connection: TerminableConnection,
  {
    isSessionValid,
    onSessionEnded,
    delay = reconnectDelay,
  }: {
    isSessionValid: () => Promise<boolean>;
    onSessionEnded: () => void;
    delay?: (attempt: number) => number;
  },
): () => void {
  let wasTerminated = false;
  let attempt = 0;
  let connectedAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let isStopped = false;

  const check = async () => {
    timer = undefined;
    // A failed check (the app briefly unreachable) reconnects: channel and user authorisation
    // still refuse a revoked session, so nothing is received that should not be.
    const isValid = await isSessionValid().catch(() => true);
    if (isStopped || connection.state !== "disconnected") return;
    if (isValid) connection.connect();
    else onSessionEnded();
  };
  const onError = (error: unknown) => {
    if (isTermination(error)) wasTerminated = true;
  };
  const onStateChange = ({ current }: { current: string }) => {
    if (current === "connected") {
      connectedAt = Date.now();
      return;
    }
    if (current !== "disconnected" || !wasTerminated || timer) return;
    wasTerminated = false;
    if (Date.now() - connectedAt > STABLE_MS) attempt = 0;
    timer = setTimeout(() => void check(), delay(attempt++));
  };

  connection.bind("error", onError);
  connection.bind("state_change", onStateChange);
  return () => {
    isStopped = true;
    clearTimeout(timer);
    connection.unbind("error", onError);
    connection.unbind("state_change", onStateChange);
  };
}
