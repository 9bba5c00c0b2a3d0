/**
 * The weekly report's compiler: from the latest state of each incident and each sensor's health
 * to the summary every rendering is made from. Pure (never reads the clock) and one pass over the
 * incidents: maps keyed by place, one WeekClock for local times (Intl is asked about once per
 * hour of the five weeks, never per incident).
 *
 * Definitions (docs/report.md):
 * - Week: an ISO week, Monday 00:00 to the next Monday 00:00 local time in the period's zone. An
 *   incident belongs to the week its `start` is in, [week.start, week.end). The input holds the
 *   latest state (open, update or closed) of each incident id; should an id come twice, the last
 *   one wins.
 * - Place: the location's site | address | entrance | space (key
 *   `${site}|${address}|${entrance ?? ""}|${space}`). An incident without a location gets the
 *   place of its sensor: site "", address = the sensor id (or "?"), space "other". Nothing is
 *   dropped. A place's district and police area are those of its latest incident.
 * - Area: police area, else district, else site (as the notifier's areaOf); "" for an incident
 *   without a location.
 * - Place incidents: loitering, off-hours, visit-surge and observation. sensor-offline and tamper
 *   are technical: they count in `counts` (and rows, and the sensor list) but not in `incidents`,
 *   the score, nights, the heatmap, the weeks or recurrence.
 * - counts: incidents of the week per kind, every kind present with zeros.
 * - loiteringMinutes: per loitering incident of the week, (end − start) in minutes; while still
 *   open (no end) the detector's `observed.minutes` when it is a number, else
 *   (min(period end, detectedAt) − start); never below 0. The place's sum is rounded to whole
 *   minutes (Math.round) at the end; areas and totals add the places' rounded minutes.
 * - nights: distinct nights with a place incident starting 22:00–05:59 local time; a night is
 *   named by the evening's local date (01:30 on Tuesday belongs to Monday's night).
 * - observations: incidents of kind "observation" of the week.
 * - score = Σ severity weight over the week's place incidents (low 1, medium 2, high 3)
 *   + ⌊loitering minutes / 15⌋ + nights.
 * - rank: places with score > 0 by score (highest first), then weeksWithIncidents (most first),
 *   then key; 1 … n. Places scoring 0 have rank 0.
 * - weeks: place incidents per week, the four weeks before and this one (oldest first).
 *   weeksWithIncidents: weeks with at least one place incident among the last four (this week and
 *   the three before). recurring: weeksWithIncidents ≥ 3.
 * - Listed places: every place with any incident this week (technical ones included) or
 *   recurring, by rank (ranked places first, rank 1 first), then key.
 * - areas: one per area with a listed place, by incidents this week (most first), then name
 *   (code-point order). Its counts, incidents, minutes, nights and observations add up its listed
 *   places; its weeks add up all its places (a place with incidents only in earlier weeks counts
 *   in the area's trend without being listed).
 * - trend: the five weeks (four before, then this one), each with place incidents (observations
 *   included) and observations, over all places.
 * - heatmap: [weekday, 0 = Monday … 6 = Sunday][hour 0–23] of the week's place incidents by local
 *   start time.
 * - hotspots: the first `hotspots` (10 unless told) ranked places. recurrence: recurring places
 *   by weeksWithIncidents (most first), then score (highest first), then key.
 * - sensors, as of the end of the period (or `healthAsOf`, when later): each sensor's latest health
 *   before then (later health is not read) gives "offline" when online is false, "low-battery" when
 *   batteryLow is true or battery < 15 (with the battery), "tamper" when tamper is true; since =
 *   that health's time. A sensor-offline or tamper incident started before the end and not closed
 *   by then (not closed, or closed with an end at or after the end) gives "offline" or "tamper"
 *   for its sensor unless the health already did; since = the start of the earliest such incident. One entry per
 *   sensor and problem, by problem (offline, low-battery, tamper), then sensor.
 * - rows: every incident (all kinds) starting in the period, by start, then id; minutes =
 *   Math.round((end − start) / 60 000) when there is an end; category and note of observations
 *   from what was observed.
 * - totals: the week's counts over all incidents; incidents, loitering minutes, nights and
 *   observations added up over the places.
 */
import { areaOf, placeKey, type Incident, type IncidentKind, type Severity } from "../events";
import { mondayFirst, WeekClock } from "../time";
import { OBSERVATION_CATEGORIES, type Language, type ObservationCategory } from "../words";
import type { AreaSummary, KindCounts, Period, PlaceSummary, ReportInput, ReportRow, ReportSummary, SensorHealth, SensorProblem, WeekCount } from "./types";
import { weeksBefore } from "./week";

export interface CompileOptions {
  period: Period;
  language: Language;
  /** How many hot spots to list (10 unless told). */
  hotspots?: number;
  /**
   * Sensor health as of this instant (the period's end unless told). The node gives the time it
   * compiles, so Monday's report lists the sensors to look at on Monday.
   */
  healthAsOf?: number;
}

export const REPORT_KINDS: IncidentKind[] = ["loitering", "off-hours", "visit-surge", "sensor-offline", "tamper", "observation"];
const KNOWN_KINDS = new Set<string>(REPORT_KINDS);
const PLACE_KINDS = new Set<IncidentKind>(["loitering", "off-hours", "visit-surge", "observation"]);
const SEVERITY_WEIGHT: Record<Severity, number> = { low: 1, medium: 2, high: 3 };
const PROBLEM_ORDER: Record<SensorProblem["problem"], number> = { offline: 0, "low-battery": 1, tamper: 2 };
const CATEGORIES = new Set<string>(OBSERVATION_CATEGORIES);
const MIN_MS = 60_000;
const DAY_MS = 86_400_000;
/** The number of weeks compiled: the four before and this one. */
const WEEKS = 5;
/** Weeks looked at for recurrence: this one and the three before. */
const RECURRENCE_WEEKS = 4;
const RECURRING = 3;

export const zeroCounts = (): KindCounts => ({ loitering: 0, "off-hours": 0, "visit-surge": 0, "sensor-offline": 0, tamper: 0, observation: 0 });

/** Code-point order: the same on every machine and in every locale. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Police area, else district, else site (as the notifier's areaOf). */

/** The place's key of a location. */

/** Where an incident took place: its location, or for one without, its sensor's stand-in place. */
/** Where a place is, as a place summary names it. */
type Where = Pick<PlaceSummary, "site" | "address" | "entrance" | "space" | "district" | "policeArea">;

function placeOf(incident: Incident): Where {
  const l = incident.location;
  if (!l) return { site: "", address: incident.sensor ?? "?", space: "other" };
  return { site: l.site, address: l.address, entrance: l.entrance, space: l.space, district: l.district, policeArea: l.policeArea };
}

interface PlaceAcc extends Where {
  key: string;
  /** Start and id of the incident the district and police area were taken from. */
  seenStart: number;
  seenId: string;
  counts: KindCounts;
  /** Any incident this week, technical ones included. */
  thisWeek: number;
  incidents: number;
  loiteringMs: number;
  nights: Set<number>;
  observations: number;
  severity: number;
  weeks: number[];
}

/** Optional fields only when they have a value, so renderings and deepEqual see no `undefined` keys. */
function withOptional<T extends object>(target: T, extra: Record<string, unknown>): T {
  for (const k in extra) if (extra[k] !== undefined) (target as Record<string, unknown>)[k] = extra[k];
  return target;
}

export function compileReport(input: ReportInput, options: CompileOptions): ReportSummary {
  const { period, language } = options;
  const hotspotCount = options.hotspots === undefined ? 10 : Math.max(0, Math.floor(options.hotspots));
  const weeks = [...weeksBefore(period, WEEKS - 1), period];
  const first = weeks[0].start;
  const clock = new WeekClock(period.timezone, 60);

  // The latest state of each incident id: the last one given wins.
  const byId = new Map<string, Incident>();
  for (const incident of input.incidents ?? []) if (incident && typeof incident.id === "string") byId.set(incident.id, incident);

  const places = new Map<string, PlaceAcc>();
  const totals = zeroCounts();
  const trend: WeekCount[] = weeks.map((w) => ({ label: w.label, start: w.start, incidents: 0, observations: 0 }));
  const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const rows: ReportRow[] = [];
  const technical: Incident[] = [];

  for (const incident of byId.values()) {
    const { start, kind } = incident;
    if (!Number.isFinite(start) || !KNOWN_KINDS.has(kind)) continue;
    if ((kind === "sensor-offline" || kind === "tamper") && start < period.end) technical.push(incident);
    if (start < first || start >= period.end) continue;
    let w = WEEKS - 1;
    while (start < weeks[w].start) w--;
    const isPlace = PLACE_KINDS.has(kind);
    const thisWeek = w === WEEKS - 1;
    if (!isPlace && !thisWeek) continue; // technical incidents of earlier weeks count nowhere

    const where = placeOf(incident);
    const key = placeKey(where);
    let place = places.get(key);
    if (!place) {
      place = {
        key,
        ...where,
        seenStart: start,
        seenId: incident.id,
        counts: zeroCounts(),
        thisWeek: 0,
        incidents: 0,
        loiteringMs: 0,
        nights: new Set(),
        observations: 0,
        severity: 0,
        weeks: new Array<number>(WEEKS).fill(0),
      };
      places.set(key, place);
    } else if (start > place.seenStart || (start === place.seenStart && incident.id > place.seenId)) {
      place.district = where.district;
      place.policeArea = where.policeArea;
      place.seenStart = start;
      place.seenId = incident.id;
    }

    if (isPlace) {
      place.weeks[w]++;
      trend[w].incidents++;
      if (kind === "observation") trend[w].observations++;
    }
    if (!thisWeek) continue;

    place.thisWeek++;
    place.counts[kind]++;
    totals[kind]++;
    rows.push(rowOf(incident));
    if (!isPlace) continue;

    place.incidents++;
    place.severity += SEVERITY_WEIGHT[incident.severity] ?? 0;
    if (kind === "observation") place.observations++;
    if (kind === "loitering") place.loiteringMs += loiteringMs(incident, period.end);
    const local = clock.local(start);
    const hour = Math.floor(local.minuteOfDay / 60);
    heatmap[mondayFirst(local.weekday)][Math.min(hour, 23)]++;
    if (hour >= 22 || hour < 6) {
      const day = Date.UTC(local.year, local.month - 1, local.day) / DAY_MS;
      place.nights.add(hour < 6 ? day - 1 : day); // the night is the evening's
    }
  }

  // Places: scores and ranks.
  const all: PlaceSummary[] = [];
  const listed: PlaceSummary[] = [];
  for (const p of places.values()) {
    const loiteringMinutes = Math.round(p.loiteringMs / MIN_MS);
    const nights = p.nights.size;
    let weeksWithIncidents = 0;
    for (let i = WEEKS - RECURRENCE_WEEKS; i < WEEKS; i++) if (p.weeks[i] > 0) weeksWithIncidents++;
    const summary: PlaceSummary = withOptional(
      { key: p.key, site: p.site, address: p.address, space: p.space } as PlaceSummary,
      { entrance: p.entrance, district: p.district, policeArea: p.policeArea },
    );
    Object.assign(summary, {
      area: areaOf(p),
      counts: p.counts,
      incidents: p.incidents,
      loiteringMinutes,
      nights,
      observations: p.observations,
      score: p.severity + Math.floor(loiteringMinutes / 15) + nights,
      rank: 0,
      weeks: p.weeks,
      weeksWithIncidents,
      recurring: weeksWithIncidents >= RECURRING,
    });
    all.push(summary);
    if (p.thisWeek > 0 || summary.recurring) listed.push(summary);
  }
  const ranked = all.filter((p) => p.score > 0).sort((a, b) => b.score - a.score || b.weeksWithIncidents - a.weeksWithIncidents || byText(a.key, b.key));
  ranked.forEach((p, i) => (p.rank = i + 1));
  const byRank = (a: PlaceSummary, b: PlaceSummary) => (a.rank === 0 ? Infinity : a.rank) - (b.rank === 0 ? Infinity : b.rank) || byText(a.key, b.key);
  listed.sort(byRank);

  // Areas: the listed places grouped; the weeks of every place of the area.
  const areas = new Map<string, AreaSummary>();
  const areaWeeks = new Map<string, number[]>();
  for (const p of all) {
    let weeksOfArea = areaWeeks.get(p.area);
    if (!weeksOfArea) areaWeeks.set(p.area, (weeksOfArea = new Array<number>(WEEKS).fill(0)));
    for (let i = 0; i < WEEKS; i++) weeksOfArea[i] += p.weeks[i];
  }
  for (const p of listed) {
    let area = areas.get(p.area);
    if (!area) {
      area = { area: p.area, counts: zeroCounts(), incidents: 0, loiteringMinutes: 0, nights: 0, observations: 0, weeks: areaWeeks.get(p.area)!, places: [] };
      areas.set(p.area, area);
    }
    for (const kind of REPORT_KINDS) area.counts[kind] += p.counts[kind];
    area.incidents += p.incidents;
    area.loiteringMinutes += p.loiteringMinutes;
    area.nights += p.nights;
    area.observations += p.observations;
    area.places.push(p); // listed is already in rank order
  }
  const areaList = [...areas.values()].sort((a, b) => b.incidents - a.incidents || byText(a.area, b.area));

  let incidents = 0;
  let loiteringMinutes = 0;
  let nights = 0;
  let observations = 0;
  for (const p of all) {
    incidents += p.incidents;
    loiteringMinutes += p.loiteringMinutes;
    nights += p.nights;
    observations += p.observations;
  }

  rows.sort((a, b) => a.start - b.start || byText(a.id, b.id));

  return {
    type: "report-summary",
    version: 1,
    language,
    period,
    totals: { counts: totals, incidents, loiteringMinutes, nights, observations },
    trend,
    heatmap,
    areas: areaList,
    hotspots: ranked.slice(0, hotspotCount),
    recurrence: all.filter((p) => p.recurring).sort((a, b) => b.weeksWithIncidents - a.weeksWithIncidents || b.score - a.score || byText(a.key, b.key)),
    sensors: sensorProblems(input.health ?? [], technical, Math.max(period.end, options.healthAsOf ?? period.end)),
    rows,
  };
}

/** A loitering incident's length in ms: to its end, or while open as far as the detector last said. */
function loiteringMs(incident: Incident, periodEnd: number): number {
  let ms: number;
  if (incident.end !== undefined && Number.isFinite(incident.end)) ms = incident.end - incident.start;
  else {
    const minutes = (incident.observed as { minutes?: unknown } | undefined)?.minutes;
    ms = typeof minutes === "number" && Number.isFinite(minutes) ? minutes * MIN_MS : Math.min(periodEnd, incident.detectedAt) - incident.start;
  }
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

function rowOf(incident: Incident): ReportRow {
  const l = incident.location;
  const row = {
    id: incident.id,
    kind: incident.kind,
    state: incident.state,
    severity: incident.severity,
    start: incident.start,
  } as ReportRow;
  let category: ObservationCategory | undefined;
  let note: string | undefined;
  if (incident.kind === "observation") {
    const o = incident.observed as { category?: unknown; note?: unknown } | undefined;
    if (typeof o?.category === "string" && CATEGORIES.has(o.category)) category = o.category as ObservationCategory;
    if (typeof o?.note === "string") note = o.note;
  }
  const end = incident.end !== undefined && Number.isFinite(incident.end) ? incident.end : undefined;
  return withOptional(row, {
    category,
    end,
    minutes: end === undefined ? undefined : Math.round((end - incident.start) / MIN_MS),
    site: l?.site ?? "",
    address: l ? l.address : (incident.sensor ?? "?"),
    entrance: l?.entrance,
    space: l?.space,
    district: l?.district,
    policeArea: l?.policeArea,
    area: areaOf(l),
    sensor: incident.sensor,
    note,
  });
}

/** The sensors to look at as of `end`: their latest health before it, and technical incidents still open then. */
function sensorProblems(health: SensorHealth[], technical: Incident[], end: number): SensorProblem[] {
  const latest = new Map<string, SensorHealth>();
  for (const h of health) {
    if (!h || typeof h.sensor !== "string" || !(h.ts < end)) continue;
    const known = latest.get(h.sensor);
    if (!known || h.ts >= known.ts) latest.set(h.sensor, h);
  }
  const problems: SensorProblem[] = [];
  const listed = new Set<string>();
  const add = (problem: SensorProblem) => {
    listed.add(`${problem.problem}|${problem.sensor}`);
    problems.push(problem);
  };
  for (const h of latest.values()) {
    const base = (problem: SensorProblem["problem"]) => withOptional({ sensor: h.sensor, problem, since: h.ts } as SensorProblem, { location: h.location });
    if (h.online === false) add(base("offline"));
    if (h.batteryLow === true || (typeof h.battery === "number" && h.battery < 15)) add(withOptional(base("low-battery"), { battery: h.battery }));
    if (h.tamper === true) add(base("tamper"));
  }
  // The earliest of a sensor's open incidents of a kind says since when.
  technical.sort((a, b) => a.start - b.start || byText(a.id, b.id));
  for (const incident of technical) {
    if (incident.sensor === undefined) continue;
    const stillOpen = incident.state !== "closed" || (incident.end !== undefined && incident.end >= end);
    if (!stillOpen) continue;
    const problem = incident.kind === "tamper" ? "tamper" : "offline";
    if (listed.has(`${problem}|${incident.sensor}`)) continue;
    add(withOptional({ sensor: incident.sensor, problem, since: incident.start } as SensorProblem, { location: incident.location }));
  }
  return problems.sort((a, b) => PROBLEM_ORDER[a.problem] - PROBLEM_ORDER[b.problem] || byText(a.sensor, b.sensor));
}
