/**
 * What trappan-store writes to InfluxDB, as line protocol (the client's Point). The schema is
 * described in docs/storage.md: tags are the few place names a dashboard groups by (never ids or
 * times, which would make a series per incident); everything else is a field.
 */
import { Point } from "@influxdata/influxdb-client";
import type { HealthEvent, Incident, Location, PresenceEvent, SensorKind } from "../events";

export const MEASUREMENTS = { presence: "presence", incident: "incident", health: "health", raw: "presence_event" } as const;

/** One sensor's presence in one bucket of time: what residents' privacy allows to leave. */
export interface Aggregate {
  sensor: string;
  kind: SensorKind;
  location?: Location;
  /** Bucket start and length (ms). */
  start: number;
  bucketMs: number;
  visits: number;
  occupiedMs: number;
  /** Hour of the site's week of the bucket's start (0 = Monday 00–01, holidays as Sundays), for the hour-of-week heatmap. */
  hourOfWeek?: number;
  /** The baseline's expectation for the same bucket, once it has learned this sensor. */
  expectedVisits?: number;
  expectedOccupiedMs?: number;
}

function placeTags(point: Point, location: Location | undefined, sensor: string | undefined): Point {
  if (sensor) point.tag("sensor", sensor);
  if (!location) return point;
  point.tag("site", location.site).tag("address", location.address).tag("space", location.space);
  if (location.district) point.tag("district", location.district);
  if (location.policeArea) point.tag("police_area", location.policeArea);
  return point;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export function aggregateLine(a: Aggregate): string {
  const point = placeTags(new Point(MEASUREMENTS.presence), a.location, a.sensor)
    .tag("kind", a.kind)
    .intField("visits", a.visits)
    .floatField("occupied_s", round(a.occupiedMs / 1000))
    .timestamp(a.start);
  // Fields, not tags: InfluxQL cannot group by the hour of the week, Grafana can group by these.
  if (a.hourOfWeek !== undefined) point.intField("weekday", Math.floor(a.hourOfWeek / 24) + 1).intField("hour", a.hourOfWeek % 24);
  if (a.expectedVisits !== undefined) point.floatField("expected_visits", round(a.expectedVisits));
  if (a.expectedOccupiedMs !== undefined) point.floatField("expected_occupied_s", round(a.expectedOccupiedMs / 1000));
  return point.toLineProtocol()!;
}

/** The numbers an incident explains itself with, as fields `observed_<name>` and `expected_<name>`. */
function numbers(point: Point, prefix: string, values: object | undefined): void {
  for (const [name, value] of Object.entries(values ?? {})) {
    if (typeof value === "number" && Number.isFinite(value)) point.floatField(`${prefix}_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, value);
  }
}

/** The time an incident message speaks of: when it was detected, or how far it has gone. */
export function incidentTime(incident: Incident): number {
  return incident.state === "open" ? incident.detectedAt : (incident.end ?? incident.detectedAt);
}

export function incidentLine(incident: Incident): string {
  const point = placeTags(new Point(MEASUREMENTS.incident), incident.location, incident.sensor)
    .tag("kind", incident.kind)
    .tag("state", incident.state)
    .tag("severity", incident.severity)
    .stringField("id", incident.id)
    .floatField("score", round(incident.score, 4))
    .intField("start", incident.start)
    .intField("detected_at", incident.detectedAt)
    .timestamp(incidentTime(incident));
  if (incident.end !== undefined) point.intField("end", incident.end).floatField("duration_s", round((incident.end - incident.start) / 1000));
  if (incident.location?.lat !== undefined && incident.location.lon !== undefined) point.floatField("lat", incident.location.lat).floatField("lon", incident.location.lon);
  numbers(point, "observed", incident.observed);
  numbers(point, "expected", incident.expected);
  return point.toLineProtocol()!;
}

/** A health event's readings; undefined when it says nothing that can be stored. */
export function healthLine(event: HealthEvent): string | undefined {
  const point = placeTags(new Point(MEASUREMENTS.health), event.location, event.sensor).timestamp(event.ts);
  if (event.device?.kind) point.tag("kind", event.device.kind);
  if (typeof event.battery === "number" && Number.isFinite(event.battery)) point.floatField("battery", event.battery);
  if (typeof event.batteryLow === "boolean") point.booleanField("battery_low", event.batteryLow);
  if (typeof event.tamper === "boolean") point.booleanField("tamper", event.tamper);
  if (typeof event.linkquality === "number" && Number.isFinite(event.linkquality)) point.floatField("linkquality", event.linkquality);
  if (typeof event.online === "boolean") point.booleanField("online", event.online);
  return point.toLineProtocol();
}

/** A raw presence event: stored only when the user turned it on (it shows when people come and go). */
export function rawLine(event: PresenceEvent): string {
  const point = placeTags(new Point(MEASUREMENTS.raw), event.location, event.sensor).booleanField("occupied", event.occupied).timestamp(event.ts);
  if (event.device?.kind) point.tag("kind", event.device.kind);
  return point.toLineProtocol()!;
}

/** Lines that must never be dropped to keep the disk buffer within its bound. */
export function isIncidentLine(line: string): boolean {
  return line.startsWith(`${MEASUREMENTS.incident},`) || line.startsWith(`${MEASUREMENTS.incident} `);
}
