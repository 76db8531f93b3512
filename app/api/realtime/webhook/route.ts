// POST /api/realtime/webhook — signed channel and presence events from the realtime server
import { errorResponse } from "@/lib/errors";
import { readBodyText } from "@/lib/http/read-body";
import { MAX_WEBHOOK_BODY, verifyRealtimeWebhook } from "@/lib/realtime/webhook";

export async function POST(request: Request) {
  try {
    const rawBody = await readBodyText(request, { maxBytes: MAX_WEBHOOK_BODY, code: "too_large:webhook" });
    const events = verifyRealtimeWebhook(request.headers, rawBody);
    return Response.json({ received: events.length });
  } catch (error) {
    return errorResponse(error);
  }
}
