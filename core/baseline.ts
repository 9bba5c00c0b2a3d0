/**
 * The learned normal week of each place: per sensor and time-of-week slot, how many visits to
 * expect, how much occupied time, and how long visits last. Everything decays exponentially
 * (half-life 4 weeks by default), so the baseline follows a building as it changes.
 *
 * Episodes are learned with a delay, so that a window that raised an incident can still be kept
 * out: an incident must never teach the baseline that it is normal.
 *
 * Decay uses growing weights: an observation at time t weighs 2^((t - epoch) / halfLife), so
 * nothing has to be multiplied down as time passes; ratios (rates, quantiles) do not care about
 * the common scale, and arrays are rescaled when the weights grow large.
 */
import type { SensorKind } from "./events";
import { SensorNumbers } from "./sensor-numbers";
import { SpanRings } from "./spans";
import { DAY_MS, inHourRange, mondayFirst, SlotMinutes, WeekClock, WEEK_MS } from "./time";

export interface BaselineOptions {
  timezone: string;
  /** Pauses up to this long keep a presence session going (as the detector counts them). */
  sessionGapMs: number;
  /** Share of a session that must be occupied for it to count as someone staying (as the detector counts it). */
  sessionOccupied: number;
  slotMinutes: SlotMinutes;
  halfLifeDays: number;
  learningDays: number;
  /** How long an episode waits before it is learned, so incidents can still exclude it. */
  learnDelayMs: number;
}

export const DEFAULT_BASELINE_OPTIONS: BaselineOptions = {
  timezone: "Europe/Stockholm",
  sessionGapMs: 3 * 60_000,
  sessionOccupied: 0.7,
  slotMinutes: 30,
  halfLifeDays: 28,
  learningDays: 14,
  learnDelayMs: 4 * 3_600_000,
};

/** Upper edges of the dwell-time bins, seconds. */
export const DWELL_BINS_S = [30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, Infinity];
const BINS = DWELL_BINS_S.length;
/** Dwell histograms per two hours of the day, weekday and weekend apart. */
const DWELL_GROUPS = 24;
/** Night hours [from, to): visits then are apart from the day's (no rush-hour crowds merging into one). */
const NIGHT: [number, number] = [22, 6];
/** Night visits needed before the night's own visit lengths are trusted. */
const NIGHT_EVIDENCE = 10;
/** Sessions at least this long (minutes) make up the learned tail that loitering is measured against. */
export const LONG_SESSION_MIN = 10;
/** A few weeks of history say little about the tail: its mean excess leans on this prior (minutes, sessions). */
const PRIOR_EXCESS_MIN = 5;
const PRIOR_SESSIONS = 2;
/** Half-lives after which the growing weights are brought back to 1 (2^20: far from float32's limits). */
const RESCALE_HALF_LIVES = 20;
/** Exposure is counted in steps of at least this much event time (a power per event adds up). */
const OBSERVE_STEP_MS = 60_000;
/**
 * A silence counts as quiet only up to the time in which the place normally sees this many visits
 * (at least a day): a sensor silent for longer has more likely stopped working (a flat battery).
 */
const QUIET_VISITS = 20;
/** Episodes kept waiting for learning at most; older ones are learned early. */
const MAX_PENDING = 128;
/** Excluded time ranges kept at most (the oldest go first; they are hours old by then). */
const MAX_EXCLUDED = 32;
/** Hours of the week whose weeks went unobserved (censored by an incident) kept at most; the least weighty go first. */
const MAX_CENSORED = 16;
/** A routine is its day's own when the same hour on the other days of its kind sees at most this share of its rate. */
const DAY_SPECIFIC = 1 / 3;
/** How far back a routine put off by holidays is looked for (Easter: Good Friday to the Tuesday after). */
const MOVED_ROUTINE_DAYS = 4;
/** Holidays older than this many half-lives weigh too little to count against a routine (under 1/1000). */
const HOLIDAY_MEMORY_HALF_LIVES = 10;
/** A routine's rate counts at least this share of the weeks as observed, however many were censored. */
const MIN_OBSERVED_SHARE = 0.25;
const FORMAT_VERSION = 1;
/** Hours of recent visits kept per sensor (see SensorBaseline.recentVisits): a week. */
const RECENT_HOURS = 168;
/** The same hours of at least this many earlier days make a recent level (see recentVisits). */
const RECENT_MIN_DAYS = 3;

// Where each part of a sensor's numbers lies in its store; visits come last, as their number depends on the slot size.
/** Weighted occupied seconds per hour of the week. */
const OCCUPIED = 0;
/** Weighted dwell-time histograms, DWELL_GROUPS × BINS. */
const DWELL = OCCUPIED + 168;
/**
 * Long stays per hour of the week (sessions of LONG_SESSION_MIN or more, mostly occupied, by the
 * hour they began): weighted count, sum of ln(seconds), sum of squares.
 */
const LONG = DWELL + DWELL_GROUPS * BINS;
/** Night-time visits (starting 22–06): weighted count, sum of ln(seconds), sum of squares. */
const NIGHT_MOMENTS = LONG + 168 * 3;
/** All visits, the same moments: how long a visit here lasts at all. */
const ALL_MOMENTS = NIGHT_MOMENTS + 3;
/** Long sessions per dwell group: weighted count, weighted sum of minutes beyond LONG_SESSION_MIN. */
const SESSIONS = ALL_MOMENTS + 3;
/** Derived, not saved: the dwell histogram over all groups. */
const DWELL_ALL = SESSIONS + DWELL_GROUPS * 2;
/** Derived, not saved: the sum of visits. */
const VISIT_TOTAL = DWELL_ALL + BINS;
/** Weighted visits (episode starts) per slot of the week. */
const VISITS = VISIT_TOTAL + 1;

export function dwellBin(seconds: number): number {
  let bin = 0;
  while (seconds > DWELL_BINS_S[bin]) bin++;
  return bin;
}

/**
 * The numbers every event of a sensor reads or writes, as ROW numbers in its row (see
 * SensorNumbers), beside the learner's and the detector's in a pipeline: an event reads them from
 * the row it reads anyway, and the sensor's SensorBaseline is touched only when something more is
 * due (an episode to learn, a long silence). As fields, each was a number boxed apart in the heap,
 * one or two cache misses an event over thousands of sensors.
 */
const ROW = 7;
/**
 * When the sensor was last heard (an event, an episode's end, or reported online), in whole
 * minutes since 1970.
 */
const HEARD_MINUTE = 0;
/** Time up to which exposure has been counted. */
const OBSERVED_UNTIL = 1;
/** Weighted weeks observed (every slot occurs once a week). */
const EXPOSURE = 2;
/** Reference time of the growing weights. */
const EPOCH = 3;
/** Reported offline (a health event), 1 or 0: its silence is not quiet until it is heard again. */
const OFFLINE = 4;
/**
 * The oldest pending episode's end (Infinity if none): commit looks at the episodes only when
 * one may be due.
 */
const OLDEST_PENDING_END = 5;
/** The first excluded range's end (Infinity if none), for the same reason. */
const FIRST_EXCLUDED_END = 6;

/** One sensor's learned week (the episodes waiting to be learned are in the Baseline's pending). */
export class SensorBaseline {
  /**
   * All of a sensor's learned numbers in one Float32Array, at the offsets below (one object and
   * one allocation per sensor: views of their own would cost about a kilobyte a sensor).
   */
  readonly store: Float32Array;
  /** PIR or radar: a radar's sessions are its episodes (it sees people standing still). */
  kind: SensorKind = "pir";
  /** shortestVisitSeconds, kept between recomputations (every SHORTEST_EVERY learned episodes). */
  shortest = 0;
  learnedSinceShortest = Infinity;
  /**
   * The session being put together from learned episodes (NaN start: none). Plain numbers, not an
   * object per session: an object that lives from one visit to the next outlives the young
   * generation and makes the garbage collector's old-generation work.
   */
  sessionStart = NaN;
  sessionEnd = NaN;
  sessionOccupied = 0;
  /** First time the sensor was seen (or watched), from which its weeks of history count. */
  firstSeen: number;
  /** When its learning period is over. */
  learnedAt: number;
  /** Time ranges that raised incidents: episodes touching them are not learned. */
  excluded: [number, number][] = [];
  /**
   * Hours of the week an incident kept out of the learning, as pairs (hour of the week, weight of
   * that week): what happened there that week is unknown, so the week does not count as one
   * without the routine (see recurringLongStay). Rare, so a short list, not 168 numbers.
   */
  censored: number[] = [];
  /**
   * Visits in each of the last RECENT_HOURS hours, at index hour % RECENT_HOURS (hours since
   * 1970): how busy the place has been these days, which a season can change faster than the
   * weeks-long memory follows (bike rooms in spring). Every visit counts, those of incidents too:
   * what most of the last days saw at an hour is a routine the place has taken up, even if it
   * alerted at first, and the learned week would never take it in (incidents do not teach it).
   * At most 255 an hour: a place that busy is expected to be busy by the learned week already.
   */
  readonly recentVisits = new Uint8Array(RECENT_HOURS);
  /**
   * The newest hour with a visit (hours since 1970; -1 before the first) and its visits so far,
   * kept here until the next hour begins: most visits fall in the hour before, and the object is
   * at hand while the ring may not be. Small integers, which V8 keeps in the object unboxed.
   */
  recentHour = -1;
  recentCount = 0;

  constructor(
    /** The sensor's name (the Baseline's last-touched check compares it). */
    readonly sensor: string,
    /** Its number, and where the baseline's columns are in its row. */
    readonly n: number,
    private readonly numbers: SensorNumbers,
    private readonly columns: number,
    readonly slots: number,
    now: number,
    learnedAt: number,
  ) {
    this.store = new Float32Array(VISITS + slots);
    this.firstSeen = now;
    this.learnedAt = learnedAt;
    const rows = numbers.rows;
    const r = this.row;
    rows[r + HEARD_MINUTE] = Math.floor(now / 60_000);
    rows[r + OBSERVED_UNTIL] = now;
    rows[r + EXPOSURE] = 0;
    rows[r + EPOCH] = now;
    rows[r + OFFLINE] = 0;
    rows[r + OLDEST_PENDING_END] = Infinity;
    rows[r + FIRST_EXCLUDED_END] = Infinity;
  }

  /** Where its numbers begin in the sensors' rows (which are replaced as they grow: ask anew). */
  get row(): number {
    return this.numbers.row(this.n) + this.columns;
  }

  /** One of its numbers in the row (see ROW), for the accessors below. */
  private read(column: number): number {
    return this.numbers.rows[this.row + column];
  }
  private write(column: number, value: number): void {
    this.numbers.rows[this.row + column] = value;
  }

  get heardMinute(): number { return this.read(HEARD_MINUTE); }
  set heardMinute(minute: number) { this.write(HEARD_MINUTE, minute); }
  get observedUntil(): number { return this.read(OBSERVED_UNTIL); }
  set observedUntil(t: number) { this.write(OBSERVED_UNTIL, t); }
  get exposure(): number { return this.read(EXPOSURE); }
  set exposure(weeks: number) { this.write(EXPOSURE, weeks); }
  get epoch(): number { return this.read(EPOCH); }
  set epoch(t: number) { this.write(EPOCH, t); }
  get offline(): boolean { return this.read(OFFLINE) === 1; }
  set offline(offline: boolean) { this.write(OFFLINE, offline ? 1 : 0); }
  get firstExcludedEnd(): number { return this.read(FIRST_EXCLUDED_END); }
  set firstExcludedEnd(t: number) { this.write(FIRST_EXCLUDED_END, t); }

  /** When the sensor was last heard, ms (to the minute). */
  get heardAt(): number {
    return this.heardMinute * 60_000;
  }

  /** A view of one part of the store (for saving and restoring, not the hot path). */
  part(offset: number, length: number): Float32Array {
    return this.store.subarray(offset, offset + length);
  }

}

/** A log-normal distribution: ln(x) is normal with this mean and standard deviation. */
export interface LogNormal {
  mu: number;
  sigma: number;
}

/** P(X > x) for a log-normal X. */
export function logNormalSurvival(fit: LogNormal, x: number): number {
  return 1 - normalCdf((Math.log(Math.max(1e-9, x)) - fit.mu) / fit.sigma);
}

/** The mean of a log-normal X. */
export function logNormalMean(fit: LogNormal): number {
  return Math.exp(fit.mu + (fit.sigma * fit.sigma) / 2);
}

/**
 * P(X1 + … + Xk > x) for k independent copies of a log-normal X, by Fenton–Wilkinson: the sum
 * is taken as log-normal with the same mean and variance.
 */
export function logNormalSumSurvival(fit: LogNormal, k: number, x: number): number {
  if (k <= 1) return logNormalSurvival(fit, x);
  const mean = logNormalMean(fit);
  const variance = (Math.exp(fit.sigma * fit.sigma) - 1) * mean * mean;
  const sigma2 = Math.log(1 + variance / (k * mean * mean));
  return logNormalSurvival({ mu: Math.log(k * mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) }, x);
}

/** What the anomaly detector asks of a baseline, and tells it. */
export interface BaselineView {
  /** The site's week (time zone, holidays as Sundays), when the view has one. */
  readonly clock?: WeekClock;
  learned(sensor: string, now: number): boolean;
  /** Expected visits between two instants. */
  expectedVisits(sensor: string, from: number, to: number): number;
  /** The dwell time (seconds) that `q` of this place's visits at this time of day stay within. */
  dwellQuantile(sensor: string, at: number, q: number): { seconds: number; evidence: number } | undefined;
  /** The visit length (seconds) that only `share` of this place's visits exceed (log-normal fit). */
  dwellBeyond(sensor: string, share: number): number | undefined;
  /** How long the shortest usual visits last (a PIR's timeout shows here), seconds. */
  shortestVisitSeconds(sensor: string): number;
  /** The pause that still keeps a presence session going at this sensor. */
  sessionGapMs(sensor: string): number;
  /** Residents' session length (minutes) exceeded at most `perWeek` times a week at this time of day. */
  sessionTail(sensor: string, at: number, perWeek: number, routine?: RoutineRule): { minutes: number; perWeek: number } | undefined;
  /** Long stays (sessions, as loitering is measured) recurring at this hour of the week. */
  recurringLongStay(sensor: string, at: number): { perWeek: number; seconds: number } | undefined;
  /** How long visits here last (at night: night visits), as a log-normal fit. */
  dwellFit(sensor: string, at?: number): LogNormal | undefined;
  /** How long visits here last at night, from the night's visits alone: undefined by day, or while there are too few of them. */
  nightDwellFit(sensor: string, at: number): LogNormal | undefined;
  /** Visits per hour over the whole week. */
  meanVisitsPerHour(sensor: string): number;
  /** Visits the same hours of the last days saw (their median), undefined until there are a few such days. */
  recentVisits(sensor: string, from: number, to: number): number | undefined;
  /** Expected occupied time (ms) between two instants. */
  expectedOccupiedMs(sensor: string, from: number, to: number): number;
  /** Keeps a time range that raised an incident out of the learning. */
  exclude(sensor: string, from: number, to: number): void;
}

export class Baseline implements BaselineView {
  readonly clock: WeekClock;
  readonly options: BaselineOptions;
  private readonly sensors = new Map<string, SensorBaseline>();
  /** Episodes waiting to be learned, per sensor number, oldest first. */
  private readonly pending: SpanRings;
  /** An episode's times for addChange, when given as numbers (add). */
  private readonly episodeTimes = new Float64Array(3);
  /** The sensor last committed or looked up (see find). */
  private recent: SensorBaseline | undefined;
  private readonly halfLifeMs: number;
  /** ln 2 per half-life, per ms: the growing weights' rate. */
  private readonly ln2PerMs: number;
  private readonly learningMs: number;
  /** Where the baseline's numbers (see ROW) begin in a sensor's row. */
  private readonly columns: number;

  constructor(
    options: Partial<BaselineOptions> = {},
    /** The sensors' numbers and rows: a learner feeding this baseline shares them (see heardEvent). */
    readonly numbers = new SensorNumbers(),
  ) {
    this.columns = numbers.reserve(ROW);
    this.pending = new SpanRings(numbers);
    this.options = { ...DEFAULT_BASELINE_OPTIONS, ...options };
    this.clock = new WeekClock(this.options.timezone, this.options.slotMinutes);
    this.halfLifeMs = this.options.halfLifeDays * 86_400_000;
    this.ln2PerMs = Math.LN2 / this.halfLifeMs;
    this.learningMs = this.options.learningDays * 86_400_000;
  }

  get size(): number {
    return this.sensors.size;
  }

  sensorIds(): IterableIterator<string> {
    return this.sensors.keys();
  }

  get(sensor: string): SensorBaseline | undefined {
    return this.find(sensor);
  }

  /**
   * A sensor's state by name. The detector asks its questions (learned yet? how many visits
   * expected? which session gap?) about the sensor whose event or episode the baseline has just
   * taken, so the sensor last touched is checked first: a comparison, not a Map lookup that
   * misses the caches among thousands of sensors.
   */
  private find(sensor: string): SensorBaseline | undefined {
    const recent = this.recent;
    if (recent !== undefined && recent.sensor === sensor) return recent;
    const s = this.sensors.get(sensor);
    if (s !== undefined) this.recent = s;
    return s;
  }

  private state(sensor: string, now: number): SensorBaseline {
    let s = this.find(sensor);
    if (!s) {
      s = this.fresh(sensor, now, now + this.learningMs);
      this.sensors.set(sensor, s);
    }
    return s;
  }

  /** A new state for a sensor (first seen, restored, or back after it was forgotten): nothing waiting to be learned. */
  private fresh(sensor: string, now: number, learnedAt: number): SensorBaseline {
    const n = this.numbers.number(sensor);
    this.pending.clear(n);
    return new SensorBaseline(sensor, n, this.numbers, this.columns, this.clock.slotsPerWeek, now, learnedAt);
  }

  private weight(s: SensorBaseline, t: number): number {
    return this.weightSince(this.numbers.rows[s.row + EPOCH], t);
  }

  /**
   * The growing weight at `t` of a sensor whose weights count from `epoch`: 2^((t - epoch) /
   * halfLife), as e^(ln 2 · …), which V8 computes in a third of the time of a power (17 against 55
   * ns; asked at most events) and as closely (within a few parts in 10^16).
   */
  private weightSince(epoch: number, t: number): number {
    return Math.exp((t - epoch) * this.ln2PerMs);
  }

  /** Keeps the growing weights in range by moving the epoch forward. */
  private rescale(s: SensorBaseline, now: number): void {
    const factor = 1 / this.weight(s, now);
    for (let i = 0; i < s.store.length; i++) s.store[i] *= factor;
    for (let i = 1; i < s.censored.length; i += 2) s.censored[i] *= factor;
    s.exposure *= factor;
    s.epoch = now;
  }

  /**
   * Counts observed time up to `now` (every slot occurs once a week). A silence is observed quiet
   * only while the sensor may be working: not while it is reported offline, and not beyond the
   * time in which its place normally sees QUIET_VISITS visits. Otherwise a sensor back from a
   * flat battery would find its place's rates diluted by weeks it never saw, and alert on
   * residents' ordinary visits.
   */
  private observe(s: SensorBaseline, r: number, now: number): void {
    // At most events: no call with a time in the usual case (a time passed to a call V8 does not
    // inline is boxed, an allocation each); what is rare is apart.
    const rows = this.numbers.rows;
    const observedUntil = rows[r + OBSERVED_UNTIL];
    if (now - observedUntil < OBSERVE_STEP_MS) return;
    const silent = rows[r + OFFLINE] === 1 || now - rows[r + HEARD_MINUTE] * 60_000 > DAY_MS;
    const until = silent ? this.observedSilence(s, r, now) : now;
    if (until > observedUntil) {
      const mid = (observedUntil + until) / 2;
      rows[r + EXPOSURE] += (this.weightSince(rows[r + EPOCH], mid) * (until - observedUntil)) / WEEK_MS;
    }
    rows[r + OBSERVED_UNTIL] = now;
  }

  /** How far a sensor reported offline, or silent for over a day, is observed quiet up to `now` (see observe). */
  private observedSilence(s: SensorBaseline, r: number, now: number): number {
    const rows = this.numbers.rows;
    const observedUntil = rows[r + OBSERVED_UNTIL];
    if (rows[r + OFFLINE] === 1) return observedUntil;
    return Math.max(observedUntil, Math.min(now, rows[r + HEARD_MINUTE] * 60_000 + this.quietSpanMs(s)));
  }

  /** How long a silence here is still plausibly quiet: QUIET_VISITS visits at the place's mean rate, at least a day (Infinity without a week of history). */
  private quietSpanMs(s: SensorBaseline): number {
    if (s.heardAt - s.firstSeen < WEEK_MS || s.exposure <= 0) return Infinity;
    const perHour = visitsPerHour(s);
    return perHour > 0 ? Math.max(DAY_MS, (QUIET_VISITS / perHour) * 3_600_000) : Infinity;
  }

  /** The sensor is heard at `ts` (an event): it works. The silence before is counted first. */
  private heard(s: SensorBaseline, r: number, ts: number): void {
    this.observe(s, r, ts);
    this.hear(r, ts);
    this.numbers.rows[r + OFFLINE] = 0;
  }

  /** The sensor whose numbers are at `r` was heard at `ts` (never moves the time last heard back). */
  private hear(r: number, ts: number): void {
    const rows = this.numbers.rows;
    rows[r + HEARD_MINUTE] = Math.max(rows[r + HEARD_MINUTE], Math.floor(ts / 60_000));
  }

  /**
   * A sensor reported offline, or online again (a health event). While it is offline its silence
   * is not learned as quiet; back online, its silence counts again from then.
   */
  availability(sensor: string, online: boolean, ts: number): void {
    const s = this.find(sensor);
    if (!s || s.offline === !online) return; // nothing changes
    this.observe(s, s.row, ts);
    s.offline = !online;
    if (online) this.hear(s.row, ts);
  }

  /**
   * Starts watching a sensor from `since` if it is new: its learning period and the quiet time
   * before its first visit count from then (when it was installed, or when the data begins).
   * `heardFrom`, later than `since`, is for a sensor put up after the data began: nothing before
   * it counts as quiet, and it learns from its own visits for at least half the learning period.
   */
  track(sensor: string, since: number, heardFrom = since): SensorBaseline {
    const known = this.find(sensor);
    if (known) return known;
    const s = this.state(sensor, heardFrom);
    s.learnedAt = Math.max(since + this.learningMs, heardFrom + this.learningMs / 2);
    return s;
  }

  /** A finished episode, to be learned once the learning delay has passed (unless excluded by then). */
  add(sensor: string, start: number, end: number, now = end, kind?: SensorKind): void {
    const times = this.episodeTimes;
    times[0] = start;
    times[1] = end;
    times[2] = now;
    this.addChange(this.state(sensor, Math.min(start, now)), times, 0, kind);
  }

  /**
   * A finished episode as the learner passes it on: start, end, and when it became known at
   * `times[i]`, `times[i + 1]`, `times[i + 2]` (see EpisodeSink: times as arguments are boxed).
   */
  addChange(s: SensorBaseline, times: Float64Array, i: number, kind?: SensorKind): void {
    const start = times[i];
    const end = times[i + 1];
    if (kind) s.kind = kind;
    if (end >= s.heardAt + 60_000) {
      // Not through the learner (a warm start, a test): the episode says the sensor was heard.
      this.heard(s, s.row, start);
      this.hear(s.row, end);
    }
    this.pending.push(s.n, start, end);
    this.notePending(s);
    this.commitRow(s, s.row, times[i + 2], false);
  }

  /**
   * Notes when commit should next look at sensor `s`'s waiting episodes: at the oldest one's end,
   * at once if too many wait (the oldest are then learned whatever their end), never if none does.
   * Written to the row here rather than returned: a time returned from a call is boxed.
   */
  private notePending(s: SensorBaseline): void {
    const waiting = this.pending.length(s.n);
    this.numbers.rows[s.row + OLDEST_PENDING_END] = waiting > MAX_PENDING ? -Infinity : waiting > 0 ? this.pending.end(s.n, 0) : Infinity;
  }

  /** Lets time pass for a sensor: counts exposure and learns the episodes that have waited long enough. */
  commit(sensor: string, now: number): void {
    const s = this.find(sensor);
    if (s) this.commitTo(s, now);
  }

  /** commit() for a sensor's state the caller already holds; `heard`: an event of the sensor at `now`. */
  commitTo(s: SensorBaseline, now: number, heard = false): void {
    this.commitRow(s, s.row, now, heard);
  }

  /**
   * An event of sensor `s`, numbered `n` in this baseline's numbers (the learner's, shared), at
   * `now`: commitTo(s, now, true), found by number. Its row says whether more than counting
   * exposure is due, so the SensorBaseline itself is touched only when it is.
   */
  heardEvent(s: SensorBaseline, n: number, now: number): void {
    this.commitRow(s, this.numbers.row(n) + this.columns, now, true);
  }

  /**
   * At every event: small, with what is seldom due (episodes to learn, old exclusions, a rescale)
   * in methods of their own, so that V8 inlines it into the event's path (see docs/performance.md).
   */
  private commitRow(s: SensorBaseline, r: number, now: number, heard: boolean): void {
    this.recent = s;
    if (heard) this.heard(s, r, now);
    else this.observe(s, r, now);
    const rows = this.numbers.rows;
    const due = now - this.options.learnDelayMs;
    if (rows[r + OLDEST_PENDING_END] <= due) this.learnDue(s, r, due);
    if (rows[r + FIRST_EXCLUDED_END] < due - this.options.learnDelayMs) this.dropExcluded(s, due - this.options.learnDelayMs);
    if (now - rows[r + EPOCH] >= RESCALE_HALF_LIVES * this.halfLifeMs) this.rescale(s, now);
  }

  /** Learns the sensor's episodes that have waited until `due` (and the oldest, if too many wait). */
  private learnDue(s: SensorBaseline, r: number, due: number): void {
    const pending = this.pending;
    const n = s.n;
    while (pending.length(n) > 0 && (pending.end(n, 0) <= due || pending.length(n) > MAX_PENDING)) {
      countRecent(s, pending.start(n, 0));
      if (!isExcluded(s, pending.start(n, 0), pending.end(n, 0))) this.learnOldest(s);
      pending.dropOldest(n);
    }
    this.notePending(s);
  }

  /** Forgets the excluded ranges that ended before `before`: no episode waiting can touch them. */
  private dropExcluded(s: SensorBaseline, before: number): void {
    while (s.excluded.length > 0 && s.excluded[0][1] < before) s.excluded.shift();
    s.firstExcludedEnd = s.excluded.length > 0 ? s.excluded[0][1] : Infinity;
  }

  /** Learns the oldest of the sensor's waiting episodes (read here: times passed to a call are boxed). */
  private learnOldest(s: SensorBaseline): void {
    const start = this.pending.start(s.n, 0);
    const end = this.pending.end(s.n, 0);
    s.learnedSinceShortest++;
    this.learnSession(s);
    const w = this.weight(s, start);
    const slot = this.clock.slot(start);
    const store = s.store;
    store[VISITS + slot] += w;
    store[VISIT_TOTAL] += w;
    const seconds = (end - start) / 1000;
    const bin = dwellBin(seconds);
    store[DWELL + this.group(slot) * BINS + bin] += w;
    store[DWELL_ALL + bin] += w;
    const ln = Math.log(Math.max(1, seconds));
    store[ALL_MOMENTS] += w;
    store[ALL_MOMENTS + 1] += w * ln;
    store[ALL_MOMENTS + 2] += w * ln * ln;
    const hour = this.clock.hourOfSlot(slot);
    if (isNightHour(hour)) {
      store[NIGHT_MOMENTS] += w;
      store[NIGHT_MOMENTS + 1] += w * ln;
      store[NIGHT_MOMENTS + 2] += w * ln * ln;
    }
    // Occupied seconds per hour of the week, split where an episode crosses hours (most do not:
    // the first hour's is the start's slot, already looked up).
    let t = start;
    while (t < end) {
      const hourEnd = Math.min(end, (Math.floor(t / 3_600_000) + 1) * 3_600_000);
      store[OCCUPIED + this.hourOfWeek(t === start ? slot : this.clock.slot(t))] += (w * (hourEnd - t)) / 1000;
      t = hourEnd;
    }
  }

  /**
   * Episodes with short pauses between them make a session; a long one adds to its group's tail
   * and to the long stays of its hour of the week. Whole sessions, because loitering is measured
   * in them: a cleaner's 25 minutes that a PIR sees as five bursts of motion is one stay.
   */
  private learnSession(s: SensorBaseline): void {
    // The oldest waiting episode, being learned (read here rather than passed: see learnOldest).
    const start = this.pending.start(s.n, 0);
    const end = this.pending.end(s.n, 0);
    const open = !Number.isNaN(s.sessionStart);
    if (open && start - s.sessionEnd <= this.gapOf(s)) {
      s.sessionEnd = Math.max(s.sessionEnd, end);
      s.sessionOccupied += end - start;
      return;
    }
    if (open) {
      const minutes = (s.sessionEnd - s.sessionStart) / 60_000;
      // Traffic that comes and goes is not someone staying, and loitering is not measured against it.
      if (minutes >= LONG_SESSION_MIN && s.sessionOccupied >= this.options.sessionOccupied * (s.sessionEnd - s.sessionStart)) {
        const w = this.weight(s, s.sessionStart);
        const slot = this.clock.slot(s.sessionStart);
        const i = SESSIONS + this.group(slot) * 2;
        s.store[i] += w;
        s.store[i + 1] += w * (minutes - LONG_SESSION_MIN);
        const ln = Math.log(minutes * 60);
        const j = LONG + this.hourOfWeek(slot) * 3;
        s.store[j] += w;
        s.store[j + 1] += w * ln;
        s.store[j + 2] += w * ln * ln;
      }
    }
    s.sessionStart = start;
    s.sessionEnd = end;
    s.sessionOccupied = end - start;
  }

  private hourOfWeek(slot: number): number {
    return Math.floor(slot / (this.clock.slotsPerWeek / 168));
  }

  /** Dwell group of a slot: two hours of the day, weekday or weekend. */
  private group(slot: number): number {
    return (this.clock.hourOfSlot(slot) >> 1) + (this.clock.isWeekendSlot(slot) ? 12 : 0);
  }

  exclude(sensor: string, from: number, to: number): void {
    const s = this.state(sensor, from);
    // An incident excludes its window again at every update: merge, and keep only a few.
    const overlapping = s.excluded.find(([a, b]) => from <= b && to >= a);
    if (overlapping) {
      overlapping[0] = Math.min(overlapping[0], from);
      overlapping[1] = Math.max(overlapping[1], to);
    } else {
      s.excluded.push([from, to]);
      this.censor(s, from);
    }
    s.excluded.sort((a, b) => a[1] - b[1]);
    if (s.excluded.length > MAX_EXCLUDED) s.excluded.splice(0, s.excluded.length - MAX_EXCLUDED);
    s.firstExcludedEnd = s.excluded[0][1];
  }

  /** The hour of the week that `at` falls in went unobserved this week (an incident there). */
  private censor(s: SensorBaseline, at: number): void {
    const hour = this.hourOfWeek(this.clock.slot(at));
    const w = this.weight(s, at);
    const c = s.censored;
    for (let i = 0; i < c.length; i += 2) {
      if (c[i] === hour) {
        c[i + 1] += w;
        return;
      }
    }
    c.push(hour, w);
    if (c.length > 2 * MAX_CENSORED) {
      let least = 0;
      for (let i = 2; i < c.length; i += 2) if (c[i + 1] < c[least + 1]) least = i;
      c.splice(least, 2);
    }
  }

  learned(sensor: string, now: number): boolean {
    const s = this.find(sensor);
    return s !== undefined && now >= s.learnedAt;
  }

  /**
   * Expected visits per occurrence of a slot: the slot itself, smoothed with its neighbours and
   * pooled with the same time on the other days of its kind (weekdays, weekends), because a
   * single slot sees few visits and people's weekdays look alike.
   */
  private rate(s: SensorBaseline, slot: number, exposure = s.exposure): number {
    if (exposure <= 0) return 0;
    const perDay = this.clock.slotsPerDay;
    const timeOfDay = slot % perDay;
    let pooled = 0;
    if (slot >= 5 * perDay) pooled = (smoothed(s, 5 * perDay + timeOfDay) + smoothed(s, 6 * perDay + timeOfDay)) / 2;
    else {
      for (let day = 0; day < 5; day++) pooled += smoothed(s, day * perDay + timeOfDay);
      pooled /= 5;
    }
    return (0.5 * smoothed(s, slot) + 0.5 * pooled) / exposure;
  }

  expectedVisits(sensor: string, from: number, to: number): number {
    const s = this.find(sensor);
    if (!s || to <= from) return 0;
    const slotMs = this.clock.slotMs;
    // Read once: the exposure is in the sensor's row, a number boxed anew at each read.
    const exposure = s.exposure;
    let total = 0;
    for (let t = from; t < to; ) {
      const next = Math.min(to, (Math.floor(t / slotMs) + 1) * slotMs);
      total += (this.rate(s, this.clock.slot(t), exposure) * (next - t)) / slotMs;
      t = next;
    }
    return total;
  }

  /**
   * Visits the same hours of the day saw on the last days (up to six, at least
   * RECENT_MIN_DAYS of them observed): their median, so that one odd day does not make a level.
   * Undefined without enough days. A season that outruns the learned week shows here first.
   */
  recentVisits(sensor: string, from: number, to: number): number | undefined {
    const s = this.find(sensor);
    if (!s || to <= from || s.recentHour < 0) return undefined;
    const days: number[] = [];
    for (let day = 1; day < RECENT_HOURS / 24; day++) {
      const a = from - day * DAY_MS;
      const b = to - day * DAY_MS;
      // Only days the ring still holds, and the sensor was watched all through.
      if (a < s.firstSeen || Math.floor(a / 3_600_000) <= s.recentHour - RECENT_HOURS) continue;
      let visits = 0;
      for (let t = a; t < b; ) {
        const hour = Math.floor(t / 3_600_000);
        const next = Math.min(b, (hour + 1) * 3_600_000);
        visits += (recentCountOf(s, hour) * (next - t)) / 3_600_000;
        t = next;
      }
      days.push(visits);
    }
    if (days.length < RECENT_MIN_DAYS) return undefined;
    days.sort((x, y) => x - y);
    const middle = days.length >> 1;
    return days.length % 2 === 1 ? days[middle] : (days[middle - 1] + days[middle]) / 2;
  }

  /** Expected occupied time (ms) between two instants, from the learned occupancy per hour of week. */
  expectedOccupiedMs(sensor: string, from: number, to: number): number {
    const s = this.find(sensor);
    if (!s || to <= from || s.exposure <= 0) return 0;
    let total = 0;
    for (let t = from; t < to; ) {
      const next = Math.min(to, (Math.floor(t / 3_600_000) + 1) * 3_600_000);
      total += ((s.store[OCCUPIED + this.hourOfWeek(this.clock.slot(t))] / s.exposure) * 1000 * (next - t)) / 3_600_000;
      t = next;
    }
    return total;
  }

  dwellQuantile(sensor: string, at: number, q: number): { seconds: number; evidence: number } | undefined {
    const s = this.find(sensor);
    if (!s || s.exposure <= 0) return undefined;
    const offset = DWELL + this.group(this.clock.slot(at)) * BINS;
    let total = 0;
    for (let b = 0; b < BINS; b++) total += s.store[offset + b];
    const seconds = histogramQuantile(s.store, q, offset);
    return seconds === undefined ? undefined : { seconds, evidence: total / s.exposure };
  }

  /**
   * How long residents' own presence sessions here, at this time of day, must last to happen at
   * most `perWeek` times a week: an exponential tail fitted to the sessions longer than
   * LONG_SESSION_MIN minutes in this two-hour group and its neighbours. Chained traffic in a busy
   * stairwell, a laundry room, a weekly cleaner all show up here as what the place is used for.
   * With `routine`, the stays of a routine of one weekday count only at its own hour (the
   * detector judges them as that routine there), not on the other days. Undefined while there is
   * too little to say.
   */
  sessionTail(sensor: string, at: number, perWeek: number, routine?: RoutineRule): { minutes: number; perWeek: number } | undefined {
    const s = this.find(sensor);
    if (!s || s.exposure <= 0) return undefined;
    const slot = this.clock.slot(at);
    const g = this.group(slot);
    const hour = this.hourOfWeek(slot);
    const day = g - (g % 12);
    let count = 0;
    let excess = 0;
    for (let offset = -1; offset <= 1; offset++) {
      const share = offset === 0 ? 0.5 : 0.25;
      const group = day + (((g % 12) + offset + 12) % 12);
      const i = SESSIONS + group * 2;
      let n = s.store[i];
      let e = s.store[i + 1];
      if (routine) {
        const left = this.routineSessions(s, group, routine, hour);
        n -= left.count;
        e -= left.excess;
      }
      count += share * Math.max(0, n);
      excess += share * Math.max(0, e);
    }
    const rate = count / s.exposure;
    const sessions = rate * this.weeksOf(s);
    if (count <= 0 || sessions < PRIOR_SESSIONS) return undefined;
    const meanExcess = (excess / count * sessions + PRIOR_EXCESS_MIN * PRIOR_SESSIONS) / (sessions + PRIOR_SESSIONS);
    const minutes = rate > perWeek ? LONG_SESSION_MIN + meanExcess * Math.log(rate / perWeek) : LONG_SESSION_MIN;
    return { minutes, perWeek: rate };
  }

  /**
   * The long sessions of a dwell group that a routine explains (hours of the week where long stays
   * recur often enough, within the routine's hours of the day): weighted count and excess minutes
   * (estimated from their log-normal moments). A weekly cleaner's stints are judged as the routine
   * at their own hour; in the tail they would make every weekday's threshold hers, extrapolated.
   */
  private routineSessions(s: SensorBaseline, group: number, routine: RoutineRule, around: number): { count: number; excess: number } {
    const firstHour = 2 * (group % 12);
    let count = 0;
    let excess = 0;
    // Weekdays only: a weekend day has one other to be told apart from, too few to call a stay its own.
    if (group >= 12) return { count, excess };
    for (let day = 0; day < 5; day++) {
      for (let hour = firstHour; hour < firstHour + 2; hour++) {
        if (!inHourRange(hour, routine.hours)) continue;
        const h = day * 24 + hour;
        // Where the routine is, its stays are as normal as the tail says.
        if (Math.abs(h - around) <= 1) continue;
        const n = s.store[LONG + h * 3];
        if (n <= 0) continue;
        const stay = this.longStayAround(s, h);
        if (!stay || stay.perWeek < routine.perWeek) continue;
        // Only a routine of its own day (a cleaner's): residents' daily habit at this hour is what the tail is for.
        let others = 0;
        for (let other = 0; other < 5; other++) if (other !== day) others += this.longStayAround(s, other * 24 + hour)?.perWeek ?? 0;
        if (others / 4 > stay.perWeek * DAY_SPECIFIC) continue;
        const mean = s.store[LONG + h * 3 + 1] / n;
        const variance = Math.max(0, s.store[LONG + h * 3 + 2] / n - mean * mean);
        count += n;
        excess += n * Math.max(0, Math.exp(mean + variance / 2) / 60 - LONG_SESSION_MIN);
      }
    }
    return { count, excess };
  }

  /**
   * How long visits here last, as a log-normal fit of ln(seconds) (its spread never taken as less
   * than 0.3: a PIR's fixed timeout makes visits look more alike than people are). At night, the
   * night's visits alone once there are enough of them: by day, crowds in a busy stairwell run
   * into one long visit; at night people come one by one.
   */
  dwellFit(sensor: string, at?: number): LogNormal | undefined {
    const s = this.find(sensor);
    if (!s || s.store[ALL_MOMENTS] <= 0) return undefined;
    return fitOf(s, at !== undefined && this.nightTrusted(s, at) ? NIGHT_MOMENTS : ALL_MOMENTS);
  }

  nightDwellFit(sensor: string, at: number): LogNormal | undefined {
    const s = this.find(sensor);
    return s && this.nightTrusted(s, at) ? fitOf(s, NIGHT_MOMENTS) : undefined;
  }

  /** Whether `at` is at night and the sensor has seen enough night visits for their own lengths to be trusted. */
  private nightTrusted(s: SensorBaseline, at: number): boolean {
    if (s.exposure <= 0) return false;
    if (!isNightHour(this.clock.hourOfSlot(this.clock.slot(at)))) return false;
    return (s.store[NIGHT_MOMENTS] / s.exposure) * this.weeksOf(s) >= NIGHT_EVIDENCE;
  }

  /** Weeks of history a rate here stands for: since the sensor was first seen, at most what the decay still remembers. */
  private weeksOf(s: SensorBaseline): number {
    return Math.min((s.observedUntil - s.firstSeen) / WEEK_MS, this.halfLifeMs / WEEK_MS / Math.LN2);
  }

  /**
   * The pause that still keeps a session going here: a PIR misses someone standing still until
   * they move, and its own timeout already bridges that much; a radar sees them, so its sessions
   * are its episodes. The detector counts sessions the same way.
   */
  sessionGapMs(sensor: string): number {
    const s = this.find(sensor);
    return s ? this.gapOf(s) : this.options.sessionGapMs;
  }

  private gapOf(s: SensorBaseline): number {
    if (s.kind === "mmwave") return 0;
    if (s.learnedSinceShortest >= SHORTEST_EVERY) {
      s.shortest = shortestOf(s);
      s.learnedSinceShortest = 0;
    }
    // Where every visit is long (an attic, visits of minutes), the shortest visits overstate the
    // timeout: take off at most a third of the gap, so a still person's pause of a minute or two
    // does not split their stay.
    return this.options.sessionGapMs - Math.min(s.shortest * 1000, this.options.sessionGapMs * MAX_TIMEOUT_SHARE);
  }

  /**
   * The lower edge of the dwell bin that holds the shortest 5% of visits: nobody's visit to a PIR
   * lasts less than its timeout, so this is about the timeout (0 for a radar or a short one).
   */
  shortestVisitSeconds(sensor: string): number {
    const s = this.find(sensor);
    return s ? shortestOf(s) : 0;
  }

  /**
   * The visit length (seconds) that only `share` of this place's visits exceed. The tail's shape
   * comes from the upper half of the histogram (median to 90th percentile, read as log-normal):
   * the lower half says more about a PIR's timeout than about how long people stay.
   */
  dwellBeyond(sensor: string, share: number): number | undefined {
    const s = this.find(sensor);
    if (!s) return undefined;
    if (share >= 0.1) return histogramQuantile(s.store, 1 - Math.min(0.5, share), DWELL_ALL);
    const median = histogramQuantile(s.store, 0.5, DWELL_ALL);
    const q90 = histogramQuantile(s.store, 0.9, DWELL_ALL);
    if (median === undefined || q90 === undefined) return undefined;
    const spread = Math.max(0.3, Math.log(q90 / median) / Z90);
    return q90 * Math.exp(spread * (normalQuantile(1 - share) - Z90));
  }

  /** Visits per hour over the whole week: the place's overall traffic. */
  meanVisitsPerHour(sensor: string): number {
    const s = this.find(sensor);
    return s && s.exposure > 0 ? visitsPerHour(s) : 0;
  }

  /**
   * Long stays (sessions) that recur at this hour of the week (the hour before and after
   * included): how many a week, and how long the longer of them last (mean + 1.65 standard
   * deviations of ln). A holiday takes Sunday's hours, but a weekday's routine (a cleaner) may
   * come on the holiday all the same, or on the first working day after it: there, the routine
   * of the holiday's own weekday counts too, whichever recurs more.
   */
  recurringLongStay(sensor: string, at: number): { perWeek: number; seconds: number } | undefined {
    const s = this.find(sensor);
    if (!s || s.exposure <= 0) return undefined;
    let stay = this.longStayAround(s, this.hourOfWeek(this.clock.slot(at)));
    for (const hour of this.movedRoutineHours(at)) {
      const moved = this.longStayAround(s, hour);
      if (moved && (!stay || moved.perWeek > stay.perWeek)) stay = moved;
    }
    return stay;
  }

  /**
   * The hours of the week (by the calendar's weekday) whose routine a holiday may have moved to
   * `at`: on a holiday, its own weekday's; on the first working day after holidays (a weekend
   * between them included), those of the holidays that fell on Monday to Saturday.
   */
  private movedRoutineHours(at: number): number[] {
    const local = this.clock.local(at);
    const hourOfDay = Math.floor(local.minuteOfDay / 60);
    const weekday = mondayFirst(local.weekday);
    const hours: number[] = [];
    if (local.holiday) {
      if (weekday < 6) hours.push(weekday * 24 + hourOfDay);
      return hours;
    }
    if (weekday >= 5) return hours; // a routine put off by a holiday comes on a working day
    for (let back = 1; back <= MOVED_ROUTINE_DAYS; back++) {
      const day = this.clock.local(at - back * DAY_MS);
      const dayOfWeek = mondayFirst(day.weekday);
      if (day.holiday) {
        if (dayOfWeek < 6) hours.push(dayOfWeek * 24 + hourOfDay);
      } else if (dayOfWeek < 5) break; // a working day: nothing to put off from before it
    }
    return hours;
  }

  /** recurringLongStay at an hour of the week. */
  private longStayAround(s: SensorBaseline, hour: number): { perWeek: number; seconds: number } | undefined {
    let n = 0;
    let sum = 0;
    let squares = 0;
    // Weeks in which an incident hid these hours say nothing of the routine: a cleaner whose
    // stint alerted once (a holiday moved it) must not fade from the weeks that alert after.
    let unobserved = 0;
    for (let h = hour - 1; h <= hour + 1; h++) {
      const wrapped = (h + 168) % 168;
      const i = wrapped * 3;
      n += s.store[LONG + i];
      sum += s.store[LONG + i + 1];
      squares += s.store[LONG + i + 2];
      for (let c = 0; c < s.censored.length; c += 2) if (s.censored[c] === wrapped) unobserved += s.censored[c + 1];
    }
    if (n <= 0) return undefined;
    const mean = sum / n;
    // Few samples understate the spread; a routine's length varies by a third or so anyway.
    const sd = Math.max(0.3, Math.sqrt(Math.max(0, squares / n - mean * mean)));
    const weeks = Math.max(s.exposure - unobserved - this.holidayWeeks(s, hour), s.exposure * MIN_OBSERVED_SHARE);
    return { perWeek: n / weeks, seconds: Math.exp(mean + 1.65 * sd) };
  }

  /**
   * The weeks (weighed as exposure is) since the sensor was first seen in which the weekday of an
   * hour of the week was a public holiday. That day took Sunday's hours, so its routine could not
   * come: a cleaner off on Good Friday has not missed a Friday.
   */
  private holidayWeeks(s: SensorBaseline, hour: number): number {
    const day = Math.floor(hour / 24);
    if (day >= 6) return 0; // Sunday: holidays add to its hours, not take away
    const until = s.observedUntil;
    const local = this.clock.local(until);
    const untilHour = mondayFirst(local.weekday) * 24 + Math.floor(local.minuteOfDay / 60);
    // The middle of the latest such hour at or before `until`, then a week back at a time: an
    // hour's shift at a change of daylight saving time leaves it on its date.
    let t = Math.floor(until / 3_600_000) * 3_600_000 + 1_800_000 - ((untilHour - hour + 168) % 168) * 3_600_000;
    if (t > until) t -= WEEK_MS;
    let weeks = 0;
    for (const oldest = Math.max(s.firstSeen, until - HOLIDAY_MEMORY_HALF_LIVES * this.halfLifeMs); t >= oldest; t -= WEEK_MS) {
      if (this.clock.local(t).holiday) weeks += this.weight(s, t);
    }
    return weeks;
  }

  /** Learned visits per hour for each hour of the week (Monday 00 first), for the heatmap. */
  week(sensor: string): { visitsPerHour: number[]; occupiedMinutesPerHour: number[]; learned: boolean; weeks: number } | undefined {
    const s = this.find(sensor);
    if (!s) return undefined;
    const perHour = this.clock.slotsPerWeek / 168;
    const visitsPerHour: number[] = [];
    const occupiedMinutesPerHour: number[] = [];
    for (let h = 0; h < 168; h++) {
      let v = 0;
      for (let k = 0; k < perHour; k++) v += this.rate(s, h * perHour + k);
      visitsPerHour.push(v);
      occupiedMinutesPerHour.push(s.exposure > 0 ? s.store[OCCUPIED + h] / s.exposure / 60 : 0);
    }
    return { visitsPerHour, occupiedMinutesPerHour, learned: this.learned(sensor, s.observedUntil), weeks: (s.observedUntil - s.firstSeen) / WEEK_MS };
  }

  /** The sensor's state as a small versioned record for Node-RED's context store (≤ 8 KB). */
  serialize(sensor: string): SerializedBaseline | undefined {
    const s = this.find(sensor);
    if (!s) return undefined;
    // Stored in today's units (weights divided by the current one), as half floats.
    const scale = 1 / this.weight(s, s.observedUntil);
    return {
      v: FORMAT_VERSION,
      slotMinutes: this.options.slotMinutes,
      firstSeen: s.firstSeen,
      observedUntil: s.observedUntil,
      heard: s.heardAt,
      ...(s.offline ? { offline: true } : {}),
      exposure: s.exposure * scale,
      visits: encodeHalf(s.part(VISITS, s.slots), scale),
      occupied: encodeHalf(s.part(OCCUPIED, 168), scale),
      dwell: encodeHalf(s.part(DWELL, DWELL_GROUPS * BINS), scale),
      long: encodeLong(s.part(LONG, 168 * 3), scale),
      night: Array.from(s.part(NIGHT_MOMENTS, 3), (v) => v * scale),
      all: Array.from(s.part(ALL_MOMENTS, 3), (v) => v * scale),
      sessions: encodeHalf(s.part(SESSIONS, DWELL_GROUPS * 2), scale),
      kind: s.kind,
      session: Number.isNaN(s.sessionStart) ? null : [s.sessionStart, s.sessionEnd, s.sessionOccupied],
      pending: encodeEpisodes(this.pending, s.n, s.observedUntil),
      excluded: s.excluded.map(([from, to]) => [from, to]),
      ...(s.censored.length > 0 ? { censored: s.censored.map((v, i) => (i % 2 === 0 ? v : v * scale)) } : {}),
      ...(s.recentHour >= 0 ? { recent: { hour: s.recentHour, visits: encodeRecent(s) } } : {}),
    };
  }

  /** Restores a sensor; refuses records of another version or slot size with a clear error. */
  restore(sensor: string, record: SerializedBaseline): void {
    if (!record || record.v !== FORMAT_VERSION) throw new Error(`baseline record of version ${record?.v} cannot be read (this is version ${FORMAT_VERSION})`);
    if (record.slotMinutes !== this.options.slotMinutes) {
      throw new Error(`baseline record has ${record.slotMinutes}-minute slots, the node uses ${this.options.slotMinutes}: it starts learning again`);
    }
    const s = this.fresh(sensor, record.observedUntil, record.firstSeen + this.learningMs);
    s.firstSeen = record.firstSeen;
    // Records from before heard was saved: the sensor counts as heard when it was last observed.
    s.heardMinute = Math.floor((Number.isFinite(record.heard) ? record.heard! : record.observedUntil) / 60_000);
    s.offline = record.offline === true;
    s.exposure = record.exposure;
    decodeHalf(record.visits, s.part(VISITS, s.slots));
    decodeHalf(record.occupied, s.part(OCCUPIED, 168));
    decodeHalf(record.dwell, s.part(DWELL, DWELL_GROUPS * BINS));
    decodeLong(record.long, s.part(LONG, 168 * 3));
    s.part(NIGHT_MOMENTS, 3).set(record.night);
    s.part(ALL_MOMENTS, 3).set(record.all);
    decodeHalf(record.sessions, s.part(SESSIONS, DWELL_GROUPS * 2));
    for (let i = 0; i < s.slots; i++) s.store[VISIT_TOTAL] += s.store[VISITS + i];
    for (let i = 0; i < DWELL_GROUPS * BINS; i++) s.store[DWELL_ALL + (i % BINS)] += s.store[DWELL + i];
    if (record.kind) s.kind = record.kind;
    if (record.session) [s.sessionStart, s.sessionEnd, s.sessionOccupied] = record.session;
    decodeEpisodes(record.pending, record.observedUntil, this.pending, s.n);
    this.notePending(s);
    s.excluded = record.excluded.map(([from, to]) => [from, to]);
    s.firstExcludedEnd = s.excluded.length > 0 ? s.excluded[0][1] : Infinity;
    s.censored = censoredOf(record.censored);
    restoreRecent(s, record.recent);
    this.sensors.set(sensor, s);
    this.recent = s;
  }

  forget(sensor: string): void {
    this.sensors.delete(sensor);
    if (this.recent?.sensor === sensor) this.recent = undefined;
  }
}

export interface SerializedBaseline {
  v: number;
  slotMinutes: number;
  firstSeen: number;
  observedUntil: number;
  /** When the sensor was last heard (optional: records before it count observedUntil). */
  heard?: number;
  /** Reported offline when saved. */
  offline?: boolean;
  exposure: number;
  visits: string;
  occupied: string;
  dwell: string;
  long: string;
  night: number[];
  all: number[];
  sessions: string;
  kind?: SensorKind;
  session: [number, number, number] | null;
  /** Episodes waiting to be learned: seconds before observedUntil and lengths, as Int32 base64. */
  pending: string;
  excluded: [number, number][];
  /** Hours of the week an incident left unobserved: pairs (hour, weight in today's units); optional, absent in older records. */
  censored?: number[];
  /** The recent visits per hour (see SensorBaseline.recentVisits): the newest hour, and RECENT_HOURS counts as bytes in base64 (ring order); optional, absent in older records. */
  recent?: { hour: number; visits: string };
}

/** A sensor's recent visits for its record: the ring, with the newest hour's count in its place. */
function encodeRecent(s: SensorBaseline): string {
  const bytes = Buffer.from(s.recentVisits);
  bytes[s.recentHour % RECENT_HOURS] = Math.min(s.recentCount, 255);
  return bytes.toString("base64");
}

/** A record's recent visits, if whole; otherwise the sensor starts them afresh (a week of recent level lost, nothing more). */
function restoreRecent(s: SensorBaseline, saved: SerializedBaseline["recent"]): void {
  if (!saved || !Number.isInteger(saved.hour) || saved.hour < 0 || typeof saved.visits !== "string") return;
  const bytes = Buffer.from(saved.visits, "base64");
  if (bytes.length !== RECENT_HOURS) return;
  s.recentVisits.set(bytes);
  s.recentHour = saved.hour;
  s.recentCount = bytes[saved.hour % RECENT_HOURS];
}

/** The censored hours of a record: whole pairs of an hour of the week and a weight, others left out. */
function censoredOf(saved: unknown): number[] {
  const censored: number[] = [];
  if (!Array.isArray(saved)) return censored;
  for (let i = 0; i + 1 < saved.length && censored.length < 2 * MAX_CENSORED; i += 2) {
    const [hour, weight] = [saved[i], saved[i + 1]];
    if (Number.isInteger(hour) && hour >= 0 && hour < 168 && Number.isFinite(weight) && weight > 0) censored.push(hour, weight);
  }
  return censored;
}

/**
 * Counts a visit in its hour of the sensor's recent visits, when its learning comes due (learned
 * or kept out). At every episode: small, so that it is inlined, with the hour's change apart.
 */
function countRecent(s: SensorBaseline, start: number): void {
  const hour = Math.floor(start / 3_600_000);
  if (hour === s.recentHour) s.recentCount++;
  else countRecentHour(s, hour);
}

/** A visit in another hour than the newest: a new hour (the newest goes to the ring, the hours between are cleared), or a late one. */
function countRecentHour(s: SensorBaseline, hour: number): void {
  const ring = s.recentVisits;
  if (hour > s.recentHour) {
    if (s.recentHour >= 0) ring[s.recentHour % RECENT_HOURS] = Math.min(s.recentCount, 255);
    for (let h = Math.max(s.recentHour + 1, hour - RECENT_HOURS + 1); h < hour; h++) ring[h % RECENT_HOURS] = 0;
    s.recentHour = hour;
    s.recentCount = 1;
  } else if (hour > s.recentHour - RECENT_HOURS) {
    const i = hour % RECENT_HOURS;
    if (ring[i] < 255) ring[i]++;
  }
}

/** Visits in an hour (hours since 1970) as the sensor's recent visits have them: none in hours after the newest. */
function recentCountOf(s: SensorBaseline, hour: number): number {
  if (hour === s.recentHour) return s.recentCount;
  return hour < s.recentHour && hour > s.recentHour - RECENT_HOURS ? s.recentVisits[hour % RECENT_HOURS] : 0;
}

/** Whether an episode touches a time range that raised an incident. */
function isExcluded(s: SensorBaseline, start: number, end: number): boolean {
  for (const [from, to] of s.excluded) if (start <= to && end >= from) return true;
  return false;
}

function encodeEpisodes(episodes: SpanRings, n: number, reference: number): string {
  const values = new Int32Array(episodes.length(n) * 2);
  for (let i = 0; i < episodes.length(n); i++) {
    values[2 * i] = Math.round((reference - episodes.start(n, i)) / 1000);
    values[2 * i + 1] = Math.round((episodes.end(n, i) - episodes.start(n, i)) / 1000);
  }
  return Buffer.from(values.buffer).toString("base64");
}

function decodeEpisodes(text: string, reference: number, episodes: SpanRings, n: number): void {
  const bytes = Buffer.from(text, "base64");
  for (let i = 0; i + 8 <= bytes.length; i += 8) {
    const start = reference - bytes.readInt32LE(i) * 1000;
    episodes.push(n, start, start + bytes.readInt32LE(i + 4) * 1000);
  }
}

/** IEEE 754 half precision: three significant digits over a wide range, two bytes. */
function toHalf(value: number): number {
  if (!(value > 0)) return 0;
  if (value >= 65504) return 0x7bff;
  if (value < 6.1e-5) return Math.min(0x3ff, Math.round(value / 5.96e-8));
  const exponent = Math.floor(Math.log2(value));
  const mantissa = Math.round((value / 2 ** exponent - 1) * 1024);
  return mantissa === 1024 ? ((exponent + 16) << 10) : ((exponent + 15) << 10) | mantissa;
}

function fromHalf(bits: number): number {
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return mantissa * 5.96e-8;
  return 2 ** (exponent - 15) * (1 + mantissa / 1024);
}

/** Sums of weights scale with the weights; sums of ln·weight too, so both are stored scaled. */
function encodeLong(values: Float32Array, scale: number): string {
  return encodeHalf(values, scale);
}

function decodeLong(text: string, into: Float32Array): void {
  decodeHalf(text, into);
}

/** Coefficients of Acklam's approximation (made once, not on every call). */
const ACKLAM = {
  a: [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239],
  b: [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572],
  c: [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783],
  d: [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416],
};

/** The standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const { a, b, c, d } = ACKLAM;
  const low = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** The standard normal distribution function (Abramowitz–Stegun 7.1.26 on erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** The standard normal distribution's 90th percentile. */
export const Z90 = 1.2815515655446004;

/** The most of the session gap a learned PIR timeout may take off (see gapOf). */
const MAX_TIMEOUT_SHARE = 1 / 3;
/** Learned episodes between recomputations of a sensor's shortest usual visit. */
const SHORTEST_EVERY = 64;

/** The lower edge of the dwell bin holding the shortest 5 % of a sensor's visits, seconds. */
function shortestOf(s: SensorBaseline): number {
  let total = 0;
  for (let b = 0; b < BINS; b++) total += s.store[DWELL_ALL + b];
  let cumulative = 0;
  for (let b = 0; b < BINS; b++) {
    cumulative += s.store[DWELL_ALL + b];
    if (total > 0 && cumulative >= 0.05 * total) return b === 0 ? 0 : DWELL_BINS_S[b - 1];
  }
  return 0;
}

/** A slot's visits with a quarter of each neighbour's (the week wraps around). */
function smoothed(s: SensorBaseline, i: number): number {
  const n = s.slots;
  return 0.25 * s.store[VISITS + ((i - 1 + n) % n)] + 0.5 * s.store[VISITS + i] + 0.25 * s.store[VISITS + ((i + 1) % n)];
}

/** Which long stays count as a routine: at least this many a week at an hour of the week, within these local hours [from, to). */
export interface RoutineRule {
  perWeek: number;
  hours: [number, number];
}

/** Whether an hour of the day is at night (NIGHT), when visits are learned apart. */
function isNightHour(hour: number): boolean {
  return inHourRange(hour, NIGHT);
}

/** A sensor's visits per hour over the whole week (exposure > 0). */
function visitsPerHour(s: SensorBaseline): number {
  return s.store[VISIT_TOTAL] / s.exposure / 168;
}

/** The log-normal of one set of visit moments (count, sum of ln, sum of squares); its spread never under 0.3. */
function fitOf(s: SensorBaseline, moments: number): LogNormal {
  const n = s.store[moments];
  const mu = s.store[moments + 1] / n;
  return { mu, sigma: Math.max(0.3, Math.sqrt(Math.max(0, s.store[moments + 2] / n - mu * mu))) };
}

/** A quantile of binned visit lengths, log-interpolated inside its bin (seconds). */
function histogramQuantile(counts: ArrayLike<number>, q: number, offset = 0): number | undefined {
  let total = 0;
  for (let b = 0; b < BINS; b++) total += counts[offset + b];
  if (total <= 0) return undefined;
  let cumulative = 0;
  for (let b = 0; b < BINS; b++) {
    const count = counts[offset + b];
    const next = cumulative + count;
    if (next >= q * total && count > 0) {
      const low = b === 0 ? 10 : DWELL_BINS_S[b - 1];
      const high = Number.isFinite(DWELL_BINS_S[b]) ? DWELL_BINS_S[b] : 2 * low;
      return low * Math.pow(high / low, (q * total - cumulative) / count);
    }
    cumulative = next;
  }
  return undefined;
}

function encodeHalf(values: Float32Array, scale: number): string {
  const out = Buffer.alloc(values.length * 2);
  for (let i = 0; i < values.length; i++) out.writeUInt16LE(toHalf(values[i] * scale), i * 2);
  return out.toString("base64");
}

function decodeHalf(text: string, into: Float32Array): void {
  const bytes = Buffer.from(text, "base64");
  if (bytes.length !== into.length * 2) throw new Error(`baseline record has ${bytes.length / 2} values where ${into.length} belong`);
  for (let i = 0; i < into.length; i++) into[i] = fromHalf(bytes.readUInt16LE(i * 2));
}
