import assert from "node:assert/strict";
import { EventMapper, HealthThrottle, presenceFrom, sensorKind } from "../../core/sensors";

const HOUR = 3_600_000;
const place = { site: "Kv. Lärkan", address: "Storgatan 12", space: "stairwell" as const };

describe("readings to events", () => {
  it("tells radar from PIR sensors", () => {
    assert.equal(sensorKind("SNZB-06P", "Zigbee occupancy sensor", ["occupancy"]), "mmwave");
    assert.equal(sensorKind("FP1E", "Presence sensor", ["presence"]), "mmwave");
    assert.equal(sensorKind("9290012607", "Hue motion sensor", ["occupancy"]), "pir");
    assert.equal(sensorKind(undefined, undefined, ["contact"]), "door");
    assert.equal(sensorKind("SNZB-02", "Temperature and humidity sensor", ["temperature"]), "other");
  });

  it("takes occupancy or presence, and nothing else, as presence", () => {
    assert.equal(presenceFrom({ sensor: "s", ts: 1, payload: { occupancy: true } })?.occupied, true);
    assert.equal(presenceFrom({ sensor: "s", ts: 1, payload: { presence: false } })?.occupied, false);
    assert.equal(presenceFrom({ sensor: "s", ts: 1, payload: { occupancy: "yes" } }), undefined);
    assert.equal(presenceFrom({ sensor: "s", ts: 1, payload: { battery: 90 } }), undefined);
  });

  it("sends health when there is news, and a heartbeat with link quality otherwise (in event time)", () => {
    const throttle = new HealthThrottle(HOUR);
    const r = (ts: number, payload: Record<string, unknown>) => ({ sensor: "s", ts, payload });
    assert.equal(throttle.shouldEmit(r(0, { occupancy: true, linkquality: 90 })), true, "first reading");
    assert.equal(throttle.shouldEmit(r(1000, { occupancy: false, linkquality: 91 })), false);
    assert.equal(throttle.shouldEmit(r(2000, { battery: 80, linkquality: 91 })), true, "battery is news");
    assert.equal(throttle.shouldEmit(r(2000 + HOUR - 1, { occupancy: true })), false);
    assert.equal(throttle.shouldEmit(r(2000 + HOUR, { occupancy: true })), true, "heartbeat");
  });

  it("places events and warns once per sensor about what a user must fix", () => {
    const mapper = new EventMapper((sensor) => (sensor === "known" ? place : undefined), HOUR);
    const first = mapper.fromReading({ sensor: "known", ts: 5, payload: { occupancy: true, battery: 97, linkquality: 120 } }, true);
    assert.deepEqual(first.presence, { type: "presence", sensor: "known", ts: 5, occupied: true, location: place });
    assert.deepEqual(first.health, { type: "health", sensor: "known", ts: 5, battery: 97, linkquality: 120, location: place });
    assert.deepEqual(first.warnings, []);

    const unknown = mapper.fromReading({ sensor: "stranger", ts: 6, payload: { occupancy: true } }, true);
    assert.equal(unknown.presence?.location, undefined, "an unknown sensor's events pass on without location");
    assert.deepEqual(unknown.warnings, [{ code: "unknownSensor", sensor: "stranger" }]);
    assert.deepEqual(mapper.fromReading({ sensor: "stranger", ts: 7, payload: { occupancy: false } }, true).warnings, [], "only once");

    const thermometer = mapper.fromReading({ sensor: "known", ts: 8, payload: { temperature: 14 } }, false);
    assert.deepEqual(thermometer.warnings, [{ code: "noPresence", sensor: "known" }]);
    assert.equal(thermometer.presence, undefined);
  });

  it("turns availability into health with online", () => {
    const mapper = new EventMapper(() => place);
    assert.deepEqual(mapper.fromAvailability("known", false, 10).health, { type: "health", sensor: "known", ts: 10, online: false, location: place });
  });
});
