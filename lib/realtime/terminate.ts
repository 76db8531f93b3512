import "server-only";
import { assertAccepted } from "./check";
import { getPusher } from "./publish";

/**
 * Closes every realtime connection signed in as `userId` (the HTTP API's
 * `terminate_connections`; hosted Pusher, soketi and the embedded server close them with 4009).
 * Called after a revocation is saved, and awaited. A failure is logged, not thrown: the revocation
 * stands and already refuses the session at channel and user authorisation, so a socket that
 * survives can no longer resubscribe once it drops; failing the request would only hide that the
 * password or sign-out went through.
 */
export async function closeUserConnections(userId: string): Promise<boolean> {
  try {
    const response = await getPusher().terminateUserConnections(userId);
    await assertAccepted(response, "to close a person's connections");
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\?\S*/g, "") : String(error);
    const status = (error as { status?: number }).status;
    console.error("Could not close the realtime connections of a revoked session.", {
      userId,
      error: status ? `${reason}: HTTP ${status}` : reason,
    });
    return false;
  }
}
