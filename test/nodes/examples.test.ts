/**
 * Every example under examples/ (Import > Examples in the editor) loads into a Node-RED runtime
 * with this package's nodes and Node-RED's own, the demo's site registry places every device of
 * the simulated building, the demo's scripted loiterer is found a minute after the start
 * whatever the hour, and its stash button is found at night.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Incident } from "../../core/events";
import { Pipeline } from "../../core/pipeline";
import { Activity, DEMO_BUILDING, ScenarioRequest, VirtualBuilding } from "../../zigbee/simulator/building";
import { NODES } from "../support/flows";
import { helper, useNodeRed } from "../support/node-red";

/* eslint-disable @typescript-eslint/no-require-imports */
const CORE = [
  require("@node-red/nodes/core/common/20-inject.js"),
  require("@node-red/nodes/core/common/21-debug.js"),
  require("@node-red/nodes/core/common/90-comment.js"),
  require("@node-red/nodes/core/network/10-mqtt.js"),
  require("@node-red/nodes/core/function/10-switch.js"),
  require("@node-red/nodes/core/function/15-change.js"),
  require("@node-red/nodes/core/common/60-link.js"),
];
/* eslint-enable @typescript-eslint/no-require-imports */

const EXAMPLES = path.resolve(__dirname, "../../examples");
const files = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".json"));
const ours = Object.keys(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8"))["node-red"].nodes);

describe("examples", function () {
  this.timeout(30_000);

  useNodeRed();

  it("show every node of the package at least once", () => {
    const used = new Set(files.flatMap((f) => (JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), "utf8")) as { type: string }[]).map((n) => n.type)));
    assert.deepEqual(
      ours.filter((type) => !used.has(type)),
      [],
    );
  });

  for (const file of files) {
    it(`${file} loads and starts`, async () => {
      const flow = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8"));
      await helper.load([...NODES, ...CORE], flow);
      for (const n of flow.filter((n: { type: string }) => n.type !== "tab")) {
        assert.ok(helper.getNode(n.id), `${n.type} ${n.id} did not start`);
      }
    });
  }

  it("the demo's site places every device of the simulated building where the building has it", () => {
    const flow = JSON.parse(fs.readFileSync(path.join(EXAMPLES, "demo-simulated-building.json"), "utf8"));
    const site = flow.find((n: { type: string }) => n.type === "trappan-site");
    const expected = DEMO_BUILDING.devices.map(({ ieee, family: _family, ...location }) => ({ sensor: ieee, ...location }));
    assert.deepEqual(site.sensors, expected);
  });

  /** The demo flow's settings, and the learned pipeline fed what its sensors node replays at `start` (as the nodes run it). */
  const demo = () => {
    const flow = JSON.parse(fs.readFileSync(path.join(EXAMPLES, "demo-simulated-building.json"), "utf8")) as { type: string; topic?: string; payload?: string; activity?: string }[];
    const activity = flow.find((n) => n.type === "trappan-coordinator")!.activity as Activity;
    const inject = (topic: string) => flow.filter((n) => n.type === "inject" && n.topic === topic).map((n) => JSON.parse(n.payload!));
    const history = inject("history")[0] as { weeks: number; then: Required<ScenarioRequest> };
    const replayed = (start: number, ongoing?: { ieee: string; since: number }) => {
      const building = new VirtualBuilding(DEMO_BUILDING, { activity, now: () => start });
      const pipeline = new Pipeline({ detector: "learned" });
      const incidents: Incident[] = [];
      const feed = (ieee: string, ts: number, occupied: boolean) => {
        const { site, address, space } = building.placed(ieee)!;
        const kind = building.device(ieee)!.family.kind === "mmwave" ? "mmwave" : "pir";
        pipeline.presence({ type: "presence", sensor: ieee, ts, occupied, device: { kind }, location: { site, address, space } }, incidents);
      };
      for (const e of building.history(start - history.weeks * 7 * 86_400_000, start - 1000, ongoing)) feed(e.ieee, e.ts, e.occupied);
      return { building, pipeline, incidents, feed };
    };
    return { history, scenarios: inject("scenario") as ScenarioRequest[], replayed };
  };

  // The first moments are those at which the busier basement of an earlier plan had learned a
  // threshold of 18–20 minutes (mornings, a holiday): the incident came 4–6 minutes after the start.
  it("the demo's loiterer, who arrived before the start, is found a minute after it at any hour: the basement's learned threshold stays at the floor", () => {
    const { history, replayed } = demo();
    const { sensor, startedMinutesAgo } = history.then;
    const worst = ["2027-01-16T07:02:54Z", "2026-12-27T07:01:24Z", "2027-01-01T07:56:45Z", "2027-01-12T14:20:31Z"].map(Date.parse);
    // And every third hour of a week.
    const week = Array.from({ length: 56 }, (_, k) => Date.parse("2026-11-23T00:37:00+01:00") + k * 3 * 3_600_000);
    for (const start of [...worst, ...week]) {
      const moment = new Date(start).toISOString();
      const { pipeline, incidents } = replayed(start, { ieee: sensor, since: start - startedMinutesAgo * 60_000 });
      pipeline.advance(start + 5 * 60_000, incidents);
      const found = incidents.find((i) => i.sensor === sensor && i.kind === "loitering" && i.state === "open");
      assert.ok(found, `no loitering incident by 5 minutes after ${moment}`);
      const after = (found.detectedAt - start) / 60_000;
      assert.ok(after > 0 && after <= 1.5, `started at ${moment}, the incident opened ${after.toFixed(1)} min after the start`);
    }
  });

  it("the demo's stash button gives a visit-surge incident at night, on every night of the week", () => {
    const { scenarios, replayed } = demo();
    const { sensor, visits, intervalMinutes, visitSeconds } = scenarios.find((s) => s.name === "stash-visits") as Required<ScenarioRequest>;
    for (let day = 0; day < 7; day++) {
      const start = Date.parse("2026-11-24T01:17:00+01:00") + day * 86_400_000 + (day % 3) * 50 * 60_000;
      const { building, pipeline, incidents, feed } = replayed(start);
      // The button's visits, each cleared after the sensor's own delay.
      const clearMs = building.device(sensor)!.family.clearDelaySeconds * 1000;
      for (let i = 0; i < visits; i++) {
        const at = start + i * intervalMinutes * 60_000;
        feed(sensor, at, true);
        feed(sensor, at + visitSeconds * 1000 + clearMs, false);
      }
      pipeline.advance(start + 2 * 3_600_000, incidents);
      const kinds = incidents.filter((i) => i.sensor === sensor).map((i) => i.kind);
      assert.ok(kinds.includes("visit-surge"), `no visit-surge for the button at ${new Date(start).toISOString()}: ${kinds.join(", ")}`);
    }
  });
});
