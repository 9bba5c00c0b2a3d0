/**
 * Each device family sends the raw frames its real counterpart sends; zigbee-herdsman's
 * Controller parses them and zigbee-herdsman-converters decodes them into the readings that
 * become presence and health events.
 */
import assert from "node:assert/strict";
import sinon from "sinon";
import { Coordinator, DeviceReading } from "../../zigbee/coordinator";
import { BUILDINGS, DEMO_BUILDING } from "../../zigbee/simulator/building";
import { FAMILIES } from "../../zigbee/simulator/families";
import { nextEvent } from "../support/events";
import { pairAll, simulatedCoordinator } from "../support/zigbee";

const reading = (coordinator: Coordinator, ieee: string, match: (payload: Record<string, unknown>) => boolean) =>
  nextEvent<DeviceReading>(coordinator, "reading", (r) => r.ieee === ieee && match(r.payload));

describe("device families through zigbee-herdsman and its converters", function () {
  this.timeout(60_000);
  let coordinator: Coordinator;

  before(async () => {
    coordinator = simulatedCoordinator();
    coordinator.start();
    await pairAll(coordinator, DEMO_BUILDING.devices.length);
  });

  after(() => coordinator.stop());

  const device = (ieee: string) => coordinator.simulator!.device(ieee)!;

  const cases: { ieee: string; model: string; vendor: string; key: "occupancy" | "presence"; kind: "pir" | "mmwave" }[] = [
    { ieee: "0x001788010b2c3d41", model: "9290012607", vendor: "Philips", key: "occupancy", kind: "pir" }, // Hue SML001
    { ieee: "0x000d6ffffe7a8b91", model: "E2134", vendor: "IKEA", key: "occupancy", kind: "pir" }, // VALLHORN
    { ieee: "0xe0798dfffe4a5b61", model: "SNZB-06P", vendor: "SONOFF", key: "occupancy", kind: "mmwave" },
    { ieee: "0x54ef44100a1b2c31", model: "FP1E", vendor: "Aqara", key: "presence", kind: "mmwave" }, // Lumi 0xFCC0
    { ieee: "0xa4c1385f6e7d8c11", model: "ZY-M100-S_1", vendor: "Tuya", key: "presence", kind: "mmwave" }, // TS0601 datapoints
    { ieee: "0x0015bc001e0f0a21", model: "MOSZB-140", vendor: "Develco", key: "occupancy", kind: "pir" }, // IAS zone
  ];

  for (const c of cases) {
    it(`${c.vendor} ${c.model}: ${c.key} on and off, recognised as ${c.kind}`, async () => {
      const on = reading(coordinator, c.ieee, (p) => p[c.key] === true);
      device(c.ieee).setOccupied(true);
      const first = await on;
      assert.equal(first.device.model, c.model);
      assert.equal(first.device.vendor, c.vendor);
      assert.equal(first.device.kind, c.kind);
      assert.equal(first.gives, c.key);
      assert.equal(typeof first.payload.linkquality, "number");
      const off = reading(coordinator, c.ieee, (p) => p[c.key] === false);
      device(c.ieee).setOccupied(false);
      await off;
    });
  }

  it("IKEA TRÅDFRI E1525: On with timed off means occupied, then unoccupied when the timer ends", async () => {
    const ieee = "0x000d6ffffe1c2d71";
    const clock = sinon.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const on = reading(coordinator, ieee, (p) => p.occupancy === true);
      device(ieee).setOccupied(true);
      assert.equal((await on).device.model, "E1525/E1745");
      const off = reading(coordinator, ieee, (p) => p.occupancy === false);
      let cleared = false;
      void off.then(() => (cleared = true));
      await clock.tickAsync(179_000);
      assert.equal(cleared, false, "still occupied before the on-time (180 s) ends");
      await clock.tickAsync(1_000);
      await off;
    } finally {
      clock.restore();
    }
  });

  it("battery reports become battery percent", async () => {
    const ieee = "0x001788010b2c3d41";
    const battery = reading(coordinator, ieee, (p) => p.battery === 42);
    device(ieee).setBattery(42);
    await battery;
  });

  it("frient MOSZB-140: tamper and low battery from the IAS zone status", async () => {
    const ieee = "0x0015bc001e0f0a21";
    const tamper = reading(coordinator, ieee, (p) => p.tamper === true);
    device(ieee).setTamper(true);
    await tamper;
    const low = reading(coordinator, ieee, (p) => p.battery_low === true);
    device(ieee).setBattery(5);
    await low;
  });

  it("a device without occupancy or presence is known, but gives none", async () => {
    const [thermometer] = (await coordinator.devices()).filter((d) => d.ieee === "0x00124b0029aabb01");
    assert.equal(thermometer.model, "SNZB-02");
    assert.equal(thermometer.gives, undefined);
    const battery = reading(coordinator, "0x00124b0029aabb01", (p) => p.battery === 60);
    device("0x00124b0029aabb01").setBattery(60);
    assert.equal((await battery).gives, undefined);
  });
});

describe("any device whose converters expose occupancy", function () {
  this.timeout(60_000);
  let coordinator: Coordinator;

  before(async () => {
    // A sensor zigbee-herdsman-converters has never heard of: the definition generated from
    // its occupancy cluster still gives occupancy.
    const base = FAMILIES["sonoff-snzb-03p"];
    const attributes = structuredClone(base.attributes);
    attributes[1][0x0000][0x0004].value = "Acme Oy";
    attributes[1][0x0000][0x0005].value = "ACME-PIR-1";
    FAMILIES["acme-pir"] = { ...base, key: "acme-pir", modelId: "ACME-PIR-1", manufacturerName: "Acme Oy", attributes };
    BUILDINGS["others"] = {
      key: "others",
      name: "other sensors",
      devices: [
        { ieee: "0x0017880109aabb01", family: "hue-sml002", site: "S", address: "A 1", space: "entrance" },
        { ieee: "0xa4c13800aabbcc01", family: "sonoff-snzb-03p", site: "S", address: "A 1", space: "laundry" },
        { ieee: "0x70b3d5fffe000001", family: "acme-pir", site: "S", address: "A 1", space: "attic" },
      ],
    };
    coordinator = simulatedCoordinator({ port: "simulated-others", simulation: { building: "others" } });
    coordinator.start();
    await pairAll(coordinator, 3);
  });

  after(async () => {
    await coordinator.stop();
    delete BUILDINGS["others"];
    delete FAMILIES["acme-pir"];
  });

  for (const [ieee, model] of [
    ["0x0017880109aabb01", "9290019758"],
    ["0xa4c13800aabbcc01", "SNZB-03P"],
    ["0x70b3d5fffe000001", "ACME-PIR-1"],
  ]) {
    it(`${model} gives occupancy`, async () => {
      const on = reading(coordinator, ieee, (p) => p.occupancy === true);
      coordinator.simulator!.device(ieee)!.setOccupied(true);
      const r = await on;
      assert.equal(r.gives, "occupancy");
      assert.equal(r.device.model, model);
    });
  }
});
