import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CpuUsage } from "./cpu";
import { disturbances, lessDisturbed, type Results, resultsTable, targetVerdicts } from "./report";
import type { FanOutResult } from "./scenarios/fan-out";
import type { LatencyResult } from "./scenarios/latency";

const cpu: CpuUsage = { server: 0.5, loadGenerator: 0.5, machine: 1.1 };
const latency = (avg: number, p95: number, lost = 0): LatencyResult => ({
  latency: { count: 100, avg, p50: avg, p95, p99: p95, max: p95 },
  published: 10,
  publishErrors: 0,
  expected: 100,
  lost,
  duplicated: 0,
  connectFailures: 0,
  churnCycles: 0,
  churnFailures: 0,
  cpu,
});
const fanOut = (deliveriesPerSecond: number): FanOutResult => ({
  deliveriesPerSecond,
  publishesPerSecond: deliveriesPerSecond / 1_000,
  delivered: 1_000,
  expected: 1_000,
  lost: 0,
  duplicated: 0,
  elapsedMs: 1_000,
  cpu,
  latency: { count: 1_000, avg: 1, p50: 1, p95: 1, p99: 1, max: 1 },
  connectFailures: 0,
});

describe("targetVerdicts", () => {
  it("holds the embedded server to soketi and Socket.IO", () => {
    const results: Results = {
      embedded: { latency: latency(5, 9), fanOut: fanOut(60_000), errors: [] },
      soketi: { latency: latency(6, 8), fanOut: fanOut(80_000), errors: [] },
      "socket.io": { latency: latency(9, 20), fanOut: fanOut(70_000), errors: [] },
    };
    const verdicts = Object.fromEntries(targetVerdicts(results).map((v) => [v.target, v.verdict]));
    assert.deepEqual(verdicts, {
      "latency p95 ≤ soketi": "FAIL",
      "latency avg ≤ soketi": "PASS",
      "fan-out ≥ 0.7 × soketi": "PASS",
      "fan-out ≥ socket.io": "FAIL",
      "idle ≤ 10 KB per socket": "n/a",
      "0 lost, 0 duplicated": "PASS",
    });
  });

  it("fails the delivery target on a single lost message, and says n/a for servers not run", () => {
    const results: Results = { embedded: { latency: latency(5, 9, 1), fanOut: fanOut(1), errors: [] } };
    const verdicts = Object.fromEntries(targetVerdicts(results).map((v) => [v.target, v.verdict]));
    assert.equal(verdicts["0 lost, 0 duplicated"], "FAIL");
    assert.equal(verdicts["latency p95 ≤ soketi"], "n/a");
  });
});

describe("resultsTable", () => {
  it("prints one column per server run and embedded ratios", () => {
    const table = resultsTable({
      embedded: { latency: latency(5, 9), errors: [] },
      soketi: { latency: latency(10, 18), errors: [] },
    });
    const header = table.split("\n")[0];
    assert.equal(header, "| metric | embedded | soketi | embedded ÷ soketi | embedded ÷ socket.io |");
    assert.match(table, /\| latency avg \(ms\) \| 5\.00 \| 10\.00 \| 0\.50× \| – \|/);
    assert.doesNotMatch(table, /fan-out/);
  });
});

describe("disturbances", () => {
  it("flags a measurement during which other processes used the CPU", () => {
    const busy = { ...latency(5, 9), cpu: { server: 0.5, loadGenerator: 0.5, machine: 1.9 } };
    assert.deepEqual(
      disturbances({
        embedded: { latency: busy, errors: [] },
        soketi: { latency: latency(5, 9), errors: [] },
      }),
      ["embedded latency: other processes used 0.90 cores of 2"],
    );
  });
});

describe("lessDisturbed", () => {
  it("keeps the round with the least CPU taken by other processes, the earlier one on a tie", () => {
    const quiet = { latency: { ...latency(9, 9), cpu: { server: 0.5, loadGenerator: 0.5, machine: 1.0 } } };
    const busy = { latency: { ...latency(4, 4), cpu: { server: 0.5, loadGenerator: 0.5, machine: 1.8 } } };
    const alsoQuiet = {
      latency: { ...latency(5, 5), cpu: { server: 0.5, loadGenerator: 0.5, machine: 1.0 } },
    };
    assert.equal(lessDisturbed(undefined, busy), busy);
    assert.equal(lessDisturbed(busy, quiet), quiet);
    assert.equal(lessDisturbed(quiet, busy), quiet);
    assert.equal(lessDisturbed(quiet, alsoQuiet), quiet);
  });
});
