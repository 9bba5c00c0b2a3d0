/**
 * Not a target and not part of `npm run bench`: a probe for docs/performance.md ("How far a lean
 * rewrite would get"). A lean skeleton of the learned pipeline's work, with everything in typed
 * arrays by sensor number and no object per sensor, timed beside the product's learned pipeline
 * and fixed rule on a stream like the core benchmark's (255 events a sensor over four weeks), in
 * turn, in one process, over 10,000 sensors and over 1,000 (whose state stays in cache):
 *
 *   node --expose-gc --import tsx bench/skeleton.ts          (after `node scripts/build.js`)
 *
 * The skeleton does what the product does at each event and episode, but not all of it: the
 * sensor's number from a Map, the order and duplicate checks, episodes with a merge gap, a
 * presence session per sensor with loitering and session-end deadlines, exposure at each event,
 * each finished episode learned four hours later into a store laid out as the product's, and, after
 * the learning period, each finished visit's surge question (short visits in three hours against
 * the pooled, smoothed rate). It leaves out off-hours, the learned loitering thresholds,
 * exclusions, nights, incidents and their sentences. Its "complete" run adds back what of that
 * touches memory or runs often: the sensor's place and device kept at every event and read at
 * every episode, long sessions learned as they end, a learned threshold where a session reaches
 * the floor, each visit's off-hours question, and an incident with its sentence per finding.
 * Exclusions and nights stay out (rare). Its findings are counted, not compared: it is a measure
 * of what such work costs on a machine, not a detector.
 *
 * BENCH_SENSORS (10,000), BENCH_RUNS (3) as for the core benchmark.
 */
import type * as AnomalyModule from "../core/anomaly";
import type * as BaselineModule from "../core/baseline";
import type * as DeadlinesModule from "../core/deadlines";
import type * as PipelineModule from "../core/pipeline";
import type * as TimeModule from "../core/time";
import type { Incident, PresenceEvent } from "../core/events";
import { presenceStream } from "./presence";
import { gc, requireGc, shipped } from "./report";

const { Pipeline } = shipped<typeof PipelineModule>("core/pipeline");
const { WeekClock } = shipped<typeof TimeModule>("core/time");
const { DeadlineHeap } = shipped<typeof DeadlinesModule>("core/deadlines");
const { overdispersedTail } = shipped<typeof AnomalyModule>("core/anomaly");
const { dwellBin } = shipped<typeof BaselineModule>("core/baseline");

const SENSORS = Number(process.env.BENCH_SENSORS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** The product's store with 30-minute slots: visits per slot last (see core/baseline.ts). */
const SLOTS = 336;
const VISITS = 1002;
const VISIT_TOTAL = 1001;
const DWELL = 168;
const DWELL_ALL = 990;
const ALL_MOMENTS = 939;
/** Long sessions per dwell group (weight, minutes beyond 10), as the product's SESSIONS part. */
const SESSIONS = 942;
const STORE = VISITS + SLOTS;
/** Row columns: episode, session, exposure, the two rings' head and count. */
const ROW = 32;
const [START, CLEARED, LAST_TS, LAST_OCCUPIED, RADAR] = [0, 1, 2, 3, 4];
const [OBSERVED_UNTIL, EXPOSURE, EPOCH, SINCE] = [11, 12, 13, 14];
const [PENDING_HEAD, PENDING_COUNT, VISITS_HEAD, VISITS_COUNT, SESSION_OPEN, SESSION_END] = [20, 21, 22, 23, 24, 25];
/** Numbers in each sensor's rings (32 spans). */
const RING = 64;
const MERGE_GAP = MIN;
const SESSION_GAP = 3 * MIN;
const FLOOR = 15 * MIN;
const LEARN_DELAY = 4 * HOUR;
const LEARNING = 14 * DAY;
const SURGE_WINDOW = 3 * HOUR;
const SHORT_VISIT = 5 * MIN;
const LN2_PER_MS = Math.LN2 / (28 * DAY);

/** The skeleton: one instance per run, as a pipeline is. */
class Skeleton {
  private readonly numbers = new Map<string, number>();
  private rows = new Float64Array(64 * ROW).fill(NaN);
  private store = new Float32Array(64 * STORE);
  private visits = new Float64Array(64 * RING);
  private pending = new Float64Array(64 * RING);
  private readonly finishing = new DeadlineHeap();
  private readonly loiter = new DeadlineHeap();
  private readonly sessionEnd = new DeadlineHeap();
  private readonly clock = new WeekClock("Europe/Stockholm", 30);
  private readonly due: number[] = [];
  private since = NaN;
  private readonly locations: unknown[] = [];
  private readonly devices: unknown[] = [];
  private readonly incidents: { id: string; sensor: string; kind: string; start: number; explained: string }[] = [];
  findings = 0;

  /**
   * `learns` false: without learning or the surge question (episodes, sessions and deadlines only).
   * `complete` adds what the product does beyond that and the skeleton otherwise leaves out: the
   * sensor's meta written at every event and read at every episode, sessions learned when they end,
   * the learned loitering threshold where a session reaches the floor, each visit's off-hours
   * question after the learning period, and an incident with its sentence for each finding.
   */
  constructor(private readonly learns: boolean, private readonly complete = false) {}

  presence(event: PresenceEvent): void {
    const ts = event.ts;
    const due = this.due;
    while (this.finishing.peek() <= ts) {
      for (const n of this.finishing.due(this.finishing.peek(), due)) this.finish(n, n * ROW);
      due.length = 0;
    }
    while (Math.min(this.loiter.peek(), this.sessionEnd.peek()) <= ts) this.passDue();
    let n = this.numbers.get(event.sensor);
    if (n === undefined) n = this.add(event.sensor, ts);
    const rows = this.rows;
    const r = n * ROW;
    if (ts < rows[r + LAST_TS]) throw new Error("out of order");
    const occupied = event.occupied ? 1 : 0;
    if (ts === rows[r + LAST_TS] && occupied === rows[r + LAST_OCCUPIED]) throw new Error("duplicate");
    rows[r + RADAR] = event.device?.kind === "mmwave" ? 1 : 0;
    if (this.complete) {
      this.locations[n] = event.location;
      this.devices[n] = event.device;
    }
    rows[r + LAST_TS] = ts;
    rows[r + LAST_OCCUPIED] = occupied;
    const observed = rows[r + OBSERVED_UNTIL];
    if (ts - observed >= MIN) {
      rows[r + EXPOSURE] += (Math.exp(((observed + ts) / 2 - rows[r + EPOCH]) * LN2_PER_MS) * (ts - observed)) / (7 * DAY);
      rows[r + OBSERVED_UNTIL] = ts;
    }
    while (this.learns && rows[r + PENDING_COUNT] > 0 && this.pending[n * RING + (rows[r + PENDING_HEAD] % RING) + 1] <= ts - LEARN_DELAY) this.learnOldest(n, r);
    const start = rows[r + START];
    if (occupied) {
      if (Number.isNaN(start)) {
        rows[r + START] = ts;
        if (!Number.isNaN(rows[r + SESSION_OPEN]) && ts - rows[r + SESSION_END] <= SESSION_GAP) this.sessionEnd.clear(n);
        else this.loiter.set(n, ts + FLOOR);
        rows[r + SESSION_OPEN] = ts;
      }
      rows[r + CLEARED] = NaN;
      this.finishing.clear(n);
    } else if (!Number.isNaN(start) && Number.isNaN(rows[r + CLEARED])) {
      rows[r + CLEARED] = ts;
      this.finishing.set(n, ts + MERGE_GAP);
    }
  }

  private passDue(): void {
    const due = this.due;
    if (this.loiter.peek() <= this.sessionEnd.peek()) {
      for (const n of this.loiter.due(this.loiter.peek(), due)) {
        if (!(this.rows[n * ROW + START] > 0)) continue;
        if (this.complete && this.loiterThreshold(n) > this.loiter.peek() - this.rows[n * ROW + SESSION_OPEN]) continue;
        this.findings++;
        if (this.complete) this.incident(n, "loitering", this.rows[n * ROW + SESSION_OPEN]);
      }
    } else {
      for (const n of this.sessionEnd.due(this.sessionEnd.peek(), due)) {
        if (this.complete) this.learnSession(n, n * ROW);
        this.rows[n * ROW + SESSION_OPEN] = NaN;
        this.loiter.clear(n);
      }
    }
    due.length = 0;
  }

  private add(sensor: string, ts: number): number {
    const n = this.numbers.size;
    this.numbers.set(sensor, n);
    while ((n + 1) * ROW > this.rows.length) this.grow();
    const rows = this.rows;
    const r = n * ROW;
    if (Number.isNaN(this.since)) this.since = ts;
    rows[r + LAST_TS] = -Infinity;
    rows[r + EXPOSURE] = 0;
    rows[r + EPOCH] = ts;
    rows[r + OBSERVED_UNTIL] = ts;
    rows[r + SINCE] = this.since;
    rows.fill(0, r + PENDING_HEAD, r + SESSION_OPEN);
    this.locations[n] = undefined;
    this.devices[n] = undefined;
    return n;
  }

  private grow(): void {
    const rows = new Float64Array(this.rows.length * 2).fill(NaN);
    rows.set(this.rows);
    this.rows = rows;
    const store = new Float32Array(this.store.length * 2);
    store.set(this.store);
    this.store = store;
    const visits = new Float64Array(this.visits.length * 2);
    visits.set(this.visits);
    this.visits = visits;
    const pending = new Float64Array(this.pending.length * 2);
    pending.set(this.pending);
    this.pending = pending;
  }

  private smoothed(b: number, i: number): number {
    const store = this.store;
    return 0.25 * store[b + VISITS + ((i + SLOTS - 1) % SLOTS)] + 0.5 * store[b + VISITS + i] + 0.25 * store[b + VISITS + ((i + 1) % SLOTS)];
  }

  private rate(b: number, slot: number, exposure: number): number {
    const timeOfDay = slot % 48;
    let pooled = 0;
    if (slot >= 240) pooled = (this.smoothed(b, 240 + timeOfDay) + this.smoothed(b, 288 + timeOfDay)) / 2;
    else {
      for (let day = 0; day < 5; day++) pooled += this.smoothed(b, day * 48 + timeOfDay);
      pooled /= 5;
    }
    return (0.5 * this.smoothed(b, slot) + 0.5 * pooled) / exposure;
  }

  /** The oldest waiting episode of sensor `n`, learned. */
  private learnOldest(n: number, r: number): void {
    const rows = this.rows;
    const store = this.store;
    const head = rows[r + PENDING_HEAD];
    const i = n * RING + (head % RING);
    const start = this.pending[i];
    const end = this.pending[i + 1];
    rows[r + PENDING_HEAD] = head + 2;
    rows[r + PENDING_COUNT] -= 1;
    const w = Math.exp((start - rows[r + EPOCH]) * LN2_PER_MS);
    const slot = this.clock.slot(start);
    const b = n * STORE;
    store[b + VISITS + slot] += w;
    store[b + VISIT_TOTAL] += w;
    const seconds = (end - start) / 1000;
    const bin = dwellBin(seconds);
    store[b + DWELL + (((slot >> 2) % 12) + (slot >= 240 ? 12 : 0)) * 11 + bin] += w;
    store[b + DWELL_ALL + bin] += w;
    const ln = Math.log(Math.max(1, seconds));
    store[b + ALL_MOMENTS] += w;
    store[b + ALL_MOMENTS + 1] += w * ln;
    store[b + ALL_MOMENTS + 2] += w * ln * ln;
    store[b + ((slot >> 1) % 168)] += (w * (end - start)) / 1000;
  }

  /** The session of sensor `n` has ended: a long one is learned for the loitering thresholds. */
  private learnSession(n: number, r: number): void {
    const minutes = (this.rows[r + SESSION_END] - this.rows[r + SESSION_OPEN]) / MIN;
    if (!(minutes >= 10)) return;
    const open = this.rows[r + SESSION_OPEN];
    const w = Math.exp((open - this.rows[r + EPOCH]) * LN2_PER_MS);
    const slot = this.clock.slot(open);
    const i = n * STORE + SESSIONS + (((slot >> 2) % 12) + (slot >= 240 ? 12 : 0)) * 2;
    this.store[i] += w;
    this.store[i + 1] += w * (minutes - 10);
  }

  /** Sensor `n`'s learned loitering threshold at its session's floor: the long sessions' tail, at least the floor. */
  private loiterThreshold(n: number): number {
    const r = n * ROW;
    const slot = this.clock.slot(this.rows[r + SESSION_OPEN]);
    const b = n * STORE;
    const i = b + SESSIONS + (((slot >> 2) % 12) + (slot >= 240 ? 12 : 0)) * 2;
    const count = this.store[i];
    const perWeek = count / Math.max(1, this.rows[r + EXPOSURE]);
    const space = (this.locations[n] as { space?: string } | undefined)?.space;
    const floor = space === "laundry" ? 3 * HOUR : FLOOR;
    if (count <= 0 || perWeek <= 0.03) return floor;
    return Math.max(floor, (10 + (this.store[i + 1] / count) * Math.log(perWeek / 0.03)) * MIN);
  }

  private incident(n: number, kind: string, start: number): void {
    const location = this.locations[n] as { address?: string; space?: string } | undefined;
    const sensor = String(n);
    const minutes = Math.round((this.loiter.peek() - start) / MIN);
    this.incidents.push({ id: `${sensor}:${kind}:${start}`, sensor, kind, start, explained: `Närvaro i ${minutes} min i ${location?.space ?? ""}, ${location?.address ?? ""}` });
    if (this.incidents.length > 64) this.incidents.length = 0;
  }

  /** Sensor `n`'s episode is over: it waits to be learned, ends the session's part, is a visit. */
  private finish(n: number, r: number): void {
    const rows = this.rows;
    const visits = this.visits;
    const start = rows[r + START];
    const end = rows[r + CLEARED];
    rows[r + START] = NaN;
    rows[r + CLEARED] = NaN;
    this.finishing.clear(n);
    const waiting = rows[r + PENDING_COUNT];
    if (waiting < RING / 2) {
      const i = n * RING + ((rows[r + PENDING_HEAD] + 2 * waiting) % RING);
      this.pending[i] = start;
      this.pending[i + 1] = end;
      rows[r + PENDING_COUNT] = waiting + 1;
    }
    if (rows[r + SESSION_OPEN] === start) {
      rows[r + SESSION_END] = end;
      this.sessionEnd.set(n, end + SESSION_GAP);
    }
    const at = end + MERGE_GAP;
    let head = rows[r + VISITS_HEAD];
    let count = rows[r + VISITS_COUNT];
    if (count === RING / 2) {
      head += 2;
      count--;
    }
    if (this.complete) {
      // The detector reads the place at every episode (its floor, its kind of space); the count
      // only keeps the compiler from leaving the read out.
      const space = (this.locations[n] as { space?: string } | undefined)?.space;
      if (space === "") this.findings--;
    }
    const v = n * RING + ((head + 2 * count) % RING);
    visits[v] = start;
    visits[v + 1] = end;
    count++;
    while (count > 0 && visits[n * RING + (head % RING)] < at - SURGE_WINDOW) {
      head += 2;
      count--;
    }
    rows[r + VISITS_HEAD] = head;
    rows[r + VISITS_COUNT] = count;
    if (!this.learns || at - rows[r + SINCE] < LEARNING) return;
    if (this.complete) {
      // Off-hours: is a visit at this slot one the baseline expects almost never?
      const expected = this.rate(n * STORE, this.clock.slot(start), rows[r + EXPOSURE]) / 2;
      if (1 - Math.exp(-expected) < 8e-5) {
        this.findings++;
        this.incident(n, "off-hours", start);
      }
    }
    let short = 0;
    for (let k = 0; k < count; k++) {
      const j = n * RING + ((head + 2 * k) % RING);
      if (visits[j + 1] - visits[j] <= SHORT_VISIT) short++;
    }
    if (short < 3) return;
    const exposure = rows[r + EXPOSURE];
    let expected = 0;
    for (let t = at - SURGE_WINDOW; t < at; t += 30 * MIN) expected += this.rate(n * STORE, this.clock.slot(t), exposure);
    if (overdispersedTail(short, expected, 1.5) < 1e-3) this.findings++;
  }
}

/** One run of the skeleton over the events: [ms, findings]. */
function skeleton(events: PresenceEvent[], learns: boolean, keep: unknown[], complete = false): [number, number] {
  const s = new Skeleton(learns, complete);
  keep.push(s);
  const started = performance.now();
  for (let i = 0; i < events.length; i++) s.presence(events[i]);
  return [performance.now() - started, s.findings];
}

/** One run of the product's pipeline over the events, ms. */
function product(detector: PipelineModule.DetectorChoice, events: PresenceEvent[], keep: unknown[]): number {
  const pipeline = new Pipeline({ detector, fromDataStart: true });
  keep.push(pipeline);
  const out: Incident[] = [];
  const started = performance.now();
  for (let i = 0; i < events.length; i++) {
    pipeline.presence(events[i], out);
    if (out.length > 0) out.length = 0;
  }
  return performance.now() - started;
}

function main() {
  requireGc();
  const us = (ms: number, n: number) => `${((ms * 1000) / n).toFixed(2)} µs/event`;
  for (const sensors of [SENSORS, Math.round(SENSORS / 10)]) {
    const { events } = presenceStream({ seed: 1, sensors, events: sensors * 255, days: 28 });
    const warm = presenceStream({ seed: 2, sensors: Math.max(50, Math.round(sensors / 20)), events: Math.max(50, Math.round(sensors / 20)) * 255, days: 28 }).events;
    // Warm pipelines kept alive to the end, as the core benchmark does (see there).
    const keep: unknown[] = [];
    skeleton(warm, true, keep);
    skeleton(warm, false, keep);
    skeleton(warm, true, keep, true);
    product("learned", warm, keep);
    product("fixed-15min", warm, keep);
    const best = { skeleton: Infinity, bare: Infinity, complete: Infinity, learned: Infinity, fixed: Infinity };
    let findings = 0;
    let completeFindings = 0;
    for (let run = 0; run < RUNS; run++) {
      gc();
      const [ms, found] = skeleton(events, true, []);
      best.skeleton = Math.min(best.skeleton, ms);
      findings = found;
      gc();
      best.bare = Math.min(best.bare, skeleton(events, false, [])[0]);
      gc();
      const [completeMs, completeFound] = skeleton(events, true, [], true);
      best.complete = Math.min(best.complete, completeMs);
      completeFindings = completeFound;
      gc();
      best.learned = Math.min(best.learned, product("learned", events, []));
      gc();
      best.fixed = Math.min(best.fixed, product("fixed-15min", events, []));
    }
    console.log(`${sensors.toLocaleString("en")} sensors, ${events.length.toLocaleString("en")} events, best of ${RUNS}:`);
    console.log(`  learned pipeline   ${us(best.learned, events.length)}`);
    console.log(`  fixed rule         ${us(best.fixed, events.length)}`);
    console.log(`  skeleton           ${us(best.skeleton, events.length)} (${findings} findings)`);
    console.log(`  skeleton without learning or the surge ${us(best.bare, events.length)}`);
    console.log(`  skeleton, complete ${us(best.complete, events.length)} (${completeFindings} findings)`);
  }
}

main();
