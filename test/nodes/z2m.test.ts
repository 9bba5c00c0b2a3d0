/**
 * trappan-z2m in a Node-RED runtime: zigbee2mqtt messages, as zigbee2mqtt publishes them,
 * through a real Mosquitto and Node-RED's own `mqtt in` node; and bad input.
 */
import assert from "node:assert/strict";
import mqtt from "mqtt";
import type { EventEmitter } from "node:events";
import { nextEvent } from "../support/events";
import { logged, NODES } from "../support/flows";
import { Broker, startMosquitto } from "../support/mosquitto";
import { helper, useNodeRed } from "../support/node-red";

// Node-RED's core MQTT nodes, as a flow would use them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mqttNodes = require("@node-red/nodes/core/network/10-mqtt.js");

type Msg = { topic: string; payload: Record<string, unknown>; error?: { message: string } };

const SITE = {
  id: "site",
  type: "trappan-site",
  name: "Kv. Test",
  timezone: "Europe/Stockholm",
  language: "sv",
  sensors: [{ sensor: "hus-a/trapphus", site: "Kv. Test", address: "Testgatan 1", entrance: "A", space: "stairwell" }],
};

function flow(broker?: Broker) {
  const nodes: Record<string, unknown>[] = [
    SITE,
    { id: "flow", type: "tab", label: "z2m" },
    { id: "z2m", type: "trappan-z2m", z: "flow", x: 300, y: 100, name: "z2m", site: "site", baseTopic: "zigbee2mqtt", heartbeatMinutes: "60", wires: [["presence"], ["health"]] },
    { id: "presence", type: "helper", z: "flow", x: 500, y: 80, wires: [] },
    { id: "health", type: "helper", z: "flow", x: 500, y: 120, wires: [] },
    { id: "catch", type: "catch", z: "flow", x: 300, y: 200, scope: null, uncaught: false, wires: [["caught"]] },
    { id: "caught", type: "helper", z: "flow", x: 500, y: 200, wires: [] },
  ];
  if (broker) {
    nodes.push(
      { id: "broker", type: "mqtt-broker", name: "mosquitto", broker: "127.0.0.1", port: String(broker.port), clientid: "", autoConnect: true, usetls: false, protocolVersion: "4", keepalive: "60", cleansession: true, autoUnsubscribe: true },
      { id: "in", type: "mqtt in", z: "flow", x: 100, y: 100, name: "", topic: "zigbee2mqtt/#", qos: "1", datatype: "auto-detect", broker: "broker", nl: false, rap: true, rh: 0, inputs: 0, wires: [["z2m"]] },
    );
  }
  return nodes;
}

const node = (id: string) => helper.getNode(id) as EventEmitter & { receive(msg: object): void };

describe("zigbee2mqtt node", function () {
  this.timeout(30_000);

  useNodeRed();

  describe("through a real Mosquitto and Node-RED's mqtt in", () => {
    let broker: Broker;
    let client: mqtt.MqttClient;

    before(async () => {
      broker = await startMosquitto();
      client = await mqtt.connectAsync(broker.url, { clientId: "zigbee2mqtt-simulated" });
    });

    after(async () => {
      await client?.endAsync();
      await broker?.stop();
    });

    it("turns device state and availability into presence and health events", async () => {
      await helper.load([...NODES, mqttNodes], flow(broker));
      const presence = nextEvent<Msg>(node("presence"), "input", (m) => m.payload.occupied === true);
      const health = nextEvent<Msg>(node("health"), "input", (m) => m.payload.battery === 97);
      // What zigbee2mqtt publishes for a Hue motion sensor named "hus-a/trapphus". The mqtt in
      // node subscribes some time after it connects, so the sensor reports until it is heard,
      // as a real one keeps reporting.
      const report = () =>
        client.publishAsync(
          "zigbee2mqtt/hus-a/trapphus",
          JSON.stringify({ battery: 97, illuminance: 12, linkquality: 138, occupancy: true, temperature: 21.5, last_seen: "2026-11-22T18:04:05+01:00" }),
        );
      const repeating = setInterval(report, 200);
      const event = (await presence.finally(() => clearInterval(repeating))).payload;
      assert.deepEqual(event, {
        type: "presence",
        sensor: "hus-a/trapphus",
        ts: Date.parse("2026-11-22T17:04:05Z"),
        occupied: true,
        location: { site: "Kv. Test", address: "Testgatan 1", entrance: "A", space: "stairwell" },
        device: { kind: "pir", name: "hus-a/trapphus" },
      });
      assert.equal((await health).payload.linkquality, 138);

      const offline = nextEvent<Msg>(node("health"), "input", (m) => m.payload.online === false);
      await client.publishAsync("zigbee2mqtt/hus-a/trapphus/availability", JSON.stringify({ state: "offline" }), { retain: true });
      assert.equal((await offline).payload.sensor, "hus-a/trapphus");
      const legacy = nextEvent<Msg>(node("health"), "input", (m) => m.payload.online === true);
      await client.publishAsync("zigbee2mqtt/hus-a/trapphus/availability", "online", { retain: true });
      await legacy;
    });
  });

  it("answers garbage with a clear error to Catch nodes, and goes on", async () => {
    await helper.load(NODES, flow());
    const z2m = node("z2m");
    const error = nextEvent<Msg>(node("caught"), "input");
    z2m.receive({ topic: "zigbee2mqtt/hus-a/trapphus", payload: "}{ not json" });
    assert.match((await error).error!.message, /payload of 'zigbee2mqtt\/hus-a\/trapphus' is not a zigbee2mqtt JSON object/);
    const presence = nextEvent<Msg>(node("presence"), "input");
    z2m.receive({ topic: "zigbee2mqtt/hus-a/trapphus", payload: { occupancy: false } });
    assert.equal((await presence).payload.occupied, false);
  });

  it("says presence when it changes, not again at each report zigbee2mqtt republishes the whole state with", async () => {
    await helper.load(NODES, flow());
    const z2m = node("z2m");
    const said: boolean[] = [];
    node("presence").on("input", (m: Msg) => said.push(m.payload.occupied as boolean));
    const state = (occupancy: boolean, temperature: number, minute: number) =>
      z2m.receive({ topic: "zigbee2mqtt/hus-a/trapphus", payload: { occupancy, temperature, illuminance: 12, last_seen: Date.UTC(2026, 10, 22, 18, minute) } });
    state(true, 21, 0);
    state(true, 21.5, 12); // a temperature report while occupied: the cached occupancy comes with it
    state(true, 22, 30);
    state(false, 22, 31);
    state(false, 22.5, 40);
    const last = nextEvent<Msg>(node("presence"), "input", (m) => m.payload.ts === Date.UTC(2026, 10, 22, 18, 50));
    state(true, 22.5, 50);
    await last;
    assert.deepEqual(said, [true, false, true]);
  });

  it("gives health only for a device without presence, with one warning, and ignores the bridge", async () => {
    await helper.load(NODES, flow());
    const z2m = node("z2m");
    let presenceCount = 0;
    node("presence").on("input", () => presenceCount++);
    const health = nextEvent<Msg>(node("health"), "input", (m) => m.payload.sensor === "tvattstuga-temp");
    z2m.receive({ topic: "zigbee2mqtt/bridge/state", payload: { state: "online" } });
    z2m.receive({ topic: "zigbee2mqtt/tvattstuga-temp", payload: { temperature: 21, humidity: 60, battery: 80, linkquality: 70 } });
    z2m.receive({ topic: "zigbee2mqtt/tvattstuga-temp", payload: { temperature: 22, battery: 79, linkquality: 70 } });
    assert.equal((await health).payload.battery, 80);
    await nextEvent(node("health"), "input", (m: Msg) => m.payload.battery === 79);
    assert.equal(presenceCount, 0);
    assert.equal(logged(30).filter((m) => m.includes("tvattstuga-temp gives neither occupancy nor presence")).length, 1);
    assert.equal(logged(30).filter((m) => m.includes("tvattstuga-temp is not in the site registry")).length, 1);
  });
});
