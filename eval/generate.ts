/**
 * A seeded synthetic housing estate for evaluating the detector: residents' rhythm per space
 * type, PIR and mmWave sensor semantics, daylight saving and Swedish holidays, and labelled
 * events — loitering, stash visits, night disturbances (to find) and a weekly cleaner, a daily
 * newspaper round, moving days (benign deviations, not to alert on).
 */
import { PresenceEvent, SensorKind, Space } from "../core/events";
import { swedishHolidays, WeekClock } from "../core/time";
import { normalDraw, poissonDraw, seededRandom } from "../core/random";

export type LabelType = "loitering" | "stash" | "night-disturbance" | "cleaner" | "newspaper" | "moving";
export const ANOMALIES: LabelType[] = ["loitering", "stash", "night-disturbance"];
export const BENIGN: LabelType[] = ["cleaner", "newspaper", "moving"];

export interface Label {
  sensor: string;
  type: LabelType;
  start: number;
  end: number;
}

export interface GeneratedSensor {
  sensor: string;
  space: Space;
  kind: SensorKind;
  address: string;
  /** PIR: seconds it stays occupied after the last motion. */
  timeoutS: number;
}

export interface Generated {
  sensors: GeneratedSensor[];
  events: PresenceEvent[];
  labels: Label[];
  from: number;
  to: number;
  learnedFrom: number;
}

export interface GenerateOptions {
  seed: number;
  addresses: number;
  weeks: number;
  start: string;
  timezone: string;
  learningDays: number;
  /** Residents' traffic from 22 to 06 as a multiple of the usual rhythm (estates differ: shift work, students). */
  nightTraffic: number;
}

export const DEFAULT_GENERATE: GenerateOptions = { seed: 1, addresses: 8, weeks: 10, start: "2026-02-23T00:00:00+01:00", timezone: "Europe/Stockholm", learningDays: 14, nightTraffic: 1 };

const HOUR = 3_600_000;
const MIN = 60_000;
const S = 1000;

/** Visits per hour at the busiest hour, and visit length in seconds [median, spread] (log-normal). */
const SPACE_PROFILE: Record<Space, { peak: number; dwell: [number, number]; curve: "home" | "chores" | "laundry" | "rare" }> = {
  stairwell: { peak: 10, dwell: [25, 0.5], curve: "home" },
  entrance: { peak: 14, dwell: [15, 0.4], curve: "home" },
  basement: { peak: 1.2, dwell: [150, 0.7], curve: "chores" },
  storage: { peak: 0.8, dwell: [180, 0.7], curve: "chores" },
  laundry: { peak: 0.9, dwell: [1500, 0.6], curve: "laundry" },
  "bike-room": { peak: 1.5, dwell: [60, 0.6], curve: "home" },
  "garbage-room": { peak: 1.5, dwell: [45, 0.5], curve: "chores" },
  attic: { peak: 0.25, dwell: [300, 0.7], curve: "rare" },
  other: { peak: 1, dwell: [60, 0.6], curve: "chores" },
};

/** Share of the peak by local hour. */
export const CURVES: Record<string, { weekday: number[]; weekend: number[] }> = {
  home: {
    weekday: [0.04, 0.02, 0.01, 0.01, 0.02, 0.08, 0.35, 0.9, 1, 0.5, 0.35, 0.35, 0.4, 0.35, 0.35, 0.5, 0.8, 1, 0.9, 0.7, 0.55, 0.4, 0.2, 0.09],
    weekend: [0.1, 0.07, 0.04, 0.02, 0.01, 0.02, 0.05, 0.12, 0.3, 0.5, 0.65, 0.75, 0.8, 0.75, 0.7, 0.7, 0.7, 0.75, 0.7, 0.6, 0.5, 0.4, 0.3, 0.18],
  },
  chores: {
    weekday: [0.01, 0, 0, 0, 0, 0.01, 0.08, 0.25, 0.3, 0.35, 0.4, 0.45, 0.45, 0.45, 0.5, 0.6, 0.8, 1, 1, 0.9, 0.7, 0.45, 0.15, 0.04],
    weekend: [0.02, 0.01, 0, 0, 0, 0, 0.02, 0.1, 0.35, 0.7, 0.9, 1, 1, 1, 0.95, 0.9, 0.85, 0.8, 0.7, 0.55, 0.4, 0.25, 0.1, 0.04],
  },
  laundry: {
    weekday: [0, 0, 0, 0, 0, 0, 0, 0.5, 0.8, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.9, 1, 1, 0.9, 0.7, 0.4, 0, 0],
    weekend: [0, 0, 0, 0, 0, 0, 0, 0.4, 0.9, 1, 1, 1, 1, 1, 1, 1, 1, 0.9, 0.8, 0.6, 0.4, 0.2, 0, 0],
  },
  rare: {
    weekday: [0, 0, 0, 0, 0, 0, 0, 0.1, 0.2, 0.4, 0.6, 0.6, 0.6, 0.6, 0.7, 0.8, 0.9, 1, 0.9, 0.7, 0.4, 0.2, 0.05, 0],
    weekend: [0, 0, 0, 0, 0, 0, 0, 0.1, 0.4, 0.8, 1, 1, 1, 1, 1, 0.9, 0.8, 0.7, 0.6, 0.4, 0.2, 0.1, 0, 0],
  },
};

const LAYOUT: Space[] = ["stairwell", "stairwell", "entrance", "basement", "storage", "laundry", "bike-room", "garbage-room", "attic"];

export function generate(options: Partial<GenerateOptions> = {}): Generated {
  const o = { ...DEFAULT_GENERATE, ...options };
  const random = seededRandom(o.seed);
  const between = (a: number, b: number) => a + random() * (b - a);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const normal = () => normalDraw(random);
  const logNormal = (median: number, spread: number) => median * Math.exp(spread * normal());
  const poisson = (mean: number) => poissonDraw(random, mean);

  const clock = new WeekClock(o.timezone, 60);
  const from = Date.parse(o.start);
  const to = from + o.weeks * 7 * 24 * HOUR;
  const learnedFrom = from + o.learningDays * 24 * HOUR;
  const sensors: GeneratedSensor[] = [];
  const labels: Label[] = [];
  /** Occupied intervals per sensor (what the sensor's presence report would show). */
  const presence = new Map<string, [number, number][]>();
  /** Motion for PIR sensors: intervals during which someone moves; the sensor adds its timeout. */
  const add = (sensor: GeneratedSensor, start: number, end: number) => {
    const list = presence.get(sensor.sensor)!;
    list.push([start, end]);
  };

  for (let a = 0; a < o.addresses; a++) {
    const address = `Exempelgatan ${2 * a + 1}`;
    const spaces = LAYOUT.filter((_, i) => i < 3 || random() < 0.8);
    spaces.forEach((space, i) => {
      const radar = (space === "stairwell" || space === "basement" || space === "storage") && random() < 0.35;
      const sensor: GeneratedSensor = {
        sensor: `s${String(a).padStart(2, "0")}-${i}-${space}`,
        space,
        kind: radar ? "mmwave" : "pir",
        address,
        timeoutS: radar ? 0 : pick([10, 30, 30, 60, 90, 180]),
      };
      sensors.push(sensor);
      presence.set(sensor.sensor, []);
    });
  }

  // Residents: non-homogeneous Poisson arrivals by local hour; holidays live as Sundays.
  for (const sensor of sensors) {
    const profile = SPACE_PROFILE[sensor.space];
    const scale = Math.exp(0.4 * normal());
    for (let hour = from; hour < to; hour += HOUR) {
      const t = clock.local(hour);
      const weekend = t.holiday || t.weekday === 0 || t.weekday === 6;
      const localHour = Math.floor(t.minuteOfDay / 60);
      const share = CURVES[profile.curve][weekend ? "weekend" : "weekday"][localHour] * (localHour >= 22 || localHour < 6 ? o.nightTraffic : 1);
      const n = poisson(profile.peak * scale * share);
      for (let k = 0; k < n; k++) {
        const start = hour + random() * HOUR;
        const dwell = Math.min(logNormal(...profile.dwell), sensor.space === "laundry" ? 3 * 3600 : 40 * 60) * S;
        add(sensor, start, start + dwell);
      }
    }
  }

  const daysOf = (predicate: (t: ReturnType<typeof clock.local>) => boolean) => {
    const days: number[] = [];
    for (let day = from; day < to; day += 24 * HOUR) if (predicate(clock.local(day + 12 * HOUR))) days.push(day);
    return days;
  };
  /** The instant of local time hh:mm on the local day that contains `day` + 12 h. */
  const at = (day: number, hour: number, minute = 0) => {
    const noon = day + 12 * HOUR;
    const t = clock.local(noon);
    return noon + ((hour - 12) * 60 + minute - (t.minuteOfDay - 12 * 60)) * MIN;
  };
  const stairwells = sensors.filter((s) => s.space === "stairwell" || s.space === "entrance");
  const hideouts = sensors.filter((s) => ["basement", "storage", "bike-room", "attic", "garbage-room"].includes(s.space));
  const gatherings = sensors.filter((s) => ["stairwell", "entrance", "basement", "bike-room", "attic"].includes(s.space));

  // Benign: a cleaner on a fixed weekday morning in half the stairwells, 20–45 min.
  for (const sensor of stairwells.filter(() => random() < 0.5)) {
    const weekday = 1 + Math.floor(random() * 5);
    const hour = 8 + Math.floor(random() * 4);
    const length = between(20, 45) * MIN;
    for (const day of daysOf((t) => t.weekday === weekday && !t.holiday)) {
      const start = at(day, hour, Math.floor(between(0, 20)));
      add(sensor, start, start + length * between(0.85, 1.15));
      labels.push({ sensor: sensor.sensor, type: "cleaner", start, end: start + length });
    }
  }
  // Benign: a newspaper round through the stairwells before dawn, every day but Sunday.
  for (const sensor of stairwells.filter((s) => s.space === "stairwell")) {
    for (const day of daysOf((t) => t.weekday !== 0)) {
      const start = at(day, 4, Math.floor(between(30, 75)));
      const length = between(40, 100) * S;
      add(sensor, start, start + length);
      labels.push({ sensor: sensor.sensor, type: "newspaper", start, end: start + length });
    }
  }
  // Benign: moving days, a few per estate, after the learning period: hours of traffic by day.
  for (let k = 0; k < Math.max(1, Math.round(o.addresses / 3)); k++) {
    const sensor = pick(stairwells);
    const day = pick(daysOf(() => true).filter((d) => d >= learnedFrom));
    const start = at(day, 9 + Math.floor(between(0, 4)));
    const end = start + between(2, 5) * HOUR;
    for (let t = start; t < end; t += between(2, 6) * MIN) add(sensor, t, t + between(40, 180) * S);
    labels.push({ sensor: sensor.sensor, type: "moving", start, end });
  }

  // Anomalies, mostly after the learning period (the fixed floor covers the learning period).
  const anomalyDays = daysOf(() => true).filter((d) => d >= learnedFrom);
  const hesitantPresence = (sensor: GeneratedSensor, start: number, end: number) => {
    // People staying put: the radar sees them throughout (with rare dropouts); a PIR sees their
    // movements, with pauses in between.
    let t = start;
    while (t < end) {
      const run = sensor.kind === "mmwave" ? between(3, 20) * MIN : between(0.2, 2.5) * MIN;
      add(sensor, t, Math.min(end, t + run));
      const pause = sensor.kind === "mmwave" ? between(5, 30) * S : random() < 0.15 ? between(60, 150) * S : between(5, 45) * S;
      t += run + pause;
    }
  };
  for (let k = 0; k < sensors.length * 0.6; k++) {
    const sensor = pick(gatherings);
    const day = pick(anomalyDays);
    const evening = random() < 0.8;
    const start = evening ? at(day, 18) + between(0, 8) * HOUR : at(day, 10) + between(0, 6) * HOUR;
    const end = start + between(18, 90) * MIN;
    hesitantPresence(sensor, start, end);
    labels.push({ sensor: sensor.sensor, type: "loitering", start, end });
  }
  for (let k = 0; k < sensors.length * 0.5; k++) {
    const sensor = pick(hideouts);
    const first = pick(anomalyDays);
    const nights = random() < 0.4 ? 2 : 1;
    for (let n = 0; n < nights; n++) {
      const night = first + n * Math.floor(between(1, 4)) * 24 * HOUR;
      if (night >= to - 24 * HOUR) continue;
      const start = at(night, 22 + Math.floor(between(0, 5)), Math.floor(between(0, 60)));
      const visits = 3 + Math.floor(between(0, 5));
      const span = between(40, 150) * MIN;
      let end = start;
      for (let v = 0; v < visits; v++) {
        const t = start + (span * v) / (visits - 1) + between(-5, 5) * MIN * (v > 0 && v < visits - 1 ? 1 : 0);
        const length = between(30, 150) * S;
        add(sensor, t, t + length);
        end = Math.max(end, t + length);
      }
      labels.push({ sensor: sensor.sensor, type: "stash", start, end });
    }
  }
  for (let k = 0; k < sensors.length * 0.4; k++) {
    const sensor = pick(gatherings);
    const day = pick(anomalyDays);
    const start = at(day, 23 + Math.floor(between(0, 5)), Math.floor(between(0, 60)));
    // A disturbance: people coming and going and staying a while, noise; under the 15 minutes.
    const end = start + between(6, 14) * MIN;
    let t = start;
    while (t < end) {
      const run = between(1, 4) * MIN;
      add(sensor, t, Math.min(end, t + run));
      t += run + between(20, 120) * S;
    }
    labels.push({ sensor: sensor.sensor, type: "night-disturbance", start, end });
  }

  // What each sensor reports: union of presence, a PIR adding its timeout after the last motion;
  // radars now and then see a ghost for a few seconds.
  const events: PresenceEvent[] = [];
  for (const sensor of sensors) {
    const list = presence.get(sensor.sensor)!;
    if (sensor.kind === "mmwave") {
      for (let day = from; day < to; day += 24 * HOUR) {
        if (random() < 0.7) {
          const t = day + random() * 24 * HOUR;
          list.push([t, t + between(2, 15) * S]);
        }
      }
    }
    const tail = sensor.kind === "pir" ? sensor.timeoutS * S : 2 * S;
    const intervals = list.map(([a, b]) => [a, b + tail] as [number, number]).sort((x, y) => x[0] - y[0]);
    let current: [number, number] | undefined;
    const emit = ([a, b]: [number, number]) => {
      events.push({ type: "presence", sensor: sensor.sensor, ts: Math.round(a), occupied: true, device: { kind: sensor.kind } });
      events.push({ type: "presence", sensor: sensor.sensor, ts: Math.round(b), occupied: false, device: { kind: sensor.kind } });
    };
    for (const interval of intervals) {
      if (interval[0] >= to) continue;
      if (current && interval[0] <= current[1]) current[1] = Math.max(current[1], interval[1]);
      else {
        if (current) emit(current);
        current = [interval[0], interval[1]];
      }
    }
    if (current) emit(current);
  }
  events.sort((x, y) => x.ts - y.ts || (x.occupied === y.occupied ? 0 : x.occupied ? 1 : -1));
  labels.sort((x, y) => x.start - y.start);
  return { sensors, events, labels, from, to, learnedFrom };
}

/** The day's holidays, for reports of what the data covers. */
export function holidaysBetween(from: number, to: number, timezone: string): string[] {
  const clock = new WeekClock(timezone, 60);
  const out: string[] = [];
  for (let day = from; day < to; day += 24 * HOUR) {
    const t = clock.local(day + 12 * HOUR);
    if (swedishHolidays(t.year).has(t.month * 100 + t.day)) out.push(`${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`);
  }
  return out;
}
