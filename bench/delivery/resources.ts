import pg from "pg";
import { type CpuUsage, cpuMsByPid, cpuMsSince, processCpuMs, startCpuMeter } from "../cpu";
import { readTreeRssKib } from "../processes";

// Server CPU and memory over the measured window, plus the CPU of the PostgreSQL backends that
// serve the benchmark's database (they run beside the server on this machine and share its cores).

export interface ResourceUsage extends CpuUsage {
  postgres: number;
  /** Cores used by a standalone realtime server process, when there is one. */
  realtime?: number;
  /** Cores used by the launcher process itself (with the embedded realtime server, its share). */
  launcher: number;
  rssStartMib: number;
  rssPeakMib: number;
  rssEndMib: number;
}

async function backendPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const name = new URL(databaseUrl).pathname.slice(1);
    const { rows } = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [name],
    );
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

/**
 * CPU the backends used since `start`: backends alive at both ends count their difference,
 * backends the pool opened since count whole; a backend that exited meanwhile (pool recycling)
 * takes its share along, so the figure is a lower bound, never negative.
 */
async function backendCpuMsSince(databaseUrl: string, start: Map<number, number>): Promise<number> {
  return cpuMsSince(cpuMsByPid(await backendPids(databaseUrl)), start);
}

export async function startResourceMeter(serverPid: number, databaseUrl: string, realtimePid?: number) {
  const postgresStart = cpuMsByPid(await backendPids(databaseUrl));
  const realtimeStart = realtimePid ? processCpuMs(realtimePid) : 0;
  const launcherStart = processCpuMs(serverPid);
  const wallStart = performance.now();
  const cpu = startCpuMeter(serverPid);
  const rssStart = readTreeRssKib(serverPid);
  let rssPeak = rssStart;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, readTreeRssKib(serverPid));
  }, 250);
  return async (): Promise<ResourceUsage> => {
    clearInterval(sampler);
    const usage = cpu();
    const wallMs = performance.now() - wallStart;
    const postgresMs = await backendCpuMsSince(databaseUrl, postgresStart);
    const rssEnd = readTreeRssKib(serverPid);
    rssPeak = Math.max(rssPeak, rssEnd);
    return {
      ...usage,
      postgres: postgresMs / wallMs,
      launcher: (processCpuMs(serverPid) - launcherStart) / wallMs,
      ...(realtimePid ? { realtime: (processCpuMs(realtimePid) - realtimeStart) / wallMs } : {}),
      rssStartMib: rssStart / 1024,
      rssPeakMib: rssPeak / 1024,
      rssEndMib: rssEnd / 1024,
    };
  };
}
