/**
 * The messages that travel between nodes (and unchanged over MQTT).
 * All times are event time in epoch milliseconds, taken once at the edge.
 */
import { CodedError } from "./messages";

export const SPACES = [
  "stairwell",
  "basement",
  "attic",
  "storage",
  "laundry",
  "bike-room",
  "garbage-room",
  "entrance",
  "other",
] as const;
export type Space = (typeof SPACES)[number];

export interface Location {
  site: string;
  address: string;
  entrance?: string;
  space: Space;
  floor?: number;
  district?: string;
  policeArea?: string;
  lat?: number;
  lon?: number;
}

/** A place (an address, its entrance, a space in it) as a key: the report's and the observation form's. */
export function placeKey(l: Pick<Location, "site" | "address" | "entrance" | "space">): string {
  return `${l.site}|${l.address}|${l.entrance ?? ""}|${l.space}`;
}

/** The area messages and reports group by: the police area, else the district, else the site. */
export function areaOf(l: Partial<Pick<Location, "site" | "district" | "policeArea">> | undefined): string {
  return l?.policeArea || l?.district || l?.site || "";
}

export type SensorKind = "pir" | "mmwave" | "door" | "other";

export interface DeviceInfo {
  model?: string;
  vendor?: string;
  kind?: SensorKind;
  /** The friendly name given in the pairing panel or by zigbee2mqtt, when there is one. */
  name?: string;
}

export interface PresenceEvent {
  type: "presence";
  sensor: string;
  ts: number;
  occupied: boolean;
  location?: Location;
  device?: DeviceInfo;
}

export interface HealthEvent {
  type: "health";
  sensor: string;
  ts: number;
  battery?: number;
  batteryLow?: boolean;
  tamper?: boolean;
  linkquality?: number;
  online?: boolean;
  /** With online false: when the sensor was last heard (a coordinator finds it offline only a timeout later). */
  lastSeen?: number;
  location?: Location;
  device?: DeviceInfo;
}

export type IncidentKind = "loitering" | "off-hours" | "visit-surge" | "sensor-offline" | "tamper" | "observation";
export type Severity = "low" | "medium" | "high";

export interface Incident {
  type: "incident";
  id: string;
  state: "open" | "update" | "closed";
  kind: IncidentKind;
  sensor?: string;
  location?: Location;
  start: number;
  end?: number;
  detectedAt: number;
  severity: Severity;
  score: number;
  observed: object;
  expected: object;
}

export type SensorEvent = PresenceEvent | HealthEvent;

/** A sensor id is an IEEE address (0x + 16 hex digits) or a zigbee2mqtt friendly name. */
export function normalizeIeee(value: string): string | undefined {
  const hex = value.trim().toLowerCase().replace(/^0x/, "").replace(/[:\-\s]/g, "");
  return /^[0-9a-f]{16}$/.test(hex) ? `0x${hex}` : undefined;
}

/** An input that is not an incident (for the nodes that take incidents: notify, report), with a code its catalog words. */
export class IncidentError extends CodedError {
  override name = "IncidentError";
}

const STATES = new Set(["open", "update", "closed"]);
const SEVERITIES = new Set(["low", "medium", "high"]);

/** Refuses what is not an incident, naming what is wrong. */
export function checkIncident(incident: unknown): asserts incident is Incident {
  const i = incident as Partial<Incident> | undefined;
  if (!i || typeof i !== "object" || i.type !== "incident") throw new IncidentError("notIncident", { got: i && typeof i === "object" ? String(i.type) : typeof i }, `expected an incident (payload.type "incident"); got ${i && typeof i === "object" ? JSON.stringify(i.type) : typeof i}`);
  const missing = typeof i.id !== "string" || !i.id ? "id" : typeof i.kind !== "string" ? "kind" : !STATES.has(i.state as string) ? "state" : !SEVERITIES.has(i.severity as string) ? "severity" : !Number.isFinite(i.start) ? "start" : !Number.isFinite(i.detectedAt) ? "detectedAt" : undefined;
  if (missing) throw new IncidentError("badIncident", { field: missing }, `the incident's ${missing} is missing or not valid`);
}
