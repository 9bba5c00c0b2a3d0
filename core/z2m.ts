/**
 * zigbee2mqtt messages as zigbee2mqtt publishes them, turned into readings:
 *   <base>/<friendly name>               JSON state: occupancy, presence, battery, tamper, linkquality, last_seen
 *   <base>/<friendly name>/availability  {"state":"online"} or, legacy, the bare string online/offline
 * Friendly names may themselves contain slashes ("hus-a/trapphus").
 */
import { DeviceInfo } from "./events";
import { CodedError } from "./messages";
import { Reading, sensorKind } from "./sensors";

export type Z2mMessage =
  | { kind: "reading"; reading: Reading }
  | { kind: "availability"; sensor: string; online: boolean; ts: number }
  | { kind: "ignored"; reason: string };

/** Codes users read in their language: trappan-z2m.errors.* */
export class Z2mError extends CodedError {
  override name = "Z2mError";
}

/** Sub-topics zigbee2mqtt uses for requests and responses, never for device state. */
const REQUEST_SUFFIXES = new Set(["set", "get"]);

function asText(payload: unknown): string | undefined {
  if (typeof payload === "string") return payload;
  if (Buffer.isBuffer(payload)) return payload.toString("utf8");
  return undefined;
}

function decodeJson(payload: unknown): unknown {
  const text = asText(payload);
  if (text === undefined) return payload;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Event time from zigbee2mqtt's last_seen (epoch ms or ISO 8601), else the time it was received. */
function eventTime(lastSeen: unknown, receivedAt: number): number {
  if (typeof lastSeen === "number" && Number.isFinite(lastSeen)) return lastSeen;
  if (typeof lastSeen === "string") {
    const parsed = Date.parse(lastSeen);
    if (Number.isFinite(parsed)) return parsed;
  }
  return receivedAt;
}

function deviceInfo(name: string, payload: Record<string, unknown>): DeviceInfo {
  const info = (payload.device && typeof payload.device === "object" ? payload.device : {}) as Record<string, unknown>;
  const model = typeof info.model === "string" ? info.model : undefined;
  const vendor = typeof info.manufacturerName === "string" ? info.manufacturerName : typeof info.vendor === "string" ? info.vendor : undefined;
  const device: DeviceInfo = { kind: sensorKind(model, undefined, Object.keys(payload)), name };
  if (model) device.model = model;
  if (vendor) device.vendor = vendor;
  return device;
}

export function parseZ2m(topic: unknown, payload: unknown, receivedAt: number, baseTopic = "zigbee2mqtt"): Z2mMessage {
  if (typeof topic !== "string" || topic === "") throw new Z2mError("noTopic", {}, "msg.topic is missing: expected a zigbee2mqtt topic such as zigbee2mqtt/<device>");
  const base = baseTopic.replace(/\/+$/, "");
  if (!topic.startsWith(`${base}/`)) throw new Z2mError("outsideBase", { topic, base }, `topic '${topic}' is not under '${base}/': subscribe the mqtt in node to ${base}/#`);
  const parts = topic.slice(base.length + 1).split("/");
  if (parts[0] === "bridge") return { kind: "ignored", reason: "bridge topic" };
  const last = parts[parts.length - 1];
  if (REQUEST_SUFFIXES.has(last) && parts.length > 1) return { kind: "ignored", reason: `${last} request` };

  const data = decodeJson(payload);
  if (last === "availability" && parts.length > 1) {
    const sensor = parts.slice(0, -1).join("/");
    const state = typeof data === "string" ? data : data && typeof data === "object" ? (data as { state?: unknown }).state : undefined;
    if (state !== "online" && state !== "offline") {
      const got = JSON.stringify(data);
      throw new Z2mError("availability", { sensor, got }, `availability of '${sensor}' must be "online" or "offline" (or {"state": ...}), got ${got}`);
    }
    return { kind: "availability", sensor, online: state === "online", ts: receivedAt };
  }

  const sensor = parts.join("/");
  if (sensor === "") throw new Z2mError("noDevice", { topic }, `topic '${topic}' names no device`);
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    const got = String(JSON.stringify(data)).slice(0, 80);
    throw new Z2mError("notObject", { topic, got }, `payload of '${topic}' is not a zigbee2mqtt JSON object: ${got}`);
  }
  const fields = data as Record<string, unknown>;
  return {
    kind: "reading",
    reading: { sensor, ts: eventTime(fields.last_seen, receivedAt), payload: fields, device: deviceInfo(sensor, fields) },
  };
}
