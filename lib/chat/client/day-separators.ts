// Day boundaries follow the reader's local calendar, not UTC: a message sent at 23:30 and one at
// 00:10 belong to different days for the person reading them.

function localDayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/** True when `current` falls on a different local day from `previous` (or there is no previous). */
export function startsNewDay(previous: string | undefined, current: string): boolean {
  if (previous === undefined) return true;
  return localDayKey(new Date(previous)) !== localDayKey(new Date(current));
}

/** "Today", "Yesterday", or a date (with the year only when it is not the current one). */
export function dayLabel(iso: string, now: Date = new Date(), locale?: string): string {
  const date = new Date(iso);
  if (localDayKey(date) === localDayKey(now)) return "Today";
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (localDayKey(date) === localDayKey(yesterday)) return "Yesterday";
  return new Intl.DateTimeFormat(locale, {
    weekday: "long",
    month: "long",
    day: "numeric",
    year: date.getFullYear() === now.getFullYear() ? undefined : "numeric",
  }).format(date);
}

/**
 * The compact time of a sidebar row: the clock time today, "Yesterday", the weekday within the
 * last week, then the date (with the year only when it is not the current one).
 */
export function shortTimeLabel(iso: string, now: Date = new Date(), locale?: string): string {
  const date = new Date(iso);
  if (localDayKey(date) === localDayKey(now)) {
    return new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" }).format(date);
  }
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const daysAgo = Math.ceil((startOfToday.getTime() - date.getTime()) / 86_400_000);
  if (daysAgo <= 1) return "Yesterday";
  if (daysAgo < 7) return new Intl.DateTimeFormat(locale, { weekday: "short" }).format(date);
  return new Intl.DateTimeFormat(locale, {
    month: "short",
    day: "numeric",
    year: date.getFullYear() === now.getFullYear() ? undefined : "numeric",
  }).format(date);
}
