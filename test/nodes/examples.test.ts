/**
 * Every example under examples/ (Import > Examples in the editor) loads into a Node-RED runtime
 * with this package's nodes and Node-RED's own, and the demo's site registry places every
 * device of the simulated building.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { DEMO_BUILDING } from "../../zigbee/simulator/building";
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
});
