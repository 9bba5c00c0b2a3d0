/**
 * Presence episodes become per-sensor aggregates per bucket of event time (15 min by default):
 * visits (episodes that began in the bucket, counted as the baseline counts them) and occupied
 * seconds (the occupied part of the bucket). This is what leaves the process by default: not when
 * anyone came or went, only how much happened where.
 *
 * A bucket is written once event time is a grace period past its end (the merge gap and a margin,
 * so a radar ghost dropped after its merge gap is still taken back). Every sensor heard from gets
 * a point for every bucket after that, zeros included, so observed and expected line up in Grafana.
 */
import type { BaselineView } from "../baseline";
import type { EpisodeChange } from "../episodes";
import type { Location, SensorKind } from "../events";
import { WeekClock } from "../time";
import type { Aggregate } from "./points";

export interface AggregatorOptions {
  /** The site's time zone for the hour of the week, unless the baseline has a week of its own. */
  timezone: string;
  bucketMs: number;
  /** How long after a bucket's end it is still open to late changes. */
  graceMs: number;
  /** The merge gap of the episodes (a dropped ghost ended this long before it was dropped). */
  mergeGapMs: number;
}

export const DEFAULT_AGGREGATOR_OPTIONS: AggregatorOptions = { timezone: "Europe/Stockholm", bucketMs: 15 * 60_000, graceMs: 2 * 60_000, mergeGapMs: 60_000 };

interface Bucket {
  visits: number;
  occupiedMs: number;
}

interface SensorState {
  kind: SensorKind;
  location?: Location;
  /** Occupied since (counted up to the last closed bucket); undefined while clear. */
  since?: number;
  buckets: Map<number, Bucket>;
  /** The first bucket not yet written for this sensor. */
  next: number;
}

/** What survives a restart: the buckets not yet written. */
export interface AggregatorSnapshot {
  v: 1;
  horizon: number;
  sensors: Record<string, { kind: SensorKind; location?: Location; since?: number; next: number; buckets: [number, number, number][] }>;
}

export class Aggregator {
  readonly options: AggregatorOptions;
  private readonly sensors = new Map<string, SensorState>();
  /** Buckets that end at or before this are written. */
  private horizon = -Infinity;
  private readonly clock: WeekClock;

  constructor(
    options: Partial<AggregatorOptions> = {},
    private readonly baseline?: () => BaselineView | undefined,
  ) {
    this.options = { ...DEFAULT_AGGREGATOR_OPTIONS, ...options };
    this.clock = new WeekClock(this.options.timezone, 60);
  }

  private bucketOf(ts: number): number {
    return Math.floor(ts / this.options.bucketMs) * this.options.bucketMs;
  }

  private sensor(sensor: string, kind: SensorKind, location: Location | undefined, ts: number): SensorState {
    let s = this.sensors.get(sensor);
    if (!s) {
      s = { kind, buckets: new Map(), next: Math.max(this.bucketOf(ts), this.horizon) };
      this.sensors.set(sensor, s);
    }
    s.kind = kind;
    if (location) s.location = location;
    return s;
  }

  private bucket(s: SensorState, start: number): Bucket | undefined {
    if (start + this.options.bucketMs <= this.horizon) return undefined; // written already: too late
    let b = s.buckets.get(start);
    if (!b) s.buckets.set(start, (b = { visits: 0, occupiedMs: 0 }));
    return b;
  }

  /** Adds (or with sign -1 takes back) occupied time over [from, to), split into buckets. */
  private occupied(s: SensorState, from: number, to: number, sign = 1): void {
    for (let start = this.bucketOf(from); start < to; start += this.options.bucketMs) {
      const b = this.bucket(s, start);
      if (b) b.occupiedMs = Math.max(0, b.occupiedMs + sign * (Math.min(to, start + this.options.bucketMs) - Math.max(from, start)));
    }
  }

  /** One episode change of a sensor (from trappan-baseline, or from the store's own learner). */
  change(sensor: string, kind: SensorKind, location: Location | undefined, change: EpisodeChange): void {
    const s = this.sensor(sensor, kind, location, change.start);
    switch (change.type) {
      case "opened": {
        const b = this.bucket(s, this.bucketOf(change.start));
        if (b) b.visits++;
        s.since = change.start;
        break;
      }
      case "resumed":
        s.since = change.at;
        break;
      case "paused":
        if (s.since !== undefined) this.occupied(s, s.since, change.at);
        s.since = undefined;
        break;
      case "dropped": {
        // A radar ghost: the baseline does not count it, so neither does the aggregate.
        const b = this.bucket(s, this.bucketOf(change.start));
        if (b) b.visits = Math.max(0, b.visits - 1);
        this.occupied(s, change.start, change.at - this.options.mergeGapMs, -1);
        s.since = undefined;
        break;
      }
      case "finished":
        break;
    }
  }

  /** Lets event time pass: buckets a grace period behind `now` are written (to `out`). */
  advance(now: number, out: Aggregate[] = []): Aggregate[] {
    const horizon = this.bucketOf(now - this.options.graceMs);
    if (horizon <= this.horizon) return out;
    const view = this.baseline?.();
    const clock = view?.clock ?? this.clock;
    const hoursPerSlot = clock.slotsPerWeek / 168;
    for (const [sensor, s] of this.sensors) {
      if (s.since !== undefined && s.since < horizon) {
        this.occupied(s, s.since, horizon);
        s.since = horizon;
      }
      for (let start = s.next; start + this.options.bucketMs <= horizon; start += this.options.bucketMs) {
        const b = s.buckets.get(start);
        s.buckets.delete(start);
        const end = start + this.options.bucketMs;
        const learned = view?.learned(sensor, start) ?? false;
        out.push({
          sensor,
          kind: s.kind,
          location: s.location,
          start,
          bucketMs: this.options.bucketMs,
          visits: b?.visits ?? 0,
          occupiedMs: Math.min(b?.occupiedMs ?? 0, this.options.bucketMs),
          hourOfWeek: Math.floor(clock.slot(start) / hoursPerSlot),
          ...(learned ? { expectedVisits: view!.expectedVisits(sensor, start, end), expectedOccupiedMs: view!.expectedOccupiedMs(sensor, start, end) } : {}),
        });
      }
      s.next = Math.max(s.next, horizon);
    }
    this.horizon = horizon;
    return out;
  }

  get sensorCount(): number {
    return this.sensors.size;
  }

  snapshot(): AggregatorSnapshot {
    const sensors: AggregatorSnapshot["sensors"] = {};
    for (const [sensor, s] of this.sensors) {
      sensors[sensor] = { kind: s.kind, location: s.location, since: s.since, next: s.next, buckets: [...s.buckets].map(([start, b]) => [start, b.visits, b.occupiedMs]) };
    }
    return { v: 1, horizon: Number.isFinite(this.horizon) ? this.horizon : 0, sensors };
  }

  restore(snapshot: AggregatorSnapshot): void {
    if (snapshot?.v !== 1) throw new Error(`open buckets of version ${snapshot?.v} cannot be read (this is version 1)`);
    if (snapshot.horizon) this.horizon = Math.max(this.horizon, snapshot.horizon);
    for (const [sensor, s] of Object.entries(snapshot.sensors)) {
      this.sensors.set(sensor, { kind: s.kind, location: s.location, since: s.since ?? undefined, next: s.next, buckets: new Map(s.buckets.map(([start, visits, occupiedMs]) => [start, { visits, occupiedMs }])) });
    }
  }
}
