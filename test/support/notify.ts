/** Flows, incidents and waiting for the notify node's tests. */
import type { EventEmitter } from "node:events";
import type { Incident } from "../../core/events";
import { NODES, SITE_ROWS } from "./flows";
import { helper } from "./node-red";

export { notifyFlow } from "./notify-flow";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const CATCH = require("@node-red/nodes/core/common/25-catch.js");
export const MODULES = [...NODES, CATCH];
export const STAIRWELL = SITE_ROWS[0];
export const BASEMENT = SITE_ROWS[1];
export const MIN = 60_000;

export function incident(row: typeof STAIRWELL, id: string, overrides: Partial<Incident> = {}, now = Date.now()): Incident & { summary: { sv: string; en: string } } {
  return {
    type: "incident",
    id,
    state: "open",
    kind: "loitering",
    sensor: row.sensor,
    location: { site: row.site, address: row.address, entrance: row.entrance, space: row.space as "stairwell", floor: row.floor, district: row.district },
    start: now - 16 * MIN,
    detectedAt: now,
    severity: "medium",
    score: 0.4,
    observed: { minutes: 16 },
    expected: { thresholdMinutes: 15, usualMinutes: 4 },
    summary: { sv: `Närvaro i 16 min i ${row.space === "basement" ? "källaren" : "trapphuset"}, ${row.address}; normalt under 4 min`, en: `Presence for 16 min in the ${row.space}, ${row.address}; usually under 4 min` },
    ...overrides,
  };
}

export const receive = (msg: object) => (helper.getNode("notify") as EventEmitter & { receive(m: object): void }).receive(msg);

export function collect<T = Record<string, unknown>>(id: string): T[] {
  const list: T[] = [];
  (helper.getNode(id) as EventEmitter).on("input", (msg: { payload: T }) => list.push(msg.payload));
  return list;
}

/** Waits on real time for a condition (the servers answer on real sockets). */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

