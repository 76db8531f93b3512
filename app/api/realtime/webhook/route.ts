// POST /api/realtime/webhook — signed channel and presence events from the realtime server
import { errorResponse } from "@/lib/errors";
import { verifyRealtimeWebhook } from "@/lib/realtime/webhook";

export async function POST(request: Request) {
  try {
    const events = verifyRealtimeWebhook(request.headers, await request.text());
    return Response.json({ received: events.length });
  } catch (error) {
    return errorResponse(error);
  }
}
