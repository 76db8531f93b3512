import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

// Test-only: a real PgBouncer (Debian's `pgbouncer` package) in transaction mode, started as a
// plain child process with its own ini file, in front of a PostgreSQL server. Every database on
// that server is reachable through it under the same name.

export interface PgBouncer {
  port: number;
  pid: number;
  /** A URL to `database` through PgBouncer, as `user` of the upstream URL; `query` appended as is. */
  url(database: string, query?: string): string;
  /** Runs a command on PgBouncer's admin console (SHOW CLIENTS, SHOW SERVERS, …). */
  admin<Row>(command: string): Promise<Row[]>;
  /** Everything PgBouncer logged so far. */
  log(): string;
  /** Stops it by PID and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

/** The pgbouncer executable on PATH or where Debian puts it, if installed. */
export function findPgBouncer(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/local/sbin"];
  return dirs.map((dir) => path.join(dir, "pgbouncer")).find((file) => isExecutable(file));
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** [major, minor] of the installed PgBouncer. */
function versionOf(executable: string): [number, number] {
  const output = execFileSync(executable, ["--version"], { encoding: "utf8" });
  const match = /PgBouncer (\d+)\.(\d+)/.exec(output);
  if (!match) throw new Error(`Cannot read PgBouncer's version from: ${output.trim()}`);
  return [Number(match[1]), Number(match[2])];
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startPgBouncer({
  executable,
  upstreamUrl,
  serverConnections,
}: {
  executable: string;
  /** A PostgreSQL URL; its host, port and user are what PgBouncer connects with. */
  upstreamUrl: string;
  /** Server connections per database and user (default_pool_size). */
  serverConnections: number;
}): Promise<PgBouncer> {
  const upstream = new URL(upstreamUrl);
  const user = decodeURIComponent(upstream.username || "postgres");
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-pgbouncer-"));
  const [major, minor] = versionOf(executable);
  const ini = [
    "[databases]",
    `* = host=${upstream.hostname} port=${upstream.port || "5432"}`,
    "",
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    // The upstream server trusts loopback (tests/integration/db.ts); PgBouncer still wants the
    // user listed.
    "auth_type = trust",
    `auth_file = ${path.join(dir, "users.txt")}`,
    `admin_users = ${user}`,
    "pool_mode = transaction",
    `default_pool_size = ${serverConnections}`,
    "max_client_conn = 200",
    "ignore_startup_parameters = extra_float_digits,options",
    // From 1.21 PgBouncer can track named prepared statements itself; keep the behaviour of the
    // poolers that do not (Supavisor, older PgBouncer, this one's default before 1.24).
    ...(major > 1 || minor >= 21 ? ["max_prepared_statements = 0"] : []),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(dir, "pgbouncer.ini"), ini);
  fs.writeFileSync(path.join(dir, "users.txt"), `"${user}" ""\n`);
  // PgBouncer refuses to run as root; it then switches to -u's account, which must read its files.
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    fs.chmodSync(dir, 0o755);
    for (const file of ["pgbouncer.ini", "users.txt"]) fs.chmodSync(path.join(dir, file), 0o644);
  }
  const args = [...(isRoot ? ["-u", "nobody"] : []), path.join(dir, "pgbouncer.ini")];
  const child: ChildProcess = spawn(executable, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start ${executable}`);

  const url = (database: string, query = "") => {
    const target = new URL(`postgresql://127.0.0.1:${port}/${database}`);
    target.username = upstream.username || "postgres";
    return `${target.href}${query}`;
  };
  const admin = async <Row>(command: string) => {
    const client = new pg.Client({ connectionString: url("pgbouncer") });
    await client.connect();
    try {
      return (await client.query(command)).rows as Row[];
    } finally {
      await client.end();
    }
  };
  let isStopped = false;
  const stop = async () => {
    if (isStopped) return;
    isStopped = true;
    if (!hasExited) {
      process.kill(pid, "SIGTERM");
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (hasExited) {
      await stop();
      throw new Error(`PgBouncer exited at start-up:\n${output}`);
    }
    try {
      await admin("SHOW VERSION");
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`PgBouncer did not answer within 10 s (${String(error)}):\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { port, pid, url, admin, log: () => output, stop };
}
