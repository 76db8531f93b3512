import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync } from "node:fs";
import net from "node:net";

/** A server under test, running in its own process so it never shares an event loop with the load. */
export interface ServerProcess {
  pid: number;
  /** Resolves with the first stdout line matching `pattern`, or rejects if the process dies first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  stop(): Promise<void>;
  /** The last lines the process wrote, for error messages. */
  outputTail(): string;
  /** Why the process ended, or null while it runs. */
  exitReason(): string | null;
}

const children = new Set<ChildProcess>();

export interface SpawnServerOptions {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd: string;
  /** Also append everything the process writes to this file. */
  logFile?: string;
}

/**
 * Spawns through `sh` so the child's soft file-descriptor limit can be raised to the hard limit
 * (10,000 idle sockets need more than common defaults); `exec` keeps the PID the server's own,
 * which matters because its RSS is read from /proc/<pid>.
 */
export function spawnServer(options: SpawnServerOptions): ServerProcess {
  const child = spawn(
    "sh",
    ["-c", 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', options.command, ...options.args],
    { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  if (child.pid === undefined) throw new Error(`could not spawn ${options.name}`);
  children.add(child);
  const tail: string[] = [];
  const lineListeners = new Set<(line: string) => void>();
  let exited: string | null = null;
  const exitListeners = new Set<() => void>();

  const log = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : undefined;
  const onChunk = (chunk: Buffer) => {
    log?.write(chunk);
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 30) tail.shift();
      for (const listener of lineListeners) listener(line);
    }
  };
  child.stdout?.on("data", onChunk);
  child.stderr?.on("data", onChunk);
  child.on("exit", (code, signal) => {
    children.delete(child);
    log?.end();
    exited = `${options.name} exited (code ${code}, signal ${signal})`;
    for (const listener of exitListeners) listener();
  });

  const outputTail = () => tail.join("\n");
  return {
    pid: child.pid,
    outputTail,
    exitReason: () => exited,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const done = (error: Error | null, line?: string) => {
          clearTimeout(timer);
          lineListeners.delete(onLine);
          exitListeners.delete(onExit);
          if (error) reject(error);
          else resolve(line ?? "");
        };
        const onLine = (line: string) => {
          if (pattern.test(line)) done(null, line);
        };
        const onExit = () => done(new Error(`${exited}\n${outputTail()}`));
        const timer = setTimeout(
          () => done(new Error(`${options.name} not ready after ${timeoutMs} ms\n${outputTail()}`)),
          timeoutMs,
        );
        const seen = tail.find((line) => pattern.test(line));
        if (seen) return done(null, seen);
        if (exited) return onExit();
        lineListeners.add(onLine);
        exitListeners.add(onExit);
      });
    },
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Kills every server still running; synchronous so it also works from an `exit` handler. */
export function killAllServers(): void {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
}

/** Resident set size of a process in KiB, from the kernel's own accounting. */
/** `pid` and every process descending from it (a launcher's workers, their helpers). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Exited while listing.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] as number) ?? []));
  return tree;
}

/** Resident memory of a process and its descendants. */
export function readTreeRssKib(pid: number): number {
  let total = 0;
  for (const member of processTree(pid)) {
    try {
      total += readRssKib(member);
    } catch {
      // Exited while reading.
    }
  }
  return total;
}

export function readRssKib(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

/** A loopback port free right now (the small race before the server binds it is acceptable here). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port assigned"));
      });
    });
  });
}

/** Polls an HTTP URL until it answers 2xx, for servers that print no machine-readable ready line. */
export async function waitForHttp(url: string, timeoutMs: number, server: ServerProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    const exited = server.exitReason();
    if (exited) throw new Error(`${exited}\n${server.outputTail()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${lastError})\n${server.outputTail()}`);
}
