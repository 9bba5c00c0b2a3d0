import assert from "node:assert/strict";
import { Baseline } from "../../core/baseline";
import { PresenceEvent } from "../../core/events";
import { EpisodeNote, fromEpisodeMessage, InputError, Learner, toEpisodeMessage } from "../../core/learner";
import { Pipeline } from "../../core/pipeline";
import { SensorNumbers } from "../../core/sensor-numbers";

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const T0 = Date.parse("2026-03-10T18:00:00+01:00");
const SENSOR = "0x00158d0001a2b3c4";
const LOCATION = { site: "Kv. Lärkan", address: "Storgatan 12", space: "basement" as const };

const presence = (ts: number, occupied: boolean, extra: Partial<PresenceEvent> = {}): PresenceEvent => ({ type: "presence", sensor: SENSOR, ts, occupied, ...extra });

/** Asserts that `fn` throws an InputError with this code; returns it. */
function inputError(fn: () => unknown, code: string): InputError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof InputError, `expected an InputError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.name, "InputError");
  return caught;
}

describe("learner", () => {
  describe("check", () => {
    it("passes a well-formed presence event through", () => {
      const event = presence(T0, true, { location: LOCATION });
      assert.equal(Learner.check(event, T0), event);
      assert.equal(Learner.check(presence(T0 + 5 * MIN, false), T0).ts, T0 + 5 * MIN, "exactly 5 min ahead is tolerated");
    });

    it("says what is wrong with a bad event, as a code", () => {
      inputError(() => Learner.check(undefined), "notEvent");
      inputError(() => Learner.check("presence"), "notEvent");
      inputError(() => Learner.check(null), "notEvent");
      inputError(() => Learner.check({ type: "health", sensor: SENSOR, ts: T0, occupied: true }), "notPresence");
      inputError(() => Learner.check({ sensor: SENSOR, ts: T0, occupied: true }), "notPresence");
      inputError(() => Learner.check({ type: "presence", ts: T0, occupied: true }), "noSensor");
      inputError(() => Learner.check({ type: "presence", sensor: "", ts: T0, occupied: true }), "noSensor");
      inputError(() => Learner.check({ type: "presence", sensor: SENSOR, occupied: true }), "noTime");
      inputError(() => Learner.check({ type: "presence", sensor: SENSOR, ts: "2026-03-10T18:00:00Z", occupied: true }), "noTime");
      inputError(() => Learner.check({ type: "presence", sensor: SENSOR, ts: NaN, occupied: true }), "noTime");
      inputError(() => Learner.check({ type: "presence", sensor: SENSOR, ts: T0 }), "noOccupied");
      inputError(() => Learner.check({ type: "presence", sensor: SENSOR, ts: T0, occupied: "true" }), "noOccupied");
      const future = inputError(() => Learner.check(presence(T0 + 5 * MIN + 1, true), T0), "future");
      assert.match(future.message, /future/);
      const far = inputError(() => Learner.check(presence(T0 + 2 * HOUR, true), T0), "future");
      assert.equal(far.params.minutes, 120);
      assert.equal(Learner.check(presence(T0 + 2 * HOUR, true)).ts, T0 + 2 * HOUR, "without a receive time nothing is in the future");
    });
  });

  describe("push", () => {
    it("turns presence events into episode notes, in event time", () => {
      const learner = new Learner(new Baseline());
      const notes: EpisodeNote[] = [];
      learner.push(presence(T0, true, { location: LOCATION, device: { kind: "pir" } }), notes);
      learner.push(presence(T0 + 40 * S, false), notes);
      assert.equal(learner.nextFinish(), T0 + 100 * S);
      learner.advance(T0 + 99 * S, notes);
      assert.equal(notes.length, 2, "opened and paused, not yet finished");
      learner.advance(T0 + 100 * S, notes);
      assert.deepEqual(
        notes.map((n) => [n.sensor, n.ts, n.change.type]),
        [
          [SENSOR, T0, "opened"],
          [SENSOR, T0 + 40 * S, "paused"],
          [SENSOR, T0 + 100 * S, "finished"],
        ],
      );
      assert.deepEqual(notes[1].change, { type: "paused", start: T0, at: T0 + 40 * S });
      assert.deepEqual(notes[2].change, { type: "finished", start: T0, end: T0 + 40 * S, at: T0 + 100 * S });
      assert.deepEqual(notes[2].meta.location, LOCATION);
      assert.equal(learner.nextFinish(), Infinity);
    });

    it("refuses out-of-order and duplicate events and is left exactly as it was", () => {
      const good = [presence(T0, true, { location: LOCATION }), presence(T0 + 30 * S, false), presence(T0 + 5 * MIN, true), presence(T0 + 6 * MIN, false)];
      const twin = new Learner(new Baseline());
      const twinNotes: EpisodeNote[] = [];
      for (const event of good) twin.push(event, twinNotes);
      twin.advance(T0 + 10 * MIN, twinNotes);

      const learner = new Learner(new Baseline());
      const notes: EpisodeNote[] = [];
      learner.push(good[0], notes);
      learner.push(good[1], notes);
      const late = inputError(() => learner.push(presence(T0 + 10 * S, true, { device: { kind: "mmwave" }, location: { ...LOCATION, space: "attic" } }), notes), "outOfOrder");
      assert.equal(late.params.behind, 20);
      inputError(() => learner.push(presence(T0 + 30 * S, false), notes), "duplicate");
      inputError(() => learner.push(presence(T0 - HOUR, false), notes), "outOfOrder");
      assert.deepEqual(
        notes.map((n) => n.change.type),
        ["opened", "paused"],
        "the refused events changed no episode",
      );
      assert.equal(learner.meta(SENSOR)?.kind, "pir", "nor what is known of the sensor");
      assert.deepEqual(learner.meta(SENSOR)?.location, LOCATION);
      assert.equal(learner.nextFinish(), T0 + 90 * S, "the episode still finishes when it would have");
      learner.push(good[2], notes);
      learner.push(good[3], notes);
      learner.advance(T0 + 10 * MIN, notes);

      assert.deepEqual(notes, twinNotes, "the same episodes as without the bad events");
      assert.deepEqual(
        notes.filter((n) => n.change.type === "finished").map((n) => n.change),
        [
          { type: "finished", start: T0, end: T0 + 30 * S, at: T0 + 90 * S },
          { type: "finished", start: T0 + 5 * MIN, end: T0 + 6 * MIN, at: T0 + 7 * MIN },
        ],
      );
      // And the baseline learns the same once the learning delay has passed.
      learner.baseline!.commit(SENSOR, T0 + 6 * HOUR);
      twin.baseline!.commit(SENSOR, T0 + 6 * HOUR);
      const expected = (l: Learner) => l.baseline!.expectedVisits(SENSOR, T0 - HOUR, T0 + HOUR);
      assert.ok(expected(learner) > 0);
      assert.equal(expected(learner), expected(twin));
    });

    it("takes an event at the same time with the other state (a quick clear), but not the same one twice", () => {
      const learner = new Learner(undefined);
      const notes: EpisodeNote[] = [];
      learner.push(presence(T0, true), notes);
      learner.push(presence(T0, false), notes);
      inputError(() => learner.push(presence(T0, false), notes), "duplicate");
      learner.advance(T0 + 2 * MIN, notes);
      assert.deepEqual(notes.map((n) => n.change.type), ["opened", "paused", "finished"]);
    });

    it("keeps sensors apart: one sensor's time does not make another's events late", () => {
      const learner = new Learner(undefined);
      const notes: EpisodeNote[] = [];
      learner.push(presence(T0 + HOUR, true), notes);
      learner.push({ type: "presence", sensor: "other", ts: T0, occupied: true }, notes);
      assert.deepEqual(notes.map((n) => [n.sensor, n.change.type]), [[SENSOR, "opened"], ["other", "opened"]]);
    });

    it("knows a radar from its device kind and drops its ghosts", () => {
      const learner = new Learner(undefined);
      const notes: EpisodeNote[] = [];
      learner.push(presence(T0, true, { device: { kind: "mmwave" } }), notes);
      learner.push(presence(T0 + 5 * S, false, { device: { kind: "mmwave" } }), notes);
      learner.advance(T0 + 2 * MIN, notes);
      assert.equal(learner.meta(SENSOR)?.kind, "mmwave");
      assert.deepEqual(notes.map((n) => n.change.type), ["opened", "paused", "dropped"]);
    });
  });

  describe("health", () => {
    it("tells the baseline when a sensor is reported offline, and its next presence event brings it back", () => {
      const baseline = new Baseline();
      const learner = new Learner(baseline);
      learner.push(presence(T0, true));
      learner.push(presence(T0 + MIN, false));
      learner.health({ type: "health", sensor: SENSOR, ts: T0 + HOUR, online: false });
      assert.equal(baseline.get(SENSOR)!.offline, true);
      learner.health({ type: "health", sensor: SENSOR, ts: T0 + 2 * HOUR, battery: 80 });
      assert.equal(baseline.get(SENSOR)!.offline, true, "a battery report says nothing of being back");
      learner.health({ type: "health", sensor: "unknown", ts: T0 + 2 * HOUR, online: false });
      assert.equal(baseline.get("unknown"), undefined, "a sensor never heard from gets no state");
      learner.push(presence(T0 + 5 * HOUR, true));
      assert.equal(baseline.get(SENSOR)!.offline, false, "heard again");
      assert.equal(baseline.get(SENSOR)!.heardAt, T0 + 5 * HOUR);

      const pipeline = new Pipeline();
      pipeline.presence(presence(T0, true));
      pipeline.health({ type: "health", sensor: SENSOR, ts: T0 + HOUR, online: false });
      assert.equal(pipeline.baseline.get(SENSOR)!.offline, true, "the pipeline passes health to the learner");
    });
  });

  it("numbers its sensors as its baseline does, whose numbers it reads in the same rows", () => {
    const baseline = new Baseline();
    assert.equal(new Learner(baseline).sensors, baseline.numbers);
    assert.throws(() => new Learner(baseline, {}, false, new SensorNumbers()), /numbers its sensors as its baseline/);
  });

  it("raises no loitering when a PIR that reports each motion loses its clear, as it would wait for one that holds", () => {
    /** A night and a morning of visits to a basement PIR, then one whose clear is lost; the loitering incidents it gives. */
    function loitering(repeats: boolean, silentTimeouts?: number): string[] {
      const pipeline = new Pipeline({ detector: "fixed-15min", fromDataStart: true, episodes: silentTimeouts === undefined ? {} : { silentTimeouts } });
      const out: Parameters<Pipeline["presence"]>[1] = [];
      const at = (ts: number, occupied: boolean) => pipeline.presence(presence(ts, occupied, { location: LOCATION, device: { kind: "pir" } }), out);
      let t = T0;
      for (let visit = 0; visit < 45; visit++, t += 20 * MIN) {
        at(t, true);
        if (repeats) at(t + MIN, true);
        at(t + (repeats ? MIN : 0) + 90 * S, false);
      }
      at(t, true);
      if (repeats) at(t + MIN, true);
      pipeline.advance(t + HOUR, out);
      return out.filter((i) => i.kind === "loitering").map((i) => `${i.state} ${new Date(i.start).toISOString()}`);
    }
    assert.deepEqual(loitering(true), []);
    assert.equal(loitering(true, 0)[0], `open ${new Date(T0 + 45 * 20 * MIN).toISOString()}`, "silentTimeouts 0 waits for the clear");
    assert.equal(loitering(false)[0], `open ${new Date(T0 + 45 * 20 * MIN).toISOString()}`, "one report and silence from a PIR that holds: someone there");
  });

  it("believes a stay at a sensor that loses its clears at its clear, and raises none for a clear lost", () => {
    const pipeline = new Pipeline({ detector: "fixed-15min", fromDataStart: true });
    const out: Parameters<Pipeline["presence"]>[1] = [];
    const at = (ts: number, occupied: boolean) => pipeline.presence(presence(ts, occupied, { location: LOCATION, device: { kind: "pir" } }), out);
    const loitering = () => out.filter((i) => i.kind === "loitering" && i.state === "open").map((i) => ({ start: i.start, detectedAt: i.detectedAt }));
    let t = T0;
    for (let visit = 0; visit < 45; visit++, t += 20 * MIN) {
      at(t, true);
      at(t + 90 * S, false);
    }
    // Two clears lost (each seen when it says "occupied" again, half an hour on): a lossy link.
    for (const lost of [t, t + 2 * HOUR]) {
      at(lost, true);
      at(lost + 30 * MIN, true);
      at(lost + 30 * MIN + 90 * S, false);
    }
    assert.equal(loitering().length, 2, "before the link is known to be lossy, its silences alert as stays");
    out.length = 0;
    const third = t + 4 * HOUR;
    at(third, true);
    pipeline.advance(third + HOUR, out);
    at(third + HOUR, true);
    at(third + HOUR + 90 * S, false);
    assert.deepEqual(loitering(), [], "an hour of silence after one report, then 'occupied' again: a clear lost, no one there");
    const stay = third + 3 * HOUR;
    at(stay, true);
    pipeline.advance(stay + 39 * MIN, out);
    assert.deepEqual(loitering(), [], "a stay is not yet believed while the sensor is silent");
    at(stay + 40 * MIN, false);
    assert.deepEqual(loitering(), [{ start: stay, detectedAt: stay + 40 * MIN }], "its clear tells that someone was there for 40 minutes");
  });

  it("tells the anomaly node in its episode messages that a sensor loses its clears, and only then", () => {
    const note: EpisodeNote = { sensor: SENSOR, ts: T0, change: { type: "opened", start: T0 }, meta: { kind: "pir", location: LOCATION } };
    assert.equal("losesClears" in toEpisodeMessage(note), false);
    const lossy = toEpisodeMessage({ ...note, meta: { ...note.meta, losesClears: true } });
    assert.equal(lossy.losesClears, true);
    assert.equal(fromEpisodeMessage(JSON.parse(JSON.stringify(lossy))).meta.losesClears, true);
    assert.equal(fromEpisodeMessage(toEpisodeMessage(note)).meta.losesClears, undefined);
  });
});
