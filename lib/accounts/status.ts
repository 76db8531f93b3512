// Status expiry, shared by the profile form and the server action. Pure: `now` is passed in.

export const statusClearAfterValues = ["never", "1h", "4h", "today", "week"] as const;
export type StatusClearAfter = (typeof statusClearAfterValues)[number];

export const statusClearAfterLabels: Record<StatusClearAfter, string> = {
  never: "Don't clear",
  "1h": "1 hour",
  "4h": "4 hours",
  today: "Today",
  week: "This week",
};

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * When a status set at `now` should disappear. "Today" and "this week" mean the person's own
 * calendar, so the browser sends its UTC offset (`Date#getTimezoneOffset()`, minutes behind UTC).
 * A week ends at the start of Monday.
 */
export function statusExpiresAt(
  clearAfter: StatusClearAfter,
  now: Date,
  timeZoneOffset: number,
): Date | null {
  switch (clearAfter) {
    case "never":
      return null;
    case "1h":
      return new Date(now.getTime() + HOUR);
    case "4h":
      return new Date(now.getTime() + 4 * HOUR);
    case "today":
    case "week": {
      // Shift into local wall-clock time, find local midnight, shift back.
      const offset = timeZoneOffset * 60 * 1000;
      const local = new Date(now.getTime() - offset);
      const startOfDay = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
      const daysToAdd = clearAfter === "today" ? 1 : 7 - ((local.getUTCDay() + 6) % 7);
      return new Date(startOfDay + daysToAdd * DAY + offset);
    }
  }
}

/** The status to show, or null when none is set or it has expired. */
export function activeStatus(
  profile: { statusEmoji: string | null; statusText: string | null; statusExpiresAt: Date | null },
  now: Date = new Date(),
): { emoji: string | null; text: string | null } | null {
  if (!profile.statusEmoji && !profile.statusText) return null;
  if (profile.statusExpiresAt && profile.statusExpiresAt <= now) return null;
  return { emoji: profile.statusEmoji, text: profile.statusText };
}
