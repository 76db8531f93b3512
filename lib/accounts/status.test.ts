import { describe, expect, it } from "vitest";
import { activeStatus, statusExpiresAt } from "./status";

describe("statusExpiresAt", () => {
  // Wednesday 4 March 2026, 22:30 in Auckland (UTC+13, getTimezoneOffset() = -780).
  const now = new Date("2026-03-04T09:30:00Z");

  it("adds fixed durations", () => {
    expect(statusExpiresAt("never", now, 0)).toBeNull();
    expect(statusExpiresAt("1h", now, 0)).toEqual(new Date("2026-03-04T10:30:00Z"));
    expect(statusExpiresAt("4h", now, -780)).toEqual(new Date("2026-03-04T13:30:00Z"));
  });

  it("ends 'today' at the person's own midnight", () => {
    expect(statusExpiresAt("today", now, 0)).toEqual(new Date("2026-03-05T00:00:00Z"));
    // Auckland midnight at the end of 4 March is 11:00 UTC on 4 March.
    expect(statusExpiresAt("today", now, -780)).toEqual(new Date("2026-03-04T11:00:00Z"));
    // New York (UTC-5, offset 300): still the morning of 4 March; midnight is 05:00 UTC on 5 March.
    expect(statusExpiresAt("today", now, 300)).toEqual(new Date("2026-03-05T05:00:00Z"));
  });

  it("ends 'this week' at the start of the person's Monday", () => {
    expect(statusExpiresAt("week", now, 0)).toEqual(new Date("2026-03-09T00:00:00Z"));
    const sunday = new Date("2026-03-08T12:00:00Z");
    expect(statusExpiresAt("week", sunday, 0)).toEqual(new Date("2026-03-09T00:00:00Z"));
    const monday = new Date("2026-03-09T00:00:00Z");
    expect(statusExpiresAt("week", monday, 0)).toEqual(new Date("2026-03-16T00:00:00Z"));
  });
});

describe("activeStatus", () => {
  const now = new Date("2026-03-04T09:30:00Z");
  it("shows a status until its expiry and nothing when empty", () => {
    const status = {
      statusEmoji: "🎧",
      statusText: "Focusing",
      statusExpiresAt: new Date("2026-03-04T10:00:00Z"),
    };
    expect(activeStatus(status, now)).toEqual({ emoji: "🎧", text: "Focusing" });
    expect(activeStatus(status, new Date("2026-03-04T10:00:00Z"))).toBeNull();
    expect(activeStatus({ ...status, statusExpiresAt: null }, now)).toEqual({
      emoji: "🎧",
      text: "Focusing",
    });
    expect(activeStatus({ statusEmoji: null, statusText: null, statusExpiresAt: null }, now)).toBeNull();
  });
});
