import { checkDatabase, databaseKind, listPendingMigrations } from "@/lib/db";
import { getStorageKind } from "@/lib/files/storage-kind";
import { checkRealtimeServerCached } from "@/lib/realtime/check";
import { getRealtimeMode, getRealtimeServerConfig } from "@/lib/realtime/config";

export interface Health {
  ok: boolean;
  database: "postgres" | "pglite";
  databaseReachable: boolean;
  /**
   * Committed migrations the database has not applied, oldest first; null when the database
   * could not be asked. Until they are applied the app is not usable, so health is not ok.
   */
  pendingMigrations: string[] | null;
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

async function findPendingMigrations(): Promise<string[] | null> {
  try {
    return await listPendingMigrations();
  } catch (error) {
    const reason = error instanceof Error ? error.message.trim().split("\n").at(-1) : String(error);
    console.error(`Health check could not list pending migrations: ${reason}`);
    return null;
  }
}

export async function getHealth(): Promise<Health> {
  const realtime = getRealtimeMode();
  const [databaseReachable, realtimeCheck] = await Promise.all([checkDatabase(), checkRealtime(realtime)]);
  const pendingMigrations = databaseReachable ? await findPendingMigrations() : null;
  return {
    ok: databaseReachable && pendingMigrations?.length === 0 && realtimeCheck.ok,
    database: databaseKind(),
    databaseReachable,
    pendingMigrations,
    realtime,
    realtimeOk: realtimeCheck.ok,
    ...(realtimeCheck.reason ? { realtimeError: realtimeCheck.reason } : {}),
    storage: getStorageKind(),
  };
}
