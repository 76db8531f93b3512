import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONTAINED_ERROR_MARKER } from "./process-guard";

const root = path.resolve(import.meta.dirname, "../..");

/** Runs `body` in a fresh Node process (ESM, tsx loader) and collects its exit code and output. */
function run(body: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", body], {
    cwd: root,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

// Errors escaping handlers the way they do in a server: from a timer, an event listener, a promise.
const escapingErrors = `
  setTimeout(() => { throw new Error("thrown from a timer"); }, 5);
  const { EventEmitter } = await import("node:events");
  const emitter = new EventEmitter();
  emitter.on("request", () => { throw new Error("thrown from a listener"); });
  setTimeout(() => emitter.emit("request"), 10);
  setTimeout(() => { Promise.reject(new Error("rejected and forgotten")); }, 15);
  setTimeout(() => { console.log("still serving"); process.exit(0); }, 100);
`;

describe("installProcessGuard", () => {
  it("logs errors that escape handlers and keeps the process running", async () => {
    const result = await run(`
      const { installProcessGuard } = await import("./lib/launcher/process-guard.ts");
      installProcessGuard({ name: "test server" });
      ${escapingErrors}
    `);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("still serving");
    const lines = result.stderr.split("\n").filter((line) => line.startsWith(CONTAINED_ERROR_MARKER));
    expect(lines).toHaveLength(3);
    expect(result.stderr).toMatch(
      /test server: uncaught exception, still serving: Error: thrown from a timer/,
    );
    expect(result.stderr).toContain("thrown from a listener");
    expect(result.stderr).toMatch(/unhandled rejection, still serving: Error: rejected and forgotten/);
  });

  it("without it, the first such error ends the process (what the guard is for)", async () => {
    const result = await run(escapingErrors);
    expect(result.code).not.toBe(0);
    expect(result.stdout).not.toContain("still serving");
  });

  it("reports at most ten errors a minute in full, then counts the rest", async () => {
    const result = await run(`
      const { installProcessGuard } = await import("./lib/launcher/process-guard.ts");
      let time = 0;
      installProcessGuard({ name: "busy", now: () => time });
      for (let i = 0; i < 25; i++) setTimeout(() => { throw new Error("bug " + i); }, 1);
      setTimeout(() => { time = 60_000; throw new Error("a minute later"); }, 50);
      setTimeout(() => process.exit(0), 100);
    `);
    expect(result.code).toBe(0);
    const lines = result.stderr.split("\n").filter((line) => line.startsWith(CONTAINED_ERROR_MARKER));
    expect(lines.filter((line) => line.includes("Error: bug"))).toHaveLength(10);
    expect(result.stderr).toContain("busy: 15 more were not reported in full");
    expect(result.stderr).toContain("a minute later");
  });
});
