/**
 * zigbee-herdsman keeps its device table and adapter in process-wide statics, so one Node-RED
 * process runs one Zigbee network, through one coordinator node that owns its serial port.
 * A second coordinator is refused with an error that says which one already runs.
 */
import fs from "node:fs";
import { CodedError } from "../core/messages";

export class LeaseError extends CodedError {
  override name = "LeaseError";
}

interface Owner {
  id: string;
  label: string;
  port: string;
}

let owner: Owner | undefined;

/** The same device can hide behind several paths (/dev/serial/by-id/… → /dev/ttyUSB0). */
export function canonicalPort(port: string): string {
  if (!port.startsWith("/")) return port.trim().toLowerCase();
  try {
    return fs.realpathSync(port);
  } catch {
    return port;
  }
}

export function claimController(id: string, label: string, port: string): void {
  const canonical = canonicalPort(port);
  if (owner && owner.id !== id) {
    if (owner.port === canonical) {
      const params = { port, owner: owner.label };
      throw new LeaseError("samePort", params, `port ${port} is already used by coordinator '${owner.label}': a second coordinator on the same port is refused`);
    }
    const params = { owner: owner.label, port: owner.port };
    throw new LeaseError(
      "otherPort",
      params,
      `coordinator '${owner.label}' (${owner.port}) already runs this process's Zigbee network; zigbee-herdsman runs one network per Node-RED process, so point every sensors node at that coordinator`,
    );
  }
  owner = { id, label, port: canonical };
}

export function releaseController(id: string): void {
  if (owner?.id === id) owner = undefined;
}
