import { checkDatabase, databaseKind } from "@/lib/db";
import { getStorageKind } from "@/lib/files/storage-kind";
import { getRealtimeMode } from "@/lib/realtime/config";

export interface Health {
  ok: boolean;
  database: "postgres" | "pglite";
  databaseReachable: boolean;
  realtime: ReturnType<typeof getRealtimeMode>;
  storage: ReturnType<typeof getStorageKind>;
}

export async function getHealth(): Promise<Health> {
  const databaseReachable = await checkDatabase();
  return {
    ok: databaseReachable,
    database: databaseKind(),
    databaseReachable,
    realtime: getRealtimeMode(),
    storage: getStorageKind(),
  };
}
