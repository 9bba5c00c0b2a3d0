/**
 * ISO 8601 weeks in a time zone, as the weekly report covers them: Monday 00:00 local time to
 * the next Monday 00:00 local time (167 h in the week clocks go forward, 169 h in the week they
 * go back). Week 1 is the week with the year's first Thursday; the local date in the zone
 * decides which week an instant is in. Pure: nothing here reads the clock.
 */
import type { Period } from "./types";

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone (an unknown zone throws Intl's RangeError here). */
function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The local calendar date and time of an instant in a zone (seconds included, milliseconds not). */
export function localParts(ts: number, timezone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const p: Record<string, number> = {};
  for (const part of formatter(timezone).formatToParts(ts)) if (part.type !== "literal") p[part.type] = Number(part.value);
  return { year: p.year, month: p.month, day: p.day, hour: p.hour === 24 ? 0 : p.hour, minute: p.minute, second: p.second };
}

/** The zone's offset from UTC at an instant, in ms (Stockholm: +3 600 000 in winter, +7 200 000 in summer). */
export function offsetAt(ts: number, timezone: string): number {
  const whole = Math.floor(ts / 1000) * 1000;
  const l = localParts(whole, timezone);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - whole;
}

/**
 * Epoch ms of a local calendar date and time in a zone. The offset is looked up at a first guess
 * and then again at the instant that guess gives, so a date on the far side of a change of offset
 * gets the offset in force there. A local time that does not exist (skipped when clocks go
 * forward) comes out one way or the other of the gap; one that happens twice gives one of the two.
 */
export function localToEpoch(year: number, month: number, day: number, hour: number, minute: number, timezone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - offsetAt(wall, timezone);
  return wall - offsetAt(first, timezone);
}

/** Weekday of a UTC calendar day number (days since 1970-01-01), ISO: 1 Monday … 7 Sunday. */
const isoWeekday = (dayNumber: number) => ((((dayNumber + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday

/** Day number (days since 1970-01-01) of the Monday of ISO week 1 of an ISO year. */
function week1Monday(isoYear: number): number {
  const jan4 = Date.UTC(isoYear, 0, 4) / DAY_MS;
  return jan4 - (isoWeekday(jan4) - 1);
}

/** How many ISO weeks an ISO week-numbering year has: 53 when it starts on a Thursday, or on a Wednesday in a leap year; else 52. */
export function isoWeeksInYear(isoYear: number): number {
  return (week1Monday(isoYear + 1) - week1Monday(isoYear)) / 7;
}

/** The ISO week of a calendar date (month 1–12). */
export function isoWeekOfDate(year: number, month: number, day: number): { year: number; week: number } {
  const dayNumber = Date.UTC(year, month - 1, day) / DAY_MS;
  const thursday = dayNumber + (4 - isoWeekday(dayNumber)); // the week's Thursday decides its year
  const isoYear = new Date(thursday * DAY_MS).getUTCFullYear();
  return { year: isoYear, week: Math.floor((thursday - week1Monday(isoYear)) / 7) + 1 };
}

/** The ISO week (week-numbering year and week) an instant is in, by its local date in the zone. */
export function isoWeekOf(ts: number, timezone: string): { year: number; week: number } {
  if (!Number.isFinite(ts)) throw new Error(`isoWeekOf: not a time: ${ts}`);
  const l = localParts(ts, timezone);
  return isoWeekOfDate(l.year, l.month, l.day);
}

/** "2026-W07". */
export const weekLabel = (year: number, week: number) => `${year}-W${String(week).padStart(2, "0")}`;

/** ISO week `week` of ISO year `year` in a zone: Monday 00:00 local time to the next Monday 00:00. */
export function weekPeriod(year: number, week: number, timezone: string): Period {
  if (!Number.isInteger(year)) throw new Error(`weekPeriod: the year must be a whole number, not ${year}`);
  const weeks = isoWeeksInYear(year);
  if (!Number.isInteger(week) || week < 1 || week > weeks) throw new Error(`weekPeriod: ${year} has ISO weeks 1–${weeks}; there is no week ${week}`);
  const monday = new Date((week1Monday(year) + 7 * (week - 1)) * DAY_MS);
  const next = new Date(monday.getTime() + 7 * DAY_MS);
  return {
    year,
    week,
    label: weekLabel(year, week),
    start: localToEpoch(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate(), 0, 0, timezone),
    end: localToEpoch(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, timezone),
    timezone,
  };
}

/** The week an instant is in. */
export function periodOf(ts: number, timezone: string): Period {
  const { year, week } = isoWeekOf(ts, timezone);
  return weekPeriod(year, week, timezone);
}

/** The whole week before the one `now` is in (on Monday 07:00, the Monday–Sunday just ended). */
export function lastWholeWeek(now: number, timezone: string): Period {
  return periodOf(periodOf(now, timezone).start - 1, timezone);
}

/** The week just before a period (the last millisecond before its Monday 00:00 is in it). */
export function previousWeek(period: Period): Period {
  return periodOf(period.start - 1, period.timezone);
}

/** The n weeks before a period, oldest first (not the period itself). */
export function weeksBefore(period: Period, n: number): Period[] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`weeksBefore: n must be a whole number ≥ 0, not ${n}`);
  const weeks: Period[] = [];
  let week = period;
  for (let i = 0; i < n; i++) {
    week = previousWeek(week);
    weeks.push(week);
  }
  return weeks.reverse();
}
