/**
 * The sensors node's history command: weeks of the simulated building's past, fast-forwarded in
 * event time, with the live sensors going on around it.
 */
import assert from "node:assert/strict";
import { nextEvent, until } from "../support/events";
import { coordinatorOf, HUE, logged, node, NODES, sensorFlow, SONOFF } from "../support/flows";
import { helper, useNodeRed } from "../support/node-red";

type Msg = { replay?: boolean; payload: { sensor: string; ts: number; occupied: boolean } };

describe("trappan-sensors: history", function () {
  this.timeout(60_000);

  useNodeRed();

  /** The two-sensor building, paired; what the presence output sends from then on. */
  async function paired() {
    await helper.load(NODES, sensorFlow());
    const coordinator = coordinatorOf();
    await until(coordinator, "state", () => coordinator.state.status === "ready");
    await coordinator.permitJoin(30);
    await until(coordinator, "devices", async () => (await coordinator.devices()).filter((d) => d.configured).length === 2);
    const received: Msg[] = [];
    node("presence").on("input", (m: Msg) => received.push(m));
    return { coordinator, received };
  }

  it("keeps a sensor's live readings until its replayed past is through, so each sensor's events stay in time order", async () => {
    const { coordinator, received } = await paired();
    // Someone walks past the stairwell sensor while the past is being replayed.
    const replaying = nextEvent<Msg>(node("presence"), "input", (m) => m.replay === true);
    node("sensors").receive({ topic: "history", payload: { weeks: 26 } });
    await replaying;
    coordinator.simulator!.device(HUE)!.setOccupied(true);
    const live = await nextEvent<Msg>(node("presence"), "input", (m) => !m.replay && m.payload.sensor === HUE && m.payload.occupied, 30_000);

    const replayed = Number(/history: (\d+) presence events/.exec(logged(40).join("\n"))?.[1]);
    assert.ok(replayed > 10_000, `${replayed} events replayed, several chunks`);
    assert.equal(received.filter((m) => m.replay).length, replayed, "the whole past came before the live reading");
    assert.equal(received.at(-1), live);
    for (const sensor of new Set(received.map((m) => m.payload.sensor))) {
      const times = received.filter((m) => m.payload.sensor === sensor).map((m) => m.payload.ts);
      assert.ok(times.every((t, i) => i === 0 || t >= times[i - 1]), `${sensor}'s events in time order`);
    }
  });

  it("starts the scenario after a history at once, so a sensor read while the past is replayed already sees the person who is there", async () => {
    const { coordinator, received } = await paired();
    const replaying = nextEvent<Msg>(node("presence"), "input", (m) => m.replay === true);
    const asked = Date.now();
    node("sensors").receive({ topic: "history", payload: { weeks: 26, then: { name: "loiterer", sensor: SONOFF, minutes: 25, startedMinutesAgo: 14 } } });
    await replaying;
    const building = coordinator.simulator!;
    const radar = building.device(SONOFF)!;
    assert.equal(radar.occupied, true, "the loiterer is there while the past is replayed");
    // A resident comes and goes meanwhile: the loiterer stays, so the radar does not clear.
    building.occupy(radar, 200);
    const live = await nextEvent<Msg>(node("presence"), "input", (m) => !m.replay && m.payload.sensor === SONOFF, 30_000);

    assert.equal(live.payload.occupied, true, "the first live reading after the past sees the loiterer");
    const past = received.filter((m) => m.replay && m.payload.sensor === SONOFF);
    assert.equal(past.at(-1)!.payload.occupied, true, "the past ends with the loiterer arriving");
    assert.ok(Math.abs(past.at(-1)!.payload.ts - (asked - 14 * 60_000)) < 5_000, "14 minutes before");
  });
});
