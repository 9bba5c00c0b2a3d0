/**
 * Time of week in a site's time zone, as the baseline needs it: which slot of the week an
 * instant falls in, with daylight saving from the zone and Swedish public holidays counted as
 * Sundays (people live them as Sundays). Cached per UTC slot, so the hot path is one Map lookup;
 * Intl is only asked once per slot-sized block of time.
 */

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Easter Sunday (Gregorian), as [month 1–12, day]: the anonymous Gregorian algorithm. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const key = (month: number, day: number) => month * 100 + day;

/** The Saturday (6) or Friday (5) in a span of dates of June or October/November. */
function weekdayIn(year: number, month: number, fromDay: number, weekday: number): [number, number] {
  for (let day = fromDay; day < fromDay + 7; day++) {
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCDay() === weekday) return [date.getUTCMonth() + 1, date.getUTCDate()];
  }
  throw new Error("unreachable");
}

/** Midsommarafton, the Friday 19–25 June, as [month, day]. */
export function midsummerEve(year: number): [number, number] {
  return weekdayIn(year, 6, 19, 5);
}

const holidayCache = new Map<number, Set<number>>();

/**
 * Swedish public holidays (röda dagar) and the eves that Sweden keeps as holidays in practice
 * (midsommarafton, julafton, nyårsafton), as month*100+day.
 */
export function swedishHolidays(year: number): Set<number> {
  let days = holidayCache.get(year);
  if (days) return days;
  const [em, ed] = easterSunday(year);
  const easter = Date.UTC(year, em - 1, ed);
  const fromEaster = (offset: number) => {
    const date = new Date(easter + offset * DAY_MS);
    return key(date.getUTCMonth() + 1, date.getUTCDate());
  };
  days = new Set([
    key(1, 1), // nyårsdagen
    key(1, 6), // trettondedag jul
    fromEaster(-2), // långfredagen
    fromEaster(0), // påskdagen
    fromEaster(1), // annandag påsk
    key(5, 1), // första maj
    fromEaster(39), // Kristi himmelsfärdsdag
    fromEaster(49), // pingstdagen
    key(6, 6), // nationaldagen
    key(...midsummerEve(year)), // midsommarafton
    key(...weekdayIn(year, 6, 20, 6)), // midsommardagen: the Saturday 20–26 June
    key(...weekdayIn(year, 10, 31, 6)), // alla helgons dag: the Saturday 31 Oct – 6 Nov
    key(12, 24), // julafton
    key(12, 25), // juldagen
    key(12, 26), // annandag jul
    key(12, 31), // nyårsafton
  ]);
  holidayCache.set(year, days);
  return days;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** 0 Sunday … 6 Saturday, as the calendar says. */
  weekday: number;
  minuteOfDay: number;
  holiday: boolean;
}

export type SlotMinutes = 15 | 30 | 60;

/**
 * Slots of the week for one time zone: slot 0 starts Monday 00:00 local time. A holiday takes
 * the slots of Sunday. Slot sizes divide every real UTC offset, so every instant of one UTC
 * slot-sized block has the same local date, and minutes that run on from the block's start: the
 * cache keeps one calendar per block and asks Intl (slow) once per block.
 */
export class WeekClock {
  readonly slotMs: number;
  readonly slotsPerDay: number;
  readonly slotsPerWeek: number;
  private readonly parts: Intl.DateTimeFormat;
  private readonly blocks = new Map<number, { local: LocalTime; slot: number }>();
  /** The last block asked for: events come in time order, so it is nearly always the next one's. */
  private lastBlock = NaN;
  private lastEntry: { local: LocalTime; slot: number } | undefined;

  constructor(
    readonly timezone = "Europe/Stockholm",
    readonly slotMinutes: SlotMinutes = 30,
  ) {
    this.slotMs = slotMinutes * 60_000;
    this.slotsPerDay = (24 * 60) / slotMinutes;
    this.slotsPerWeek = 7 * this.slotsPerDay;
    this.parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
  }

  /**
   * The local time and slot of a block (a slot's length of time since the epoch, numbered), which
   * is a small integer: a time passed to a call V8 does not inline is boxed, an allocation each.
   */
  private block(block: number): { local: LocalTime; slot: number } {
    if (block === this.lastBlock) return this.lastEntry!;
    let entry = this.blocks.get(block);
    if (entry === undefined) {
      const local = this.calendar(block * this.slotMs);
      const day = local.holiday ? 6 : mondayFirst(local.weekday);
      entry = { local, slot: day * this.slotsPerDay + Math.floor(local.minuteOfDay / this.slotMinutes) };
      if (this.blocks.size > 200_000) this.blocks.clear(); // years of blocks; start again rather than grow
      this.blocks.set(block, entry);
    }
    this.lastBlock = block;
    this.lastEntry = entry;
    return entry;
  }

  private calendar(ts: number): LocalTime {
    const p: Record<string, string> = {};
    for (const part of this.parts.formatToParts(ts)) p[part.type] = part.value;
    const year = Number(p.year);
    const month = Number(p.month);
    const day = Number(p.day);
    const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday);
    return { year, month, day, weekday, minuteOfDay: Number(p.hour) * 60 + Number(p.minute), holiday: swedishHolidays(year).has(key(month, day)) };
  }

  /** Local calendar time of an instant. */
  local(ts: number): LocalTime {
    const block = Math.floor(ts / this.slotMs);
    const { local } = this.block(block);
    const minutes = Math.floor((ts - block * this.slotMs) / 60_000);
    return minutes === 0 ? local : { ...local, minuteOfDay: local.minuteOfDay + minutes };
  }

  /** The slot of the week, 0 = Monday 00:00; holidays use Sunday's slots. */
  slot(ts: number): number {
    return this.block(Math.floor(ts / this.slotMs)).slot;
  }

  /** Hour of the day (0–23) of a slot. */
  hourOfSlot(slot: number): number {
    return Math.floor(((slot % this.slotsPerDay) * this.slotMinutes) / 60);
  }

  /** Whether a slot is on Saturday or Sunday (holidays included, as they take Sunday's slots). */
  isWeekendSlot(slot: number): boolean {
    return slot >= 5 * this.slotsPerDay;
  }

  /** The local date of an instant ("2026-3-10"), to tell days apart. */
  day(ts: number): string {
    const t = this.local(ts);
    return `${t.year}-${t.month}-${t.day}`;
  }

  /** "HH:MM" local time of an instant, for sentences. */
  clock(ts: number): string {
    const t = this.local(ts);
    return `${String(Math.floor(t.minuteOfDay / 60)).padStart(2, "0")}:${String(t.minuteOfDay % 60).padStart(2, "0")}`;
  }
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** A calendar weekday (0 Sunday … 6 Saturday) counted from Monday: 0 Monday … 6 Sunday, as a week of slots runs. */
export function mondayFirst(weekday: number): number {
  return (weekday + 6) % 7;
}

/** Whether an hour of the day (0–23) lies in the local hours [from, to), which may wrap past midnight (22–06). */
export function inHourRange(hour: number, [from, to]: [number, number]): boolean {
  return from <= to ? hour >= from && hour < to : hour >= from || hour < to;
}

/** Whether a calendar date exists (no 30 February: Date.UTC would roll it over into March). */
export function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether a wall-clock time exists (no 24:00, no minute 60). */
export function validClock(hour: number, minute: number, second: number): boolean {
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

/**
 * The offset an ISO 8601 time is written with ("Z", "+01", "+0100", "-05:30"), in ms to subtract
 * from the wall-clock time; undefined for one no zone has (hours over 18, minutes over 59).
 */
export function isoOffsetMs(zone: string): number | undefined {
  if (zone.toUpperCase() === "Z") return 0;
  const digits = zone.replace(":", "");
  const hours = Number(digits.slice(1, 3));
  const minutes = Number(digits.slice(3, 5) || 0);
  if (hours > 18 || minutes > 59) return undefined;
  return (digits[0] === "-" ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

/** The local calendar date and time of an instant in a zone (seconds, not milliseconds); an unknown zone throws Intl's RangeError. */
export function localParts(ts: number, timezone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let format = wallClocks.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    wallClocks.set(timezone, format);
  }
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(ts)) if (part.type !== "literal") p[part.type] = Number(part.value);
  return { year: p.year, month: p.month, day: p.day, hour: p.hour % 24, minute: p.minute, second: p.second };
}

/** The zone's offset from UTC at an instant, in ms (Stockholm: 3 600 000 in winter, 7 200 000 in summer). */
export function offsetAt(ts: number, timezone: string): number {
  const w = localParts(ts, timezone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ts / 1000) * 1000;
}

/**
 * The instant of a local wall-clock time in a zone, correct across changes of offset. A time that
 * happens twice (the hour clocks go back) is the first; a time that never happens (the hour
 * clocks skip) is read with the offset from before the change, so 02:30 on the spring morning in
 * Stockholm is 03:30 summer time.
 */
export function localToEpoch(year: number, month: number, day: number, hour: number, minute: number, timezone: string, second = 0): number {
  const instants = localInstants(year, month, day, hour, minute, timezone, second);
  if (instants.length > 0) return instants[0];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return wall - offsetAt(wall - DAY_MS, timezone);
}

/**
 * Every instant a local wall-clock time stands for in a zone, earliest first: two in the hour the
 * clocks go back, none in the hour they skip, one otherwise.
 */
export function localInstants(year: number, month: number, day: number, hour: number, minute: number, timezone: string, second = 0): number[] {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const before = offsetAt(wall - DAY_MS, timezone);
  const after = offsetAt(wall + DAY_MS, timezone);
  const fits = [wall - before, wall - after].filter((t, i) => offsetAt(t, timezone) === (i === 0 ? before : after));
  return [...new Set(fits)].sort((a, b) => a - b);
}
