import assert from "node:assert/strict";
import { loiteringCeiling, mergeCeilings } from "../../eval/ceiling";
import { Label } from "../../eval/generate";
import { ScoredIncident } from "../../eval/score";

const MIN = 60_000;
const WEEK = 7 * 86_400_000;
/** Monday 2026-03-02 00:00 in Stockholm (CET, UTC+1). */
const MONDAY = Date.UTC(2026, 2, 1, 23);
const at = (day: number, hour: number) => MONDAY + day * 86_400_000 + hour * 3_600_000;
const stay = (sensor: string, start: number, minutes: number): ScoredIncident => ({ sensor, type: "loitering", start, end: start + minutes * MIN, detectedAt: start + 15 * MIN });
const label = (sensor: string, type: Label["type"], start: number, minutes: number): Label => ({ sensor, type, start, end: start + minutes * MIN });

describe("the loitering ceiling (eval/ceiling.ts)", () => {
  const learnedFrom = at(0, 0);
  const to = learnedFrom + 2 * WEEK;

  it("finds a loiterer at no cost where residents never stay as long, and spends the budget where they do", () => {
    // 10 sensors × 2 weeks: 0.05 a sensor-week allows one false alarm.
    const stays = [
      stay("basement", at(1, 20), 40), // a loiterer, longer than any resident here
      stay("basement", at(2, 21), 20),
      stay("storage", at(3, 19), 30), // a loiterer, as long as two residents' stays
      stay("storage", at(4, 19), 35),
      stay("storage", at(5, 20), 32),
    ];
    const labels = [label("basement", "loitering", at(1, 20), 40), label("storage", "loitering", at(3, 19), 30)];
    const tight = loiteringCeiling(stays, labels, 10, learnedFrom, to);
    assert.deepEqual(tight, { found: 1, seen: 2, of: 2, budget: 1 });
    // 20 sensors allow two: the storage room's loiterer is worth them.
    assert.equal(loiteringCeiling(stays, labels, 20, learnedFrom, to).found, 2);
  });

  it("judges the loitering hours apart from the day: residents' long stays by day cost nothing in the evening", () => {
    const stays = [stay("bikes", at(1, 10), 50), stay("bikes", at(2, 11), 45), stay("bikes", at(3, 20), 25)];
    const labels = [label("bikes", "loitering", at(3, 20), 25)];
    assert.equal(loiteringCeiling(stays, labels, 1, learnedFrom, to).found, 1); // budget 0
    // With every hour one half-day, the 25 minutes sit under two residents' stays.
    assert.equal(loiteringCeiling(stays, labels, 1, learnedFrom, to, "Europe/Stockholm", [0, 0]).found, 0);
  });

  it("counts no cost for stays over a stash or a night disturbance, nor for stays before the learning ended, and counts loiterers no stay shows", () => {
    const stays = [
      stay("attic", at(-1, 22), 90), // in the learning period
      stay("attic", at(1, 23), 60), // over a night disturbance
      stay("attic", at(2, 23), 20), // a loiterer
    ];
    const labels = [
      label("attic", "night-disturbance", at(1, 23), 60),
      label("attic", "loitering", at(2, 23), 20),
      label("attic", "loitering", at(5, 23), 40), // a PIR lost them: no long stay
    ];
    assert.deepEqual(loiteringCeiling(stays, labels, 1, learnedFrom, to), { found: 1, seen: 1, of: 2, budget: 0 });
  });

  it("adds seeds up, each with its own budget", () => {
    assert.deepEqual(mergeCeilings([{ found: 1, seen: 2, of: 3, budget: 4 }, { found: 5, seen: 6, of: 7, budget: 8 }]), { found: 6, seen: 8, of: 10, budget: 12 });
  });
});
