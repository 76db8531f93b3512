import { checkDatabase, databaseKind, listPendingMigrations } from "@/lib/db";
import { getStorageKind } from "@/lib/files/storage-kind";
import { getRealtimeMode } from "@/lib/realtime/config";

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
  storage: ReturnType<typeof getStorageKind>;
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
  const databaseReachable = await checkDatabase();
  const pendingMigrations = databaseReachable ? await findPendingMigrations() : null;
  return {
    ok: databaseReachable && pendingMigrations?.length === 0,
    database: databaseKind(),
    databaseReachable,
    pendingMigrations,
    realtime: getRealtimeMode(),
    storage: getStorageKind(),
  };
}
