import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readPayload } from "./clients/types";
import { DeliveryTracker, summarize } from "./stats";

describe("summarize", () => {
  it("gives nearest-rank percentiles, mean and max", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.deepEqual(summarize(samples), { count: 100, avg: 50.5, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it("reports NaN rather than zero when nothing arrived", () => {
    const empty = summarize([]);
    assert.equal(empty.count, 0);
    assert.ok(Number.isNaN(empty.avg) && Number.isNaN(empty.p95));
  });
});

describe("DeliveryTracker", () => {
  it("counts each subscriber's first copy once, and every extra copy as a duplicate", () => {
    const tracker = new DeliveryTracker(2, 3);
    const sentAt = performance.now();
    tracker.record(0, 0, sentAt);
    tracker.record(0, 0, sentAt);
    tracker.record(1, 0, sentAt);
    tracker.record(1, 2, sentAt);
    tracker.record(1, 7, sentAt);
    assert.equal(tracker.unique, 3);
    assert.equal(tracker.duplicated, 1);
    assert.equal(tracker.unexpected, 1);
    assert.equal(tracker.latency().count, 3);
  });

  it("counts as lost only acknowledged publishes missing at connected subscribers", () => {
    const tracker = new DeliveryTracker(3, 4);
    tracker.record(0, 0, 0);
    tracker.record(0, 1, 0);
    tracker.record(1, 1, 0);
    // Subscriber 2 never connected; publish 3 was never acknowledged.
    assert.equal(tracker.lost([0, 1, 2], [0, 1]), 3);
  });
});

describe("readPayload", () => {
  it("reads a payload sent as an object (Socket.IO) and as a JSON string inside a Pusher frame", () => {
    const payload = { seq: 42, sentAt: 1234.5678 };
    assert.deepEqual(readPayload(JSON.stringify(payload)), payload);
    const frame = JSON.stringify({ event: "bench", channel: "c", data: JSON.stringify(payload) });
    assert.deepEqual(readPayload(frame), payload);
  });

  it("ignores protocol frames", () => {
    const established = JSON.stringify({
      event: "pusher:connection_established",
      data: JSON.stringify({ socket_id: "1.2", activity_timeout: 120 }),
    });
    assert.equal(readPayload(established), null);
  });
});
