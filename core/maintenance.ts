/**
 * Maintenance windows: weekly times when a site's (or one address's) sensors see work, not
 * residents or intruders — the cleaner's round, the caretaker's inspection. Incidents are not
 * raised in them and what happens in them does not teach the baseline.
 */
import { Location } from "./events";
import { CodedError } from "./messages";
import { mondayFirst, WeekClock } from "./time";

export interface MaintenanceWindow {
  /** One address of the site; empty or missing for all of them. */
  address?: string;
  /** Days the window starts on, 0 = Monday … 6 = Sunday (calendar days, holidays included). */
  days: number[];
  /** Local start "HH:MM". */
  from: string;
  /** Local end "HH:MM"; at or before `from` it ends the next day. */
  to: string;
}

export class MaintenanceError extends CodedError {
  override name = "MaintenanceError";
}

interface Parsed {
  address?: string;
  days: Set<number>;
  from: number;
  to: number;
}

function minutes(text: string, index: number): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(String(text ?? "").trim());
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59 || Number(m[1]) * 60 + Number(m[2]) > 1440) {
    throw new MaintenanceError("badTime", { index: index + 1, text: String(text) }, `maintenance window ${index + 1}: '${text}' is not a time HH:MM`);
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Checks windows from a node's configuration; says which one is wrong and why. */
export function parseWindows(windows: unknown): MaintenanceWindow[] {
  if (windows === undefined || windows === null || windows === "") return [];
  if (!Array.isArray(windows)) throw new MaintenanceError("notList", {}, "maintenance windows must be a list");
  return windows.map((w, index) => {
    const window = w as Partial<MaintenanceWindow>;
    const days = Array.isArray(window.days) ? window.days.map(Number) : [];
    if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
      throw new MaintenanceError("badDays", { index: index + 1 }, `maintenance window ${index + 1}: choose at least one day`);
    }
    minutes(window.from as string, index);
    minutes(window.to as string, index);
    return { address: window.address?.trim() || undefined, days, from: String(window.from).trim(), to: String(window.to).trim() };
  });
}

export class MaintenanceSchedule {
  private readonly windows: Parsed[];

  constructor(
    windows: MaintenanceWindow[],
    private readonly clock: WeekClock,
  ) {
    this.windows = windows.map((w, i) => ({ address: w.address, days: new Set(w.days), from: minutes(w.from, i), to: minutes(w.to, i) }));
  }

  get size(): number {
    return this.windows.length;
  }

  /** Whether a place is in a maintenance window at `ts`. */
  covers(location: Location | undefined, ts: number): boolean {
    if (this.windows.length === 0) return false;
    const t = this.clock.local(ts);
    const day = mondayFirst(t.weekday);
    const yesterday = (day + 6) % 7;
    return this.windows.some((w) => {
      if (w.address && w.address !== location?.address) return false;
      if (w.to > w.from) return w.days.has(day) && t.minuteOfDay >= w.from && t.minuteOfDay < w.to;
      return (w.days.has(day) && t.minuteOfDay >= w.from) || (w.days.has(yesterday) && t.minuteOfDay < w.to);
    });
  }
}
