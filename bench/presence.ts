/**
 * A seeded stream of presence events from many sensors, for the benchmarks: each sensor has a
 * rhythm of visits over the local day (weekdays and weekends apart), PIR sensors add their own
 * timeout after the last motion and merge what overlaps, mmWave radars see a ghost now and then,
 * and a few long stays give the detectors something to open incidents for. Every visit becomes an
 * occupied/clear pair; the sensors' streams are merged into one, in time order.
 *
 * Generated up front, outside anything timed. The events are plain objects as the sensors node
 * sends them, sharing their device and location objects per sensor (as a real source would).
 */
import { DeviceInfo, Location, PresenceEvent, Space } from "../core/events";
import { WeekClock } from "../core/time";
import { normalDraw, poissonDraw, seededRandom } from "../core/random";
import { CURVES } from "../eval/generate";

export interface StreamOptions {
  seed: number;
  sensors: number;
  /** Days covered, ending at `end`. */
  days: number;
  /** About how many events to make in all (the visit rates are scaled to it). */
  events: number;
  /** Epoch ms the stream ends at (the last events lie a little before it). */
  end: number;
  timezone: string;
}

export interface Stream {
  events: PresenceEvent[];
  sensors: string[];
  from: number;
  to: number;
  /** Sensors that are mmWave radars. */
  radars: number;
}

const HOUR = 3_600_000;
const MIN = 60_000;
const S = 1000;

/** Relative traffic and visit length (median seconds, log-normal spread) per kind of place. */
const PLACES: { space: Space; share: number; traffic: number; dwell: [number, number]; curve: "home" | "chores" | "laundry" }[] = [
  { space: "stairwell", share: 0.35, traffic: 10, dwell: [25, 0.5], curve: "home" },
  { space: "entrance", share: 0.1, traffic: 14, dwell: [15, 0.4], curve: "home" },
  { space: "basement", share: 0.15, traffic: 1.2, dwell: [150, 0.7], curve: "chores" },
  { space: "storage", share: 0.1, traffic: 0.8, dwell: [180, 0.7], curve: "chores" },
  { space: "laundry", share: 0.08, traffic: 0.9, dwell: [1500, 0.6], curve: "laundry" },
  { space: "bike-room", share: 0.1, traffic: 1.5, dwell: [60, 0.6], curve: "home" },
  { space: "garbage-room", share: 0.12, traffic: 1.5, dwell: [45, 0.5], curve: "chores" },
];

// Residents' hourly rhythm: the evaluation's curves (share of the busiest hour, by local hour).

const PIR_TIMEOUTS_S = [10, 30, 30, 60, 90, 180];

export function presenceStream(options: Partial<StreamOptions> = {}): Stream {
  const o: StreamOptions = { seed: 1, sensors: 10_000, days: 28, events: 4_000_000, end: Date.parse("2026-03-23T00:00:00+01:00"), timezone: "Europe/Stockholm", ...options };
  const random = seededRandom(o.seed);
  const normal = () => normalDraw(random);
  const poisson = (mean: number) => poissonDraw(random, mean);

  // Whole hours, so that the local hour of each can be looked up once for all sensors.
  const to = Math.floor(o.end / HOUR) * HOUR - HOUR;
  const from = to - o.days * 24 * HOUR;
  const hours = o.days * 24;
  const clock = new WeekClock(o.timezone, 60);
  const shares: Record<string, Float64Array> = {};
  for (const [name, curve] of Object.entries(CURVES)) {
    const share = new Float64Array(hours);
    for (let h = 0; h < hours; h++) {
      const t = clock.local(from + h * HOUR);
      share[h] = curve[t.holiday || t.weekday === 0 || t.weekday === 6 ? "weekend" : "weekday"][Math.floor(t.minuteOfDay / 60)];
    }
    shares[name] = share;
  }

  // Sensors: a kind of place, PIR or radar, their own traffic (some places are busier).
  interface Plan {
    id: string;
    place: (typeof PLACES)[number];
    radar: boolean;
    timeoutMs: number;
    traffic: number;
    device: DeviceInfo;
    location: Location;
  }
  const plans: Plan[] = [];
  let expectedVisits = 0;
  const sumShare = (curve: string) => shares[curve].reduce((a, b) => a + b, 0);
  const curveSums: Record<string, number> = Object.fromEntries(Object.keys(CURVES).map((c) => [c, sumShare(c)]));
  for (let i = 0; i < o.sensors; i++) {
    let u = random();
    const place = PLACES.find((p) => (u -= p.share) < 0) ?? PLACES[0];
    const radar = (place.space === "stairwell" || place.space === "basement" || place.space === "storage") && random() < 0.35;
    const traffic = place.traffic * Math.exp(0.4 * normal());
    const address = `Exempelgatan ${1 + Math.floor(i / 8)}`;
    plans.push({
      id: `0x${(0x00158d0000000000n + BigInt(i)).toString(16).padStart(16, "0")}`,
      place,
      radar,
      timeoutMs: radar ? 2 * S : PIR_TIMEOUTS_S[Math.floor(random() * PIR_TIMEOUTS_S.length)] * S,
      traffic,
      device: { kind: radar ? "mmwave" : "pir", model: radar ? "SNZB-06P" : "SML001", vendor: radar ? "SONOFF" : "Philips" },
      location: { site: "Kv. Bänken", address, entrance: "A", space: place.space, district: "Skärholmen" },
    });
    expectedVisits += traffic * curveSums[place.curve];
  }
  // Each visit is an occupied/clear pair; overlapping ones merge, so this slightly overshoots.
  const rate = o.events / 2 / expectedVisits;

  // Per sensor: occupied intervals in time order, as the sensor reports them.
  const perSensor: Float64Array[] = [];
  let total = 0;
  const starts: number[] = [];
  const ends: number[] = [];
  for (const plan of plans) {
    starts.length = 0;
    ends.length = 0;
    const share = shares[plan.place.curve];
    const [median, spread] = plan.place.dwell;
    const cap = plan.place.space === "laundry" ? 3 * HOUR : 40 * MIN;
    for (let h = 0; h < hours; h++) {
      const n = poisson(rate * plan.traffic * share[h]);
      for (let k = 0; k < n; k++) {
        const start = from + h * HOUR + random() * HOUR;
        starts.push(start);
        ends.push(start + Math.min(median * Math.exp(spread * normal()) * S, cap));
      }
    }
    // Now and then someone stays: 20–60 minutes, mostly in the evening (loitering to find).
    for (let day = 0; day < o.days; day++) {
      if (random() < 0.02) {
        const start = from + day * 24 * HOUR + (17 + 6 * random()) * HOUR;
        starts.push(start);
        ends.push(start + (20 + 40 * random()) * MIN);
      }
    }
    // Every sensor has been heard at least once.
    if (starts.length === 0) {
      const start = from + random() * (to - from - HOUR);
      starts.push(start);
      ends.push(start + median * S);
    }
    // Radars see a ghost for a few seconds most days.
    if (plan.radar) {
      for (let day = 0; day < o.days; day++) {
        if (random() < 0.7) {
          const start = from + (day + random()) * 24 * HOUR;
          starts.push(start);
          ends.push(start + (2 + 13 * random()) * S);
        }
      }
    }
    const order = starts.map((_, i) => i).sort((a, b) => starts[a] - starts[b]);
    const ts: number[] = [];
    let open = -1;
    let close = -1;
    const emit = () => {
      // Whole milliseconds, strictly increasing per sensor.
      const a = Math.max(Math.round(open), (ts.at(-1) ?? -Infinity) + 1);
      const b = Math.max(Math.round(close), a + 1);
      if (b < to) ts.push(a, b);
    };
    for (const i of order) {
      const a = starts[i];
      const b = ends[i] + plan.timeoutMs;
      if (open >= 0 && a <= close) close = Math.max(close, b);
      else {
        if (open >= 0) emit();
        open = a;
        close = b;
      }
    }
    if (open >= 0) emit();
    perSensor.push(Float64Array.from(ts));
    total += ts.length;
  }

  // Merge the sensors' streams in time order (a heap of sensors by their next event).
  const events: PresenceEvent[] = new Array(total);
  const next = new Int32Array(plans.length);
  const heap: number[] = [];
  const key = (s: number) => perSensor[s][next[s]];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (key(heap[p]) <= key(heap[i])) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && key(heap[l]) < key(heap[m])) m = l;
      if (r < heap.length && key(heap[r]) < key(heap[m])) m = r;
      if (m === i) return;
      [heap[m], heap[i]] = [heap[i], heap[m]];
      i = m;
    }
  };
  for (let s = 0; s < plans.length; s++) {
    if (perSensor[s].length > 0) {
      heap.push(s);
      up(heap.length - 1);
    }
  }
  for (let e = 0; e < total; e++) {
    const s = heap[0];
    const plan = plans[s];
    const i = next[s]++;
    events[e] = { type: "presence", sensor: plan.id, ts: perSensor[s][i], occupied: i % 2 === 0, location: plan.location, device: plan.device };
    if (next[s] === perSensor[s].length) {
      const last = heap.pop()!;
      if (heap.length > 0) heap[0] = last;
    }
    if (heap.length > 0) down(0);
  }
  return { events, sensors: plans.map((p) => p.id), from, to, radars: plans.filter((p) => p.radar).length };
}
