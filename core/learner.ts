/**
 * The baseline's side of the pipeline: checks presence events, turns them into episodes per
 * sensor, and teaches finished episodes to the baseline (which learns them after a delay, so an
 * incident can still keep them out). The trappan-baseline node is a thin face over this, and
 * the evaluation runs the very same code.
 */
import { empty } from "./arrays";
import { Baseline, SensorBaseline, SerializedBaseline } from "./baseline";
import { DeadlineHeap } from "./deadlines";
import { EpisodeChange, EpisodeChangeType, episodeChange, EpisodeOptions, EpisodeSink, DEFAULT_EPISODE_OPTIONS } from "./episodes";
import { DeviceInfo, HealthEvent, Location, PresenceEvent, SensorKind } from "./events";
import { CodedError } from "./messages";
import { SensorNumbers } from "./sensor-numbers";

/** Bad input, with a code the nodes say in the user's language (trappan-baseline.errors.*). */
export class InputError extends CodedError {
  override name = "InputError";
}

/** What the detector knows of a sensor. */
export interface SensorMeta {
  kind: SensorKind;
  location?: Location;
  device?: DeviceInfo;
  /**
   * The sensor reports changes only and has lately lost its clears (see
   * EpisodeOptions.lostClearsToDoubt): its silence after "occupied" is not proof that someone is
   * there, so the detector believes a stay at its clear.
   */
  losesClears?: boolean;
}

/** An episode change of one sensor, at event time `ts`. */
export interface EpisodeNote {
  sensor: string;
  ts: number;
  change: EpisodeChange;
  meta: SensorMeta;
}

/** msg.payload of trappan-baseline: an episode change of one sensor, at event time `ts`. */
export interface EpisodeMessage {
  type: "episode";
  sensor: string;
  ts: number;
  change: EpisodeChange;
  kind: SensorKind;
  location?: Location;
  /** See SensorMeta.losesClears; left out when false. */
  losesClears?: true;
}

/** msg.payload of trappan-baseline when nothing else is said: event time has reached `ts`. */
export interface Watermark {
  type: "watermark";
  ts: number;
}

export function toEpisodeMessage(note: EpisodeNote): EpisodeMessage {
  const { meta } = note;
  return { type: "episode", sensor: note.sensor, ts: note.ts, change: note.change, kind: meta.kind, ...(meta.location ? { location: meta.location } : {}), ...(meta.losesClears ? { losesClears: true } : {}) };
}

/** Checks an episode message from another node; throws an InputError that says what is wrong. */
const CHANGE_TYPES = new Set(["opened", "paused", "resumed", "finished", "dropped"]);

export function fromEpisodeMessage(payload: unknown): EpisodeNote {
  const m = payload as Partial<EpisodeMessage>;
  const c = m?.change as Partial<{ type: string; start: number; end: number; at: number }> | undefined;
  const finite = (x: unknown) => typeof x === "number" && Number.isFinite(x);
  // A start before 2000 or after ts is no episode this learner made (and one decades back would be as many updates).
  const startsWell = !!c && finite(c.start) && (c.start as number) >= EARLIEST_TS && (c.start as number) <= (m?.ts as number);
  if (typeof m?.sensor !== "string" || m.sensor === "" || !finite(m.ts) || !startsWell || !CHANGE_TYPES.has(String(c?.type)) || (c?.type === "finished" && !finite(c.end))) {
    throw new InputError("badEpisode", {}, "an episode message needs sensor, ts and change {type: opened|paused|resumed|finished|dropped, start, end}, start between 2000 and ts");
  }
  return { sensor: m.sensor, ts: m.ts as number, change: m.change as EpisodeChange, meta: { kind: m.kind === "mmwave" ? "mmwave" : "pir", ...(m.location ? { location: m.location } : {}), ...(m.losesClears === true ? { losesClears: true } : {}) } };
}

export const SNAPSHOT_VERSION = 1;

/** What a PIR's own words told of its timeout (see Learner.learnTimeout). */
export interface PirTimeout {
  /** The shortest time from a report of motion to its clear, and the shortest but one (its timeout), ms. */
  shortestMs?: number;
  timeoutMs?: number;
  clears: number;
  /** Reports of motion while occupied, sooner after the last than its timeout. */
  repeats: number;
}

/** The clears a sensor lost lately (see EpisodeOptions.lostClearsToDoubt). */
export interface LostClears {
  count: number;
  /** When the last was found lost: at the next "occupied". */
  lastMs: number;
}

/** A sensor's state as the baseline node keeps it in Node-RED's context store. */
export interface SensorSnapshot {
  v: number;
  tracker: { start?: number; clearedAt?: number; lastTs?: number; lastOccupied?: boolean; pir?: PirTimeout; radar?: { repeats: number }; lost?: LostClears };
  meta: SensorMeta;
  baseline?: SerializedBaseline;
}

/** Events more than this far ahead of the time they were received at are refused. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** The earliest event time taken: anything before is a clock never set, or epoch seconds sent as ms. */
export const EARLIEST_TS = Date.UTC(2000, 0, 1);

/**
 * Checks an event's time (epoch ms) before it moves anything: one wrong time would carry a node's
 * event time (and every deadline after it) decades away, or make a new sensor watched since 1970.
 */
export function checkTime(ts: unknown, sensor: string, receivedAt?: number): number {
  if (typeof ts !== "number" || !Number.isFinite(ts)) throw new InputError("noTime", { sensor }, `the event of ${sensor} has no ts (event time in epoch ms)`);
  if (ts < EARLIEST_TS) throw new InputError("past", { sensor, ts: String(ts) }, `the event of ${sensor} has ts ${ts}, before the year 2000: epoch seconds rather than ms, or a clock never set?`);
  if (receivedAt !== undefined && ts > receivedAt + FUTURE_TOLERANCE_MS) {
    const minutes = Math.round((ts - receivedAt) / 60_000);
    throw new InputError("future", { sensor, minutes }, `the event of ${sensor} is ${minutes} min in the future: is the sensor's or gateway's clock wrong?`);
  }
  return ts;
}

/** Checks a health event's sensor and time; throws an InputError that says what is wrong. */
export function checkHealth(event: HealthEvent, receivedAt?: number): HealthEvent {
  if (typeof event.sensor !== "string" || !event.sensor) throw new InputError("noSensor", {}, "the event has no sensor");
  checkTime(event.ts, event.sensor, receivedAt);
  return event;
}

/**
 * With fromDataStart: a sensor first heard this long after the data began was put up later, not
 * quiet until then (every sensor of a quiet place is heard within a day in the evaluation's
 * estates). Its silence is not learned as quiet, or its first visits would all look unusual.
 */
const PUT_UP_LATER_MS = 86_400_000;

/**
 * A sensor's episode state is ROW numbers in its row (see SensorNumbers), NaN where there is
 * nothing. NaN in all of them is a sensor the learner does not track (yet).
 */
const ROW = 11;
/** Start of the episode under way, occupied or waiting out the merge gap. */
const START = 0;
/** When it last went clear; NaN while occupied. */
const CLEARED = 1;
/** The last event's time, to refuse going back in time (-Infinity: none yet). */
const LAST_TS = 2;
/** The last event's occupied, 1 or 0 (NaN: none yet), to refuse a duplicate. */
const LAST_OCCUPIED = 3;
/** 1 for an mmWave radar (whose short blips are ghosts), 0 for a PIR. */
const RADAR = 4;
/** A PIR's shortest time from a report of motion (occupied) to its clear. */
const SHORTEST = 5;
/** The shortest but one: its timeout (or its shortest visit), which one glitch sooner does not move. */
const TIMEOUT = 6;
/** Clears that measured it. */
const CLEARS = 7;
/**
 * Reports of motion while occupied, sooner after the last than TIMEOUT: the PIR repeats itself.
 * For a radar, "occupied" again while occupied, sooner than LOST_AFTER_MS: it repeats itself.
 */
const REPEATS = 8;
/** Clears lost, each within LOST_CLEARS_MEMORY_MS of the one before (see EpisodeOptions.lostClearsToDoubt). */
const LOST = 9;
/** When the last clear was found lost. */
const LAST_LOST = 10;

/**
 * A PIR's timeout is taken as measured once it has cleared this often, and the PIR as one that
 * repeats itself once it has said "occupied" while occupied this often.
 */
const TIMEOUT_CLEARS = 30;
const TIMEOUT_REPEATS = 10;
/** Shorter times from motion to clear are glitches, not a timeout; a report of motion as soon after the last, a duplicate. */
const SHORTEST_TIMEOUT_MS = 5_000;
/**
 * "Occupied" again this long after the last word, with no clear between, from a sensor that reports
 * changes only: its clear was lost. Longer than any PIR's timeout or a radar's repeat seen, so
 * a repeat is not taken for a loss.
 */
const LOST_AFTER_MS = 10 * 60_000;
/** Lost clears count together while each comes within this of the last; after it, the link is trusted again. */
export const LOST_CLEARS_MEMORY_MS = 28 * 86_400_000;

/** Collects changes as notes, for the nodes (which pass them on as messages). */
class NoteSink implements EpisodeSink<EpisodeNote[]> {
  constructor(private readonly sensors: SensorNumbers) {}

  episodeChanged(n: number, type: EpisodeChangeType, times: Float64Array, i: number, out: EpisodeNote[]): void {
    const at = times[i + 2];
    out.push({ sensor: this.sensors.names[n], ts: at, change: episodeChange(type, times[i], times[i + 1], at), meta: this.sensors.meta[n] });
  }
}

export class Learner {
  /** Where the learner's numbers begin in a sensor's row. */
  private readonly columns: number;
  /** The baseline's state of each sensor, once it has one, so that each event does not look it up again. */
  private readonly baselines: (SensorBaseline | undefined)[] = [];
  /** When the episode waiting out its merge gap is finished, per sensor. */
  private readonly finishing = new DeadlineHeap();
  /** When a PIR that repeats itself, silent while occupied, has lost its clear (see silentTimeouts). */
  private readonly silent = new DeadlineHeap();
  /** Scratch for the sensors whose episodes finish now. */
  private readonly finished: number[] = [];
  private readonly notes: NoteSink;
  /** The changes of the event under way, held until the baseline has taken the event: types, and start, end, at of each. */
  private readonly heldTypes: EpisodeChangeType[] = [];
  private readonly heldTimes = new Float64Array(9);
  readonly episodeOptions: EpisodeOptions;

  /**
   * When set, sensors count as watched from the first event the learner saw rather than from
   * their own first event: a data set that begins with all its sensors installed.
   */
  private since?: number;

  constructor(
    readonly baseline: Baseline | undefined,
    episodeOptions: Partial<EpisodeOptions> = {},
    private readonly fromDataStart = false,
    /**
     * The baseline's (an event's numbers are then read from one row), and shared with a detector
     * fed straight from this learner (Pipeline).
     */
    readonly sensors = baseline?.numbers ?? new SensorNumbers(),
  ) {
    if (baseline && sensors !== baseline.numbers) throw new Error("a learner numbers its sensors as its baseline does");
    this.episodeOptions = { ...DEFAULT_EPISODE_OPTIONS, ...episodeOptions };
    this.notes = new NoteSink(sensors);
    this.columns = sensors.reserve(ROW);
  }

  /** Checks the shape of a presence event; throws an InputError that says what is wrong. */
  static check(event: unknown, receivedAt?: number): PresenceEvent {
    if (!event || typeof event !== "object") throw new InputError("notEvent", { got: typeof event }, `expected a presence event object, got ${typeof event}`);
    const e = event as Partial<PresenceEvent>;
    if (e.type !== "presence") throw new InputError("notPresence", { type: String(e.type) }, `expected type "presence", got ${JSON.stringify(e.type)}`);
    if (typeof e.sensor !== "string" || e.sensor === "") throw new InputError("noSensor", {}, "the event has no sensor");
    checkTime(e.ts, e.sensor, receivedAt);
    if (typeof e.occupied !== "boolean") throw new InputError("noOccupied", { sensor: e.sensor }, `the event of ${e.sensor} has no occupied (true or false)`);
    return e as PresenceEvent;
  }

  /** Feeds one event (checked first); returns the episode changes it caused. */
  push(event: PresenceEvent, out: EpisodeNote[] = []): EpisodeNote[] {
    this.pushTo(event, this.notes, out);
    return out;
  }

  /** Feeds one event (checked first); its episode changes go to `sink`. */
  pushTo<Out>(event: PresenceEvent, sink: EpisodeSink<Out>, out: Out): void {
    const n = this.sensors.number(event.sensor);
    if (!this.tracks(n)) this.track(n, event);
    const rows = this.sensors.rows;
    const at = this.at(n);
    const last = rows[at + LAST_TS];
    if (event.ts < last) {
      throw new InputError("outOfOrder", { sensor: event.sensor, behind: Math.round((last - event.ts) / 1000) }, `the event of ${event.sensor} is ${Math.round((last - event.ts) / 1000)} s older than the last one: out of order, ignored`);
    }
    const occupied = event.occupied ? 1 : 0;
    if (event.ts === last && occupied === rows[at + LAST_OCCUPIED]) {
      throw new InputError("duplicate", { sensor: event.sensor }, `the event of ${event.sensor} repeats the last one: duplicate, ignored`);
    }
    const meta = this.sensors.meta[n];
    const radar = event.device?.kind === "mmwave" ? 1 : 0;
    if (rows[at + RADAR] !== radar) {
      rows[at + RADAR] = radar;
      meta.kind = radar ? "mmwave" : "pir";
    }
    if (event.location) meta.location = event.location;
    if (event.device) meta.device = event.device;
    if (radar === 0) this.learnTimeout(at, event.ts, occupied);
    else if (occupied === 1) this.learnRepeats(at, event.ts);
    if (occupied === 1 && this.isLostClear(at, event.ts)) this.lostClearFound(n, event.ts);
    else if (meta.losesClears && event.ts - rows[at + LAST_LOST] > LOST_CLEARS_MEMORY_MS) meta.losesClears = false;
    rows[at + LAST_OCCUPIED] = occupied;
    this.episodeEvent(n, event.ts, event.occupied);
    if (this.baseline) {
      // A sensor seeded or restored without a baseline state may have been given one since (a warm start).
      const baseline = (this.baselines[n] ??= this.baseline.get(event.sensor));
      if (baseline) this.baseline.heardEvent(baseline, n, event.ts);
    }
    // After the commit: the detector asks the baseline as it stands at this event.
    this.pass(n, sink, out);
  }

  /** Whether the learner keeps episodes of sensor `n`. */
  private tracks(n: number): boolean {
    return n < this.sensors.size && !Number.isNaN(this.sensors.rows[this.at(n) + LAST_TS]);
  }

  /** Where the learner's numbers of sensor `n` are in the sensors' rows. */
  private at(n: number): number {
    return this.sensors.row(n) + this.columns;
  }

  /** Starts keeping episodes of a sensor first heard now. */
  private track(n: number, event: PresenceEvent): void {
    this.startRow(n, { kind: "pir" });
    this.since ??= event.ts;
    const since = this.fromDataStart ? this.since : event.ts;
    this.baselines[n] = this.baseline?.track(event.sensor, since, event.ts - since >= PUT_UP_LATER_MS ? event.ts : since);
  }

  /** A fresh row for sensor `n`: nothing under way, nothing heard. */
  private startRow(n: number, meta: SensorMeta): void {
    const rows = this.sensors.rows;
    const at = this.at(n);
    rows.fill(NaN, at, at + ROW);
    rows[at + LAST_TS] = -Infinity;
    rows[at + RADAR] = meta.kind === "mmwave" ? 1 : 0;
    this.sensors.meta[n] = meta;
  }

  /**
   * A PIR's timeout, from its own words, before the event at `ts` is taken. A PIR holds "occupied"
   * while it sees motion and clears a timeout after the last: the shortest time from a report of
   * motion to the clear (but one: a glitch may come sooner) is that timeout, or the shortest
   * visit. Some models report each motion
   * (Aqara, IKEA: a report every minute or so while someone moves), others only the change (Hue);
   * one that says "occupied" again while occupied, sooner than its timeout, is of the first kind,
   * which a lost clear alone never makes look so: a repeat needs the last report's timeout not yet
   * run out, and a lost clear is only noticed after it has.
   */
  private learnTimeout(at: number, ts: number, occupied: number): void {
    const rows = this.sensors.rows;
    if (rows[at + LAST_OCCUPIED] === 1) {
      const sinceMotion = ts - rows[at + LAST_TS];
      if (occupied === 0) {
        if (sinceMotion >= SHORTEST_TIMEOUT_MS) {
          if (!(sinceMotion >= rows[at + SHORTEST])) {
            rows[at + TIMEOUT] = rows[at + SHORTEST];
            rows[at + SHORTEST] = sinceMotion;
          } else if (!(sinceMotion >= rows[at + TIMEOUT])) rows[at + TIMEOUT] = sinceMotion;
          rows[at + CLEARS] = (rows[at + CLEARS] || 0) + 1;
        }
      } else if (rows[at + CLEARS] >= TIMEOUT_CLEARS && sinceMotion >= SHORTEST_TIMEOUT_MS && sinceMotion < rows[at + TIMEOUT]) {
        rows[at + REPEATS] = (rows[at + REPEATS] || 0) + 1;
      }
    }
  }

  /** A radar that says "occupied" again while occupied, soon after the last word, repeats itself (see REPEATS). */
  private learnRepeats(at: number, ts: number): void {
    const rows = this.sensors.rows;
    const since = ts - rows[at + LAST_TS];
    if (rows[at + LAST_OCCUPIED] === 1 && since >= SHORTEST_TIMEOUT_MS && since < LOST_AFTER_MS) rows[at + REPEATS] = (rows[at + REPEATS] || 0) + 1;
  }

  /**
   * Whether "occupied" at `ts`, during an episode under way, tells that the sensor's clear was
   * lost: it reports changes only (a PIR whose timeout is measured and that does not repeat
   * itself, or a radar that does not), and it has been silent since it last said "occupied" for
   * longer than it could have stayed occupied without a clear.
   */
  private isLostClear(at: number, ts: number): boolean {
    const rows = this.sensors.rows;
    if (!(this.episodeOptions.lostClearsToDoubt > 0) || rows[at + LAST_OCCUPIED] !== 1 || Number.isNaN(rows[at + START]) || !Number.isNaN(rows[at + CLEARED])) return false;
    if (rows[at + REPEATS] >= TIMEOUT_REPEATS) return false;
    const since = ts - rows[at + LAST_TS];
    if (rows[at + RADAR] === 1) return since >= LOST_AFTER_MS;
    const timeout = rows[at + TIMEOUT];
    return rows[at + CLEARS] >= TIMEOUT_CLEARS && since >= Math.max(LOST_AFTER_MS, 2 * timeout, timeout + this.episodeOptions.mergeGapMs);
  }

  /**
   * Sensor `n` lost its clear (isLostClear): the episode ends as lostClear says, and once it has
   * lost lostClearsToDoubt clears, each within LOST_CLEARS_MEMORY_MS of the one before, its stays
   * are believed at their clear.
   */
  private lostClearFound(n: number, ts: number): void {
    const rows = this.sensors.rows;
    const at = this.at(n);
    rows[at + LOST] = ts - rows[at + LAST_LOST] <= LOST_CLEARS_MEMORY_MS ? rows[at + LOST] + 1 : 1;
    rows[at + LAST_LOST] = ts;
    if (rows[at + LOST] >= this.episodeOptions.lostClearsToDoubt) this.sensors.meta[n].losesClears = true;
    this.lostClear(n);
  }

  /** How long a PIR that repeats itself may be silent while occupied; NaN for any other sensor. */
  private silenceMs(at: number): number {
    const rows = this.sensors.rows;
    const times = this.episodeOptions.silentTimeouts;
    return rows[at + RADAR] === 0 && times > 0 && rows[at + REPEATS] >= TIMEOUT_REPEATS ? times * rows[at + TIMEOUT] : NaN;
  }

  /**
   * Sensor `n` has lost its clear (a lossy link): a PIR that repeats itself, silent for its
   * timeouts while occupied, or a sensor that reports changes only, heard again (isLostClear). It
   * cleared a timeout after its last report (a radar, whose leaving is not timed, a blip after
   * it). Otherwise the episode would last until the next word, and a stay of one report and hours
   * of silence would look like someone standing there.
   */
  private lostClear(n: number): void {
    const rows = this.sensors.rows;
    const at = this.at(n);
    this.silent.clear(n);
    if (Number.isNaN(rows[at + START]) || !Number.isNaN(rows[at + CLEARED])) return;
    // Its last event was its last report of motion.
    this.pause(n, rows[at + LAST_TS] + (rows[at + RADAR] === 1 ? this.episodeOptions.blipMs : rows[at + TIMEOUT]));
  }

  /** Sensor `n`'s episode under way went clear at `cleared`: it ends there unless it resumes within the merge gap. */
  private pause(n: number, cleared: number): void {
    const rows = this.sensors.rows;
    const at = this.at(n);
    rows[at + CLEARED] = cleared;
    this.changed(n, "paused", rows[at + START], NaN, cleared);
    this.finishing.set(n, cleared + this.episodeOptions.mergeGapMs);
  }

  /** One presence event of sensor `n`, in time order: the episode starts, pauses or resumes. */
  private episodeEvent(n: number, ts: number, occupied: boolean): void {
    if (this.silent.isSet(n) && this.silent.peekAt(n) <= ts) this.lostClear(n);
    this.finishEpisode(n, ts);
    const rows = this.sensors.rows;
    const at = this.at(n);
    rows[at + LAST_TS] = ts;
    const start = rows[at + START];
    const underWay = !Number.isNaN(start);
    if (occupied) {
      if (!underWay) {
        rows[at + START] = ts;
        this.changed(n, "opened", ts, NaN, ts);
      } else if (!Number.isNaN(rows[at + CLEARED])) {
        this.changed(n, "resumed", start, NaN, ts); // within the merge gap: the same episode goes on
      }
      rows[at + CLEARED] = NaN;
      this.finishing.clear(n);
      const silenceMs = this.silenceMs(at);
      if (silenceMs > 0) this.silent.set(n, ts + silenceMs);
    } else {
      this.silent.clear(n);
      if (underWay && Number.isNaN(rows[at + CLEARED])) this.pause(n, ts);
    }
  }

  /** Lets time pass for sensor `n`: an episode whose clear lies a merge gap behind is finished. */
  private finishEpisode(n: number, now: number): void {
    // At every event, and seldom more than a look (small, so that V8 inlines it: see docs/performance.md).
    if (now - this.sensors.rows[this.at(n) + CLEARED] >= this.episodeOptions.mergeGapMs) this.finish(n);
  }

  /** Sensor `n`'s episode, clear for a merge gap, is over. */
  private finish(n: number): void {
    const rows = this.sensors.rows;
    const at = this.at(n);
    const start = rows[at + START];
    const end = rows[at + CLEARED];
    const { mergeGapMs, blipMs } = this.episodeOptions;
    if (Number.isNaN(start)) return;
    rows[at + START] = NaN;
    rows[at + CLEARED] = NaN;
    this.finishing.clear(n);
    this.silent.clear(n);
    const ghost = rows[at + RADAR] === 1 && blipMs > 0 && end - start < blipMs;
    if (ghost) this.changed(n, "dropped", start, NaN, end + mergeGapMs);
    else {
      this.changed(n, "finished", start, end, end + mergeGapMs);
      if (this.baseline) this.teach(this.baseline, n);
    }
  }

  /** Holds a change to pass on (an event makes two at most). */
  private changed(n: number, type: EpisodeChangeType, start: number, end: number, at: number): void {
    const i = this.heldTypes.length;
    this.heldTypes.push(type);
    this.heldTimes[3 * i] = start;
    this.heldTimes[3 * i + 1] = end;
    this.heldTimes[3 * i + 2] = at;
  }

  /** The finished episode of sensor `n` just held, for the baseline to learn. */
  private teach(baseline: Baseline, n: number): void {
    const i = 3 * (this.heldTypes.length - 1);
    const state = (this.baselines[n] ??= baseline.track(this.sensors.names[n], Math.min(this.heldTimes[i], this.heldTimes[i + 2])));
    baseline.addChange(state, this.heldTimes, i, this.sensors.meta[n].kind);
  }

  /** Passes the changes held on to `sink`, in order. */
  private pass<Out>(n: number, sink: EpisodeSink<Out>, out: Out): void {
    const types = this.heldTypes;
    const times = this.heldTimes;
    try {
      for (let i = 0; i < types.length; i++) sink.episodeChanged(n, types[i], times, 3 * i, out);
    } finally {
      empty(types);
    }
  }

  /** A health event: a sensor reported offline does not learn its silence as quiet (see Baseline.availability). */
  health(event: HealthEvent): void {
    if (typeof event.online === "boolean" && Number.isFinite(event.ts)) this.baseline?.availability(event.sensor, event.online, event.ts);
  }

  /** Lets event time pass: episodes whose merge gap has run out are finished, in time order. */
  advance(now: number, out: EpisodeNote[] = []): EpisodeNote[] {
    this.advanceTo(now, this.notes, out);
    return out;
  }

  /** The same, with the changes going to `sink`. */
  advanceTo<Out>(now: number, sink: EpisodeSink<Out>, out: Out): void {
    for (;;) {
      const finish = this.finishing.peek();
      const silence = this.silent.peek();
      if (finish <= now && finish <= silence) this.finishNext(sink, out);
      else if (silence <= now) this.silenceNext(sink, out);
      else return;
    }
  }

  /** Ends the episodes of the PIRs whose silence runs out first: their clears were lost. */
  private silenceNext<Out>(sink: EpisodeSink<Out>, out: Out): void {
    const silenced = this.silent.due(this.silent.peek(), this.finished);
    for (const n of silenced) {
      this.lostClear(n);
      this.pass(n, sink, out);
    }
    empty(silenced);
  }

  /**
   * Finishes the episodes whose merge gap runs out first (they share the time), their changes
   * going to `sink`. The time is the heap's, not an argument: see EpisodeSink.
   */
  private finishNext<Out>(sink: EpisodeSink<Out>, out: Out): void {
    const now = this.finishing.peek();
    const finished = this.finishing.due(now, this.finished);
    for (const n of finished) {
      this.finishEpisode(n, now);
      this.pass(n, sink, out);
    }
    empty(finished);
  }

  /** When the next episode will be finished (or found to have lost its clear); Infinity if none is waiting. */
  nextFinish(): number {
    return Math.min(this.finishing.peek(), this.silent.peek());
  }

  /** Everything known of a sensor, small and versioned, for Node-RED's context store. */
  snapshot(sensor: string): SensorSnapshot | undefined {
    const n = this.sensors.get(sensor);
    if (n === undefined || !this.tracks(n)) return undefined;
    const rows = this.sensors.rows;
    const at = this.at(n);
    const known = (i: number) => (Number.isFinite(rows[at + i]) ? rows[at + i] : undefined);
    const lastOccupied = known(LAST_OCCUPIED);
    const clears = known(CLEARS);
    const lost = known(LOST);
    return {
      v: SNAPSHOT_VERSION,
      tracker: {
        start: known(START),
        clearedAt: known(CLEARED),
        lastTs: known(LAST_TS),
        lastOccupied: lastOccupied === undefined ? undefined : lastOccupied === 1,
        ...(clears === undefined ? {} : { pir: { shortestMs: known(SHORTEST), timeoutMs: known(TIMEOUT), clears, repeats: known(REPEATS) ?? 0 } }),
        ...(rows[at + RADAR] === 1 && known(REPEATS) !== undefined ? { radar: { repeats: rows[at + REPEATS] } } : {}),
        ...(lost === undefined ? {} : { lost: { count: lost, lastMs: rows[at + LAST_LOST] } }),
      },
      meta: this.sensors.meta[n],
      baseline: this.baseline?.serialize(sensor),
    };
  }

  /** Brings a sensor back from a snapshot; throws a plain Error saying why one cannot be read. */
  restore(sensor: string, snapshot: SensorSnapshot): void {
    if (!snapshot || snapshot.v !== SNAPSHOT_VERSION) throw new Error(`state of version ${snapshot?.v} cannot be read (this is version ${SNAPSHOT_VERSION})`);
    if (snapshot.baseline && this.baseline) this.baseline.restore(sensor, snapshot.baseline);
    const n = this.sensors.number(sensor);
    this.finishing.clear(n);
    this.silent.clear(n);
    this.startRow(n, { ...snapshot.meta });
    const rows = this.sensors.rows;
    const at = this.at(n);
    const { start, clearedAt, lastTs, lastOccupied, pir, radar, lost } = snapshot.tracker;
    rows[at + START] = start ?? NaN;
    rows[at + CLEARED] = clearedAt ?? NaN;
    rows[at + LAST_TS] = lastTs ?? -Infinity;
    rows[at + LAST_OCCUPIED] = typeof lastOccupied === "boolean" ? Number(lastOccupied) : NaN;
    if (pir) {
      rows[at + SHORTEST] = pir.shortestMs ?? NaN;
      rows[at + TIMEOUT] = pir.timeoutMs ?? NaN;
      rows[at + CLEARS] = pir.clears;
      rows[at + REPEATS] = pir.repeats;
    }
    if (radar && Number.isFinite(radar.repeats)) rows[at + REPEATS] = radar.repeats;
    if (lost && Number.isFinite(lost.count) && Number.isFinite(lost.lastMs)) {
      rows[at + LOST] = lost.count;
      rows[at + LAST_LOST] = lost.lastMs;
    }
    this.baselines[n] = this.baseline?.get(sensor);
    if (start !== undefined && clearedAt !== undefined) this.finishing.set(n, clearedAt + this.episodeOptions.mergeGapMs);
    const silenceMs = this.silenceMs(at);
    if (start !== undefined && clearedAt === undefined && silenceMs > 0) this.silent.set(n, rows[at + LAST_TS] + silenceMs);
  }

  /**
   * Makes a sensor known before it has sent anything (a warm start from stored history), so its
   * state is kept and shown like any other's.
   */
  seed(sensor: string, meta: SensorMeta): void {
    const n = this.sensors.number(sensor);
    if (this.tracks(n)) return;
    this.startRow(n, { ...meta });
    this.baselines[n] = this.baseline?.get(sensor);
  }

  forget(sensor: string): void {
    const n = this.sensors.get(sensor);
    if (n !== undefined && this.tracks(n)) {
      this.finishing.clear(n);
      this.silent.clear(n);
      this.sensors.rows.fill(NaN, this.at(n), this.at(n) + ROW);
      this.baselines[n] = undefined;
    }
    this.baseline?.forget(sensor);
  }

  /** The time of the latest event seen, across sensors. */
  get lastEventTs(): number {
    let last = -Infinity;
    for (let n = 0; n < this.sensors.size; n++) if (this.tracks(n)) last = Math.max(last, this.sensors.rows[this.at(n) + LAST_TS]);
    return last;
  }

  *sensorIds(): IterableIterator<string> {
    for (let n = 0; n < this.sensors.size; n++) if (this.tracks(n)) yield this.sensors.names[n];
  }

  meta(sensor: string): SensorMeta | undefined {
    const n = this.sensors.get(sensor);
    return n !== undefined && this.tracks(n) ? this.sensors.meta[n] : undefined;
  }
}
