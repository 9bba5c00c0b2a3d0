import assert from "node:assert/strict";
import { EpisodeChange, EpisodeTracker } from "../../core/episodes";

const S = 1000;
const MIN = 60 * S;
const T0 = Date.parse("2026-03-10T18:00:00+01:00");

describe("presence episodes", () => {
  it("a PIR's occupied → clear is one episode, paused at the clear and finished a merge gap (60 s) after it", () => {
    const pir = new EpisodeTracker("pir");
    assert.deepEqual(pir.push(T0, true), [{ type: "opened", start: T0 }]);
    assert.equal(pir.occupied, true);
    assert.equal(pir.finishesAt(), undefined, "nothing to finish while occupied");
    assert.deepEqual(pir.push(T0 + 90 * S, false), [{ type: "paused", start: T0, at: T0 + 90 * S }], "paused at the clear, not yet finished");
    assert.equal(pir.occupied, false);
    assert.equal(pir.finishesAt(), T0 + 90 * S + 60 * S);
    assert.deepEqual(pir.advance(T0 + 150 * S - 1), [], "a millisecond before the merge gap runs out");
    assert.deepEqual(pir.advance(T0 + 150 * S), [{ type: "finished", start: T0, end: T0 + 90 * S, at: T0 + 150 * S }]);
    assert.equal(pir.finishesAt(), undefined);
    assert.deepEqual(pir.advance(T0 + 10 * MIN), [], "finished once");
  });

  it("joins episodes whose gap is shorter than the merge gap (paused, then resumed), and keeps them apart otherwise", () => {
    const pir = new EpisodeTracker("pir");
    const changes: EpisodeChange[] = [];
    pir.push(T0, true, changes);
    pir.push(T0 + 30 * S, false, changes);
    pir.push(T0 + 80 * S, true, changes); // 50 s later: the same episode
    pir.push(T0 + 120 * S, false, changes);
    pir.push(T0 + 185 * S, true, changes); // 65 s later: finished first, then a new one
    pir.push(T0 + 200 * S, false, changes);
    pir.advance(T0 + 10 * MIN, changes);
    assert.deepEqual(changes, [
      { type: "opened", start: T0 },
      { type: "paused", start: T0, at: T0 + 30 * S },
      { type: "resumed", start: T0, at: T0 + 80 * S },
      { type: "paused", start: T0, at: T0 + 120 * S },
      { type: "finished", start: T0, end: T0 + 120 * S, at: T0 + 180 * S },
      { type: "opened", start: T0 + 185 * S },
      { type: "paused", start: T0 + 185 * S, at: T0 + 200 * S },
      { type: "finished", start: T0 + 185 * S, end: T0 + 200 * S, at: T0 + 260 * S },
    ]);
  });

  it("drops mmWave blips shorter than 20 s as ghosts, keeps longer radar episodes", () => {
    const radar = new EpisodeTracker("mmwave");
    radar.push(T0, true);
    radar.push(T0 + 8 * S, false);
    assert.deepEqual(radar.advance(T0 + 2 * MIN), [{ type: "dropped", start: T0, at: T0 + 68 * S }]);
    radar.push(T0 + 5 * MIN, true);
    radar.push(T0 + 5 * MIN + 25 * S, false);
    assert.deepEqual(radar.advance(T0 + 10 * MIN), [{ type: "finished", start: T0 + 5 * MIN, end: T0 + 5 * MIN + 25 * S, at: T0 + 6 * MIN + 25 * S }]);
  });

  it("keeps a PIR's short episodes (a PIR's motion is never a ghost)", () => {
    const pir = new EpisodeTracker("pir");
    pir.push(T0, true);
    pir.push(T0 + 5 * S, false);
    assert.deepEqual(pir.advance(T0 + 2 * MIN), [{ type: "finished", start: T0, end: T0 + 5 * S, at: T0 + 65 * S }]);
  });

  it("takes its merge gap and blip limit from the options", () => {
    const radar = new EpisodeTracker("mmwave", { mergeGapMs: 10 * S, blipMs: 0 });
    radar.push(T0, true);
    radar.push(T0 + 3 * S, false);
    assert.equal(radar.finishesAt(), T0 + 13 * S);
    assert.deepEqual(radar.advance(T0 + 13 * S), [{ type: "finished", start: T0, end: T0 + 3 * S, at: T0 + 13 * S }], "blipMs 0 keeps every episode");
  });

  it("says how long the episode under way has lasted", () => {
    const pir = new EpisodeTracker("pir");
    assert.equal(pir.duration(T0), 0, "no episode");
    pir.push(T0, true);
    assert.equal(pir.duration(T0 + 4 * MIN), 4 * MIN, "still occupied: up to now");
    pir.push(T0 + 5 * MIN, false);
    assert.equal(pir.duration(T0 + 5 * MIN + 30 * S), 5 * MIN, "waiting out the merge gap: up to the clear");
    pir.advance(T0 + 7 * MIN);
    assert.equal(pir.duration(T0 + 8 * MIN), 0);
  });

  it("ignores a clear with no episode and repeated occupied reports", () => {
    const pir = new EpisodeTracker("pir");
    assert.deepEqual(pir.push(T0, false), []);
    assert.deepEqual(pir.advance(T0 + 5 * MIN), []);
    pir.push(T0 + 5 * MIN, true);
    assert.deepEqual(pir.push(T0 + 6 * MIN, true), [], "still the same episode");
    pir.push(T0 + 7 * MIN, false);
    assert.deepEqual(pir.advance(T0 + 9 * MIN), [{ type: "finished", start: T0 + 5 * MIN, end: T0 + 7 * MIN, at: T0 + 8 * MIN }]);
  });
});
