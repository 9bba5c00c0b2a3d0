/**
 * From a decoded device reading (the key/value payload zigbee-herdsman-converters and zigbee2mqtt
 * both speak: occupancy, presence, battery, battery_low, tamper, linkquality) to the events of
 * the spine. Shared by the Zigbee and the zigbee2mqtt sources so both mean the same thing.
 */
import { DeviceInfo, HealthEvent, Location, PresenceEvent, SensorKind } from "./events";

export interface Reading {
  sensor: string;
  /** Event time, epoch ms. */
  ts: number;
  payload: Record<string, unknown>;
  device?: DeviceInfo;
}

/** Models whose occupancy comes from radar, whatever key their converter uses. */
const MMWAVE_MODELS = new Set(["SNZB-06P", "FP1E", "FP1", "FP2", "RTCZCGQ11LM", "ZY-M100-S_1", "ZY-M100-S_2", "ZY-M100-L", "ZG-204ZM", "MG1_5RZ", "TS0601_smart_human_presence_sensor_1"]);

/**
 * What kind of presence sensor a device is: radar sensors stay occupied while someone is there,
 * PIR sensors see motion and clear after a timeout. Issue 3's episodes depend on it.
 */
export function sensorKind(model: string | undefined, description: string | undefined, keys: readonly string[]): SensorKind {
  if (model && MMWAVE_MODELS.has(model)) return "mmwave";
  if (/radar|mm-?wave|human presence|presence sensor|breathe/i.test(description ?? "")) return "mmwave";
  if (keys.includes("presence")) return "mmwave";
  if (keys.includes("occupancy")) return "pir";
  if (keys.includes("contact")) return "door";
  return "other";
}

/** The occupancy of a reading: `occupancy` (PIR and most sensors) or `presence` (radar sensors). */
export function presenceFrom(reading: Reading): PresenceEvent | undefined {
  const value = typeof reading.payload.occupancy === "boolean" ? reading.payload.occupancy : reading.payload.presence;
  if (typeof value !== "boolean") return undefined;
  const event: PresenceEvent = { type: "presence", sensor: reading.sensor, ts: reading.ts, occupied: value };
  if (reading.device) event.device = reading.device;
  return event;
}

const HEALTH_KEYS = ["battery", "battery_low", "tamper"] as const;

export function hasHealth(payload: Record<string, unknown>): boolean {
  return HEALTH_KEYS.some((key) => payload[key] !== undefined && payload[key] !== null);
}

/** Battery, low battery, tamper and link quality of a reading, if it carries any. */
export function healthFrom(reading: Reading, online?: boolean): HealthEvent {
  const p = reading.payload;
  const event: HealthEvent = { type: "health", sensor: reading.sensor, ts: reading.ts };
  if (typeof p.battery === "number" && Number.isFinite(p.battery)) event.battery = Math.max(0, Math.min(100, p.battery));
  if (typeof p.battery_low === "boolean") event.batteryLow = p.battery_low;
  if (typeof p.tamper === "boolean") event.tamper = p.tamper;
  if (typeof p.linkquality === "number" && Number.isFinite(p.linkquality)) event.linkquality = p.linkquality;
  if (online !== undefined) event.online = online;
  if (reading.device) event.device = reading.device;
  return event;
}

/**
 * Decides which readings become health events: every reading with battery, low battery or
 * tamper; otherwise one per heartbeat interval per sensor (in event time), so link quality of
 * mains sensors that never report a battery is still seen.
 */
export class HealthThrottle {
  private readonly lastSent = new Map<string, number>();

  constructor(private readonly heartbeatMs = 60 * 60 * 1000) {}

  shouldEmit(reading: Reading): boolean {
    const last = this.lastSent.get(reading.sensor);
    const due = last === undefined || reading.ts - last >= this.heartbeatMs;
    if (!hasHealth(reading.payload) && !due) return false;
    this.lastSent.set(reading.sensor, reading.ts);
    return true;
  }

  forget(sensor: string): void {
    this.lastSent.delete(sensor);
  }
}

export type SourceWarning = { code: "unknownSensor" | "noPresence"; sensor: string };

export interface Mapped {
  presence?: PresenceEvent;
  health?: HealthEvent;
  warnings: SourceWarning[];
}

/**
 * What a source node does with each reading: attach the site's location, decide presence and
 * health events, and warn once per sensor about what a user should fix (a sensor missing from
 * the site registry, a device that gives no presence).
 */
export class EventMapper {
  private readonly throttle: HealthThrottle;
  private readonly warned = new Set<string>();
  /** The last presence per sensor: a device reporting the same state at the same instant twice (two clusters) says it once. */
  private readonly lastPresence = new Map<string, string>();

  constructor(
    private readonly locate: (sensor: string) => Location | undefined,
    heartbeatMs?: number,
    /**
     * Presence only when it changes: zigbee2mqtt (with its default cache_state) publishes a
     * device's whole state at every report, so its `occupancy` comes again with each temperature or
     * illuminance report and is no word of the sensor's. Taken for one, it would make a PIR that
     * reports changes only look like one that reports each motion, or like one that lost its clear
     * (see Learner), and cut a still loiterer's stay short.
     */
    private readonly presenceChangesOnly = false,
  ) {
    this.throttle = new HealthThrottle(heartbeatMs);
  }

  private once(code: SourceWarning["code"], sensor: string, warnings: SourceWarning[]): void {
    const key = `${code}:${sensor}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    warnings.push({ code, sensor });
  }

  /** Adds the location; it goes before `device` so a glance at the event shows where it is. */
  private place<T extends PresenceEvent | HealthEvent>(event: T, warnings: SourceWarning[]): T {
    const location = this.locate(event.sensor);
    if (!location) this.once("unknownSensor", event.sensor, warnings);
    const { device, ...rest } = event;
    return { ...rest, ...(location ? { location } : {}), ...(device ? { device } : {}) } as T;
  }

  /** `givesPresence` is false for devices whose converters expose neither occupancy nor presence. */
  fromReading(reading: Reading, givesPresence: boolean): Mapped {
    const warnings: SourceWarning[] = [];
    const mapped: Mapped = { warnings };
    const presence = presenceFrom(reading);
    const key = !presence ? "" : this.presenceChangesOnly ? String(presence.occupied) : `${presence.ts}:${presence.occupied}`;
    if (presence && this.lastPresence.get(reading.sensor) !== key) {
      this.lastPresence.set(reading.sensor, key);
      mapped.presence = this.place(presence, warnings);
    }
    else if (!givesPresence) this.once("noPresence", reading.sensor, warnings);
    if (this.throttle.shouldEmit(reading)) mapped.health = this.place(healthFrom(reading), warnings);
    return mapped;
  }

  fromAvailability(sensor: string, online: boolean, ts: number, device?: DeviceInfo, lastSeen?: number): Mapped {
    const warnings: SourceWarning[] = [];
    const health: HealthEvent = { type: "health", sensor, ts, online };
    if (!online && lastSeen !== undefined && lastSeen <= ts) health.lastSeen = lastSeen;
    if (device) health.device = device;
    return { health: this.place(health, warnings), warnings };
  }
}
