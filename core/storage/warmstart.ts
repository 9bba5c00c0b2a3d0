/**
 * Warm start: a new install over existing history learns its week from the aggregates already in
 * InfluxDB instead of waiting weeks. The stored aggregates (visits and occupied seconds per bucket,
 * see aggregates.ts) are turned back into episodes and taught to the baseline through its own
 * `add`, with the windows that raised incidents kept out, as live learning does.
 *
 * What comes back is close, not exact: a bucket with one visit gives that visit's true duration,
 * and a stay that runs on through later buckets (visits 0, occupied > 0) is joined into one long
 * episode again; but n visits in one bucket each get the bucket's mean dwell. Visit rates and
 * occupied time per hour of the week are exact. docs/storage.md says so too.
 */
import type { Baseline } from "../baseline";
import type { Location, SensorKind, Space } from "../events";
import type { Learner } from "../learner";
import { InfluxQLSeries, influxQL, InfluxTarget } from "./influx";
import { MEASUREMENTS } from "./points";

export interface StoredBucket {
  start: number;
  visits: number;
  occupiedMs: number;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * One sensor's buckets, in time order, back into episodes. Episodes are handed out once no later
 * bucket can lengthen them (they may run on into the next bucket).
 */
export class EpisodeRebuilder {
  /** The last episode, still open to a stay that runs on into the next bucket. */
  private last: Span | undefined;
  private lastBucketEnd = -Infinity;

  constructor(readonly bucketMs: number) {}

  push(bucket: StoredBucket, out: Span[] = []): Span[] {
    const { start, visits, occupiedMs } = bucket;
    const end = start + this.bucketMs;
    const continues = this.last !== undefined && start === this.lastBucketEnd;
    if (visits <= 0) {
      if (occupiedMs <= 0) return this.flush(out);
      if (continues) {
        // A stay going on from the bucket before: it filled that bucket's end and goes on here.
        const last = this.last!;
        const length = last.end - last.start;
        last.start = start - length;
        last.end = start + occupiedMs;
      } else {
        // Begun before the stored history (or the query window): known from here on.
        this.flush(out);
        this.last = { start, end: start + occupiedMs };
      }
      this.lastBucketEnd = end;
      return out;
    }
    this.flush(out);
    // n visits spread over the bucket, each the bucket's mean dwell; the last may run on.
    const n = Math.max(1, Math.round(visits));
    const each = Math.min(occupiedMs, this.bucketMs) / n;
    const step = this.bucketMs / n;
    for (let i = 0; i < n - 1; i++) out.push({ start: start + i * step, end: start + i * step + each });
    this.last = { start: start + (n - 1) * step, end: start + (n - 1) * step + each };
    this.lastBucketEnd = end;
    return out;
  }

  /** The last episode, when nothing more can lengthen it. */
  flush(out: Span[] = []): Span[] {
    if (this.last) out.push(this.last);
    this.last = undefined;
    return out;
  }
}

export interface SeedOptions {
  /** How much history to read (days back from `now`). */
  days: number;
  /** The store's bucket length (ms); by default read from the stored points (15 min if that fails). */
  bucketMs?: number;
  /** Only these sensors (the site registry's), when given. */
  sensors?: (sensor: string) => boolean;
  /** Read this many days per query, to keep each answer small. */
  daysPerQuery: number;
  /** Told after every query: how far it has come. */
  progress?: (done: number, of: number) => void;
}

export const DEFAULT_SEED_OPTIONS: SeedOptions = { days: 56, daysPerQuery: 1 };
const DEFAULT_BUCKET_MS = 15 * 60_000;

export interface SeedResult {
  /** Sensors seeded, and those skipped because they already had a learned state. */
  seeded: string[];
  skipped: string[];
  episodes: number;
  excluded: number;
  from: number;
  to: number;
}

/** A sensor as the stored history knows it: first bucket, kind and place from its tags. */
interface Known {
  since: number;
  kind: SensorKind;
  location?: Location;
}

/** The incident kinds that come from presence (and so must not teach the baseline). */
const PRESENCE_KINDS = ["loitering", "off-hours", "visit-surge"];

const ms = (t: number) => `${Math.round(t)}ms`;
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

function locationOf(tags: Record<string, string>): Location | undefined {
  if (!tags.site || !tags.address || !tags.space) return undefined;
  return {
    site: tags.site,
    address: tags.address,
    space: tags.space as Space,
    ...(tags.district ? { district: tags.district } : {}),
    ...(tags.police_area ? { policeArea: tags.police_area } : {}),
  };
}

/** The sensors the history holds, each from its first stored bucket. */
async function knownSensors(target: InfluxTarget, from: number, to: number): Promise<Map<string, Known>> {
  const [series] = await influxQL(
    target,
    `SELECT first("visits") FROM "${MEASUREMENTS.presence}" WHERE time >= ${ms(from)} AND time < ${ms(to)} GROUP BY "sensor", "kind", "site", "address", "space", "district", "police_area"`,
  );
  const known = new Map<string, Known>();
  for (const s of series) {
    const tags = s.tags ?? {};
    if (!tags.sensor) continue;
    const since = num(s.values[0]?.[0]);
    const had = known.get(tags.sensor);
    if (had && had.since <= since) continue;
    known.set(tags.sensor, { since, kind: tags.kind === "mmwave" ? "mmwave" : "pir", location: locationOf(tags) ?? had?.location });
  }
  return known;
}

/** The store's bucket length: every sensor has a point in every bucket, so two in a row tell it. */
async function bucketLength(target: InfluxTarget, from: number, to: number): Promise<number> {
  const [series] = await influxQL(target, `SELECT "visits" FROM "${MEASUREMENTS.presence}" WHERE time >= ${ms(from)} AND time < ${ms(to)} GROUP BY "sensor" LIMIT 2 SLIMIT 1`);
  const [a, b] = (series[0]?.values ?? []).map((row) => num(row[0]));
  return b > a ? b - a : DEFAULT_BUCKET_MS;
}

/** Incident windows per sensor, oldest first. */
async function incidentWindows(target: InfluxTarget, from: number, to: number): Promise<Map<string, Span[]>> {
  const [series] = await influxQL(
    target,
    `SELECT "start", "end" FROM "${MEASUREMENTS.incident}" WHERE time >= ${ms(from)} AND time < ${ms(to)} AND "kind" =~ /^(${PRESENCE_KINDS.join("|")})$/ GROUP BY "sensor"`,
  );
  const windows = new Map<string, Span[]>();
  for (const s of series) {
    const sensor = s.tags?.sensor;
    if (!sensor) continue;
    const column = (name: string) => s.columns.indexOf(name);
    const [a, b] = [column("start"), column("end")];
    const list = windows.get(sensor) ?? [];
    for (const row of s.values) {
      const start = num(row[a]);
      if (start > 0) list.push({ start, end: Math.max(start, num(row[b]) || num(row[0])) });
    }
    windows.set(sensor, list.sort((x, y) => x.start - y.start));
  }
  return windows;
}

function rows(series: InfluxQLSeries): StoredBucket[] {
  const [t, v, o] = ["time", "visits", "occupied_s"].map((c) => series.columns.indexOf(c));
  return series.values.map((row) => ({ start: num(row[t]), visits: num(row[v]), occupiedMs: num(row[o]) * 1000 }));
}

/**
 * Seeds the learned week of every sensor in the stored history that the learner does not know yet
 * (sensors restored from Node-RED's context keep what they learned). `now` is the time the
 * history is read up to.
 */
export async function seedFromInflux(target: InfluxTarget, learner: Learner, now: number, options: Partial<SeedOptions> = {}): Promise<SeedResult> {
  const o = { ...DEFAULT_SEED_OPTIONS, ...options };
  const baseline = learner.baseline as Baseline;
  const days = o.days * 86_400_000;
  const bucketMs = o.bucketMs ?? (await bucketLength(target, now - days, now));
  const to = Math.floor(now / bucketMs) * bucketMs;
  const from = to - days;
  const known = await knownSensors(target, from, to);
  const result: SeedResult = { seeded: [], skipped: [], episodes: 0, excluded: 0, from, to };
  const seeding = new Map<string, { rebuilder: EpisodeRebuilder; windows: Span[]; kind: SensorKind }>();
  const wanted = [...known].filter(([sensor]) => !o.sensors || o.sensors(sensor));
  // Sensors restored from Node-RED's context keep what they learned.
  result.skipped = wanted.filter(([sensor]) => baseline.get(sensor)).map(([sensor]) => sensor);
  const fresh = wanted.filter(([sensor]) => !baseline.get(sensor));
  // Nothing new to learn (a redeploy, every sensor restored): no further queries.
  const windows = fresh.length > 0 ? await incidentWindows(target, from, to) : new Map<string, Span[]>();
  for (const [sensor, k] of fresh) {
    learner.seed(sensor, { kind: k.kind, ...(k.location ? { location: k.location } : {}) });
    baseline.track(sensor, k.since);
    // As live: incidents of the learning period teach the baseline (the fixed floor raised them); later ones do not.
    const learnedFrom = k.since + baseline.options.learningDays * 86_400_000;
    seeding.set(sensor, { rebuilder: new EpisodeRebuilder(bucketMs), windows: (windows.get(sensor) ?? []).filter((w) => w.start >= learnedFrom), kind: k.kind });
    result.seeded.push(sensor);
  }
  const teach = (sensor: string, spans: Span[]) => {
    const s = seeding.get(sensor)!;
    for (const span of spans) {
      // Incident windows that reach this episode go in first, so it is not learned (as live).
      while (s.windows.length > 0 && s.windows[0].start <= span.end) {
        const w = s.windows.shift()!;
        baseline.exclude(sensor, w.start, w.end);
        result.excluded++;
      }
      baseline.add(sensor, span.start, span.end, span.end, s.kind);
      result.episodes++;
    }
    spans.length = 0;
  };
  const spans: Span[] = [];
  const step = o.daysPerQuery * 86_400_000;
  const queries = Math.ceil((to - from) / step);
  for (let i = 0, a = from; a < to && seeding.size > 0; i++, a += step) {
    const b = Math.min(to, a + step);
    const [series] = await influxQL(
      target,
      `SELECT "visits", "occupied_s" FROM "${MEASUREMENTS.presence}" WHERE time >= ${ms(a)} AND time < ${ms(b)} AND ("visits" > 0 OR "occupied_s" > 0) GROUP BY "sensor"`,
    );
    // One sensor may come as several series (its place tags changed): their rows, in time order.
    const bySensor = new Map<string, StoredBucket[]>();
    for (const s of series) {
      const sensor = s.tags?.sensor;
      if (!sensor || !seeding.has(sensor)) continue;
      const list = bySensor.get(sensor);
      if (list) list.push(...rows(s));
      else bySensor.set(sensor, rows(s));
    }
    for (const [sensor, buckets] of bySensor) {
      const { rebuilder } = seeding.get(sensor)!;
      buckets.sort((x, y) => x.start - y.start);
      for (const bucket of buckets) rebuilder.push(bucket, spans);
      teach(sensor, spans);
    }
    o.progress?.(i + 1, queries);
  }
  for (const [sensor, s] of seeding) {
    teach(sensor, s.rebuilder.flush(spans));
    baseline.commit(sensor, to);
  }
  return result;
}
