import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "./data-dir-lock";

let root: string;
let dir: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "parley-lock-"));
  dir = path.join(root, "db");
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A real process that stays alive until killed. */
function startSleeper() {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  return child;
}

async function pidOfExitedProcess(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  if (child.pid === undefined) throw new Error("child did not start");
  return child.pid;
}

describe("acquireDataDirLock", () => {
  it("writes our PID beside the folder and removes it on release", () => {
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(`${dir}.lock`, "utf8").trim()).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });

  it("refuses a second open in the same process", () => {
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(/already open in this process/);
    lock.release();
    acquireDataDirLock(dir).release();
  });

  it("refuses while another live process holds the folder, naming its PID", async () => {
    const sleeper = startSleeper();
    try {
      fs.writeFileSync(`${dir}.lock`, `${sleeper.pid}\n`);
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(`in use by another process (PID ${sleeper.pid})`);
      expect(fs.readFileSync(`${dir}.lock`, "utf8").trim()).toBe(String(sleeper.pid));
    } finally {
      sleeper.kill();
    }
  });

  it("takes over a lock left by a process that has exited", async () => {
    const deadPid = await pidOfExitedProcess();
    fs.writeFileSync(`${dir}.lock`, `${deadPid}\n`);
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(`${dir}.lock`, "utf8").trim()).toBe(String(process.pid));
    lock.release();
  });

  it("treats a leftover lock with our own PID as stale (containers reuse PIDs)", () => {
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(`${dir}.lock`, `${process.pid}\n`);
    const lock = acquireDataDirLock(dir);
    lock.release();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });

  it("never touches the data folder itself", async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "PG_VERSION"), "17\n");
    const deadPid = await pidOfExitedProcess();
    fs.writeFileSync(`${dir}.lock`, `${deadPid}\n`);
    acquireDataDirLock(dir).release();
    expect(fs.readFileSync(path.join(dir, "PG_VERSION"), "utf8")).toBe("17\n");
  });
});
