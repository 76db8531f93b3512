import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CONTAINED_ERROR_MARKER } from "@/lib/launcher/process-guard";
import { startTarget } from "@/tests/realtime-conformance/target";
import { type FuzzTarget, fuzzRealtime, fuzzSettings } from "./realtime-properties";

// Seeded fuzzing of the realtime server: hostile REST calls, upgrades and frames (see
// realtime-properties.ts). FUZZ_SEED replays a run; FUZZ_RUNS sets the number of cases against
// the in-process server (the spawned process gets a quarter as many). `npm run fuzz:realtime`
// runs the same properties with 100,000 cases.

const { seed, total, runs } = fuzzSettings(2_400);
const spawnedRuns = {
  rest: Math.max(1, Math.round(runs.rest / 4)),
  upgrade: Math.max(1, Math.round(runs.upgrade / 4)),
  frames: Math.max(1, Math.round(runs.frames / 4)),
};
console.log(
  `realtime fuzz: seed ${seed}, ${total} cases in-process (replay with FUZZ_SEED=${seed} FUZZ_RUNS=${total})`,
);

const root = path.resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

const caseTimeout = Math.max(60_000, total * 100);

describe("realtime fuzz", () => {
  it(
    "the in-process server refuses every hostile request and frame, then serves pusher-js and the SDK",
    async () => {
      const target = await startTarget({ withWebhooks: true });
      try {
        await fuzzRealtime({ ...target, isAlive: () => true }, { seed, runs });
      } finally {
        await target.close();
      }
    },
    caseTimeout,
  );

  it(
    "npm run realtime, a real process, survives the same and its guard contains nothing",
    async () => {
      const probe = net.createServer();
      await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
      const { port } = probe.address() as net.AddressInfo;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const credentials = {
        PUSHER_APP_ID: "fuzz-app",
        PUSHER_KEY: "fuzz-key",
        PUSHER_SECRET: "fuzz-secret-0123456789abcdef",
      };
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/realtime.ts"], {
        cwd: root,
        env: { ...process.env, ...credentials, REALTIME_PORT: String(port), REALTIME_HOST: "127.0.0.1" },
      });
      children.push(child);
      let stdout = "";
      let stderr = "";
      child.stdout?.on("data", (chunk) => {
        stdout += chunk;
      });
      child.stderr?.on("data", (chunk) => {
        stderr += chunk;
      });
      const deadline = Date.now() + 30_000;
      while (!stdout.includes("listening")) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`realtime server did not start: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const target: FuzzTarget = {
        host: "127.0.0.1",
        port,
        appId: credentials.PUSHER_APP_ID,
        key: credentials.PUSHER_KEY,
        secret: credentials.PUSHER_SECRET,
        close: async () => {},
        isAlive: () => child.exitCode === null && child.signalCode === null,
      };
      await fuzzRealtime(target, { seed, runs: spawnedRuns });
      expect(target.isAlive()).toBe(true);
      // A contained error is a bug that the guard hid from the clients; none may happen.
      expect(stderr).not.toContain(CONTAINED_ERROR_MARKER);
      expect(stderr).not.toMatch(/\[error\]/);
    },
    caseTimeout,
  );
});
