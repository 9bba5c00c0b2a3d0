/**
 * ISO 8601 weeks in a time zone, as the weekly report covers them: Monday 00:00 local time to
 * the next Monday 00:00 local time (167 h in the week clocks go forward, 169 h in the week they
 * go back). Week 1 is the week with the year's first Thursday; the local date in the zone
 * decides which week an instant is in. Pure: nothing here reads the clock.
 */
import { DAY_MS, localParts, localToEpoch } from "../time";
import type { Period } from "./types";

export { localParts, localToEpoch, offsetAt } from "../time";


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
