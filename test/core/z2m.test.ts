import assert from "node:assert/strict";
import { parseZ2m, Z2mError } from "../../core/z2m";

const RECEIVED = Date.parse("2026-11-22T17:00:00Z");

describe("zigbee2mqtt messages", () => {
  it("reads a Hue motion sensor's state as zigbee2mqtt publishes it", () => {
    const payload = {
      battery: 100,
      illuminance: 12,
      led_indication: false,
      linkquality: 138,
      motion_sensitivity: "high",
      occupancy: true,
      occupancy_timeout: 0,
      temperature: 21.5,
      update: { installed_version: 1124, latest_version: 1124, state: "idle" },
    };
    const parsed = parseZ2m("zigbee2mqtt/hus-a/trapphus", payload, RECEIVED);
    assert.equal(parsed.kind, "reading");
    if (parsed.kind !== "reading") return;
    assert.equal(parsed.reading.sensor, "hus-a/trapphus", "friendly names keep their slashes");
    assert.equal(parsed.reading.ts, RECEIVED);
    assert.equal(parsed.reading.payload.occupancy, true);
    assert.deepEqual(parsed.reading.device, { kind: "pir", name: "hus-a/trapphus" });
  });

  it("takes event time from last_seen, as epoch or ISO 8601 with offset", () => {
    const epoch = parseZ2m("zigbee2mqtt/fp1e", { presence: true, last_seen: 1795367683917 }, RECEIVED);
    assert.equal(epoch.kind === "reading" && epoch.reading.ts, 1795367683917);
    const iso = parseZ2m("zigbee2mqtt/fp1e", JSON.stringify({ presence: false, last_seen: "2026-11-22T18:04:05+01:00" }), RECEIVED);
    assert.equal(iso.kind === "reading" && iso.reading.ts, Date.parse("2026-11-22T17:04:05Z"));
    assert.equal(iso.kind === "reading" && iso.reading.device?.kind, "mmwave", "presence comes from radar");
  });

  it("uses the device information zigbee2mqtt can include", () => {
    const payload = Buffer.from(
      JSON.stringify({
        occupancy: false,
        device: { friendlyName: "kallare", ieeeAddr: "0xe0798dfffe4a5b61", manufacturerName: "SONOFF", model: "SNZB-06P", type: "Router" },
      }),
    );
    const parsed = parseZ2m("zigbee2mqtt/kallare", payload, RECEIVED);
    assert.equal(parsed.kind, "reading");
    if (parsed.kind !== "reading") return;
    assert.deepEqual(parsed.reading.device, { kind: "mmwave", name: "kallare", model: "SNZB-06P", vendor: "SONOFF" });
  });

  it("reads availability in the JSON and the legacy form", () => {
    assert.deepEqual(parseZ2m("zigbee2mqtt/hus-a/trapphus/availability", { state: "offline" }, RECEIVED), {
      kind: "availability",
      sensor: "hus-a/trapphus",
      online: false,
      ts: RECEIVED,
    });
    assert.deepEqual(parseZ2m("zigbee2mqtt/forrad/availability", "online", RECEIVED), { kind: "availability", sensor: "forrad", online: true, ts: RECEIVED });
    assert.deepEqual(parseZ2m("zigbee2mqtt/forrad/availability", Buffer.from('{"state":"online"}'), RECEIVED).kind, "availability");
  });

  it("ignores the bridge's own topics and requests", () => {
    assert.equal(parseZ2m("zigbee2mqtt/bridge/state", { state: "online" }, RECEIVED).kind, "ignored");
    assert.equal(parseZ2m("zigbee2mqtt/bridge/devices", [], RECEIVED).kind, "ignored");
    assert.equal(parseZ2m("zigbee2mqtt/lampa/set", { state: "ON" }, RECEIVED).kind, "ignored");
  });

  it("honours another base topic", () => {
    const parsed = parseZ2m("z2m-hus-a/trapphus", { occupancy: true }, RECEIVED, "z2m-hus-a");
    assert.equal(parsed.kind === "reading" && parsed.reading.sensor, "trapphus");
  });

  it("rejects garbage with an error that says what was expected", () => {
    assert.throws(() => parseZ2m("zigbee2mqtt/trapphus", "not json", RECEIVED), (e: Error) => e instanceof Z2mError && /not a zigbee2mqtt JSON object/.test(e.message));
    assert.throws(() => parseZ2m("zigbee2mqtt/trapphus", 42, RECEIVED), /not a zigbee2mqtt JSON object/);
    assert.throws(() => parseZ2m("zigbee2mqtt/trapphus", [1, 2], RECEIVED), /not a zigbee2mqtt JSON object/);
    assert.throws(() => parseZ2m("homeassistant/sensor/x", {}, RECEIVED), /not under 'zigbee2mqtt\/': subscribe the mqtt in node to zigbee2mqtt\/#/);
    assert.throws(() => parseZ2m(undefined, {}, RECEIVED), /msg.topic is missing/);
    assert.throws(() => parseZ2m("zigbee2mqtt/x/availability", { state: "maybe" }, RECEIVED), /must be "online" or "offline"/);
  });
});
