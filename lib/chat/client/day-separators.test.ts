import { describe, expect, it } from "vitest";
import { dayLabel, shortTimeLabel, startsNewDay } from "./day-separators";

// Local-time constructors keep these independent of the machine's time zone.
const at = (...parts: [number, number, number, number?, number?]) =>
  new Date(parts[0], parts[1], parts[2], parts[3] ?? 12, parts[4] ?? 0).toISOString();

describe("startsNewDay", () => {
  it("starts a day for the first message", () => {
    expect(startsNewDay(undefined, at(2026, 10, 27))).toBe(true);
  });

  it("splits across local midnight, however close the times", () => {
    expect(startsNewDay(at(2026, 10, 26, 23, 59), at(2026, 10, 27, 0, 1))).toBe(true);
  });

  it("keeps one day together from morning to night", () => {
    expect(startsNewDay(at(2026, 10, 27, 0, 1), at(2026, 10, 27, 23, 59))).toBe(false);
  });
});

describe("dayLabel", () => {
  const now = new Date(2026, 10, 27, 9, 0);

  it("says Today for any time on the current local day", () => {
    expect(dayLabel(at(2026, 10, 27, 0, 0), now)).toBe("Today");
    expect(dayLabel(at(2026, 10, 27, 23, 59), now)).toBe("Today");
  });

  it("says Yesterday for the previous local day, also across a month boundary", () => {
    expect(dayLabel(at(2026, 10, 26, 23, 59), now)).toBe("Yesterday");
    expect(dayLabel(at(2026, 11, 31), new Date(2027, 0, 1, 8))).toBe("Yesterday");
  });

  it("names older days by date, adding the year only for other years", () => {
    expect(dayLabel(at(2026, 10, 20), now, "en-GB")).toBe("Friday 20 November");
    expect(dayLabel(at(2025, 10, 20), now, "en-GB")).toBe("Thursday, 20 November 2025");
  });
});

describe("shortTimeLabel", () => {
  const now = new Date(2026, 10, 27, 15, 0); // Friday 27 November 2026, 15:00 local

  it("shows the clock time for today", () => {
    expect(shortTimeLabel(new Date(2026, 10, 27, 9, 5).toISOString(), now, "en-GB")).toBe("9:05");
  });

  it("says Yesterday, then the weekday within a week", () => {
    expect(shortTimeLabel(new Date(2026, 10, 26, 23, 59).toISOString(), now, "en-GB")).toBe("Yesterday");
    expect(shortTimeLabel(new Date(2026, 10, 26, 0, 1).toISOString(), now, "en-GB")).toBe("Yesterday");
    expect(shortTimeLabel(new Date(2026, 10, 23, 12, 0).toISOString(), now, "en-GB")).toBe("Mon");
  });

  it("shows the date beyond a week, with the year only for other years", () => {
    expect(shortTimeLabel(new Date(2026, 10, 20, 12, 0).toISOString(), now, "en-GB")).toBe("20 Nov");
    expect(shortTimeLabel(new Date(2025, 10, 20, 12, 0).toISOString(), now, "en-GB")).toBe("20 Nov 2025");
  });
});
