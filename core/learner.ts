/**
 * The baseline's side of the pipeline: checks presence events, turns them into episodes per
 * sensor, and teaches finished episodes to the baseline (which learns them after a delay, so an
 * incident can still keep them out). The trappan-baseline node is a thin face over this, and
 * the evaluation runs the very same code.
 */
import { empty } from "./arrays";
import { Baseline, SensorBaseline, SerializedBaseline } from "./baseline";
import { Deadline, DeadlineHeap } from "./deadlines";
import { EpisodeChange, EpisodeOptions, EpisodeTracker, DEFAULT_EPISODE_OPTIONS } from "./episodes";
import { DeviceInfo, HealthEvent, Location, PresenceEvent, SensorKind } from "./events";
import { CodedError } from "./messages";

/** Bad input, with a code the nodes say in the user's language (trappan-baseline.errors.*). */
export class InputError extends CodedError {
  override name = "InputError";
}

/** What the detector knows of a sensor. */
export interface SensorMeta {
  kind: SensorKind;
  location?: Location;
  device?: DeviceInfo;
}

/** An episode change of one sensor, at event time `ts`. */
export interface EpisodeNote {
  sensor: string;
  ts: number;
  change: EpisodeChange;
  meta: SensorMeta;
  /** The sensor's slot, where a detector fed straight from the learner keeps its state of it (see SensorSlot). */
  slot?: SensorSlot;
}

/**
 * A place on the learner's state of a sensor for the detector's state of it: a detector fed
 * straight from the learner (Pipeline) finds it there rather than looking the sensor up by
 * name again. Notes that come through a message (the nodes) have none.
 */
export interface SensorSlot {
  detector: unknown;
}

/** msg.payload of trappan-baseline: an episode change of one sensor, at event time `ts`. */
export interface EpisodeMessage {
  type: "episode";
  sensor: string;
  ts: number;
  change: EpisodeChange;
  kind: SensorKind;
  location?: Location;
}

/** msg.payload of trappan-baseline when nothing else is said: event time has reached `ts`. */
export interface Watermark {
  type: "watermark";
  ts: number;
}

export function toEpisodeMessage(note: EpisodeNote): EpisodeMessage {
  return { type: "episode", sensor: note.sensor, ts: note.ts, change: note.change, kind: note.meta.kind, ...(note.meta.location ? { location: note.meta.location } : {}) };
}

/** Checks an episode message from another node; throws an InputError that says what is wrong. */
const CHANGE_TYPES = new Set(["opened", "paused", "resumed", "finished", "dropped"]);

export function fromEpisodeMessage(payload: unknown): EpisodeNote {
  const m = payload as Partial<EpisodeMessage>;
  const c = m?.change as Partial<{ type: string; start: number; end: number; at: number }> | undefined;
  const finite = (x: unknown) => typeof x === "number" && Number.isFinite(x);
  if (typeof m?.sensor !== "string" || m.sensor === "" || !finite(m.ts) || !c || !finite(c.start) || !CHANGE_TYPES.has(String(c.type)) || (c.type === "finished" && !finite(c.end))) {
    throw new InputError("badEpisode", {}, "an episode message needs sensor, ts and change {type: opened|paused|resumed|finished|dropped, start, end}");
  }
  return { sensor: m.sensor, ts: m.ts as number, change: m.change as EpisodeChange, meta: { kind: m.kind === "mmwave" ? "mmwave" : "pir", ...(m.location ? { location: m.location } : {}) } };
}

export const SNAPSHOT_VERSION = 1;

/** A sensor's state as the baseline node keeps it in Node-RED's context store. */
export interface SensorSnapshot {
  v: number;
  tracker: { start?: number; clearedAt?: number; lastTs?: number; lastOccupied?: boolean };
  meta: SensorMeta;
  baseline?: SerializedBaseline;
}

/** Events more than this far ahead of the time they were received at are refused. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * With fromDataStart: a sensor first heard this long after the data began was put up later, not
 * quiet until then (every sensor of a quiet place is heard within a day in the evaluation's
 * estates). Its silence is not learned as quiet, or its first visits would all look unusual.
 */
const PUT_UP_LATER_MS = 86_400_000;

/** A sensor's episodes (it is their tracker: one object less to reach per event) and what goes with them. */
class SensorState extends EpisodeTracker implements SensorSlot {
  detector: unknown = undefined;
  /** When the episode waiting out its merge gap is finished; the state keeps it, so no lookup. */
  readonly finishing = new Deadline<SensorState>(this);
  /**
   * The baseline's state of the sensor, once it has one, so that each event does not look it up
   * again. The baseline replaces a sensor's state only in restore (through Learner.restore, which
   * takes the new one) and drops it only in forget (through Learner.forget).
   */
  baseline: SensorBaseline | undefined = undefined;

  constructor(
    readonly sensor: string,
    episodeOptions: EpisodeOptions,
    readonly meta: SensorMeta,
    public lastOccupied: boolean | undefined,
  ) {
    super(meta.kind, episodeOptions);
  }
}

export class Learner {
  private readonly sensors = new Map<string, SensorState>();
  private readonly finishing = new DeadlineHeap<SensorState>();
  /** Scratch for the sensors whose episodes finish now. */
  private readonly finished: SensorState[] = [];
  readonly episodeOptions: EpisodeOptions;

  /**
   * When set, sensors count as watched from the first event the learner saw rather than from
   * their own first event: a data set that begins with all its sensors installed.
   */
  private since?: number;
  /** Scratch for a tracker's changes, emptied by note(): one event at a time, no array each. */
  private readonly changes: EpisodeChange[] = [];

  constructor(
    readonly baseline: Baseline | undefined,
    episodeOptions: Partial<EpisodeOptions> = {},
    private readonly fromDataStart = false,
  ) {
    this.episodeOptions = { ...DEFAULT_EPISODE_OPTIONS, ...episodeOptions };
  }

  /** Checks the shape of a presence event; throws an InputError that says what is wrong. */
  static check(event: unknown, receivedAt?: number): PresenceEvent {
    if (!event || typeof event !== "object") throw new InputError("notEvent", { got: typeof event }, `expected a presence event object, got ${typeof event}`);
    const e = event as Partial<PresenceEvent>;
    if (e.type !== "presence") throw new InputError("notPresence", { type: String(e.type) }, `expected type "presence", got ${JSON.stringify(e.type)}`);
    if (typeof e.sensor !== "string" || e.sensor === "") throw new InputError("noSensor", {}, "the event has no sensor");
    if (typeof e.ts !== "number" || !Number.isFinite(e.ts)) throw new InputError("noTime", { sensor: e.sensor }, `the event of ${e.sensor} has no ts (event time in epoch ms)`);
    if (typeof e.occupied !== "boolean") throw new InputError("noOccupied", { sensor: e.sensor }, `the event of ${e.sensor} has no occupied (true or false)`);
    if (receivedAt !== undefined && e.ts > receivedAt + FUTURE_TOLERANCE_MS) {
      const minutes = Math.round((e.ts - receivedAt) / 60_000);
      throw new InputError("future", { sensor: e.sensor, minutes }, `the event of ${e.sensor} is ${minutes} min in the future: is the sensor's or gateway's clock wrong?`);
    }
    return e as PresenceEvent;
  }

  /** Feeds one event (checked first); returns the episode changes it caused. */
  push(event: PresenceEvent, out: EpisodeNote[] = []): EpisodeNote[] {
    let s = this.sensors.get(event.sensor);
    if (!s) {
      s = new SensorState(event.sensor, this.episodeOptions, { kind: "pir" }, undefined);
      this.sensors.set(event.sensor, s);
      this.since ??= event.ts;
      const since = this.fromDataStart ? this.since : event.ts;
      s.baseline = this.baseline?.track(event.sensor, since, event.ts - since >= PUT_UP_LATER_MS ? event.ts : since);
    }
    const last = s.lastTs;
    if (event.ts < last) {
      throw new InputError("outOfOrder", { sensor: event.sensor, behind: Math.round((last - event.ts) / 1000) }, `the event of ${event.sensor} is ${Math.round((last - event.ts) / 1000)} s older than the last one: out of order, ignored`);
    }
    if (event.ts === last && event.occupied === s.lastOccupied) {
      throw new InputError("duplicate", { sensor: event.sensor }, `the event of ${event.sensor} repeats the last one: duplicate, ignored`);
    }
    const kind = event.device?.kind === "mmwave" ? "mmwave" : "pir";
    s.meta.kind = kind;
    s.kind = kind;
    if (event.location) s.meta.location = event.location;
    if (event.device) s.meta.device = event.device;
    s.lastOccupied = event.occupied;
    this.note(event.sensor, s, s.push(event.ts, event.occupied, this.changes), out);
    const finishesAt = s.finishesAt();
    if (finishesAt === undefined) this.finishing.clear(s.finishing);
    else this.finishing.set(s.finishing, finishesAt);
    if (this.baseline) {
      // A sensor seeded or restored without a baseline state may have been given one since (a warm start).
      s.baseline ??= this.baseline.get(event.sensor);
      if (s.baseline) this.baseline.commitTo(s.baseline, event.ts, true);
    }
    return out;
  }

  /** A health event: a sensor reported offline does not learn its silence as quiet (see Baseline.availability). */
  health(event: HealthEvent): void {
    if (typeof event.online === "boolean" && Number.isFinite(event.ts)) this.baseline?.availability(event.sensor, event.online, event.ts);
  }

  /** Lets event time pass: episodes whose merge gap has run out are finished, in time order. */
  advance(now: number, out: EpisodeNote[] = []): EpisodeNote[] {
    const finished = this.finishing.due(now, this.finished);
    for (const s of finished) this.note(s.sensor, s, s.advance(now, this.changes), out);
    empty(finished);
    return out;
  }

  /** When the next episode will be finished, if one is waiting. */
  nextFinish(): number | undefined {
    return this.finishing.peek();
  }

  /** Notes carry the time a change became known: a start at its start, a finish when the merge gap ran out. */
  private note(sensor: string, s: SensorState, changes: EpisodeChange[], out: EpisodeNote[]): void {
    for (const change of changes) {
      const ts = change.type === "opened" ? change.start : change.at;
      if (change.type === "finished" && this.baseline) {
        s.baseline ??= this.baseline.track(sensor, Math.min(change.start, ts));
        this.baseline.addTo(s.baseline, change.start, change.end, ts, s.meta.kind);
      }
      out.push({ sensor, ts, change, meta: s.meta, slot: s });
    }
    empty(changes);
  }

  /** Everything known of a sensor, small and versioned, for Node-RED's context store. */
  snapshot(sensor: string): SensorSnapshot | undefined {
    const s = this.sensors.get(sensor);
    if (!s) return undefined;
    const { start, clearedAt, lastTs } = s;
    return {
      v: SNAPSHOT_VERSION,
      tracker: { start, clearedAt, lastTs: Number.isFinite(lastTs) ? lastTs : undefined, lastOccupied: s.lastOccupied },
      meta: s.meta,
      baseline: this.baseline?.serialize(sensor),
    };
  }

  /** Brings a sensor back from a snapshot; throws a plain Error saying why one cannot be read. */
  restore(sensor: string, snapshot: SensorSnapshot): void {
    if (!snapshot || snapshot.v !== SNAPSHOT_VERSION) throw new Error(`state of version ${snapshot?.v} cannot be read (this is version ${SNAPSHOT_VERSION})`);
    if (snapshot.baseline && this.baseline) this.baseline.restore(sensor, snapshot.baseline);
    const previous = this.sensors.get(sensor);
    if (previous) this.finishing.clear(previous.finishing);
    const s = new SensorState(sensor, this.episodeOptions, { ...snapshot.meta }, snapshot.tracker.lastOccupied ?? undefined);
    s.start = snapshot.tracker.start ?? undefined;
    s.clearedAt = snapshot.tracker.clearedAt ?? undefined;
    s.lastTs = snapshot.tracker.lastTs ?? -Infinity;
    s.baseline = this.baseline?.get(sensor);
    this.sensors.set(sensor, s);
    const finishesAt = s.finishesAt();
    if (finishesAt !== undefined) this.finishing.set(s.finishing, finishesAt);
  }

  /**
   * Makes a sensor known before it has sent anything (a warm start from stored history), so its
   * state is kept and shown like any other's.
   */
  seed(sensor: string, meta: SensorMeta): void {
    if (this.sensors.has(sensor)) return;
    const s = new SensorState(sensor, this.episodeOptions, { ...meta }, undefined);
    s.baseline = this.baseline?.get(sensor);
    this.sensors.set(sensor, s);
  }

  forget(sensor: string): void {
    const s = this.sensors.get(sensor);
    if (s) this.finishing.clear(s.finishing);
    this.sensors.delete(sensor);
    this.baseline?.forget(sensor);
  }

  /** The time of the latest event seen, across sensors. */
  get lastEventTs(): number {
    let last = -Infinity;
    for (const s of this.sensors.values()) if (s.lastTs > last) last = s.lastTs;
    return last;
  }

  sensorIds(): IterableIterator<string> {
    return this.sensors.keys();
  }

  meta(sensor: string): SensorMeta | undefined {
    return this.sensors.get(sensor)?.meta;
  }
}
