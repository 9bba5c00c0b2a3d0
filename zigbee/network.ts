/**
 * The Zigbee network's identity: PAN id, extended PAN id and network key. They are random per
 * install (never the well-known defaults), set in the coordinator's editor (the key only in
 * credentials). If one is missing at start, the coordinator's own backup is used, so a lost
 * credential never silently forms a new network; only a first start with neither makes new ones.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { CodedError } from "../core/messages";

export interface NetworkIdentity {
  panId: number;
  extendedPanId: string;
  networkKey: string;
}

export interface ResolvedNetwork {
  panID: number;
  extendedPanID: number[];
  networkKey: number[];
  /** Where each part came from, for the log. */
  sources: Record<keyof NetworkIdentity, "settings" | "backup" | "new">;
}

/** Codes users read in their language: trappan-coordinator.messages.* */
export class NetworkSettingError extends CodedError {
  override name = "NetworkSettingError";
}

export function randomIdentity(): NetworkIdentity {
  return {
    panId: 1 + crypto.randomInt(0xfffe),
    extendedPanId: crypto.randomBytes(8).toString("hex"),
    networkKey: crypto.randomBytes(16).toString("hex"),
  };
}

function parsePanId(value: string | number | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = typeof value === "number" ? value : Number(/^0x/i.test(value) ? value : `0x${value}`);
  if (!Number.isInteger(n) || n < 1 || n > 0xfffe) throw new NetworkSettingError("panIdRange", { value }, `PAN id ${value} must be between 0x0001 and 0xFFFE`);
  return n;
}

function parseHex(value: string | undefined, bytes: number, code: string, what: string): string | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const hex = value.trim().toLowerCase().replace(/^0x/, "").replace(/[\s:,-]/g, "");
  if (!new RegExp(`^[0-9a-f]{${bytes * 2}}$`).test(hex)) throw new NetworkSettingError(code, { digits: bytes * 2 }, `${what} must be ${bytes * 2} hex digits`);
  return hex;
}

function fromBackup(backupPath: string): Partial<NetworkIdentity> {
  try {
    const backup = JSON.parse(fs.readFileSync(backupPath, "utf8")) as { pan_id?: string; extended_pan_id?: string; network_key?: { key?: string } };
    return {
      panId: backup.pan_id ? parseInt(backup.pan_id, 16) : undefined,
      extendedPanId: backup.extended_pan_id,
      networkKey: backup.network_key?.key,
    };
  } catch {
    return {};
  }
}

export function resolveNetwork(settings: { panId?: string | number; extendedPanId?: string; networkKey?: string }, backupPath: string): ResolvedNetwork {
  const configured: Partial<NetworkIdentity> = {
    panId: parsePanId(settings.panId),
    extendedPanId: parseHex(settings.extendedPanId, 8, "extendedPanIdHex", "extended PAN id"),
    networkKey: parseHex(settings.networkKey, 16, "networkKeyHex", "network key"),
  };
  const backup = fromBackup(backupPath);
  const fresh = randomIdentity();
  const sources = {} as ResolvedNetwork["sources"];
  const pick = <K extends keyof NetworkIdentity>(key: K): NetworkIdentity[K] => {
    if (configured[key] !== undefined) {
      sources[key] = "settings";
      return configured[key] as NetworkIdentity[K];
    }
    if (backup[key] !== undefined && !Number.isNaN(backup[key])) {
      sources[key] = "backup";
      return backup[key] as NetworkIdentity[K];
    }
    sources[key] = "new";
    return fresh[key];
  };
  const identity = { panId: pick("panId"), extendedPanId: pick("extendedPanId"), networkKey: pick("networkKey") };
  return {
    panID: identity.panId,
    extendedPanID: [...Buffer.from(identity.extendedPanId, "hex")],
    networkKey: [...Buffer.from(identity.networkKey, "hex")],
    sources,
  };
}
