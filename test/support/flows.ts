/** Flows and helpers shared by the node tests. */
import type { EventEmitter } from "node:events";
import anomalyModule from "../../nodes/trappan-anomaly/trappan-anomaly";
import baselineModule from "../../nodes/trappan-baseline/trappan-baseline";
import influxModule from "../../nodes/trappan-influx/trappan-influx";
import storeModule from "../../nodes/trappan-store/trappan-store";
import recipientsModule from "../../nodes/trappan-recipients/trappan-recipients";
import notifyModule from "../../nodes/trappan-notify/trappan-notify";
import accessModule from "../../nodes/trappan-access/trappan-access";
import observationModule from "../../nodes/trappan-observation/trappan-observation";
import reportModule from "../../nodes/trappan-report/trappan-report";
import coordinatorModule from "../../nodes/trappan-coordinator/trappan-coordinator";
import sensorsModule from "../../nodes/trappan-sensors/trappan-sensors";
import siteModule from "../../nodes/trappan-site/trappan-site";
import z2mModule from "../../nodes/trappan-z2m/trappan-z2m";
import type { CoordinatorNode } from "../../nodes/types";
import { BUILDINGS } from "../../zigbee/simulator/building";
import { nextEvent } from "./events";
import { helper, withMessages } from "./node-red";

const MODULES = [coordinatorModule, sensorsModule, siteModule, z2mModule, baselineModule, anomalyModule, influxModule, storeModule, recipientsModule, notifyModule, accessModule, observationModule, reportModule];

/** Our nodes, with their en-US messages. */
export const NODES = MODULES.map((module) => withMessages(module));
/** Our nodes as a Swedish runtime has them. */
export const NODES_IN_SWEDISH = MODULES.map((module) => withMessages(module, "sv"));

export const HUE = "0x001788010b2c3d41";
export const SONOFF = "0xe0798dfffe4a5b61";

/** A small building for node tests: a battery PIR in a stairwell and a mains radar in a basement. */
BUILDINGS["two-sensors"] = {
  key: "two-sensors",
  name: "Testgatan 1",
  devices: [
    { ieee: HUE, family: "hue-sml001", site: "Kv. Test", address: "Testgatan 1", entrance: "A", space: "stairwell", floor: 0, district: "Skärholmen" },
    { ieee: SONOFF, family: "sonoff-snzb-06p", site: "Kv. Test", address: "Testgatan 1", entrance: "A", space: "basement", floor: -1, district: "Skärholmen" },
  ],
};

export const SITE_ROWS = BUILDINGS["two-sensors"].devices.map(({ ieee, family: _family, ...location }) => ({ sensor: ieee, ...location }));

export function sensorFlow(coordinator: Record<string, unknown> = {}, site: Record<string, unknown> = {}) {
  return [
    {
      id: "coord",
      type: "trappan-coordinator",
      name: "Test coordinator",
      adapter: "simulated",
      port: "sim-nodes",
      channel: "15",
      building: "two-sensors",
      activity: "none",
      batteryHours: "25",
      mainsMinutes: "10",
      allowlist: "",
      ...coordinator,
    },
    { id: "site", type: "trappan-site", name: "Kv. Test", timezone: "Europe/Stockholm", language: "sv", sensors: SITE_ROWS, ...site },
    { id: "flow", type: "tab", label: "test" },
    { id: "sensors", type: "trappan-sensors", z: "flow", x: 100, y: 100, name: "sensors", coordinator: "coord", site: "site", heartbeatMinutes: "60", wires: [["presence"], ["health"]] },
    { id: "presence", type: "helper", z: "flow", x: 300, y: 80, wires: [] },
    { id: "health", type: "helper", z: "flow", x: 300, y: 120, wires: [] },
    { id: "catch", type: "catch", z: "flow", x: 100, y: 200, scope: null, uncaught: false, wires: [["caught"]] },
    { id: "caught", type: "helper", z: "flow", x: 300, y: 200, wires: [] },
  ];
}

export function coordinatorOf(id = "coord") {
  const node = helper.getNode(id) as CoordinatorNode;
  if (!node?.coordinator) throw new Error(`coordinator ${id} is not running: ${node?.refusal}`);
  return node.coordinator;
}

export function node(id: string): EventEmitter & { receive(msg: object): void } {
  return helper.getNode(id);
}

/** What nodes logged at a level (Node-RED's numbers: 20 error, 30 warn, 40 info). */
export function logged(level: number): string[] {
  const spy = helper.log() as { args: [{ level: number; msg: unknown }][] };
  return spy.args.filter(([entry]) => entry.level === level).map(([entry]) => String(entry.msg));
}

/** Follows a node's status as the editor would show it. */
export function statusOf(id: string): { current: { fill?: string; shape?: string; text?: string }; next(match: (text: string) => boolean): Promise<string> } {
  const target = helper.getNode(id) as EventEmitter;
  const watcher = {
    current: {} as { fill?: string; shape?: string; text?: string },
    next: (match: (text: string) => boolean) => {
      if (match(watcher.current.text ?? "")) return Promise.resolve(watcher.current.text ?? "");
      return nextEvent<{ args: [{ text?: string }] }>(target, "call:status", (call) => match(call.args[0]?.text ?? "")).then((call) => call.args[0].text ?? "");
    },
  };
  target.on("call:status", (call: { args: [object] }) => (watcher.current = call.args[0] ?? {}));
  return watcher;
}
