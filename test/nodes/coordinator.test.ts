/**
 * The coordinator and sensors nodes in a real Node-RED runtime (node-red-node-test-helper),
 * over the simulated adapter: pairing through the admin endpoints, events flowing with their
 * locations, restart on the same database, redeploys, reconnects and refusals.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { PresenceEvent } from "../../core/events";
import { SimulatedStick } from "../../zigbee/simulator/adapter";
import { nextEvent, until } from "../support/events";
import { coordinatorOf, HUE, logged, node, NODES, sensorFlow, SONOFF, statusOf } from "../support/flows";
import { ResourceTracker } from "../support/leaks";
import { helper, useNodeRed } from "../support/node-red";

type Msg = { topic?: string; payload: Record<string, unknown> };

async function devicesOverHttp(): Promise<{ ieee: string; interviewState: string; name?: string; model?: string; battery?: number; gives?: string }[]> {
  const response = await helper.request().get("/trappan/coordinator/coord/devices").expect(200);
  return response.body;
}

async function ready(): Promise<void> {
  const coordinator = coordinatorOf();
  await until(coordinator, "state", () => coordinator.state.status === "ready");
}

/** Permit join over HTTP, as the editor's button does, and wait until `count` devices are in. */
async function pair(count: number): Promise<void> {
  await ready();
  const response = await helper.request().post("/trappan/coordinator/coord/permit-join").send({ seconds: 30 }).expect(200);
  assert.equal(response.body.seconds, 30);
  const coordinator = coordinatorOf();
  await until(coordinator, "devices", async () => {
    const devices = await devicesOverHttp();
    return devices.length === count && devices.every((d) => d.interviewState === "SUCCESSFUL");
  });
}

describe("coordinator and sensors nodes", function () {
  this.timeout(60_000);
  const userDir = useNodeRed();

  it("pairs end to end: permit join, join, interview, the devices endpoint, and events with locations", async () => {
    await helper.load(NODES, sensorFlow());
    await pair(2);
    const devices = await devicesOverHttp();
    const hue = devices.find((d) => d.ieee === HUE)!;
    assert.equal(hue.model, "9290012607");
    assert.equal(hue.gives, "occupancy");
    assert.equal(typeof hue.battery, "number");
    assert.ok(fs.existsSync(path.join(userDir(), "trappan", "zigbee", "simulated", "database.db")), "database under <userDir>/trappan/zigbee/");

    const presence = nextEvent<Msg>(node("presence"), "input", (m) => m.payload.sensor === HUE && m.payload.occupied === true);
    node("sensors").receive({ topic: "scenario", payload: { name: "loiterer", sensor: HUE, minutes: 1 } });
    const event = (await presence).payload as unknown as PresenceEvent;
    assert.equal(event.type, "presence");
    assert.equal(typeof event.ts, "number");
    assert.deepEqual(event.location, { site: "Kv. Test", address: "Testgatan 1", entrance: "A", space: "stairwell", floor: 0, district: "Skärholmen" });
    assert.deepEqual(event.device, { kind: "pir", model: "9290012607", vendor: "Philips" });
  });

  it("gives health events with battery and link quality on the second output", async () => {
    await helper.load(NODES, sensorFlow());
    const health = nextEvent<Msg>(node("health"), "input", (m) => m.payload.sensor === HUE && typeof m.payload.battery === "number");
    await pair(2);
    const event = (await health).payload;
    assert.equal(event.type, "health");
    assert.equal(typeof event.linkquality, "number");
    assert.equal((event.location as { space: string }).space, "stairwell");
  });

  it("renames and removes devices through the admin endpoints, with clear errors for bad requests", async () => {
    await helper.load(NODES, sensorFlow());
    await pair(2);
    await helper.request().put(`/trappan/coordinator/coord/devices/${HUE}`).send({ name: "Trapphus A, plan 0" }).expect(204);
    assert.equal((await devicesOverHttp()).find((d) => d.ieee === HUE)?.name, "Trapphus A, plan 0");
    const named = nextEvent<Msg>(node("presence"), "input", (m) => m.payload.sensor === HUE);
    coordinatorOf().simulator!.device(HUE)!.setOccupied(true);
    assert.equal(((await named).payload.device as { name?: string }).name, "Trapphus A, plan 0", "the friendly name travels in events");

    await helper.request().delete(`/trappan/coordinator/coord/devices/${SONOFF}`).expect(204);
    assert.deepEqual(
      (await devicesOverHttp()).map((d) => d.ieee),
      [HUE],
    );

    const bad = await helper.request().post("/trappan/coordinator/coord/permit-join").send({ seconds: -5 }).expect(400);
    assert.match(bad.body.error, /permit join needs seconds from 0 to 254/);
    const capped = await helper.request().post("/trappan/coordinator/coord/permit-join").send({ seconds: 600 }).expect(200);
    assert.equal(capped.body.seconds, 254, "time-boxed to 254 s");
    await helper.request().delete("/trappan/coordinator/coord/devices/not-an-address").expect(400);
    await helper.request().delete("/trappan/coordinator/coord/devices/0x0000000000000042").expect(404);
    const missing = await helper.request().get("/trappan/coordinator/nope/devices").expect(404);
    assert.match(missing.body.error, /deploy it first/);
  });

  it("keeps the devices after a restart on the same database, with no new interview", async () => {
    await helper.load(NODES, sensorFlow());
    await pair(2);
    await helper.unload();

    await helper.load(NODES, sensorFlow());
    await ready();
    const devices = await devicesOverHttp();
    assert.deepEqual(
      devices.map((d) => [d.ieee, d.interviewState]),
      [
        [HUE, "SUCCESSFUL"],
        [SONOFF, "SUCCESSFUL"],
      ],
    );
    const presence = nextEvent<Msg>(node("presence"), "input", (m) => m.payload.sensor === SONOFF && m.payload.occupied === true);
    coordinatorOf().simulator!.device(SONOFF)!.setOccupied(true);
    await presence;
    assert.deepEqual(
      logged(40).filter((m) => /joined|configured/.test(m)),
      [],
      "nothing joined, was interviewed or configured again",
    );
  });

  it("redeploys 20 times with no growth in listeners or open handles, and frees everything on stop", async () => {
    const listeners = () => process.eventNames().reduce((n, e) => n + process.listenerCount(e), 0);
    const baselineListeners = listeners();
    const tracker = new ResourceTracker().start();
    try {
      await helper.load(NODES, sensorFlow());
      await ready();
      const first = (await tracker.settle(0)).length;
      const firstListeners = listeners();
      assert.ok(first > 0, "the running coordinator holds timers, so the tracker sees them");
      for (let i = 0; i < 20; i++) {
        await helper.setFlows(sensorFlow({ name: `deploy ${i}` }), "full");
        await ready();
      }
      const running = await tracker.settle(first);
      assert.ok(running.length <= first, `after 20 redeploys ${running.length} resources are alive, ${first} after the first deploy:\n${running.join("\n\n")}`);
      assert.equal(listeners(), firstListeners);
      await helper.unload();
      const left = await tracker.settle(0);
      assert.deepEqual(left, [], "stop frees every timer, socket and watcher it opened");
      assert.equal(listeners(), baselineListeners);
    } finally {
      tracker.stop();
    }
  });

  it("survives deploys that follow each other before the coordinator has started", async () => {
    // The first stick takes a while to come up, as real ones do; the next deploy's is quick. The
    // slow start must not finish into the quick coordinator's process-wide herdsman state.
    SimulatedStick.startDelayMs = 800;
    await helper.load(NODES, sensorFlow());
    SimulatedStick.startDelayMs = 0;
    await helper.setFlows(sensorFlow({ name: "quick" }), "full");
    await pair(2);
    const presence = nextEvent<Msg>(node("presence"), "input", (m) => m.payload.sensor === HUE && m.payload.occupied === true);
    coordinatorOf().simulator!.device(HUE)!.setOccupied(true);
    await presence;
    assert.deepEqual(logged(20), [], "no errors");
  });

  it("refuses a coordinator with a bad setting, without keeping the port from a good one", async () => {
    const flow = sensorFlow();
    flow.unshift({ id: "bad", type: "trappan-coordinator", name: "Typo", adapter: "simulated", port: "sim-nodes", channel: "15", panId: "0xffff" } as never);
    await helper.load(NODES, flow);
    assert.ok(logged(20).includes("coordinator not started: PAN id 0xffff must be between 0x0001 and 0xFFFE"), logged(20).join("\n"));
    await pair(2);
  });

  it("says which setting it could not read: a channel it refuses, hours and a baud rate it replaces with the default", async () => {
    const flow = sensorFlow({ batteryHours: "tjugo", mainsMinutes: "2,5", baudRate: "fast" });
    flow.unshift({ id: "typo", type: "trappan-coordinator", name: "Typo", adapter: "simulated", port: "sim-typo", channel: "2O" } as never);
    await helper.load(NODES, flow);
    const said = logged(20);
    assert.ok(said.includes("coordinator not started: the channel must be from 11 to 26, not '2O'"), said.join("\n"));
    assert.ok(said.includes("Battery devices offline after: 'tjugo' is not a number above 0; 25 hours is used"), said.join("\n"));
    assert.ok(said.includes("Baud rate: 'fast' is not a number above 0; the adapter's default is used"), said.join("\n"));
    assert.equal(said.filter((m) => /Mains devices/.test(m)).length, 0, "2,5 is a number, written the Swedish way");
    const coordinator = coordinatorOf();
    assert.deepEqual(coordinator.options.availability, { batteryHours: 25, mainsMinutes: 2.5 });
    assert.equal(coordinator.options.baudRate, undefined);
    await pair(2);
  });

  it("refuses a second coordinator on the same port with a clear error", async () => {
    const flow = sensorFlow();
    flow.push({ id: "coord2", type: "trappan-coordinator", name: "Second stick", adapter: "simulated", port: "sim-nodes", channel: "15" } as never);
    await helper.load(NODES, flow);
    const refusals = logged(20).filter((m) => /coordinator not started/.test(m));
    assert.equal(refusals.length, 1);
    assert.match(refusals[0], /port sim-nodes is already used by coordinator '(Test coordinator|Second stick)'/);
    await helper.request().get("/trappan/coordinator/coord2/devices").expect((res: { status: number }) => assert.ok([200, 409].includes(res.status)));
  });

  it("reconnects with backoff when the adapter goes away, and says so", async () => {
    await helper.load(NODES, sensorFlow());
    await pair(2);
    const status = statusOf("sensors");
    const coordinator = coordinatorOf();
    coordinator.simulatedStick!.unplug();
    assert.match(await status.next((t) => t.startsWith("reconnecting")), /^reconnecting in 1 s: adapter disconnected/);
    await until(coordinator, "state", () => coordinator.state.status === "reconnecting" && coordinator.state.retryInMs === 2000);
    assert.match(coordinator.state.error ?? "", /cannot open sim-nodes/, "the next attempt fails while the stick is out");
    coordinator.simulatedStick!.plugIn();
    await ready();
    const presence = nextEvent<Msg>(node("presence"), "input", (m) => m.payload.sensor === HUE && m.payload.occupied === true);
    coordinator.simulator!.device(HUE)!.setOccupied(true);
    await presence;
  });

  it("lets only allowlisted devices join", async () => {
    await helper.load(NODES, sensorFlow({ allowlist: `${SONOFF.toUpperCase()}\n` }));
    await ready();
    await helper.request().post("/trappan/coordinator/coord/permit-join").send({ seconds: 10 }).expect(200);
    const coordinator = coordinatorOf();
    await until(coordinator, "devices", async () => (await devicesOverHttp()).some((d) => d.ieee === SONOFF && d.interviewState === "SUCCESSFUL"));
    await until(coordinator, "warning", () => logged(30).some((m) => m.includes(`refused ${HUE}`)));
    assert.deepEqual(
      (await devicesOverHttp()).map((d) => d.ieee),
      [SONOFF],
    );
  });
});
