import assert from "node:assert/strict";
import { EpisodeChange, EpisodeOptions } from "../../core/episodes";
import { SensorKind } from "../../core/events";
import { Learner, LOST_CLEARS_MEMORY_MS, SensorMeta, SensorSnapshot } from "../../core/learner";

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const T0 = Date.parse("2026-03-10T18:00:00+01:00");

/** One sensor's episodes, as the learner (with no baseline) makes them: the changes of each call. */
class Tracker {
  private readonly learner: Learner;

  constructor(
    private readonly kind: SensorKind,
    options: Partial<EpisodeOptions> = {},
  ) {
    this.learner = new Learner(undefined, options);
  }

  push(ts: number, occupied: boolean, out: EpisodeChange[] = []): EpisodeChange[] {
    for (const note of this.learner.push({ type: "presence", sensor: "0x01", ts, occupied, device: { kind: this.kind } })) out.push(note.change);
    return out;
  }

  advance(now: number, out: EpisodeChange[] = []): EpisodeChange[] {
    for (const note of this.learner.advance(now)) out.push(note.change);
    return out;
  }

  finishesAt(): number {
    return this.learner.nextFinish();
  }

  snapshot(): SensorSnapshot {
    return this.learner.snapshot("0x01")!;
  }

  restore(snapshot: SensorSnapshot): void {
    this.learner.restore("0x01", snapshot);
  }

  get meta(): SensorMeta {
    return this.learner.meta("0x01")!;
  }

  get occupied(): boolean {
    const { start, clearedAt } = this.learner.snapshot("0x01")!.tracker;
    return start !== undefined && clearedAt === undefined;
  }
}

describe("presence episodes", () => {
  it("a PIR's occupied → clear is one episode, paused at the clear and finished a merge gap (60 s) after it", () => {
    const pir = new Tracker("pir");
    assert.deepEqual(pir.push(T0, true), [{ type: "opened", start: T0 }]);
    assert.equal(pir.occupied, true);
    assert.equal(pir.finishesAt(), Infinity, "nothing to finish while occupied");
    assert.deepEqual(pir.push(T0 + 90 * S, false), [{ type: "paused", start: T0, at: T0 + 90 * S }], "paused at the clear, not yet finished");
    assert.equal(pir.occupied, false);
    assert.equal(pir.finishesAt(), T0 + 90 * S + 60 * S);
    assert.deepEqual(pir.advance(T0 + 150 * S - 1), [], "a millisecond before the merge gap runs out");
    assert.deepEqual(pir.advance(T0 + 150 * S), [{ type: "finished", start: T0, end: T0 + 90 * S, at: T0 + 150 * S }]);
    assert.equal(pir.finishesAt(), Infinity);
    assert.deepEqual(pir.advance(T0 + 10 * MIN), [], "finished once");
  });

  it("joins episodes whose gap is shorter than the merge gap (paused, then resumed), and keeps them apart otherwise", () => {
    const pir = new Tracker("pir");
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
    const radar = new Tracker("mmwave");
    radar.push(T0, true);
    radar.push(T0 + 8 * S, false);
    assert.deepEqual(radar.advance(T0 + 2 * MIN), [{ type: "dropped", start: T0, at: T0 + 68 * S }]);
    radar.push(T0 + 5 * MIN, true);
    radar.push(T0 + 5 * MIN + 25 * S, false);
    assert.deepEqual(radar.advance(T0 + 10 * MIN), [{ type: "finished", start: T0 + 5 * MIN, end: T0 + 5 * MIN + 25 * S, at: T0 + 6 * MIN + 25 * S }]);
  });

  it("keeps a PIR's short episodes (a PIR's motion is never a ghost)", () => {
    const pir = new Tracker("pir");
    pir.push(T0, true);
    pir.push(T0 + 5 * S, false);
    assert.deepEqual(pir.advance(T0 + 2 * MIN), [{ type: "finished", start: T0, end: T0 + 5 * S, at: T0 + 65 * S }]);
  });

  it("takes its merge gap and blip limit from the options", () => {
    const radar = new Tracker("mmwave", { mergeGapMs: 10 * S, blipMs: 0 });
    radar.push(T0, true);
    radar.push(T0 + 3 * S, false);
    assert.equal(radar.finishesAt(), T0 + 13 * S);
    assert.deepEqual(radar.advance(T0 + 13 * S), [{ type: "finished", start: T0, end: T0 + 3 * S, at: T0 + 13 * S }], "blipMs 0 keeps every episode");
  });

  it("ignores a clear with no episode and repeated occupied reports", () => {
    const pir = new Tracker("pir");
    assert.deepEqual(pir.push(T0, false), []);
    assert.deepEqual(pir.advance(T0 + 5 * MIN), []);
    pir.push(T0 + 5 * MIN, true);
    assert.deepEqual(pir.push(T0 + 6 * MIN, true), [], "still the same episode");
    pir.push(T0 + 7 * MIN, false);
    assert.deepEqual(pir.advance(T0 + 9 * MIN), [{ type: "finished", start: T0 + 5 * MIN, end: T0 + 7 * MIN, at: T0 + 8 * MIN }]);
  });

  describe("a PIR whose clear is lost", () => {
    const TIMEOUT = 90 * S;
    /**
     * Visits to a PIR that reports each motion, as Aqara's do: "occupied" again a minute into the
     * visit (within its timeout), and its clear the timeout after that last report.
     */
    function repeater(options: Partial<EpisodeOptions> = {}): { pir: Tracker; next: number } {
      const pir = new Tracker("pir", options);
      let t = T0;
      for (let visit = 0; visit < 45; visit++, t += 30 * MIN) {
        pir.push(t, true);
        pir.push(t + MIN, true);
        pir.push(t + MIN + TIMEOUT, false);
      }
      pir.advance(t);
      return { pir, next: t };
    }

    it("has cleared a timeout after its last report, when it reports each motion and has been silent for two timeouts", () => {
      const { pir, next: t } = repeater();
      const moving: EpisodeChange[] = [];
      for (let m = 0; m <= 20; m++) pir.push(t + m * MIN, true, moving);
      pir.push(t + 20 * MIN + TIMEOUT, false, moving);
      assert.deepEqual(
        moving.map((c) => c.type),
        ["opened", "paused"],
        "someone moving for 20 minutes, reported every minute: one episode until the clear",
      );
      const u = t + HOUR;
      pir.push(u, true);
      pir.push(u + MIN, true);
      assert.deepEqual(pir.advance(u + MIN + 2 * TIMEOUT - 1), [], "still within two timeouts of the last report");
      assert.deepEqual(pir.advance(u + MIN + 2 * TIMEOUT), [
        { type: "paused", start: u, at: u + MIN + TIMEOUT },
        { type: "finished", start: u, end: u + MIN + TIMEOUT, at: u + MIN + TIMEOUT + MIN },
      ]);
      assert.deepEqual(pir.push(u + HOUR, false), [], "a clear that turns up late changes nothing");
    });

    it("waits for the clear of a PIR that holds while it sees motion (one report, Hue's), however long the stay", () => {
      const pir = new Tracker("pir");
      let t = T0;
      for (let visit = 0; visit < 45; visit++, t += 30 * MIN) {
        pir.push(t, true);
        if (visit % 5 !== 4) pir.push(t + TIMEOUT + (visit % 3) * MIN, false); // every fifth clear lost
      }
      pir.push(t, true);
      assert.deepEqual(pir.advance(t + 40 * MIN), [], "a stay of 40 minutes, one report");
      assert.equal(pir.occupied, true);
    });

    it("waits for the clear with silentTimeouts 0", () => {
      const { pir, next: t } = repeater({ silentTimeouts: 0 });
      pir.push(t, true);
      pir.push(t + MIN, true);
      assert.deepEqual(pir.advance(t + HOUR), []);
      assert.equal(pir.occupied, true);
    });

    it("keeps what it learned of the PIR's timeout through a snapshot", () => {
      const { pir, next: t } = repeater();
      pir.push(t, true);
      const restored = new Tracker("pir");
      restored.restore(pir.snapshot());
      assert.deepEqual(restored.advance(t + 2 * TIMEOUT), [
        { type: "paused", start: t, at: t + TIMEOUT },
        { type: "finished", start: t, end: t + TIMEOUT, at: t + TIMEOUT + MIN },
      ]);
    });
  });

  describe("a sensor that reports changes only and loses its clears", () => {
    const TIMEOUT = 90 * S;
    /** 45 visits to a sensor that says "occupied" once and clears when they leave (a Hue-like PIR, a radar). */
    function changesOnly(kind: SensorKind, options: Partial<EpisodeOptions> = {}): { sensor: Tracker; next: number } {
      const sensor = new Tracker(kind, options);
      let t = T0;
      for (let visit = 0; visit < 45; visit++, t += 20 * MIN) {
        sensor.push(t, true);
        sensor.push(t + TIMEOUT + (visit % 3) * 10 * S, false);
      }
      sensor.advance(t);
      return { sensor, next: t };
    }

    it("ends the episode a timeout after its one report when it says 'occupied' again long after, with no clear between", () => {
      const { sensor: pir, next: t } = changesOnly("pir");
      pir.push(t, true);
      assert.deepEqual(pir.push(t + 30 * MIN, true), [
        { type: "paused", start: t, at: t + TIMEOUT },
        { type: "finished", start: t, end: t + TIMEOUT, at: t + TIMEOUT + MIN },
        { type: "opened", start: t + 30 * MIN },
      ]);
      assert.deepEqual(pir.snapshot().tracker.lost, { count: 1, lastMs: t + 30 * MIN });
      assert.ok(!pir.meta.losesClears, "one lost clear is not yet a lossy link");
      pir.push(t + 31 * MIN + TIMEOUT, false);
      pir.push(t + 2 * HOUR, true);
      pir.push(t + 3 * HOUR, true);
      assert.equal(pir.meta.losesClears, true, "the second within four weeks is");
      const restored = new Tracker("pir");
      restored.restore(pir.snapshot());
      assert.equal(restored.meta.losesClears, true, "kept through a snapshot");
      assert.deepEqual(restored.snapshot().tracker.lost, { count: 2, lastMs: t + 3 * HOUR });
    });

    it("trusts the link again four weeks after its last lost clear", () => {
      const { sensor: pir, next: t } = changesOnly("pir");
      for (const u of [t, t + 2 * HOUR]) {
        pir.push(u, true);
        pir.push(u + HOUR, true);
        pir.push(u + HOUR + TIMEOUT, false);
      }
      assert.equal(pir.meta.losesClears, true);
      pir.push(t + 3 * HOUR + LOST_CLEARS_MEMORY_MS + MIN, true);
      assert.equal(pir.meta.losesClears, false);
    });

    it("ends a radar's episode a blip after its word (when someone left is not timed)", () => {
      const { sensor: radar, next: t } = changesOnly("mmwave");
      radar.push(t, true);
      assert.deepEqual(radar.push(t + 15 * MIN, true).slice(0, 2), [
        { type: "paused", start: t, at: t + 20 * S },
        { type: "finished", start: t, end: t + 20 * S, at: t + 20 * S + MIN },
      ]);
    });

    it("takes no repeat for a lost clear: a radar that says 'occupied' again while someone stays, a PIR within its timeout", () => {
      const radar = new Tracker("mmwave");
      let t = T0;
      for (let visit = 0; visit < 12; visit++, t += HOUR) {
        for (let m = 0; m < 5; m++) radar.push(t + m * 2 * MIN, true);
        radar.push(t + 9 * MIN, false);
      }
      radar.push(t, true);
      radar.push(t + 2 * MIN, true);
      assert.deepEqual(radar.push(t + 20 * MIN, true), [], "a radar that repeats itself: someone still there");
      assert.ok(!radar.meta.losesClears);
      const { sensor: pir, next: u } = changesOnly("pir");
      pir.push(u, true);
      assert.deepEqual(pir.push(u + 5 * MIN, true), [], "5 minutes: could be the PIR's own repeat, not a lost clear");
    });

    it("waits for the clear with lostClearsToDoubt 0", () => {
      const { sensor: pir, next: t } = changesOnly("pir", { lostClearsToDoubt: 0 });
      pir.push(t, true);
      assert.deepEqual(pir.push(t + 30 * MIN, true), []);
      assert.equal(pir.occupied, true);
      assert.equal(pir.snapshot().tracker.lost, undefined);
    });
  });
});
