import { checkDatabase, databaseKind } from "@/lib/db";
import { getStorageKind } from "@/lib/files/storage-kind";
import { checkRealtimeServerCached } from "@/lib/realtime/check";
import { getRealtimeMode, getRealtimeServerConfig } from "@/lib/realtime/config";

export interface Health {
  ok: boolean;
  database: "postgres" | "pglite";
  databaseReachable: boolean;
  realtime: ReturnType<typeof getRealtimeMode>;
  /** An external realtime server accepted a signed request (the embedded one is part of the app). */
  realtimeOk: boolean;
  /** Why not, in one line (a wrong secret, an unreachable host). */
  realtimeError?: string;
  storage: ReturnType<typeof getStorageKind>;
}

async function checkRealtime(mode: Health["realtime"]): Promise<{ ok: boolean; reason?: string }> {
  if (mode === "embedded") return { ok: true };
  try {
    return await checkRealtimeServerCached(getRealtimeServerConfig());
  } catch (error) {
    // Missing credentials: getRealtimeServerConfig names them.
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

export async function getHealth(): Promise<Health> {
  const realtime = getRealtimeMode();
  const [databaseReachable, realtimeCheck] = await Promise.all([checkDatabase(), checkRealtime(realtime)]);
  return {
    ok: databaseReachable && realtimeCheck.ok,
    database: databaseKind(),
    databaseReachable,
    realtime,
    realtimeOk: realtimeCheck.ok,
    ...(realtimeCheck.reason ? { realtimeError: realtimeCheck.reason } : {}),
    storage: getStorageKind(),
  };
}
