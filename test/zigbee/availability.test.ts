/**
 * Availability on the clock a gateway lives by, driven with sinon's fake timers: a battery
 * device unheard for 25 hours and a mains device that does not answer a ping after 10 minutes
 * are offline; a word from either brings it back.
 */
import assert from "node:assert/strict";
import sinon from "sinon";
import { AvailabilityChange, Coordinator } from "../../zigbee/coordinator";
import { HUE, SONOFF } from "../support/flows";
import { simulatedCoordinator } from "../support/zigbee";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("availability", function () {
  this.timeout(60_000);
  let clock: sinon.SinonFakeTimers;
  let coordinator: Coordinator;
  const changes: AvailabilityChange[] = [];

  /** Advances the fake clock in small steps until `check` holds. */
  async function tickUntil(check: () => boolean | Promise<boolean>, limitMs = 60_000): Promise<void> {
    for (let waited = 0; waited <= limitMs; waited += 250) {
      if (await check()) return;
      await clock.tickAsync(250);
    }
    throw new Error("condition not met on the fake clock");
  }

  before(async () => {
    clock = sinon.useFakeTimers({ now: Date.parse("2026-11-23T08:00:00Z"), toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"], shouldClearNativeTimers: true });
    coordinator = simulatedCoordinator({ simulation: { building: "two-sensors" }, port: "simulated-availability" });
    coordinator.on("availability", (change) => changes.push(change));
    coordinator.start();
    await tickUntil(() => coordinator.state.status === "ready");
    await coordinator.permitJoin(60);
    await tickUntil(async () => (await coordinator.devices()).filter((d) => d.configured).length === 2);
  });

  after(async () => {
    await coordinator.stop();
    clock.restore();
  });

  it("keeps an answering mains device online past its interval (it is pinged)", async () => {
    await clock.tickAsync(15 * MINUTE);
    assert.deepEqual(changes, []);
    assert.equal(coordinator.isOnline(SONOFF), true);
  });

  it("marks a mains device offline when it stops answering", async () => {
    coordinator.simulator!.device(SONOFF)!.powered = false;
    await clock.tickAsync(12 * MINUTE);
    assert.deepEqual(
      changes.map((c) => [c.ieee, c.online]),
      [[SONOFF, false]],
    );
    assert.equal(changes[0].device.model, "SNZB-06P");
  });

  it("marks a battery device offline after 25 hours of silence, not before", async () => {
    await clock.tickAsync(23 * HOUR);
    assert.equal(coordinator.isOnline(HUE), true, "still online after 23 h");
    await clock.tickAsync(3 * HOUR);
    assert.equal(coordinator.isOnline(HUE), false);
    const change = changes.find((c) => c.ieee === HUE)!;
    assert.equal(change.online, false);
    assert.ok(change.ts - Date.parse("2026-11-23T08:00:00Z") > 25 * HOUR, "event time is when it was found silent");
    assert.ok(change.lastSeen !== undefined && change.ts - change.lastSeen > 25 * HOUR, "and it says when the device was last heard");
  });

  it("brings a device back online when it speaks", async () => {
    coordinator.simulator!.device(HUE)!.setOccupied(true);
    await tickUntil(() => coordinator.isOnline(HUE));
    assert.deepEqual(changes.at(-1)?.ieee, HUE);
    assert.equal(changes.at(-1)?.online, true);
  });
});
