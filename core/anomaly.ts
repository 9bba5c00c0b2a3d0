/**
 * Deviations from a place's normal week, as incidents:
 *   loitering    a presence session (episodes with only short pauses between them, the place
 *                mostly occupied) that lasts longer than the larger of the fixed floor (15 min by
 *                default) and what residents' own stays explain at that place and time of week.
 *                It opens when the threshold is crossed, updates while it goes on, and closes
 *                when the session ends.
 *   off-hours    sustained or repeated activity at night that residents' own visits at that hour
 *                hardly explain (a tail probability under a level); a resident passing is not
 *                enough. Also a visit of minutes to a place booked by day (a laundry room).
 *   visit-surge  repeated short visits beyond what the slot's rate explains: the stash pattern.
 *                The same place on two or more nights within 7 days raises the severity.
 *   sensor-offline, tamper   from health events, for caretakers.
 * One presence incident per sensor at a time: a stronger finding upgrades it (off-hours →
 * visit-surge → loitering); a cooldown after it closes keeps one episode from giving several.
 * Everything runs in event time; the caller says what time it is.
 */
import { empty } from "./arrays";
import { BaselineView, LogNormal, logNormalMean, logNormalSumSurvival, logNormalSurvival, normalQuantile, Z90 } from "./baseline";
import { DeadlineHeap } from "./deadlines";
import { EpisodeChangeType, EpisodeSink } from "./episodes";
import { HealthEvent, Incident, IncidentKind, Location, SensorKind, Severity, Space } from "./events";
import { EARLIEST_TS, EpisodeNote } from "./learner";
import { SensorNumbers } from "./sensor-numbers";
import { SpanRings } from "./spans";
import { DAY_MS, inHourRange, midsummerEve, WeekClock } from "./time";
import { writtenNumber } from "./words";

export interface AnomalyOptions {
  /** The fixed dwell floor per space type, minutes (15 by default for every space). */
  floorMinutes: Partial<Record<Space, number>> & { default: number };
  /** Detect only with the fixed floor (the 15-minute rule), nothing learned. */
  fixedOnly: boolean;
  /**
   * Pauses up to this long keep a presence session going: a PIR misses someone standing still
   * until they move again. A PIR's own timeout already bridges that much of a pause, so the
   * learned timeout is taken off; a radar sees still people, so only the merge gap applies.
   */
  sessionGapMs: number;
  /** Share of a session that must be occupied for it to be loitering. */
  sessionOccupied: number;
  /**
   * Residents' own sessions may exceed the loitering threshold at most this often a week, per time
   * of day (this budget and the next two are weighed by the hour: see loiterHours).
   */
  longSessionsPerWeek: number;
  /** Residents' long visits may exceed the threshold at most this often per week. */
  longVisitsPerWeek: number;
  /** Margin on a learned routine (or a booked pass) before it counts as loitering. */
  dwellMargin: number;
  /**
   * Places residents book by the pass, minutes per space type (a laundry room's pass is 3 hours
   * in most Swedish buildings): by day, a stay within a pass and the margin is not loitering,
   * whether or not the baseline has seen one yet (in the learning period too), and a household's
   * trips through its pass are no visit-surge. 0 or missing: none.
   */
  passMinutes: Partial<Record<Space, number>>;
  /** Long stays per week at the same hour of the week that make them a routine (a weekly cleaner). */
  routinePerWeek: number;
  /**
   * The same on working days (not weekends or holidays), when a housing company's staff work: a
   * cleaner who does the basements every other week comes half as often, and the one stint that
   * the two learning weeks see reads as under 0.4 a week; alerted, no later stint could teach.
   * Weekends keep routinePerWeek: a one-off there (a move) would pass for a routine for weeks.
   */
  workdayRoutinePerWeek: number;
  /** Residents' traffic may chain into a long session at most this often per hour at the threshold. */
  chainPerHour: number;
  /**
   * Local hours [from, to) when loitering mostly happens (evenings and nights: groups gathering,
   * someone sleeping in the stairwell). A session starting then is judged with the three budgets
   * above times loiterHoursFactor, any other with them divided by it: the false alarms residents'
   * own long stays may give are spent where loiterers are, not by day, when residents sort their
   * storage or mend a bike. A factor of 1, or the same hour for from and to, weighs every hour alike.
   */
  loiterHours: [number, number];
  loiterHoursFactor: number;
  /** The most anything learned may raise the threshold to. */
  maxThresholdMinutes: number;
  /** Local hours [from, to) when learned dwell may raise the floor. */
  dayHours: [number, number];
  /** Local hours [from, to) that count as night. */
  nightHours: [number, number];
  /**
   * New Year's night (from nyårsafton's evening to the morning of 1 January), when the whole
   * building is out for the fireworks at midnight and guests leave until the small hours, is
   * judged for off-hours and visit-surge as the day is: no off-hours, and a surge only past the
   * day's level, the levels of the last days and the site's other places of the kind. Loitering
   * is judged as on any night.
   */
  newYearsNightAsDay: boolean;
  /**
   * Midsummer night (from midsommarafton's evening, the Friday 19–25 June, to the morning after)
   * the same: those who stay in town celebrate, and groups come home from the parties until the
   * small hours.
   */
  midsummerNightAsDay: boolean;
  /** Window in which visits are counted for off-hours. */
  offHoursWindowMs: number;
  /** Window in which occupied time is measured for off-hours. */
  occupancyWindowMs: number;
  offHoursAlpha: number;
  /**
   * The rate a quiet hour is assumed to have at least, as a share of the place's mean rate: a few
   * weeks without a visit at 3 a.m. do not make a visit then impossible.
   */
  quietRateShare: number;
  /** Occupied time in the window that makes activity sustained rather than someone passing. */
  offHoursMinOccupiedMs: number;
  /**
   * …and longer than all but this share of visits here last: longer than the typical visit. The
   * tail probability then judges how unusual it is; a stricter gate would also hide a quarter of
   * an hour in an attic, where residents' visits last minutes too.
   */
  offHoursLongShare: number;
  /** Visits in the window that make activity repeated. */
  offHoursMinVisits: number;
  /**
   * A visit at night at least this long is also judged on its own: one long stay that residents'
   * visits at that hour hardly explain. Shorter ones are left to the occupied time and the count:
   * two residents running into each other make a visit of a few minutes.
   */
  offHoursLongVisitMs: number;
  /**
   * Hours into the night before activity short of offHoursMinVisits (one long visit, or two filling
   * the quarter hour) can be off-hours: the night's first hour is when residents come home late or
   * wait for a taxi at the door. Repeated visits count from the night's start.
   */
  offHoursFewAfterHours: number;
  /**
   * In a place booked by the pass (passMinutes: a laundry room), a visit at least this long at
   * night, after its first hour, is off-hours on its own: the place is booked only by day
   * (dayHours), and a machine running at 03:00 wakes the building. 0: judged as anywhere.
   */
  bookedNightVisitMinutes: number;
  surgeWindowMs: number;
  /** Tail level for visit-surge at night; by day it is 100 times stricter. */
  surgeAlpha: number;
  /** Negative binomial shape of visit counts (smaller: burstier). */
  surgeShape: number;
  /** Short visits in the window that can be a visit-surge on their own. */
  surgeMinVisits: number;
  /**
   * Short visits in a night's window that can be one night of a campaign (see surgeSuspect),
   * though too few on their own: a stash may be visited once or twice a night, night after night.
   */
  surgeNightMinVisits: number;
  /** Visits up to this long count as short. */
  surgeMaxVisitMs: number;
  /**
   * A night whose short visits are this unlikely (though not below surgeAlpha) is noted and judged
   * together with the sensor's other such nights of the last 7 days: a stash is visited night after
   * night, and a campaign of nights that each fall short is a visit-surge when together they are
   * REPEATED_NIGHTS_STRICTER times less likely than surgeAlpha. 0: each night on its own.
   */
  surgeSuspect: number;
  /**
   * By day, when the other places of the same kind on the site (the other bike rooms, say) are
   * busier than they learned at the same time, their visits together this unlikely, a visit-surge
   * is judged against their level: warm weather or the season, not a stash. So is the evening
   * that a window early in the night still holds. 0: each place alone.
   */
  surgePeerLevel: number;
  /**
   * By day (dayHours) outside the loitering hours, a stay in an entrance is not loitering while a
   * stairwell at the same address has been busy for this many minutes (in a session that long, or
   * occupied for the share a session needs, sessionOccupied, of that time), nor a stay in a
   * stairwell while an entrance has: the door held open and the stairs busy together for long is
   * the building at work (a moving day, a renovation), not someone hanging about. Two sensors of
   * one stairwell do not count: a group on a landing is seen by both. 0: each place alone.
   */
  busyAddressMinutes: number;
  /** How often an open loitering incident sends an update. */
  updateEveryMs: number;
  /** After an incident closes, new findings for the sensor within this time reopen it. */
  cooldownMs: number;
  /** A visit-surge or off-hours incident closes after this long without qualifying activity. */
  quietCloseMs: number;
}

export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = {
  floorMinutes: { default: 15 },
  fixedOnly: false,
  sessionGapMs: 3 * 60_000,
  sessionOccupied: 0.7,
  longSessionsPerWeek: 0.001,
  longVisitsPerWeek: 0.03,
  dwellMargin: 1.25,
  passMinutes: { laundry: 180 },
  routinePerWeek: 0.6,
  workdayRoutinePerWeek: 0.3,
  chainPerHour: 2e-4,
  loiterHours: [18, 6],
  loiterHoursFactor: 2,
  maxThresholdMinutes: 360,
  dayHours: [7, 22],
  nightHours: [22, 6],
  newYearsNightAsDay: true,
  midsummerNightAsDay: true,
  offHoursWindowMs: 60 * 60_000,
  occupancyWindowMs: 15 * 60_000,
  offHoursAlpha: 8e-5,
  quietRateShare: 0.01,
  offHoursMinOccupiedMs: 2 * 60_000,
  offHoursLongShare: 0.5,
  offHoursMinVisits: 3,
  offHoursLongVisitMs: 8 * 60_000,
  offHoursFewAfterHours: 1,
  bookedNightVisitMinutes: 5,
  surgeWindowMs: 3 * 3_600_000,
  surgeAlpha: 1e-3,
  surgeShape: 1.5,
  surgeMinVisits: 3,
  surgeNightMinVisits: 2,
  surgeMaxVisitMs: 5 * 60_000,
  surgeSuspect: 0.05,
  surgePeerLevel: 0.01,
  busyAddressMinutes: 10,
  updateEveryMs: 15 * 60_000,
  cooldownMs: 30 * 60_000,
  quietCloseMs: 60 * 60_000,
};

const MONTHS = {
  sv: ["jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

/** A number as Swedish writes it (a decimal comma); anything else as it is. */
function svNumber(value: unknown): unknown {
  return typeof value === "number" ? writtenNumber(value, ",") : value;
}

/** Upgrades: a stronger finding takes over an open incident of a weaker kind. */
const STRENGTH: Record<IncidentKind, number> = { "off-hours": 1, "visit-surge": 2, loitering: 3, "sensor-offline": 0, tamper: 0, observation: 0 };

/**
 * P(N ≥ n) for a negative binomial count with this mean and shape: people come in company and
 * on errands with several trips, so visits vary more than a Poisson count; a smaller shape allows
 * more. The Poisson tail is the limit of a large shape.
 */
export function overdispersedTail(n: number, mean: number, shape: number): number {
  if (n <= 0) return 1;
  if (mean <= 0) return 0;
  const q = mean / (shape + mean);
  let term = Math.pow(shape / (shape + mean), shape);
  let below = term;
  for (let x = 0; x < n - 1; x++) {
    term *= ((x + shape) / (x + 1)) * q;
    below += term;
  }
  return Math.max(0, 1 - below);
}

/**
 * P(residents' visits fill at least `occupiedS` seconds of a window): visits a negative binomial
 * count of this mean, each as long as `fit` says; k visits fill it only if one of them lasts at
 * least occupiedS / k (a union bound, so never too small).
 */
export function occupancyTail(occupiedS: number, mean: number, shape: number, fit: LogNormal): number {
  if (mean <= 0) return 0;
  const q = mean / (shape + mean);
  let pmf = Math.pow(shape / (shape + mean), shape);
  let below = pmf;
  let p = 0;
  for (let k = 1; k <= 60; k++) {
    pmf *= ((k - 1 + shape) / k) * q;
    below += pmf;
    p += pmf * (k === 1 ? logNormalSurvival(fit, occupiedS) : logNormalSumSurvival({ mu: fit.mu, sigma: Math.max(fit.sigma, SUM_SIGMA) }, k, occupiedS));
    if (1 - below < 1e-15) break;
  }
  return Math.min(1, p + Math.max(0, 1 - below));
}

/**
 * Nights judged together must be this many times less likely than one night alone: a week holds
 * many ways to pick nights that fell short.
 */
const REPEATED_NIGHTS_STRICTER = 10;

/** Nights count together (for severity, and judged together) within this many nights of each other: a week. */
const NIGHTS_TOGETHER = 7;

/** Peers a visit-surge by day is compared with at most: enough to tell weather from chance, few enough for a large site. */
const PEERS_AT_MOST = 16;

/** An incident's score from a finding's tail probability: 1 at 1e-12 and below. */
function scoreOf(p: number): number {
  return Math.min(1, -Math.log10(Math.max(p, 1e-12)) / 12);
}

/** Places of one kind on one site, which weather and season move together. */
function peerKey(location: Location | undefined): string | undefined {
  return location?.space ? `${location.site}\u0000${location.space}` : undefined;
}

/** Places at one address (one stairwell's door) on one site. */
function addressKey(location: Location | undefined): string | undefined {
  return location?.address ? `${location.site}\u0000${location.address}` : undefined;
}

/**
 * The watched sensors grouped by a key of their place. A sensor's place changes seldom (a
 * registry corrected): all are grouped again when a sensor asked about has moved, and once a day
 * for the others, which until then are skipped where they were (see stillIn).
 */
class PlaceGroups {
  private readonly groups = new Map<string, { key: string; members: number[] }>();
  /** Per sensor number: the group it was put in, and where in it. */
  private readonly keys: (string | undefined)[] = [];
  readonly position: number[] = [];
  /** The first `indexed` of the watched sensors are grouped. */
  private indexed = 0;
  private groupedAt = -Infinity;

  constructor(private readonly keyOf: (location: Location | undefined) => string | undefined) {}

  /** The watched sensors in n's group (n among them), or undefined if n has no such place. */
  group(n: number, ts: number, watched: number[], meta: SensorNumbers["meta"]): number[] | undefined {
    if (ts - this.groupedAt >= DAY_MS || this.keyOf(meta[n]?.location) !== this.keys[n]) {
      this.groups.clear();
      this.indexed = 0;
      this.groupedAt = ts;
    }
    for (; this.indexed < watched.length; this.indexed++) this.add(watched[this.indexed], meta);
    const key = this.keys[n];
    return key === undefined ? undefined : this.groups.get(key)!.members;
  }

  /** Whether sensor m is still where it was grouped: a place moved since is no longer in the group. */
  stillIn(m: number, meta: SensorNumbers["meta"]): boolean {
    return this.keyOf(meta[m]?.location) === this.keys[m];
  }

  private add(n: number, meta: SensorNumbers["meta"]): void {
    const key = this.keyOf(meta[n]?.location);
    if (key === undefined) {
      this.keys[n] = undefined;
      return;
    }
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = { key, members: [] }));
    // The group's own key: one string per group, not per sensor.
    this.keys[n] = group.key;
    this.position[n] = group.members.length;
    group.members.push(n);
  }
}

/** The night (noon to noon, UTC days) an instant belongs to, as a day number. */
function nightOf(ts: number): number {
  return Math.floor((ts - 12 * 3_600_000) / 86_400_000);
}

/** P(X > x) for X chi-square with an even number of degrees of freedom (Fisher's method sums 2 per p). */
export function chiSquareSurvival(x: number, degrees: number): number {
  let term = 1;
  let sum = 1;
  for (let j = 1; j < degrees / 2; j++) {
    term *= x / 2 / j;
    sum += term;
  }
  return Math.min(1, Math.exp(-x / 2) * sum);
}

/** Sums of visits are reckoned with at least this spread: Fenton–Wilkinson is thin in the far tail. */
const SUM_SIGMA = 0.5;

/**
 * P(at least one of residents' visits lasts this long): visits a negative binomial count of this
 * mean, each longer with probability `share`.
 */
export function anyVisitTail(mean: number, shape: number, share: number): number {
  return 1 - Math.pow(shape / (shape + mean * share), shape);
}

/**
 * A lone long visit is judged with at least this spread of visit lengths, and at least the spread
 * of the place's visits at any hour: a few weeks of nights say little about how long a visit can
 * last (someone carrying things, talking to a neighbour), and the long ones among them raised
 * incidents and were not learned.
 */
const LONE_VISIT_SIGMA = 0.4;
/**
 * The least spread of night visits' lengths when they bound the loitering threshold at night: a
 * few weeks of nights are a few dozen visits, too few to say how long the longest of them get.
 */
const NIGHT_VISIT_SIGMA = 0.5;

/** P(N ≥ n) for N ~ Poisson(mean). */
export function poissonTail(n: number, mean: number): number {
  if (n <= 0) return 1;
  if (mean <= 0) return 0;
  let term = Math.exp(-mean);
  let below = term;
  for (let k = 1; k < n; k++) {
    term *= mean / k;
    below += term;
  }
  return Math.max(0, 1 - below);
}

/**
 * How long residents' own traffic can keep a session going: visits arriving at `perHour`, each
 * occupying the sensor `dwellMs`, keep a session alive while the next one comes within the dwell
 * plus the allowed gap. The threshold is set where sessions that long start at most `chainPerHour`
 * times an hour. In quiet hours it is near zero; in a rush hour past a PIR with a long timeout it
 * can be half an hour.
 */
export function chainThresholdMs(perHour: number, dwellMs: number, gapMs: number, chainPerHour: number): number {
  if (perHour <= 0) return 0;
  const reach = dwellMs + gapMs;
  const rho = 1 - Math.exp(-(perHour / 3_600_000) * reach);
  const startsPerHour = perHour * (1 - rho);
  if (rho <= 0 || startsPerHour <= chainPerHour) return dwellMs;
  const more = Math.log(chainPerHour / startsPerHour) / Math.log(rho);
  return dwellMs + more * (reach / 2);
}

/** How often an hour residents' traffic chains into a session at least `lengthMs` long: the inverse of chainThresholdMs. */
export function chainsPerHour(perHour: number, dwellMs: number, gapMs: number, lengthMs: number): number {
  if (perHour <= 0) return 0;
  const reach = dwellMs + gapMs;
  const rho = 1 - Math.exp(-(perHour / 3_600_000) * reach);
  const startsPerHour = perHour * (1 - rho);
  return lengthMs <= dwellMs ? startsPerHour : startsPerHour * Math.pow(rho, (lengthMs - dwellMs) / (reach / 2));
}

/**
 * A sensor's presence session (episodes with only short pauses between them: the unit loitering
 * is measured in) and what else the detector asks of it at every episode, as ROW numbers in the
 * sensor's row (see SensorNumbers), beside the learner's in a pipeline; NaN where there is
 * nothing. Recent visits are in the detector's SpanRings, and what is rare (incidents, nights)
 * in a Watch.
 */
const ROW = 13;
/** Start of the session; NaN: no session. */
const START = 0;
/** Start of the episode under way, if one is. */
const OPEN_SINCE = 1;
/** When the episode under way went clear (it may still resume within the merge gap). */
const PAUSED_AT = 2;
/** End of its last finished episode, while none is under way. */
const LAST_END = 3;
/** Occupied time of its finished episodes. */
const OCCUPIED_MS = 4;
const THRESHOLD_MS = 5;
/** 1 while the session is loitering. */
const LOITERING = 6;
/** 1 once the detector watches the sensor (read at every episode change: among the first eight). */
const WATCHED = 7;
/**
 * 1 once THRESHOLD_MS is the learned threshold: a session starts with the floor, which the
 * learned threshold never goes below, and few sessions last that long (see settleThreshold).
 */
const SETTLED = 8;
/** What was learned raised the threshold to (NaN: nothing learned did). */
const LEARNED_MS = 9;
/** 1 when brought back after a restart: the next episode change continues it, whatever its start. */
const RESTORED = 10;
/** Silenced until then (moving day, renovation); -Infinity: never silenced. */
const SILENCED_UNTIL = 11;
/** End of the sensor's last visit outside loitering. */
const LAST_ACTIVITY = 12;

/** What the detector keeps of a sensor beyond its row and its visits: what is rare (incidents, nights). */
class Watch {
  incident?: Incident = undefined;
  /** For sensor-offline and tamper, which run beside the presence incident. */
  health: Partial<Record<"sensor-offline" | "tamper", Incident>> = {};
  lastClosed?: Incident = undefined;
  surgeNights: number[] = [];
  /** Nights of the last 7 days whose short visits were unusual but not enough on their own: pairs (night, p). */
  suspectNights: number[] = [];

  constructor(
    /** The sensor's number. */
    readonly n: number,
  ) {}
}

/** What a sensor's visit-surge remembers of the last nights (see AnomalyDetector.nights). */
export interface SavedNights {
  flagged: number[];
  /** Pairs: night, p. */
  noted: number[];
}

export type Suppression = (sensor: string, location: Location | undefined, ts: number) => boolean;

/** Sentences an incident explains itself with, in Swedish and English. */
export interface Summary {
  sv: string;
  en: string;
}

export interface ExplainedIncident extends Incident {
  summary: Summary;
}

export const SPACE_WORDS: Record<Space, { sv: string; en: string }> = {
  stairwell: { sv: "trapphuset", en: "the stairwell" },
  basement: { sv: "källaren", en: "the basement" },
  attic: { sv: "vinden", en: "the attic" },
  storage: { sv: "förrådet", en: "the storage room" },
  laundry: { sv: "tvättstugan", en: "the laundry room" },
  "bike-room": { sv: "cykelrummet", en: "the bike room" },
  "garbage-room": { sv: "soprummet", en: "the garbage room" },
  entrance: { sv: "entrén", en: "the entrance" },
  other: { sv: "utrymmet", en: "the space" },
};

export class AnomalyDetector implements EpisodeSink<Incident[]> {
  readonly options: AnomalyOptions;
  /** Where the detector's numbers (see ROW) begin in a sensor's row. */
  private readonly columns: number;
  private readonly watches: (Watch | undefined)[] = [];
  /** Finished visits of the last few hours per sensor, oldest first (for the learned detectors). */
  private readonly visits: SpanRings;
  /** The sensors watched, in the order they were first watched (the order incidents are closed at the end). */
  private readonly watched: number[] = [];
  /** The watched sensors by site and kind of place (see peerVisits). */
  private readonly peers = new PlaceGroups(peerKey);
  /** The watched sensors by site and address (see busyAddress). */
  private readonly neighbours = new PlaceGroups(addressKey);
  private readonly addressSilences = new Map<string, number>();
  /** Loitering thresholds and updates, per sensor. */
  private readonly loiter = new DeadlineHeap();
  /** Ends of presence sessions, per sensor. */
  private readonly sessionEnd = new DeadlineHeap();
  /** Quiet-close of visit-surge and off-hours incidents, per sensor. */
  private readonly quiet = new DeadlineHeap();
  /** Scratch for the sensors whose deadline is due. */
  private readonly dueSensors: number[] = [];
  /** An episode message's times, as a learner passes them (see EpisodeSink). */
  private readonly changeTimes = new Float64Array(3);
  /** The night's hours in which fewer than offHoursMinVisits can be off-hours (see offHoursFewAfterHours). */
  private readonly fewVisitHours: [number, number];
  private now = -Infinity;
  private readonly suppressed: Suppression;
  /** Whether there is a maintenance schedule to ask at all (see silencedAt). */
  private readonly suppressing: boolean;

  constructor(
    private readonly baseline: BaselineView | undefined,
    readonly clock: WeekClock,
    options: Partial<AnomalyOptions> = {},
    suppressed?: Suppression,
    /** Shared with the learner that feeds this detector straight (Pipeline). */
    readonly sensors = new SensorNumbers(),
  ) {
    this.suppressed = suppressed ?? (() => false);
    this.suppressing = suppressed !== undefined;
    this.columns = sensors.reserve(ROW);
    this.visits = new SpanRings(sensors);
    this.options = {
      ...DEFAULT_ANOMALY_OPTIONS,
      ...options,
      floorMinutes: { ...DEFAULT_ANOMALY_OPTIONS.floorMinutes, ...options.floorMinutes },
      passMinutes: { ...DEFAULT_ANOMALY_OPTIONS.passMinutes, ...options.passMinutes },
    };
    const [nightFrom, nightTo] = this.options.nightHours;
    this.fewVisitHours = [(nightFrom + this.options.offHoursFewAfterHours) % 24, nightTo];
  }

  /** The sensor's number, watched from now on if it was not. */
  private watch(sensor: string): number {
    const n = this.sensors.number(sensor);
    this.ensureWatched(n);
    return n;
  }

  private ensureWatched(n: number): void {
    const rows = this.sensors.rows;
    const r = this.at(n);
    if (rows[r + WATCHED] === 1) return;
    rows[r + WATCHED] = 1;
    rows[r + LAST_ACTIVITY] = -Infinity;
    rows[r + SILENCED_UNTIL] = -Infinity;
    this.watched.push(n);
  }

  /** Where the detector's numbers of sensor `n` are in the sensors' rows. */
  private at(n: number): number {
    return this.sensors.row(n) + this.columns;
  }

  /** A sensor's Watch, made when first needed. */
  private watchOf(n: number): Watch {
    return (this.watches[n] ??= new Watch(n));
  }

  private hasSession(n: number): boolean {
    return !Number.isNaN(this.sensors.rows[this.at(n) + START]);
  }

  private inHours(ts: number, hours: [number, number]): boolean {
    return inHourRange(this.clock.hourOfSlot(this.clock.slot(ts)), hours);
  }

  /** When the night that `ts` is in began (nightHours' first hour, local time). */
  private nightStart(ts: number): number {
    const minutes = (this.clock.local(ts).minuteOfDay - this.options.nightHours[0] * 60 + 1440) % 1440;
    return ts - (ts % 60_000) - minutes * 60_000;
  }

  private isNight(ts: number): boolean {
    return this.inHours(ts, this.options.nightHours);
  }

  /**
   * Night, but not New Year's or midsummer's (see newYearsNightAsDay): the night as off-hours and
   * visit-surge judge it, when residents are expected to be asleep.
   */
  private isQuietNight(ts: number): boolean {
    if (!this.isNight(ts)) return false;
    const { newYearsNightAsDay, midsummerNightAsDay } = this.options;
    if (!newYearsNightAsDay && !midsummerNightAsDay) return true;
    // The date of the night's evening: half a day back from any of its hours.
    const evening = this.clock.local(ts - DAY_MS / 2);
    if (newYearsNightAsDay && evening.month === 12 && evening.day === 31) return false;
    return !(midsummerNightAsDay && evening.month === 6 && evening.day === midsummerEve(evening.year)[1]);
  }

  /** The pause that still keeps a session going, for this sensor (see sessionGapMs). */
  private sessionGap(sensor: string, kind: SensorKind): number {
    if (kind === "mmwave") return 0;
    return this.baseline && !this.options.fixedOnly ? Math.min(this.options.sessionGapMs, this.baseline.sessionGapMs(sensor)) : this.options.sessionGapMs;
  }

  /** The same, for sensor number `n`. */
  private sessionGapOf(n: number): number {
    return this.sessionGap(this.sensors.names[n], this.sensors.meta[n].kind);
  }

  private learned(sensor: string, ts: number): boolean {
    return !this.options.fixedOnly && this.baseline !== undefined && this.baseline.learned(sensor, ts);
  }

  /**
   * The loitering threshold for a session starting at `start`, with what raised it: the floor
   * (by day, where places are booked, a pass and the margin: known, not learned, so from a
   * sensor's first day), or what residents' own stays make normal there and then, whichever is
   * longer —
   *   - their sessions at this time of day (a busy stairwell where people run into each other, a
   *     laundry room), from the learned session tail;
   *   - their long single visits, as often as visits come at this hour (rare at night, so the
   *     floor stays low when hardly anyone is about); at night, no longer than the night's own
   *     visits make likely, once there are enough of them (by day, crowds run into long visits);
   *   - traffic that could chain into one long session, where a PIR's timeout is long;
   *   - by day, long stays that recur at this hour every week (a cleaner), or every other week on
   *     a working day.
   * Each is set so residents would exceed it only a few times a year, more often in the loitering
   * hours and less often outside them.
   */
  loiterThreshold(sensor: string, space: Space | undefined, start: number, kind: SensorKind = "pir"): { ms: number; learnedMs?: number } {
    // A pass that alerted would never be learned as normal (incidents do not teach).
    const fixedMs = Math.max(this.floorMs(space), this.inPass(space, start) ? this.passMs(space) * this.options.dwellMargin : 0);
    if (!this.learned(sensor, start)) return { ms: fixedMs };
    const b = this.baseline!;
    const o = this.options;
    // More of the budgets where loiterers are (see loiterHours).
    const [from, to] = o.loiterHours;
    const budget = from === to ? 1 : this.inHours(start, o.loiterHours) ? o.loiterHoursFactor : 1 / o.loiterHoursFactor;
    const usual = b.dwellQuantile(sensor, start, 0.5);
    const dwellMs = usual && Number.isFinite(usual.seconds) ? usual.seconds * 1000 : 60_000;
    const nextHour = b.expectedVisits(sensor, start, start + 3_600_000);
    let learnedMs = chainThresholdMs(nextHour, dwellMs, this.sessionGap(sensor, kind), o.chainPerHour * budget);
    const tail = b.sessionTail(sensor, start, o.longSessionsPerWeek * budget, { perWeek: o.routinePerWeek, hours: o.dayHours });
    if (tail) learnedMs = Math.max(learnedMs, tail.minutes * 60_000);
    // Residents' own long visits: so long that, as often as visits come at this hour, they would
    // exceed it at most longVisitsPerWeek (weighed by the hour) times a week if every hour were like this one.
    const perWeek = 168 * Math.max(nextHour, o.quietRateShare * b.meanVisitsPerHour(sensor));
    const share = (o.longVisitsPerWeek * budget) / perWeek;
    let long = perWeek > 0 ? b.dwellBeyond(sensor, share) : undefined;
    if (long !== undefined && this.isNight(start)) {
      const night = b.nightDwellFit(sensor, start);
      if (night) long = Math.min(long, Math.exp(night.mu + Math.max(night.sigma, NIGHT_VISIT_SIGMA) * normalQuantile(1 - Math.min(0.5, share))));
    }
    if (long !== undefined) learnedMs = Math.max(learnedMs, long * 1000);
    if (this.inHours(start, o.dayHours)) {
      const routine = b.recurringLongStay(sensor, start);
      const enough = this.clock.isWeekendSlot(this.clock.slot(start)) ? o.routinePerWeek : o.workdayRoutinePerWeek;
      if (routine && routine.perWeek >= enough) learnedMs = Math.max(learnedMs, routine.seconds * 1000 * o.dwellMargin);
    }
    learnedMs = Math.min(learnedMs, o.maxThresholdMinutes * 60_000);
    return learnedMs > fixedMs ? { ms: learnedMs, learnedMs } : { ms: fixedMs };
  }

  /** The fixed floor of a kind of place. */
  private floorMs(space: Space | undefined): number {
    return (this.options.floorMinutes[space ?? "other"] ?? this.options.floorMinutes.default) * 60_000;
  }

  /** A booked pass of a kind of place (0 where places are not booked). */
  private passMs(space: Space | undefined): number {
    return (this.options.passMinutes[space ?? "other"] ?? 0) * 60_000;
  }

  /**
   * Whether `at` may fall within a resident's booked pass: by day, in a place booked by the pass,
   * with the learned detector (the fixed rule knows no passes).
   */
  private inPass(space: Space | undefined, at: number): boolean {
    return !this.options.fixedOnly && this.baseline !== undefined && this.passMs(space) > 0 && this.inHours(at, this.options.dayHours);
  }

  /**
   * A session has lasted as long as the floor: its learned threshold is worked out now, for the
   * time it started. Most sessions end before the floor, and working the threshold out (a dozen
   * of the sensor's learned numbers, spread over its week) at every start took about a quarter
   * of the learned pipeline's time in the core benchmark.
   */
  private settleThreshold(n: number): void {
    const meta = this.sensors.meta[n];
    const rows = this.sensors.rows;
    const r = this.at(n);
    const threshold = this.loiterThreshold(this.sensors.names[n], meta.location?.space, rows[r + START], meta.kind);
    rows[r + THRESHOLD_MS] = threshold.ms;
    rows[r + LEARNED_MS] = threshold.learnedMs ?? NaN;
    rows[r + SETTLED] = 1;
  }

  /** Silences a sensor (moving day, renovation) until `until`, closing what is open; `until` ≤ now lifts it. */
  silence(sensor: string, until: number, now: number, out: Incident[] = []): Incident[] {
    const n = this.watch(sensor);
    const rows = this.sensors.rows;
    const r = this.at(n);
    rows[r + SILENCED_UNTIL] = until;
    if (until <= now) {
      // Lifted early: someone already there is judged again now, not when the silence would have ended.
      if (this.hasSession(n) && rows[r + LOITERING] !== 1) this.loiter.set(n, Math.max(now, rows[r + START] + rows[r + THRESHOLD_MS]));
      return out;
    }
    const w = this.watches[n];
    if (w?.incident) {
      // A stay closed by the silence says how long it had lasted by then.
      if (w.incident.kind === "loitering" && this.hasSession(n) && rows[r + LOITERING] === 1) this.measure(w.incident, rows[r + THRESHOLD_MS], now, rows[r + START]);
      this.close(n, w, now, out);
    }
    if (this.hasSession(n)) rows[r + LOITERING] = 0;
    return out;
  }

  /** Silences every sensor at an address, those not heard from yet included. */
  silenceAddress(address: string, until: number, now: number, out: Incident[] = []): Incident[] {
    const before = this.addressSilences.get(address) ?? -Infinity;
    if (until <= now) this.addressSilences.delete(address);
    else this.addressSilences.set(address, until);
    for (const n of this.watched) {
      if (this.sensors.meta[n].location?.address !== address) continue;
      // A sensor silenced through the address follows it (lifted with it); one silenced on its own for longer keeps that.
      const own = this.sensors.rows[this.at(n) + SILENCED_UNTIL];
      this.silence(this.sensors.names[n], own > before ? Math.max(own, until) : until, now, out);
    }
    return out;
  }

  /** Silences in force at `now`, to keep across a restart. */
  silences(now: number): { sensors: Record<string, number>; addresses: Record<string, number> } {
    const sensors: Record<string, number> = {};
    for (const n of this.watched) {
      const until = this.sensors.rows[this.at(n) + SILENCED_UNTIL];
      if (until > now) sensors[this.sensors.names[n]] = until;
    }
    const addresses: Record<string, number> = {};
    for (const [address, until] of this.addressSilences) if (until > now) addresses[address] = until;
    return { sensors, addresses };
  }

  restoreSilences(silences: { sensors?: Record<string, number>; addresses?: Record<string, number> }): void {
    for (const [sensor, until] of Object.entries(silences.sensors ?? {})) {
      const n = this.watch(sensor);
      this.sensors.rows[this.at(n) + SILENCED_UNTIL] = until;
    }
    for (const [address, until] of Object.entries(silences.addresses ?? {})) this.addressSilences.set(address, until);
  }

  /**
   * The nights visit-surge remembers per sensor, to keep across a restart (a deploy restarts the
   * node): nights flagged (for severity) and nights noted as unusual (pairs of night and p, judged
   * with the next). Only the last 7 days' count.
   */
  nights(now: number): Record<string, SavedNights> {
    const tonight = nightOf(now);
    const saved: Record<string, SavedNights> = {};
    for (const n of this.watched) {
      const w = this.watches[n];
      if (!w) continue;
      const sensor = this.sensors.names[n];
      const flagged = w.surgeNights.filter((n) => tonight - n < NIGHTS_TOGETHER);
      const noted: number[] = [];
      for (let i = 0; i < w.suspectNights.length; i += 2) if (tonight - w.suspectNights[i] < NIGHTS_TOGETHER) noted.push(w.suspectNights[i], w.suspectNights[i + 1]);
      if (flagged.length > 0 || noted.length > 0) saved[sensor] = { flagged, noted };
    }
    return saved;
  }

  /** Brings back what nights() saved; whatever is not a night (or a night and a p) is left out. */
  restoreNights(saved: unknown): void {
    if (!saved || typeof saved !== "object") return;
    for (const [sensor, entry] of Object.entries(saved as Record<string, Partial<SavedNights>>)) {
      const flagged = Array.isArray(entry?.flagged) ? entry.flagged.filter((n) => Number.isInteger(n)) : [];
      const noted: number[] = [];
      if (Array.isArray(entry?.noted)) {
        for (let i = 0; i + 1 < entry.noted.length; i += 2) {
          const [night, p] = [entry.noted[i], entry.noted[i + 1]];
          if (Number.isInteger(night) && typeof p === "number" && p > 0 && p <= 1) noted.push(night, p);
        }
      }
      if (flagged.length === 0 && noted.length === 0) continue;
      const w = this.watchOf(this.watch(sensor));
      w.surgeNights = flagged;
      w.suspectNights = noted;
    }
  }

  /** An episode change from the learner, as a message between nodes. */
  episode(note: EpisodeNote, out: Incident[] = []): Incident[] {
    const n = this.sensors.number(note.sensor);
    this.sensors.meta[n] = note.meta;
    const { change } = note;
    const times = this.changeTimes;
    times[0] = change.start;
    times[1] = change.type === "finished" ? change.end : NaN;
    times[2] = note.ts;
    this.episodeChanged(n, change.type, times, 0, out);
    return out;
  }

  /** An episode change of sensor `n`, known at `at` (see EpisodeSink): straight from the learner in a Pipeline. */
  episodeChanged(n: number, type: EpisodeChangeType, times: Float64Array, i: number, out: Incident[]): void {
    const start = times[i];
    const end = times[i + 1];
    const at = times[i + 2];
    this.advance(at, out);
    this.ensureWatched(n);
    const rows = this.sensors.rows;
    const r = this.at(n);
    const hasSession = !Number.isNaN(rows[r + START]);
    if (type === "opened") {
      // After a restart, someone back within an update interval (and a pause) is the same presence.
      const restored = hasSession && rows[r + RESTORED] === 1;
      const since = rows[r + OPEN_SINCE];
      const resumes = restored && start - (Number.isNaN(since) ? rows[r + START] : since) <= this.options.updateEveryMs + this.options.sessionGapMs;
      if (restored && !resumes) {
        rows[r + RESTORED] = 0;
        rows[r + LAST_END] = rows[r + OPEN_SINCE];
        rows[r + OPEN_SINCE] = NaN;
      }
      if (resumes || (hasSession && Number.isNaN(rows[r + OPEN_SINCE]) && !Number.isNaN(rows[r + LAST_END]) && start - rows[r + LAST_END] <= this.sessionGapOf(n))) {
        // A short pause (or the first episode after a restart): the same session goes on.
        rows[r + RESTORED] = 0;
        rows[r + OPEN_SINCE] = start;
        rows[r + PAUSED_AT] = NaN;
        rows[r + LAST_END] = NaN;
        this.sessionEnd.clear(n);
        if (rows[r + LOITERING] !== 1 && !this.loiter.isSet(n)) this.checkLoiter(n, start, out);
      } else {
        if (hasSession) this.endSession(n, out);
        const floorMs = this.floorMs(this.sensors.meta[n].location?.space);
        this.startSession(n, start, start, floorMs, !this.baseline || this.options.fixedOnly);
        this.loiter.set(n, start + floorMs);
      }
      return;
    }
    if (hasSession && rows[r + RESTORED] === 1) {
      // The episode that was under way when the process stopped.
      rows[r + RESTORED] = 0;
      rows[r + OPEN_SINCE] = start;
    }
    if (!hasSession || rows[r + OPEN_SINCE] !== start) return; // not this session's episode
    if (type === "paused") {
      // The clear of a sensor that loses its clears: now its stay is believed (see checkLoiter).
      if (this.sensors.meta[n].losesClears && rows[r + LOITERING] !== 1 && at >= rows[r + START] + rows[r + THRESHOLD_MS]) this.checkLoiter(n, at, out, true);
      // Clear, but not yet for good: loitering waits to see whether it resumes.
      rows[r + PAUSED_AT] = at;
      return;
    }
    if (type === "resumed") {
      rows[r + PAUSED_AT] = NaN;
      if (rows[r + LOITERING] !== 1 && at >= rows[r + START] + rows[r + THRESHOLD_MS]) this.checkLoiter(n, at, out);
      return;
    }
    rows[r + PAUSED_AT] = NaN;
    rows[r + OPEN_SINCE] = NaN;
    if (type === "dropped") {
      // A radar ghost: as if it had not been.
      if (rows[r + OCCUPIED_MS] === 0) {
        rows[r + START] = NaN;
        this.loiter.clear(n);
      } else {
        rows[r + LAST_END] = start;
        this.sessionEnd.set(n, start + this.sessionGapOf(n));
      }
      return;
    }
    rows[r + OCCUPIED_MS] += end - start;
    rows[r + LAST_END] = end;
    this.sessionEnd.set(n, Math.max(at, end + this.sessionGapOf(n)));
    if (rows[r + LOITERING] !== 1) this.visit(n, times, i, out);
  }

  /** A new presence session of sensor `n` from `start`, with an episode under way since `openSince`; not loitering (yet). */
  private startSession(n: number, start: number, openSince: number, thresholdMs: number, settled: boolean): void {
    const rows = this.sensors.rows;
    const r = this.at(n);
    rows[r + START] = start;
    rows[r + OCCUPIED_MS] = 0;
    rows[r + OPEN_SINCE] = openSince;
    rows[r + LAST_END] = NaN;
    rows[r + PAUSED_AT] = NaN;
    rows[r + THRESHOLD_MS] = thresholdMs;
    rows[r + LEARNED_MS] = NaN;
    rows[r + SETTLED] = settled ? 1 : 0;
    rows[r + LOITERING] = 0;
    rows[r + RESTORED] = 0;
  }

  /** When the detector next has something to do on its own; Infinity if nothing is waiting. */
  nextDue(): number {
    return Math.min(this.loiter.peek(), this.sessionEnd.peek(), this.quiet.peek());
  }

  /** Lets event time pass: thresholds crossed, updates due, sessions over, quiet incidents closed. */
  advance(now: number, out: Incident[] = []): Incident[] {
    // At every event and episode change, and seldom more than a look: small, so that V8 inlines
    // it (a time passed to a call it does not inline is boxed, an allocation each).
    if (now > this.now) {
      this.now = now;
      if (this.nextDue() <= now) this.passDue(out);
    }
    return out;
  }

  /** What is due by `now` (thresholds crossed, updates, sessions over, quiet incidents closed), in time order. */
  private passDue(out: Incident[]): void {
    for (let due = this.nextDue(); due <= this.now; due = this.nextDue()) {
      const sensors = this.dueSensors;
      if (this.loiter.peek() === due) {
        for (const n of this.loiter.due(due, sensors)) this.checkLoiter(n, due, out);
      } else if (this.sessionEnd.peek() === due) {
        for (const n of this.sessionEnd.due(due, sensors)) this.endSession(n, out);
      } else {
        for (const n of this.quiet.due(due, sensors)) {
          const w = this.watches[n]!;
          const loitering = this.hasSession(n) && this.sensors.rows[this.at(n) + LOITERING] === 1;
          if (w.incident && !loitering) this.close(n, w, w.incident.end ?? this.sensors.rows[this.at(n) + LAST_ACTIVITY], out);
        }
      }
      empty(sensors);
    }
  }

  /**
   * At a loitering deadline: open or update the incident, or look again later. `atClear`: at the
   * clear of a sensor that loses its clears, where its stay is believed (see SensorMeta.losesClears).
   */
  private checkLoiter(n: number, at: number, out: Incident[], atClear = false): void {
    const rows = this.sensors.rows;
    const r = this.at(n);
    const start = rows[r + START];
    if (Number.isNaN(start)) return;
    if (rows[r + LOITERING] === 1) {
      this.updateLoitering(n, at, out);
      // Far behind (event time jumped): one update at the latest interval due, not one for each.
      const every = this.options.updateEveryMs;
      this.loiter.set(n, at + every > this.now ? at + every : at + Math.floor((this.now - at) / every) * every);
      return;
    }
    if (rows[r + SETTLED] !== 1 && at >= start + rows[r + THRESHOLD_MS]) this.settleThreshold(n);
    const thresholdMs = rows[r + THRESHOLD_MS];
    if (at < start + thresholdMs) return this.loiter.set(n, start + thresholdMs);
    // Only while someone is there: a pause waits for the episode to resume, the next one, or the end.
    const since = rows[r + OPEN_SINCE];
    if (Number.isNaN(since) || !Number.isNaN(rows[r + PAUSED_AT])) return;
    // A sensor that loses its clears may be silent because its clear was lost: its clear tells (episodeChanged).
    if (this.sensors.meta[n].losesClears && !atClear) return;
    const occupied = rows[r + OCCUPIED_MS] + (at - since);
    if (occupied < this.options.sessionOccupied * (at - start)) return this.loiter.set(n, at + 60_000);
    if (this.blocked(n, start, at)) {
      // Silenced: look again when it ends. In a maintenance window, whose end the schedule knows and the detector does not: each minute.
      const until = rows[r + SILENCED_UNTIL];
      return this.loiter.set(n, until > at ? Math.min(until, at + DAY_MS) : at + 60_000);
    }
    // The building at work: not loitering while it lasts. Look again each minute.
    if (this.busyAddress(n, start, at)) return this.loiter.set(n, at + 60_000);
    const minutes = (at - start) / 60_000;
    const learnedMs = rows[r + LEARNED_MS];
    const expected = {
      thresholdMinutes: Math.round(thresholdMs / 60_000),
      ...(!Number.isNaN(learnedMs) ? { learnedMinutes: Math.round(learnedMs / 60_000) } : {}),
      ...this.usualDwell(this.sensors.names[n], start),
    };
    rows[r + LOITERING] = 1;
    // A clear the learner put in the past (one found lost: Learner.lostClear) is known only now.
    this.raise(this.watchOf(n), "loitering", start, at, { minutes: Math.floor(minutes) }, expected, Math.min(1, minutes / (4 * (thresholdMs / 60_000))), out, atClear ? this.now : at);
    this.loiter.set(n, at + this.options.updateEveryMs);
  }

  /**
   * Whether n's stay, by day outside the loitering hours in an entrance or stairwell, is the
   * building at work: a passage of the other kind at the same address has been busy by `at`, as on a moving
   * day, when the door is held open and the stairs are busy for hours. Two sensors of one
   * stairwell do not count: a group on a landing is seen by both.
   */
  private busyAddress(n: number, start: number, at: number): boolean {
    const o = this.options;
    if (!(o.busyAddressMinutes > 0) || o.fixedOnly || !this.baseline || this.inHours(start, o.loiterHours) || !this.inHours(start, o.dayHours)) return false;
    const meta = this.sensors.meta;
    const space = meta[n]?.location?.space;
    if (space !== "entrance" && space !== "stairwell") return false;
    const other = space === "entrance" ? "stairwell" : "entrance";
    const group = this.neighbours.group(n, at, this.watched, meta);
    if (!group) return false;
    for (const m of group) {
      if (meta[m]?.location?.space === other && this.neighbours.stillIn(m, meta) && this.busy(m, at)) return true;
    }
    return false;
  }

  /**
   * Whether sensor m has been busy for busyAddressMinutes by `at`: in a session that long, or
   * occupied for most of that time (the share a session needs), as a radar sees people carrying
   * boxes past: visits a minute apart, sessions of a few minutes each.
   */
  private busy(m: number, at: number): boolean {
    const o = this.options;
    const rows = this.sensors.rows;
    const r = this.at(m);
    const long = o.busyAddressMinutes * 60_000;
    const since = rows[r + START];
    const open = rows[r + OPEN_SINCE];
    if (at - since >= long && rows[r + OCCUPIED_MS] + (Number.isNaN(open) ? 0 : at - open) >= o.sessionOccupied * (at - since)) return true;
    const from = at - long;
    let occupied = Number.isNaN(open) ? 0 : at - Math.max(open, from);
    for (let i = this.visits.length(m) - 1; i >= 0 && this.visits.end(m, i) > from; i--) occupied += this.visits.end(m, i) - Math.max(from, this.visits.start(m, i));
    return occupied >= o.sessionOccupied * long;
  }

  private updateLoitering(n: number, at: number, out: Incident[]): void {
    const w = this.watches[n];
    if (!w?.incident) return;
    this.measure(w.incident, this.sensors.rows[this.at(n) + THRESHOLD_MS], at, this.sensors.rows[this.at(n) + START]);
    w.incident.state = "update";
    this.excludeLearning(w.incident);
    out.push(this.explained(w.incident, w));
  }

  /**
   * A loitering incident's numbers at `at`: minutes since the stay began at `since` (whole
   * minutes, as the clock times read). An incident that began as off-hours keeps its earlier
   * start, but the stay is what is measured.
   */
  private measure(incident: Incident, thresholdMs: number, at: number, since: number): void {
    const minutes = (at - Math.max(incident.start, since)) / 60_000;
    incident.observed = { minutes: Math.floor(minutes) };
    incident.end = at;
    incident.score = Math.max(incident.score, Math.min(1, minutes / (4 * (thresholdMs / 60_000))));
    incident.severity = this.severity(incident);
  }

  /** The session is over: a loitering incident closes at its last episode's end. */
  private endSession(n: number, out: Incident[]): void {
    const rows = this.sensors.rows;
    const r = this.at(n);
    if (Number.isNaN(rows[r + START]) || !Number.isNaN(rows[r + OPEN_SINCE])) return;
    this.closeSession(n, Number.isNaN(rows[r + LAST_END]) ? this.now : rows[r + LAST_END], out);
  }

  /** Ends n's session at `end`: a loitering incident closes then, and nothing of the session is left waiting. */
  private closeSession(n: number, end: number, out: Incident[]): void {
    const rows = this.sensors.rows;
    const r = this.at(n);
    const w = this.watches[n];
    if (rows[r + LOITERING] === 1 && w?.incident?.kind === "loitering") {
      this.measure(w.incident, rows[r + THRESHOLD_MS], end, rows[r + START]);
      this.close(n, w, end, out);
    }
    rows[r + START] = NaN;
    rows[r + OPEN_SINCE] = NaN;
    rows[r + PAUSED_AT] = NaN;
    rows[r + LOITERING] = 0;
    this.loiter.clear(n);
    this.sessionEnd.clear(n);
  }

  /** What most visits here last at this time of week, for the sentence ("normally under 4 min"). */
  private usualDwell(sensor: string, at: number): { usualMinutes?: number } {
    if (!this.learned(sensor, at)) return {};
    const q = this.baseline!.dwellQuantile(sensor, at, 0.9);
    return q && Number.isFinite(q.seconds) ? { usualMinutes: Math.max(1, Math.round(q.seconds / 60)) } : {};
  }

  /** A finished visit (its times at `times[i]`, see EpisodeSink): the statistical detectors look at the window it ends. */
  private visit(n: number, times: Float64Array, i: number, out: Incident[]): void {
    const start = times[i];
    const end = times[i + 1];
    const ts = times[i + 2];
    this.sensors.rows[this.at(n) + LAST_ACTIVITY] = end;
    // Only the learned detectors look at visits.
    if (!this.baseline || this.options.fixedOnly) return;
    // A visit in a silence or a maintenance window is neither counted after it nor learned as normal.
    if (this.silencedAt(n, start) || this.silencedAt(n, end)) {
      this.baseline.exclude(this.sensors.names[n], start, end);
      return;
    }
    const visits = this.visits;
    visits.push(n, start, end);
    const horizon = ts - Math.max(this.options.surgeWindowMs, this.options.offHoursWindowMs);
    while (visits.length(n) > 0 && visits.start(n, 0) < horizon) visits.dropOldest(n);
    const sensor = this.sensors.names[n];
    if (!this.learned(sensor, ts)) return;
    // Only qualifying activity raises or extends an incident: a lone resident passing does not.
    const surge = this.surge(n, times, i);
    if (surge) {
      this.raise(this.watchOf(n), "visit-surge", surge.start, end, surge.observed, surge.expected, surge.score, out, ts);
      return;
    }
    const offHours = this.offHours(n, times, i);
    if (offHours) this.raise(this.watchOf(n), "off-hours", offHours.start, end, offHours.observed, offHours.expected, offHours.score, out, ts);
  }

  private surge(n: number, times: Float64Array, i: number): { start: number; observed: object; expected: object; score: number } | undefined {
    const ts = times[i + 2];
    // A household working through its pass goes back and forth: loading, the dryer, collecting.
    if (this.inPass(this.sensors.meta[n].location?.space, ts)) return undefined;
    const sensor = this.sensors.names[n];
    const from = ts - this.options.surgeWindowMs;
    // Short visits in the window: how many, and when the first began.
    const visits = this.visits;
    let short = 0;
    let first = NaN;
    for (let i = 0, count = visits.length(n); i < count; i++) {
      const start = visits.start(n, i);
      if (start >= from && visits.end(n, i) - start <= this.options.surgeMaxVisitMs) {
        if (short++ === 0) first = start;
      }
    }
    const night = this.isQuietNight(ts);
    // Fewer than surgeMinVisits can only be one night of several (judged together below).
    const few = short < this.options.surgeMinVisits;
    if (few && (!night || short < this.options.surgeNightMinVisits)) return undefined;
    let expected = this.expectedVisits(sensor, from, ts);
    let p = overdispersedTail(short, expected, this.options.surgeShape);
    const alpha = night ? this.options.surgeAlpha : this.options.surgeAlpha / 100;
    if (night && p < Math.max(alpha, this.options.surgeSuspect)) {
      // A window early in the night still holds the evening, and that part is judged against the
      // site's other places of the kind, as the day is: a warm evening that filled every bike room
      // until 22 is no surge of the night's.
      const dusk = this.nightStart(ts);
      const peers = dusk > from ? this.peerVisits(n, from, dusk) : undefined;
      const beyond = peers === undefined ? 0 : peers - this.expectedVisits(sensor, from, dusk);
      if (beyond > 0) {
        expected += beyond;
        p = overdispersedTail(short, expected, this.options.surgeShape);
      }
    }
    // Two visits say little however quiet the place has been: such a night counts as no more
    // unusual than the level, or where nights are empty it would make any other slightly unusual
    // night of the week a campaign (measured: ours over its false-alarm budget, 79 against 72).
    if (few) p = Math.max(p, alpha);
    if (!night && p < alpha) {
      // By day, these hours on the last days, if the place has lately been busier than it learned:
      // a season outruns the weeks-long memory (bike rooms in spring). Not at night, where a
      // stash's nights would make their own level (measured: recall lost on three estates).
      const recent = this.baseline!.recentVisits(sensor, from, ts) ?? 0;
      if (recent > expected) {
        expected = recent;
        p = overdispersedTail(short, expected, this.options.surgeShape);
      }
      // Or, if the places like it are all busier than they learned, theirs: a warm evening fills
      // every bike room at once. Not at night, where a busy stairwell elsewhere explains no one
      // (measured: a stash and a night disturbance lost).
      const peers = p < alpha ? this.peerVisits(n, from, ts) : undefined;
      if (peers !== undefined && peers > expected) {
        expected = peers;
        p = overdispersedTail(short, expected, this.options.surgeShape);
      }
    }
    let nights = 1;
    if (night && p >= alpha && p < this.options.surgeSuspect) {
      // Not enough on its own: judged with the week's other nights that fell short too.
      const repeated = this.repeatedNights(this.watchOf(n), ts, p);
      if (repeated.nights < 2 || repeated.p >= alpha / REPEATED_NIGHTS_STRICTER) return undefined;
      ({ p, nights } = repeated);
    } else if (p >= alpha) return undefined;
    return {
      start: first,
      observed: { visits: short, windowMinutes: Math.round(this.options.surgeWindowMs / 60_000), ...(nights > 1 ? { nights } : {}) },
      expected: { visits: Math.round(expected * 100) / 100, p: Number(p.toPrecision(2)) },
      score: scoreOf(p),
    };
  }

  /**
   * A night whose short visits are unusual but not enough on their own (p under surgeSuspect) is
   * noted, and judged together with the sensor's other such nights of the last 7 days by Fisher's
   * method: the chance that residents' visits alone are this unusual on all of them. Returns the
   * combined p and how many nights it stands for (this one included).
   */
  private repeatedNights(w: Watch, ts: number, p: number): { p: number; nights: number } {
    const night = nightOf(ts);
    const noted = w.suspectNights;
    for (let i = noted.length - 2; i >= 0; i -= 2) if (night - noted[i] >= NIGHTS_TOGETHER) noted.splice(i, 2);
    let statistic = -2 * Math.log(p);
    let nights = 1;
    let own = -1;
    for (let i = 0; i < noted.length; i += 2) {
      if (noted[i] === night) own = i;
      else {
        statistic -= 2 * Math.log(noted[i + 1]);
        nights++;
      }
    }
    // Each night counts with the most unusual moment it had.
    if (own < 0) noted.push(night, p);
    else noted[own + 1] = Math.min(noted[own + 1], p);
    return { p: chiSquareSurvival(statistic, 2 * nights), nights };
  }

  /**
   * The short visits from `from` to `ts` at the other learned places of the same kind on the site
   * (their mean, over at most PEERS_AT_MOST of them), when those places together are busier than
   * they learned, p under surgePeerLevel.
   */
  private peerVisits(n: number, from: number, ts: number): number | undefined {
    const level = this.options.surgePeerLevel;
    if (!(level > 0)) return undefined;
    const peers = this.peers;
    const group = peers.group(n, ts, this.watched, this.sensors.meta);
    if (!group) return undefined;
    const names = this.sensors.names;
    let places = 0;
    let visits = 0;
    let expected = 0;
    // Its next peers in the group, so that a large site spreads the work and no place is everyone's yardstick.
    for (let k = 1; k < group.length && places < PEERS_AT_MOST; k++) {
      const m = group[(peers.position[n] + k) % group.length];
      if (!peers.stillIn(m, this.sensors.meta) || !this.learned(names[m], ts)) continue;
      places++;
      expected += this.expectedVisits(names[m], from, ts);
      for (let i = 0, count = this.visits.length(m); i < count; i++) {
        const start = this.visits.start(m, i);
        if (start >= from && start < ts && this.visits.end(m, i) - start <= this.options.surgeMaxVisitMs) visits++;
      }
    }
    // A sum of negative binomials of one shape has that shape times their number.
    if (places === 0 || overdispersedTail(visits, expected, this.options.surgeShape * places) >= level) return undefined;
    return visits / places;
  }

  /** Visits residents make between two instants, never taken as less than a quiet hour's share. */
  private expectedVisits(sensor: string, from: number, to: number): number {
    const b = this.baseline!;
    const floor = this.options.quietRateShare * b.meanVisitsPerHour(sensor) * ((to - from) / 3_600_000);
    return Math.max(b.expectedVisits(sensor, from, to), floor);
  }

  /**
   * Night-time activity that residents' own visits at that hour hardly explain: sustained (the
   * place occupied for longer than their visits fill it) or repeated (more visits than the hour
   * sees, of their length). A resident passing is not enough.
   */
  private offHours(n: number, times: Float64Array, i: number): { start: number; observed: object; expected: object; score: number } | undefined {
    const lastStart = times[i];
    const lastEnd = times[i + 1];
    const ts = times[i + 2];
    if (!this.isQuietNight(lastStart)) return undefined;
    const o = this.options;
    const b = this.baseline!;
    const sensor = this.sensors.names[n];
    const fit = b.dwellFit(sensor, lastStart);
    if (!fit) return undefined;
    /** The visits that reach into the window from `from` to ts: how many, the first's start, and the time they fill. */
    const within = (from: number) => {
      const visits = this.visits;
      let count = 0;
      let first = NaN;
      let occupiedMs = 0;
      for (let i = 0, length = visits.length(n); i < length; i++) {
        const end = visits.end(n, i);
        if (end <= from) continue;
        const start = visits.start(n, i);
        if (count++ === 0) first = start;
        occupiedMs = occupiedMs + Math.min(end, ts) - Math.max(start, from); // left to right: the rounding the output was checked against
      }
      return { count, first, occupiedMs };
    };
    const hour = within(ts - o.offHoursWindowMs);
    // Early in the night only repeated visits count.
    if (hour.count < o.offHoursMinVisits && !this.inHours(lastStart, this.fewVisitHours)) return undefined;
    const short = within(ts - o.occupancyWindowMs);
    /** Residents' visits expected in the quarter hour and in the hour. */
    const expectedShort = this.expectedVisits(sensor, ts - o.occupancyWindowMs, ts);
    const expected = this.expectedVisits(sensor, ts - o.offHoursWindowMs, ts);
    let p = 1;
    /** The window the finding is about, when it is not the lone visit. */
    let shown = short;
    if (short.occupiedMs >= o.offHoursMinOccupiedMs && logNormalSurvival(fit, short.occupiedMs / 1000) <= o.offHoursLongShare) {
      p = occupancyTail(short.occupiedMs / 1000, expectedShort, o.surgeShape, fit);
    }
    // Visits too far apart to fill one quarter hour may fill the hour (a stash checked twice, someone
    // a PIR or radar keeps losing): judged the same way against the hour's visits, unless the hour
    // holds no more than residents' visits fill it on average (a busy stairwell's).
    if (hour.count >= 2 && hour.occupiedMs > short.occupiedMs && hour.occupiedMs > expected * logNormalMean(fit) * 1000) {
      const pHour = occupancyTail(hour.occupiedMs / 1000, expected, o.surgeShape, fit);
      if (pHour < p) {
        p = pHour;
        shown = hour;
      }
    }
    // One long visit (a PIR with a long timeout sees a quarter of an hour of noise as one visit):
    // one of residents' visits as long, or their traffic running into one visit that long.
    const visitMs = lastEnd - lastStart;
    /** Whether the long visit on its own is the least likely finding (what the sentence then says). */
    let lone = false;
    if (visitMs >= o.offHoursLongVisitMs) {
      const sigma = Math.max(fit.sigma, LONE_VISIT_SIGMA, b.dwellFit(sensor)?.sigma ?? 0);
      const longer = logNormalSurvival({ mu: fit.mu, sigma }, visitMs / 1000);
      const perHour = (expected * 3_600_000) / o.offHoursWindowMs;
      const chained = (chainsPerHour(perHour, Math.exp(fit.mu) * 1000, this.sessionGapOf(n), visitMs) * o.occupancyWindowMs) / 3_600_000;
      const pLone = anyVisitTail(expectedShort, o.surgeShape, longer) + chained;
      if (pLone < p) {
        p = pLone;
        lone = true;
      }
    }
    const inHour = hour.count;
    if (inHour >= o.offHoursMinVisits) {
      shown = hour;
      const pRepeated = overdispersedTail(inHour, expected, o.surgeShape) * Math.min(1, inHour * logNormalSurvival(fit, hour.occupiedMs / inHour / 1000));
      if (pRepeated <= p) {
        p = pRepeated;
        lone = false;
      }
    }
    if (p >= o.offHoursAlpha) return this.outOfBookedHours(n, lastStart, visitMs, expectedShort, expected);
    const score = scoreOf(p);
    const probability = { visits: Math.round(expected * 100) / 100, p: Number(p.toPrecision(2)) };
    if (lone) {
      // Said as the visit's length against how long visits there last at night (most of them).
      const usualMinutes = Math.max(1, Math.round(Math.exp(fit.mu + Z90 * fit.sigma) / 60));
      return { start: lastStart, observed: { visits: 1, occupiedMinutes: Math.round(visitMs / 6_000) / 10 }, expected: { ...probability, usualMinutes }, score };
    }
    return {
      start: shown.first,
      observed: { visits: shown.count, occupiedMinutes: Math.round(shown.occupiedMs / 6_000) / 10 },
      expected: probability,
      score,
    };
  }

  /**
   * A visit of bookedNightVisitMinutes or more to a place booked by the pass, at night after its
   * first hour: scored by how unlikely any visit is there then.
   */
  private outOfBookedHours(n: number, start: number, visitMs: number, expectedShort: number, expected: number): { start: number; observed: object; expected: object; score: number } | undefined {
    const o = this.options;
    const minimumMs = o.bookedNightVisitMinutes * 60_000;
    if (!(minimumMs > 0) || visitMs < minimumMs || this.passMs(this.sensors.meta[n].location?.space) === 0 || !this.inHours(start, this.fewVisitHours)) return undefined;
    const p = overdispersedTail(1, expectedShort, o.surgeShape);
    const [bookedFrom, bookedTo] = o.dayHours;
    return {
      start,
      observed: { visits: 1, occupiedMinutes: Math.round(visitMs / 6_000) / 10 },
      expected: { visits: Math.round(expected * 100) / 100, p: Number(p.toPrecision(2)), bookedFrom, bookedTo },
      score: scoreOf(p),
    };
  }

  /** Silenced or in a maintenance window: no incident, and the window does not teach. */
  private blocked(n: number, from: number, at: number): boolean {
    if (!this.silencedAt(n, at)) return false;
    this.baseline?.exclude(this.sensors.names[n], from, at);
    return true;
  }

  /** Whether sensor `n` is silenced, or in a maintenance window, at `at`. */
  private silencedAt(n: number, at: number): boolean {
    const sensorSilenced = at < this.sensors.rows[this.at(n) + SILENCED_UNTIL];
    // Most sensors are never silenced: no map or callback to ask (every visit asks).
    if (sensorSilenced || (!this.suppressing && this.addressSilences.size === 0)) return sensorSilenced;
    const { location } = this.sensors.meta[n];
    const addressUntil = this.addressSilences.get(location?.address ?? "") ?? -Infinity;
    return at < addressUntil || this.suppressed(this.sensors.names[n], location, at);
  }

  /** Opens an incident, upgrades or extends the open one, or reopens one that just closed. */
  /** `at` is where the finding ends; `known` when the detector could know it (a visit is known a merge gap after it ends). */
  private raise(w: Watch, kind: IncidentKind, start: number, at: number, observed: object, expected: object, score: number, out: Incident[], known = at): void {
    if (kind !== "loitering" && this.blocked(w.n, start, at)) return;
    const sensor = this.sensors.names[w.n];
    const { location } = this.sensors.meta[w.n];
    let incident = w.incident;
    const last = w.lastClosed;
    // A stay is the same place acting up again if it began within the cooldown, though it is known only at its threshold.
    const again = kind === "loitering" ? start : at;
    if (!incident && last && again - (last.end ?? again) < this.options.cooldownMs && STRENGTH[kind] <= STRENGTH[last.kind]) {
      // Within the cooldown after a stronger or equal finding: the same incident goes on.
      incident = last;
      w.lastClosed = undefined;
      w.incident = incident;
      incident.state = "update";
      incident.end = Math.max(at, incident.end ?? at);
      // The stay under way: what came before is in the incident's span.
      if (kind === "loitering") incident.observed = { minutes: Math.floor((at - start) / 60_000) };
      incident.severity = this.severity(incident);
    } else if (incident) {
      if (STRENGTH[kind] < STRENGTH[incident.kind]) return;
      if (kind === "visit-surge" && incident.kind !== kind) this.noteSurgeNight(w, start);
      // A stay taking over (off-hours → loitering) keeps the incident's span; measure() counts the stay's own minutes.
      incident.start = Math.min(incident.start, start);
      incident.kind = kind;
      incident.end = at;
      incident.observed = observed;
      incident.expected = expected;
      incident.score = Math.max(incident.score, score);
      incident.severity = this.severity(incident);
      incident.state = "update";
    } else {
      incident = {
        type: "incident",
        id: `${sensor}-${start.toString(36)}`,
        state: "open",
        kind,
        sensor,
        ...(location ? { location } : {}),
        start,
        end: at,
        detectedAt: Math.max(at, known),
        severity: "low",
        score,
        observed,
        expected,
      };
      // The night is noted first: a second such night within 7 days is what makes the incident high.
      if (kind === "visit-surge") this.noteSurgeNight(w, start);
      incident.severity = this.severity(incident);
      w.incident = incident;
    }
    if (kind !== "loitering") this.quiet.set(w.n, at + this.options.quietCloseMs);
    this.excludeLearning(incident);
    out.push(this.explained(incident, w));
  }

  /** After the learning period an incident never teaches the baseline; during it, everything does. */
  private excludeLearning(incident: Incident): void {
    const sensor = incident.sensor!;
    if (this.learned(sensor, incident.start)) this.baseline?.exclude(sensor, incident.start, incident.end ?? incident.start);
  }

  private noteSurgeNight(w: Watch, start: number): void {
    const night = nightOf(start);
    if (!w.surgeNights.includes(night)) w.surgeNights.push(night);
    w.surgeNights = w.surgeNights.filter((n) => night - n < NIGHTS_TOGETHER);
  }

  private close(n: number, w: Watch, at: number, out: Incident[]): void {
    const incident = w.incident!;
    incident.state = "closed";
    incident.end = Math.max(at, incident.start);
    this.excludeLearning(incident);
    out.push(this.explained(incident, w));
    w.incident = undefined;
    w.lastClosed = incident;
    this.quiet.clear(n);
  }

  private severity(incident: Incident): Severity {
    const night = this.isNight(incident.start);
    const minutes = ((incident.end ?? incident.start) - incident.start) / 60_000;
    switch (incident.kind) {
      case "loitering": {
        const threshold = (incident.expected as { thresholdMinutes?: number }).thresholdMinutes ?? 15;
        // The stay's own minutes: an incident that began as off-hours spans more than the stay.
        const stayed = (incident.observed as { minutes?: number }).minutes ?? minutes;
        if (stayed >= 4 * threshold || (night && stayed >= 2 * threshold)) return "high";
        return night || stayed >= 2 * threshold ? "medium" : "low";
      }
      case "visit-surge": {
        const n = this.sensors.get(incident.sensor!);
        const w = n === undefined ? undefined : this.watches[n];
        return (w?.surgeNights.length ?? 0) >= 2 || incident.score >= 0.5 ? "high" : "medium";
      }
      case "off-hours":
        return incident.score >= 0.4 || minutes >= 30 ? "medium" : "low";
      case "tamper":
        return "medium";
      default:
        return "low";
    }
  }

  /** Health: offline and tamper incidents for caretakers, beside any presence incident. */
  health(event: HealthEvent, out: Incident[] = []): Incident[] {
    this.advance(event.ts, out);
    const n = this.watch(event.sensor);
    const w = this.watchOf(n);
    const meta = this.sensors.meta[n];
    if (event.location) meta.location = event.location;
    const track = (kind: "sensor-offline" | "tamper", on: boolean | undefined) => {
      if (on === undefined) return;
      const open = w.health[kind];
      if (on && !open) {
        // Offline since it was last heard, where the report says (found only a timeout later).
        const since = kind === "sensor-offline" && typeof event.lastSeen === "number" && event.lastSeen >= EARLIEST_TS && event.lastSeen <= event.ts ? event.lastSeen : event.ts;
        const incident: Incident = {
          type: "incident",
          id: `${event.sensor}-${kind}-${event.ts.toString(36)}`,
          state: "open",
          kind,
          sensor: event.sensor,
          ...(meta.location ? { location: meta.location } : {}),
          start: since,
          detectedAt: event.ts,
          severity: kind === "tamper" ? "medium" : "low",
          score: 1,
          observed: kind === "tamper" ? { tamper: true } : { online: false },
          expected: kind === "tamper" ? { tamper: false } : { online: true },
        };
        w.health[kind] = incident;
        out.push(this.explained(incident, w));
      } else if (!on && open) {
        open.state = "closed";
        open.end = event.ts;
        out.push(this.explained(open, w));
        delete w.health[kind];
      }
    };
    track("sensor-offline", event.online === undefined ? undefined : !event.online);
    track("tamper", event.tamper);
    if (event.online === false) this.dropSession(n, event.ts, out);
    return out;
  }

  /**
   * A sensor gone offline can no longer say that someone is there: its session ends, a loitering
   * incident closing at `at`, and what its last episode does later (a finish when it is back) is
   * no longer this session's.
   */
  private dropSession(n: number, at: number, out: Incident[]): void {
    if (this.hasSession(n)) this.closeSession(n, at, out);
  }

  /** Incidents open now, for a restart or a status. */
  open(): Incident[] {
    const list: Incident[] = [];
    for (const n of this.watched) {
      const w = this.watches[n];
      if (!w) continue;
      if (w.incident) list.push(w.incident);
      for (const incident of Object.values(w.health)) if (incident) list.push(incident);
    }
    return list;
  }

  /** Closes every open presence incident at `at` (the end of the data). */
  closeAll(at: number, out: Incident[] = []): Incident[] {
    for (const n of this.watched) {
      const w = this.watches[n];
      // A stay already over (its session only waiting out the pause that could continue it) ends when the person left.
      if (w?.incident?.kind === "loitering") this.endSession(n, out);
      if (w?.incident) this.close(n, w, Math.max(at, w.incident.end ?? at), out);
    }
    return out;
  }

  /** Brings back incidents that were open when the process stopped. */
  restore(incidents: Incident[]): void {
    for (const incident of incidents) {
      if (!incident.sensor) continue;
      const n = this.watch(incident.sensor);
      if (incident.location) this.sensors.meta[n].location = incident.location;
      const w = this.watchOf(n);
      if (incident.kind === "sensor-offline" || incident.kind === "tamper") {
        w.health[incident.kind] = incident;
        continue;
      }
      w.incident = incident;
      const at = incident.end ?? incident.start;
      if (incident.kind === "loitering") {
        // Someone was there when the process stopped: updates go on until the next episode change says otherwise.
        const thresholdMs = ((incident.expected as { thresholdMinutes?: number }).thresholdMinutes ?? 15) * 60_000;
        this.startSession(n, incident.start, at, thresholdMs, true);
        this.sensors.rows[this.at(n) + LOITERING] = 1;
        this.sensors.rows[this.at(n) + RESTORED] = 1;
        this.loiter.set(n, at + this.options.updateEveryMs);
      } else this.quiet.set(n, at + this.options.quietCloseMs);
    }
  }

  /** The incident with its sentences in Swedish and English (a copy: later changes do not leak). */
  private explained(incident: Incident, w: Watch): ExplainedIncident {
    // The detector replaces observed and expected rather than changing them; copies keep the sent message apart all the same.
    const { observed, expected, location } = incident;
    return { ...incident, observed: { ...observed }, expected: { ...expected }, ...(location ? { location: { ...location } } : {}), summary: this.describe(incident, this.sensors.meta[w.n].location) };
  }

  /** "3 dec" / "3 Dec": the local date, for a span over days. */
  private date(ts: number, lang: "sv" | "en"): string {
    const t = this.clock.local(ts);
    return `${t.day} ${MONTHS[lang][t.month - 1]}`;
  }

  describe(incident: Incident, fallback?: Location): Summary {
    const location = incident.location ?? fallback;
    const space = location ? SPACE_WORDS[location.space] : { sv: "platsen", en: "the place" };
    const where = { sv: `${space.sv}${location?.address ? `, ${location.address}` : ""}`, en: `${space.en}${location?.address ? `, ${location.address}` : ""}` };
    const from = this.clock.clock(incident.start);
    const to = incident.end !== undefined ? this.clock.clock(incident.end) : undefined;
    // Over midnight or longer (a sensor offline for days), each end says its date.
    const days = incident.end !== undefined && this.clock.day(incident.start) !== this.clock.day(incident.end);
    const dated = (lang: "sv" | "en") => `${this.date(incident.start, lang)} ${from}–${this.date(incident.end!, lang)} ${to}`;
    // Since another day than it was found (a battery sensor is found offline a day after it was last heard): with its date.
    const since = (lang: "sv" | "en") => (this.clock.day(incident.start) !== this.clock.day(incident.detectedAt) ? `${this.date(incident.start, lang)} ${from}` : from);
    const plain = to && to !== from ? `${from}–${to}` : from;
    const spans = days ? { sv: dated("sv"), en: dated("en") } : { sv: plain, en: plain };
    const o = incident.observed as Record<string, number>;
    const e = incident.expected as Record<string, number>;
    // Swedish writes a decimal comma: "0,02", "13,5 min".
    const os = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, svNumber(v)]));
    const es = Object.fromEntries(Object.entries(e).map(([k, v]) => [k, svNumber(v)]));
    switch (incident.kind) {
      case "loitering": {
        const usual = e.usualMinutes !== undefined ? { sv: `normalt under ${es.usualMinutes} min`, en: `usually under ${e.usualMinutes} min` } : { sv: `gränsen är ${es.thresholdMinutes} min`, en: `the limit is ${e.thresholdMinutes} min` };
        return { sv: `Närvaro i ${os.minutes} min i ${where.sv}, ${spans.sv}; ${usual.sv}`, en: `Presence for ${o.minutes} min in ${where.en}, ${spans.en}; ${usual.en}` };
      }
      case "visit-surge": {
        const hours = Math.round(o.windowMinutes / 60);
        // Nights that each fell short, judged together: said, since one such night alone is no incident.
        const nights = o.nights > 1 ? { sv: `; ${os.nights} sådana nätter på 7 dagar`, en: `; ${o.nights} such nights in 7 days` } : { sv: "", en: "" };
        return {
          sv: `${os.visits} korta besök i ${where.sv}, ${spans.sv}; normalt ${es.visits} på ${hours} timmar${nights.sv}`,
          en: `${o.visits} short visits to ${where.en}, ${spans.en}; usually ${e.visits} in ${hours} hours${nights.en}`,
        };
      }
      case "off-hours":
        if (e.bookedFrom !== undefined) {
          const hours = `${String(e.bookedFrom).padStart(2, "0")}–${String(e.bookedTo).padStart(2, "0")}`;
          return {
            sv: `Närvaro i ${os.occupiedMinutes} min nattetid i ${where.sv}, ${spans.sv}; den bokas ${hours}`,
            en: `Presence for ${o.occupiedMinutes} min at night in ${where.en}, ${spans.en}; it is booked ${hours}`,
          };
        }
        if (e.usualMinutes !== undefined) {
          return {
            sv: `Närvaro i ${os.occupiedMinutes} min nattetid i ${where.sv}, ${spans.sv}; besök där brukar vara under ${es.usualMinutes} min`,
            en: `Presence for ${o.occupiedMinutes} min at night in ${where.en}, ${spans.en}; visits there usually last under ${e.usualMinutes} min`,
          };
        }
        return {
          sv: `Aktivitet nattetid i ${where.sv}, ${spans.sv}: ${os.visits} besök, ${os.occupiedMinutes} min; normalt ${es.visits} besök`,
          en: `Night-time activity in ${where.en}, ${spans.en}: ${o.visits} ${o.visits === 1 ? "visit" : "visits"}, ${o.occupiedMinutes} min; usually ${e.visits} visits`,
        };
      case "sensor-offline":
        return incident.state === "closed"
          ? { sv: `Sensorn i ${where.sv} hörs igen (${spans.sv})`, en: `The sensor in ${where.en} is heard again (${spans.en})` }
          : { sv: `Sensorn i ${where.sv} hörs inte sedan ${since("sv")}`, en: `The sensor in ${where.en} has not been heard since ${since("en")}` };
      case "tamper":
        return incident.state === "closed"
          ? { sv: `Sensorn i ${where.sv} är stängd igen (${spans.sv})`, en: `The sensor in ${where.en} is closed again (${spans.en})` }
          : { sv: `Sensorn i ${where.sv} har öppnats ${from} (sabotage?)`, en: `The sensor in ${where.en} was opened at ${from} (tamper?)` };
      default:
        return { sv: `Avvikelse i ${where.sv}, ${spans.sv}`, en: `Deviation in ${where.en}, ${spans.en}` };
    }
  }
}
