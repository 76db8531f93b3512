import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getPusher } from "./publish";

const webhookEventSchema = z.discriminatedUnion("name", [
  z.object({ name: z.literal("channel_occupied"), channel: z.string() }),
  z.object({ name: z.literal("channel_vacated"), channel: z.string() }),
  z.object({ name: z.literal("member_added"), channel: z.string(), user_id: z.string() }),
  z.object({ name: z.literal("member_removed"), channel: z.string(), user_id: z.string() }),
  z.object({
    name: z.literal("client_event"),
    channel: z.string(),
    event: z.string(),
    data: z.string(),
    socket_id: z.string(),
    user_id: z.string().optional(),
  }),
  z.object({ name: z.literal("cache_miss"), channel: z.string() }),
  z.object({ name: z.literal("subscription_count"), channel: z.string(), subscription_count: z.number() }),
]);

export type RealtimeWebhookEvent = z.infer<typeof webhookEventSchema>;

/** A batch of events is a few KB; the route stops reading past this. */
export const MAX_WEBHOOK_BODY = 256 * 1024;

/**
 * Verifies a webhook from the realtime server with the SDK (key + HMAC of the raw body)
 * and returns its events. Unknown event kinds are ignored rather than failing the batch,
 * so a newer server cannot make us reject — and it then retry — every delivery.
 */
export function verifyRealtimeWebhook(headers: Headers, rawBody: string): RealtimeWebhookEvent[] {
  if (rawBody.length > MAX_WEBHOOK_BODY) throw new AppError("too_large:webhook");
  const webhook = getPusher().webhook({
    headers: Object.fromEntries(headers.entries()),
    rawBody,
  });
  if (!webhook.isValid()) throw new AppError("unauthorized:webhook", "Invalid webhook signature.");
  const events: unknown = webhook.getEvents();
  if (!Array.isArray(events)) throw new AppError("invalid:webhook", "The webhook has no events.");
  return events.flatMap((event) => {
    const parsed = webhookEventSchema.safeParse(event);
    return parsed.success ? [parsed.data] : [];
  });
}
