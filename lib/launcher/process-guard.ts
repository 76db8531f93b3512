// The servers' last line of defence. Every parse of what a client sends is meant to be total and
// every socket and request handler contains its own failures; an error that still escapes one is
// a bug, and it must cost the connection it came from, not every connection the process serves.
// Installed by the entry scripts once they serve (a failing start-up still exits), never by the
// library code tests import, so a test still sees every error.

/** Starts each line the guard writes, so a test can assert that nothing was contained. */
export const CONTAINED_ERROR_MARKER = "[contained error]";

/** Full reports per minute; past that only a count, so a flood of one bug cannot flood the log. */
const REPORTS_PER_MINUTE = 10;

export function installProcessGuard(
  options: { name: string; write?: (line: string) => void; now?: () => number } = { name: "process" },
): () => void {
  const write = options.write ?? ((line: string) => console.error(line));
  const now = options.now ?? Date.now;
  let windowStart = now();
  let reported = 0;
  let suppressed = 0;

  const contain = (kind: string, error: unknown) => {
    const time = now();
    if (time - windowStart >= 60_000) {
      if (suppressed > 0) {
        write(`${CONTAINED_ERROR_MARKER} ${options.name}: ${suppressed} more were not reported in full`);
      }
      windowStart = time;
      reported = 0;
      suppressed = 0;
    }
    if (reported >= REPORTS_PER_MINUTE) {
      suppressed += 1;
      return;
    }
    reported += 1;
    const details = error instanceof Error ? (error.stack ?? error.message) : String(error);
    write(`${CONTAINED_ERROR_MARKER} ${options.name}: ${kind}, still serving: ${details}`);
  };
  const onException = (error: unknown) => contain("uncaught exception", error);
  const onRejection = (reason: unknown) => contain("unhandled rejection", reason);
  process.on("uncaughtException", onException);
  process.on("unhandledRejection", onRejection);
  return () => {
    process.off("uncaughtException", onException);
    process.off("unhandledRejection", onRejection);
  };
}
