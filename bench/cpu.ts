import { readFileSync } from "node:fs";
import { processTree } from "./processes";

/** CPU used over a window, in cores (1 = one core fully busy for the whole window). */
export interface CpuUsage {
  server: number;
  loadGenerator: number;
  /** Every process on the machine: well above server + load generator means the run was disturbed. */
  machine: number;
}

// /proc reports in USER_HZ ticks, 100 per second on Linux.
const MS_PER_TICK = 10;

/** CPU time (user + system) a process has used, in milliseconds. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces; count fields from after its closing paren.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

/**
 * CPU time of each process in `pids` that is still running (a launcher and its workers, or a
 * database's backends); compare two readings with `cpuMsSince`: processes alive at both ends
 * count their difference, processes started in between count whole.
 */
export function cpuMsByPid(pids: number[]): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const pid of pids) {
    try {
      byPid.set(pid, processCpuMs(pid));
    } catch {
      // Exited while reading.
    }
  }
  return byPid;
}

export function cpuMsSince(now: Map<number, number>, start: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of now) total += ms - (start.get(pid) ?? 0);
  return total;
}

/** Busy CPU time of the whole machine (all cores, everything but idle and iowait), in milliseconds. */
export function machineBusyMs(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (
    ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * MS_PER_TICK
  );
}

/** Starts measuring; call the returned function at the end of the window. */
export function startCpuMeter(serverPid: number): () => CpuUsage {
  const wallStart = performance.now();
  const serverStart = cpuMsByPid(processTree(serverPid));
  const loadStart = process.cpuUsage();
  const machineStart = machineBusyMs();
  return () => {
    const wallMs = performance.now() - wallStart;
    const load = process.cpuUsage(loadStart);
    return {
      server: cpuMsSince(cpuMsByPid(processTree(serverPid)), serverStart) / wallMs,
      loadGenerator: (load.user + load.system) / 1_000 / wallMs,
      machine: (machineBusyMs() - machineStart) / wallMs,
    };
  };
}
