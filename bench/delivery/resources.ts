import pg from "pg";
import { type CpuUsage, processCpuMs, startCpuMeter } from "../cpu";
import { readRssKib } from "../processes";

// Server CPU and memory over the measured window, plus the CPU of the PostgreSQL backends that
// serve the benchmark's database (they run beside the server on this machine and share its cores).

export interface ResourceUsage extends CpuUsage {
  postgres: number;
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

function cpuMsOf(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += processCpuMs(pid);
    } catch {
      // A backend that exited (pool recycling) stops counting; the figure is a lower bound.
    }
  }
  return total;
}

export async function startResourceMeter(serverPid: number, databaseUrl: string) {
  const pids = await backendPids(databaseUrl);
  const wallStart = performance.now();
  const postgresStart = cpuMsOf(pids);
  const cpu = startCpuMeter(serverPid);
  const rssStart = readRssKib(serverPid);
  let rssPeak = rssStart;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, readRssKib(serverPid));
  }, 250);
  return (): ResourceUsage => {
    clearInterval(sampler);
    const usage = cpu();
    const rssEnd = readRssKib(serverPid);
    rssPeak = Math.max(rssPeak, rssEnd);
    return {
      ...usage,
      postgres: (cpuMsOf(pids) - postgresStart) / (performance.now() - wallStart),
      rssStartMib: rssStart / 1024,
      rssPeakMib: rssPeak / 1024,
      rssEndMib: rssEnd / 1024,
    };
  };
}
