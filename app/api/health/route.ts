// GET /api/health — liveness, pending migrations, and which database, realtime and storage engines are in use
import { getHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await getHealth();
  return Response.json(health, {
    status: health.ok ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
