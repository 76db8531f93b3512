import "server-only";
import { z } from "zod";
import { limitAction } from "@/lib/rate-limit/actions";
import { socketIdSchema } from "./authorize";
import { userChannel } from "./channels";
import { publish } from "./publish";

export const devicePingSchema = z.object({ socketId: socketIdSchema.nullable() });
export type DevicePingInput = z.infer<typeof devicePingSchema>;

/**
 * Sends `realtime.ping` to every other tab and device where the actor is signed in: a quick
 * way to check that live updates reach them. The sending tab is excluded by its socket id.
 */
export async function pingOtherDevices({
  actor,
  socketId,
}: {
  actor: { id: string };
  socketId: string | null;
}) {
  await limitAction("devicePing", actor.id);
  const sentAt = Date.now();
  await publish(
    userChannel(actor.id),
    "realtime.ping",
    { from: actor.id, sentAt },
    { excludeSocketId: socketId },
  );
  return { sentAt };
}
