/**
 * trappan-report's own log: the latest state of every incident and observation it was given, and
 * each sensor's last health, kept on disk (an AppendLog under <userDir>/trappan/report-<id>/) so
 * a restart or a redeploy loses nothing a report needs. Old entries are dropped by event time:
 * what was last heard of more than `retentionWeeks` before the newest thing seen (a report looks back five
 * weeks: the week and the four before it).
 */
import { AppendLog } from "../append-log";
import { checkIncident, HealthEvent, Incident } from "../events";
import { CodedError } from "../messages";
import type { ReportInput, SensorHealth } from "./types";

type Entry = { i: Incident } | { h: SensorHealth };

const WEEK = 7 * 86_400_000;
/** Compact when the file has grown this much past its last snapshot. */
const COMPACT_FACTOR = 4;
const MIN_COMPACT_BYTES = 4 * 1024 * 1024;

export interface ReportLogOptions {
  dir: string;
  retentionWeeks?: number;
}

export class ReportLog {
  private readonly incidents = new Map<string, Incident>();
  private readonly health = new Map<string, SensorHealth>();
  private readonly file: AppendLog;
  private readonly retentionMs: number;
  private snapshotBytes = 0;
  /** The newest event time seen: the log's "now" for retention, never the wall clock. */
  newest = -Infinity;

  constructor(options: ReportLogOptions) {
    this.retentionMs = Math.max(5, options.retentionWeeks ?? 8) * WEEK;
    this.file = new AppendLog(options.dir, "log.jsonl");
    for (const entry of this.file.read() as Entry[]) {
      if ("i" in entry) this.keep(entry.i);
      else if ("h" in entry) this.health.set(entry.h.sensor, entry.h);
    }
    this.compact();
  }

  get size(): number {
    return this.incidents.size;
  }

  /** Takes an incident or observation (any state); resolves once it is on disk. */
  add(incident: unknown): Promise<void> {
    checkIncident(incident);
    if (!this.keep(incident)) return Promise.resolve();
    const written = this.file.append({ i: incident });
    this.maybeCompact();
    return written;
  }

  /** Takes a sensor's health; only a change a report shows is written to disk. */
  addHealth(event: HealthEvent): Promise<void> {
    if (typeof event.sensor !== "string" || !event.sensor) throw new CodedError("badHealth", { field: "sensor" }, "the health event's sensor is missing or not valid");
    if (!Number.isFinite(event.ts)) throw new CodedError("badHealth", { field: "ts" }, "the health event's ts is missing or not valid");
    const before = this.health.get(event.sensor);
    const next: SensorHealth = { ...before, sensor: event.sensor, ts: Math.max(event.ts, before?.ts ?? -Infinity) };
    if (event.location) next.location = event.location;
    for (const field of ["online", "battery", "batteryLow", "tamper"] as const) if (event[field] !== undefined) (next as unknown as Record<string, unknown>)[field] = event[field];
    this.health.set(event.sensor, next);
    this.newest = Math.max(this.newest, event.ts);
    const changed = !before || before.online !== next.online || before.batteryLow !== next.batteryLow || before.tamper !== next.tamper || Math.abs((before.battery ?? 100) - (next.battery ?? 100)) >= 5 || (!before.location && next.location);
    return changed ? this.file.append({ h: next }) : Promise.resolve();
  }

  /** What a compilation reads. */
  input(): ReportInput {
    return { incidents: [...this.incidents.values()], health: [...this.health.values()] };
  }

  /** Incidents still open (not observations: those are closed when made). */
  open(): Incident[] {
    return [...this.incidents.values()].filter((i) => i.state !== "closed");
  }

  /** Keeps the latest state; a closed incident stays closed whatever arrives late. */
  private keep(incident: Incident): boolean {
    const before = this.incidents.get(incident.id);
    if (before?.state === "closed" && incident.state !== "closed") return false;
    this.incidents.set(incident.id, incident);
    this.newest = Math.max(this.newest, incident.end ?? incident.detectedAt ?? incident.start);
    return true;
  }

  private maybeCompact(): void {
    if (this.file.size > Math.max(MIN_COMPACT_BYTES, COMPACT_FACTOR * this.snapshotBytes)) this.compact();
  }

  /** Drops what is past retention and rewrites the file as one line per incident and sensor. */
  compact(): void {
    const cutoff = this.newest - this.retentionMs;
    // An incident still open after all that time belongs to a sensor long gone: it goes too.
    for (const [id, incident] of this.incidents) if (Math.max(incident.end ?? incident.start, incident.detectedAt) < cutoff) this.incidents.delete(id);
    for (const [sensor, health] of this.health) if (health.ts < cutoff) this.health.delete(sensor);
    const entries: Entry[] = [...[...this.incidents.values()].map((i) => ({ i })), ...[...this.health.values()].map((h) => ({ h }))];
    this.file.rewrite(entries);
    this.snapshotBytes = this.file.size;
  }

  close(): void {
    this.file.close();
  }
}
