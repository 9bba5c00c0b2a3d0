import assert from "node:assert/strict";
import { Baseline, logNormalSurvival, normalCdf, normalQuantile } from "../../core/baseline";

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Monday 2 February 2026, 00:00 in Stockholm: three weeks without a holiday follow. */
const MONDAY = Date.parse("2026-02-02T00:00:00+01:00");
/** Tuesday of the fourth week. */
const at = (iso: string) => Date.parse(`2026-02-24T${iso}:00+01:00`);

function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

/** Three weeks of a place visited four times an hour 08–09 on weekdays, 90 s each, never otherwise. */
function morningRoutine(baseline: Baseline, sensor: string, weeks = 3): number {
  baseline.track(sensor, MONDAY);
  for (let day = 0; day < 7 * weeks; day++) {
    if (day % 7 >= 5) continue;
    for (let k = 0; k < 4; k++) {
      const start = MONDAY + day * DAY + 8 * HOUR + k * 15 * MIN + 2 * MIN;
      baseline.add(sensor, start, start + 90 * S);
    }
  }
  const end = MONDAY + 7 * weeks * DAY;
  baseline.commit(sensor, end);
  return end;
}

/** A busy stairwell: visits of 10–60 s every few minutes from 06 to 23, now and then one at night. */
function busyStairwell(baseline: Baseline, sensor: string, weeks: number): number {
  const random = seeded(42);
  baseline.track(sensor, MONDAY);
  const end = MONDAY + 7 * weeks * DAY;
  for (let t = MONDAY; t < end; ) {
    const hour = new Date(t + HOUR).getUTCHours(); // roughly local time, enough for a rhythm
    const gap = hour >= 6 && hour < 23 ? 30 * S + random() * 3 * MIN : 20 * MIN + random() * 60 * MIN;
    t = Math.round(t + gap);
    const end = t + Math.round(10 * S + random() * 50 * S);
    baseline.add(sensor, t, end, end + MIN);
    t = end;
  }
  baseline.commit(sensor, end);
  return end;
}

/**
 * A landing over `weeks` weeks: residents pass now and then through the day, not while the
 * cleaner is there; Thursdays from 10:00 the cleaner mops in five bursts of 4 min, a minute's
 * pause between them. Visits unsorted, and each Thursday stint's start.
 */
function cleanedLanding(seed: number, weeks: number): { visits: [number, number][]; stints: number[] } {
  const random = seeded(seed);
  const visits: [number, number][] = [];
  const stints: number[] = [];
  for (let day = 0; day < 7 * weeks; day++) {
    for (let hour = 7; hour < 22; hour += 2) {
      const start = MONDAY + day * DAY + hour * HOUR + Math.round(random() * 60 * MIN);
      visits.push([start, start + Math.round(15 * S + random() * 30 * S)]);
    }
    if (day % 7 === 3) {
      stints.push(MONDAY + day * DAY + 10 * HOUR);
      for (let k = 0, t = stints.at(-1)!; k < 5; k++, t += 5 * MIN) visits.push([t, t + 4 * MIN]);
    }
  }
  return { visits, stints };
}

const near = (actual: number, expected: number, relative: number, message?: string) =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected) + 1e-9, `${message ?? ""} ${actual} is not within ${relative * 100}% of ${expected}`);

describe("baseline", () => {
  it("is learning for the first 14 days after a sensor is first seen, then learned", () => {
    const baseline = new Baseline();
    assert.equal(baseline.learned("0xaaaa", MONDAY), false, "an unknown sensor is not learned");
    baseline.track("0xaaaa", MONDAY);
    assert.equal(baseline.learned("0xaaaa", MONDAY + 13 * DAY), false);
    assert.equal(baseline.learned("0xaaaa", MONDAY + 14 * DAY - 1), false);
    assert.equal(baseline.learned("0xaaaa", MONDAY + 14 * DAY), true);
    const quick = new Baseline({ learningDays: 2 });
    quick.track("0xaaaa", MONDAY);
    assert.equal(quick.learned("0xaaaa", MONDAY + 2 * DAY), true, "learningDays is an option");
  });

  it("expects visits where the rhythm has them: weekday mornings, not nights or weekends", () => {
    const baseline = new Baseline();
    morningRoutine(baseline, "0xaaaa");
    const morning = baseline.expectedVisits("0xaaaa", at("07:00"), at("10:00"));
    near(morning, 4, 0.15, "four visits around Tuesday 08–09");
    const peak = baseline.expectedVisits("0xaaaa", at("08:30"), at("09:00"));
    const night = baseline.expectedVisits("0xaaaa", at("03:00"), at("03:30"));
    assert.ok(peak > 1, `Tuesday 08:30: ${peak}`);
    assert.ok(night < 0.01 * peak, `03:00: ${night}`);
    const saturday = baseline.expectedVisits("0xaaaa", at("08:00") + 4 * DAY, at("09:00") + 4 * DAY);
    assert.ok(saturday < 0.01 * peak, `Saturday 08–09: ${saturday}`);
    assert.equal(baseline.expectedVisits("0xbbbb", at("08:00"), at("09:00")), 0, "an unknown sensor expects nothing");
  });

  it("learns an episode only after the learning delay (4 h), so an incident can still keep it out", () => {
    const baseline = new Baseline();
    const end = morningRoutine(baseline, "0xaaaa");
    const start = end + 3 * HOUR; // Monday 03:00, where nothing has been seen
    const slot = () => baseline.expectedVisits("0xaaaa", start, start + 30 * MIN);
    const before = slot();
    baseline.add("0xaaaa", start, start + 2 * MIN);
    baseline.commit("0xaaaa", start + 2 * MIN + 4 * HOUR - 1);
    assert.equal(slot(), before, "not yet learned");
    baseline.commit("0xaaaa", start + 2 * MIN + 4 * HOUR);
    assert.ok(slot() > before, "learned once the delay is over");

    const kept = new Baseline();
    const end2 = morningRoutine(kept, "0xaaaa");
    const start2 = end2 + 3 * HOUR;
    kept.add("0xaaaa", start2, start2 + 2 * MIN);
    kept.exclude("0xaaaa", start2 + MIN, start2 + 20 * MIN); // an incident overlapping it
    kept.commit("0xaaaa", start2 + 6 * HOUR);
    assert.equal(kept.expectedVisits("0xaaaa", start2, start2 + 30 * MIN), before, "an excluded episode is never learned");
  });

  it("keeps its serialized record under 8 KB after weeks of a busy stairwell, with pending and excluded bounded", () => {
    const baseline = new Baseline();
    const end = busyStairwell(baseline, "0x00158d0001a2b3c4", 6);
    const record = baseline.serialize("0x00158d0001a2b3c4")!;
    const bytes = Buffer.byteLength(JSON.stringify(record));
    assert.ok(bytes <= 8192, `${bytes} bytes`);
    // Episodes waiting to be learned, as the record keeps them (two 32-bit numbers each).
    const pending = () => Buffer.from(baseline.serialize("0x00158d0001a2b3c4")!.pending, "base64").length / 8;
    assert.ok(pending() > 0, "episodes of the last hours are waiting");
    assert.ok(pending() <= 128);

    // A day of incidents: hundreds of separate windows kept out within a few hours.
    for (let i = 0; i < 300; i++) baseline.exclude("0x00158d0001a2b3c4", end - 3 * HOUR + i * 30 * S, end - 3 * HOUR + i * 30 * S + 10 * S);
    // And a flood of episodes that cannot wait for the delay.
    for (let i = 0; i < 1000; i++) baseline.add("0x00158d0001a2b3c4", end + i * 5 * S, end + i * 5 * S + 2 * S);
    const state = baseline.get("0x00158d0001a2b3c4")!;
    assert.ok(pending() <= 128, `${pending()} episodes pending`);
    const busy = Buffer.byteLength(JSON.stringify(baseline.serialize("0x00158d0001a2b3c4")));
    assert.ok(busy <= 8192, `${busy} bytes with ${state.excluded.length} excluded windows`);

    baseline.commit("0x00158d0001a2b3c4", end + 12 * HOUR);
    assert.equal(pending(), 0, "all learned after the delay");
    assert.equal(state.excluded.length, 0, "old exclusions are let go");
  });

  it("restores from its serialized record (through JSON) with the same expectations", () => {
    const baseline = new Baseline();
    const end = busyStairwell(baseline, "stairwell", 4);
    const random = seeded(7);
    baseline.track("laundry", MONDAY);
    for (let day = 0; day < 28; day++) {
      for (const hour of [10, 18]) {
        const start = MONDAY + day * DAY + hour * HOUR + Math.round(random() * 30 * MIN);
        baseline.add("laundry", start, start + Math.round((30 + 30 * random()) * MIN));
      }
    }
    baseline.commit("laundry", end);
    // One episode still waiting to be learned when the process stops.
    baseline.add("laundry", end + 3 * HOUR, end + 3 * HOUR + 10 * MIN);

    const restored = new Baseline();
    for (const sensor of ["stairwell", "laundry"]) restored.restore(sensor, JSON.parse(JSON.stringify(baseline.serialize(sensor))));

    const instants = [at("03:00"), at("08:30"), at("10:30"), at("17:00"), at("18:30") + 4 * DAY];
    for (const sensor of ["stairwell", "laundry"]) {
      assert.equal(restored.learned(sensor, end), baseline.learned(sensor, end));
      near(restored.meanVisitsPerHour(sensor), baseline.meanVisitsPerHour(sensor), 0.01, `${sensor} mean visits per hour`);
      for (const t of instants) {
        near(restored.expectedVisits(sensor, t, t + HOUR), baseline.expectedVisits(sensor, t, t + HOUR), 0.01, `${sensor} visits at ${new Date(t).toISOString()}`);
        const fit = baseline.dwellFit(sensor, t)!;
        const again = restored.dwellFit(sensor, t)!;
        near(again.mu, fit.mu, 0.01, `${sensor} dwell mu`);
        near(again.sigma, fit.sigma, 0.01, `${sensor} dwell sigma`);
        const tail = baseline.sessionTail(sensor, t, 0.001);
        const tailAgain = restored.sessionTail(sensor, t, 0.001);
        assert.equal(tailAgain === undefined, tail === undefined, `${sensor} session tail at ${new Date(t).toISOString()}`);
        if (tail && tailAgain) near(tailAgain.minutes, tail.minutes, 0.01, `${sensor} session tail minutes`);
      }
    }
    assert.ok(baseline.sessionTail("laundry", at("10:30"), 0.001), "the comparison covered a session tail");
    for (const t of [end - 15 * HOUR, end - 6 * HOUR]) near(restored.recentVisits("laundry", t, t + 3 * HOUR)!, baseline.recentVisits("laundry", t, t + 3 * HOUR)!, 1e-9, "recent visits");
    assert.ok(baseline.recentVisits("laundry", end - 15 * HOUR, end - 12 * HOUR)! > 0, "the comparison covered a recent level");
    const older = JSON.parse(JSON.stringify(baseline.serialize("laundry")));
    delete older.recent;
    const withoutRecent = new Baseline();
    withoutRecent.restore("laundry", older);
    assert.equal(withoutRecent.recentVisits("laundry", end - 15 * HOUR, end - 12 * HOUR), undefined, "a record from before recent visits were kept starts them afresh");

    // The waiting episode is learned after the delay in the restored baseline too.
    const slot = (b: Baseline) => b.expectedVisits("laundry", end + 3 * HOUR, end + 3 * HOUR + 30 * MIN);
    const before = slot(restored);
    baseline.commit("laundry", end + 8 * HOUR);
    restored.commit("laundry", end + 8 * HOUR);
    assert.ok(slot(restored) > before, "the pending episode survived the restart");
    near(slot(restored), slot(baseline), 0.01);
  });

  describe("a sensor that stops working (a flat battery) does not learn its silence as quiet", () => {
    const SENSOR = "0x00158d0001a2b3c4";
    /** Expected visits on a weekday at 08–20, when the busy stairwell sees dozens. */
    const day = (b: Baseline, t: number) => b.expectedVisits(SENSOR, t + 8 * HOUR, t + 20 * HOUR);
    /** The silence passes as in trappan-baseline, which lets time pass for every sensor every few seconds (here every 10 min). */
    const silence = (b: Baseline, from: number, to: number) => {
      for (let t = from; t <= to; t += 10 * MIN) b.commit(SENSOR, t);
    };

    it("a busy stairwell silent for three weeks keeps its rates; the first day of silence still counts as quiet", () => {
      const baseline = new Baseline();
      const end = busyStairwell(baseline, SENSOR, 3);
      const tuesday = end + DAY; // the rates of a weekday, looked at the same way before and after
      const before = day(baseline, tuesday);
      assert.ok(before > 100, `${before} visits expected 08–20`);
      silence(baseline, end, end + 21 * DAY);
      const after = day(baseline, tuesday);
      // Counted as quiet, three more weeks would roughly halve the rates (4.5 weeks of weight instead of 3).
      near(after, before, 0.1, "after 21 days of silence");
      assert.ok(after < before, "a day of the silence is still counted as quiet");

      const stillCounted = new Baseline();
      busyStairwell(stillCounted, SENSOR, 3);
      silence(stillCounted, end, end + 20 * HOUR);
      assert.ok(day(stillCounted, tuesday) < 0.97 * before, "a silence of hours lowers the rates, as quiet should");
    });

    it("a presence event after the silence does not count it as quiet either", () => {
      const baseline = new Baseline();
      const end = busyStairwell(baseline, SENSOR, 3);
      const before = day(baseline, end + DAY);
      const back = end + 21 * DAY;
      baseline.commitTo(baseline.get(SENSOR)!, back, true);
      baseline.commit(SENSOR, back + HOUR);
      near(day(baseline, end + DAY), before, 0.1);
    });

    it("a quiet place's silence of days counts as quiet, and only a sensor reported offline keeps its rates through weeks", () => {
      // Twenty visits a week: three quiet days are nothing unusual, three silent weeks might be.
      const quiet = new Baseline();
      const end = morningRoutine(quiet, "0xaaaa");
      const morning = (b: Baseline) => b.expectedVisits("0xaaaa", at("07:00"), at("10:00"));
      const before = morning(quiet);
      for (let t = end; t <= end + 3 * DAY; t += 10 * MIN) quiet.commit("0xaaaa", t);
      assert.ok(morning(quiet) < 0.85 * before, `three quiet days lower the rates: ${morning(quiet)} against ${before}`);

      const offline = new Baseline();
      morningRoutine(offline, "0xaaaa");
      offline.availability("0xaaaa", false, end + DAY);
      for (let t = end; t <= end + 21 * DAY; t += 10 * MIN) offline.commit("0xaaaa", t);
      offline.availability("0xaaaa", true, end + 21 * DAY);
      const afterOffline = morning(offline);
      near(afterOffline, before, 0.1, "reported offline for 20 of 21 days");

      const unreported = new Baseline();
      morningRoutine(unreported, "0xaaaa");
      for (let t = end; t <= end + 21 * DAY; t += 10 * MIN) unreported.commit("0xaaaa", t);
      const afterUnreported = morning(unreported);
      assert.ok(afterUnreported < afterOffline, `unreported, a week of the silence counts as quiet: ${afterUnreported} against ${afterOffline}`);

      // Back online, its silence counts as quiet again.
      for (let t = end + 21 * DAY; t <= end + 24 * DAY; t += 10 * MIN) offline.commit("0xaaaa", t);
      assert.ok(morning(offline) < 0.85 * afterOffline, "quiet days after it is back lower the rates again");
    });

    it("remembers across a restart that a sensor is offline and when it was last heard", () => {
      // A quiet place (twenty visits a week), where five silent days would count as quiet.
      const baseline = new Baseline();
      const quietEnd = morningRoutine(baseline, "0xaaaa");
      const morning = (b: Baseline) => b.expectedVisits("0xaaaa", at("07:00"), at("10:00"));
      baseline.availability("0xaaaa", false, quietEnd + HOUR);
      const offline = new Baseline();
      offline.restore("0xaaaa", JSON.parse(JSON.stringify(baseline.serialize("0xaaaa"))));
      assert.equal(offline.get("0xaaaa")!.offline, true);
      for (let t = quietEnd + HOUR; t <= quietEnd + 5 * DAY; t += 10 * MIN) offline.commit("0xaaaa", t);
      near(morning(offline), morning(baseline), 0.02, "offline after the restart");

      // A busy stairwell silent for two days when saved: its silence goes on counting from when it was last heard.
      const end = busyStairwell(new Baseline(), SENSOR, 3);
      const silent = new Baseline();
      busyStairwell(silent, SENSOR, 3);
      silent.commit(SENSOR, end + 2 * DAY);
      const restored = new Baseline();
      restored.restore(SENSOR, JSON.parse(JSON.stringify(silent.serialize(SENSOR))));
      assert.equal(restored.get(SENSOR)!.heardAt, silent.get(SENSOR)!.heardAt, "last heard before the silence, not when saved");
      const before = day(restored, end + DAY);
      silence(restored, end + 2 * DAY, end + 21 * DAY);
      near(day(restored, end + DAY), before, 0.02, "the silence after the restart");
    });
  });

  it("answers for the sensor asked about, also right after another was touched, forgotten or restored", () => {
    const baseline = new Baseline({ learningDays: 1 });
    const end = busyStairwell(baseline, "stairwell", 2);
    baseline.track("attic", end - 3 * DAY);
    baseline.commit("attic", end);
    const busy = baseline.meanVisitsPerHour("stairwell");
    assert.ok(busy > 0.5, `the stairwell's visits: ${busy}`);
    assert.equal(baseline.meanVisitsPerHour("attic"), 0, "the attic, touched last, has its own (no) visits");
    assert.equal(baseline.meanVisitsPerHour("stairwell"), busy);
    const record = JSON.parse(JSON.stringify(baseline.serialize("stairwell")));

    baseline.forget("stairwell");
    assert.equal(baseline.get("stairwell"), undefined, "forgotten right after it was asked about");
    assert.equal(baseline.learned("stairwell", end), false);
    assert.equal(baseline.meanVisitsPerHour("stairwell"), 0);

    assert.equal(baseline.meanVisitsPerHour("attic"), 0);
    baseline.restore("attic", record);
    near(baseline.meanVisitsPerHour("attic"), busy, 0.01, "a restored record replaces what was there");
    baseline.commit("attic", end + HOUR);
    assert.equal(baseline.learned("attic", end + HOUR), true);
  });

  it("learns a sensor the same alone as among hundreds of others added meanwhile, and starts a forgotten one afresh", () => {
    const alone = new Baseline();
    const end = busyStairwell(alone, "stairwell", 2);
    const crowded = new Baseline();
    crowded.track("stairwell", MONDAY);
    // Others first heard while the stairwell learns: the rows that hold its numbers grow and move.
    const others = Array.from({ length: 300 }, (_, i) => `0x${i}`);
    const visits: [number, number, number][] = [];
    busyStairwell({ track: () => undefined, add: (_: string, a: number, b: number, now: number) => visits.push([a, b, now]), commit: () => undefined } as unknown as Baseline, "stairwell", 2);
    visits.forEach(([start, stop, now], i) => {
      crowded.add("stairwell", start, stop, now);
      if (i < others.length) crowded.add(others[i], start, stop + 30 * S);
    });
    crowded.commit("stairwell", end);
    assert.equal(crowded.size, 301);
    assert.deepEqual(crowded.serialize("stairwell"), alone.serialize("stairwell"));
    for (const i of [0, 1, 7, 299]) {
      const [start, stop] = visits[i];
      const lone = new Baseline();
      lone.add(others[i], start, stop + 30 * S);
      for (const b of [lone, crowded]) b.commit(others[i], end);
      assert.deepEqual(crowded.serialize(others[i]), lone.serialize(others[i]), `${others[i]} among the others as alone`);
      assert.ok(crowded.meanVisitsPerHour(others[i]) > 0, "it has a visit of its own");
    }

    crowded.forget("stairwell");
    crowded.track("stairwell", end);
    crowded.commit("stairwell", end + DAY);
    assert.equal(crowded.meanVisitsPerHour("stairwell"), 0, "nothing of the forgotten sensor's is left");
    assert.equal(crowded.serialize("stairwell")!.observedUntil, end + DAY);
  });

  it("refuses a record of another version or another slot size with a clear error", () => {
    const baseline = new Baseline();
    morningRoutine(baseline, "0xaaaa", 1);
    const record = baseline.serialize("0xaaaa")!;
    assert.throws(() => new Baseline().restore("0xaaaa", { ...record, v: 99 }), (error: Error) => error instanceof Error && /version 99/.test(error.message));
    assert.throws(
      () => new Baseline({ slotMinutes: 60 }).restore("0xaaaa", record),
      (error: Error) => /30-minute slots/.test(error.message) && /60/.test(error.message),
    );
    const other = new Baseline();
    assert.throws(() => other.restore("0xaaaa", { ...record, slotMinutes: 15 }));
    assert.equal(other.get("0xaaaa"), undefined, "a refused record leaves nothing behind");
    assert.equal(new Baseline().serialize("0xaaaa"), undefined, "nothing to serialize for an unknown sensor");
  });

  it("knows what the same hours of the last days saw: the median of up to six days, once there are three", () => {
    const baseline = new Baseline();
    baseline.track("bikes", MONDAY);
    // From the first Monday, afternoons of 0, 2, 4, 6, 8, 10 visits between 14:00 and 17:00, one a day more each week later.
    const afternoon = (day: number) => MONDAY + day * DAY + 14 * HOUR;
    const visitsOn = [0, 2, 4, 6, 8, 10, 12];
    for (let day = 0; day < 7; day++) {
      for (let k = 0; k < visitsOn[day]; k++) baseline.add("bikes", afternoon(day) + k * 15 * MIN, afternoon(day) + k * 15 * MIN + 90 * S);
    }
    // Visits count once learned (after the learning delay), as in a running pipeline.
    baseline.commit("bikes", afternoon(7));
    const window = (day: number) => baseline.recentVisits("bikes", afternoon(day), afternoon(day) + 3 * HOUR);
    assert.equal(window(2), undefined, "two days are no level");
    assert.equal(window(3), 2, "of 0, 2 and 4: 2");
    assert.equal(window(6), 5, "of 0, 2, 4, 6, 8, 10: between 4 and 6");
    assert.equal(window(7), 7, "of the last six days: 2 … 12");
    assert.equal(baseline.recentVisits("bikes", afternoon(6) - 3 * HOUR, afternoon(6)), 0, "the hours before were empty all week");
    // A window from 15:30 takes half of the visits in the hour from 15:00: days of 0, 0, 1, 2, 4, 6.
    assert.equal(baseline.recentVisits("bikes", afternoon(7) + 90 * MIN, afternoon(7) + 3 * HOUR), 1.5);
    // A week on, the ring has moved past those days: quiet afternoons again.
    baseline.add("bikes", afternoon(13) - 2 * HOUR, afternoon(13) - 2 * HOUR + MIN);
    baseline.commit("bikes", afternoon(13) + 3 * HOUR);
    assert.equal(window(13), 0);
    assert.equal(window(14), 0);
  });

  it("learns a weekly routine from whole sessions: a cleaner's 25 minutes a PIR sees as five short episodes", () => {
    const baseline = new Baseline();
    const { visits } = cleanedLanding(7, 3);
    baseline.track("landing", MONDAY);
    for (const [start, end] of visits.sort((a, b) => a[0] - b[0])) baseline.add("landing", start, end);
    baseline.commit("landing", MONDAY + 21 * DAY + 12 * HOUR);

    const thursday = Date.parse("2026-02-26T10:15:00+01:00");
    const routine = baseline.recurringLongStay("landing", thursday);
    assert.ok(routine, "the weekly cleaning is a routine, though no single episode lasts 10 min");
    near(routine.perWeek, 1, 0.25, "once a week");
    assert.ok(routine.seconds >= 24 * 60 && routine.seconds <= 60 * 60, `its longer stints last ${Math.round(routine.seconds / 60)} min`);
    assert.equal(baseline.recurringLongStay("landing", at("10:15")), undefined, "nothing long on Tuesdays");
  });

  it("keeps a routine through weeks in which its stint alerted: those weeks went unobserved, not without it (and after a restore)", () => {
    const baseline = new Baseline();
    const weeks = 5;
    const { visits, stints } = cleanedLanding(11, weeks);
    // The last two weeks' stints raised incidents (as they would after a holiday moved one):
    // the detector keeps their windows out of the learning while they are still pending.
    const alerted = new Set(stints.slice(3));
    baseline.track("landing", MONDAY);
    for (const [start, end] of visits.sort((a, b) => a[0] - b[0])) {
      baseline.add("landing", start, end);
      if (alerted.has(start)) baseline.exclude("landing", start, start + 25 * MIN);
    }
    const end = MONDAY + 7 * weeks * DAY;
    baseline.commit("landing", end);

    const thursday = Date.parse("2026-03-12T10:15:00+01:00");
    const routine = baseline.recurringLongStay("landing", thursday);
    assert.ok(routine, "still a routine");
    near(routine.perWeek, 1, 0.25, "once in each week it was seen, not three times in five");
    assert.equal(baseline.recurringLongStay("landing", Date.parse("2026-03-10T10:15:00+01:00")), undefined, "nothing long on Tuesdays");

    const restored = new Baseline();
    restored.restore("landing", JSON.parse(JSON.stringify(baseline.serialize("landing"))));
    near(restored.recurringLongStay("landing", thursday)!.perWeek, routine.perWeek, 0.01, "the same after a restore");
    const garbled = new Baseline();
    garbled.restore("landing", { ...JSON.parse(JSON.stringify(baseline.serialize("landing"))), censored: [999, 1, "x", null, 82] });
    assert.ok(Number.isFinite(garbled.recurringLongStay("landing", thursday)!.perWeek), "a garbled list of unobserved hours is left out, not read as NaN");
  });

  it("does not count a holiday as a week without a weekday's routine, and lets the routine come on the holiday or the first working day after it", () => {
    // A Friday cleaner, 10:00–10:25 in five bursts, who skips one Friday: an ordinary one in
    // February, Good Friday (3 April 2026) around Easter. A resident passes at 15:00 every day
    // (a session is learned once the next one begins).
    const fridays = (first: string, skipped: string) => {
      const baseline = new Baseline();
      const from = Date.parse(`${first}T00:00:00+01:00`);
      baseline.track("landing", from);
      for (let day = 0; day < 25; day++) {
        const midnight = from + day * DAY;
        if (day % 7 === 4 && new Date(midnight + 12 * HOUR).toISOString().slice(0, 10) !== skipped) {
          for (let k = 0, t = midnight + 10 * HOUR; k < 5; k++, t += 5 * MIN) baseline.add("landing", t, t + 4 * MIN);
        }
        baseline.add("landing", midnight + 15 * HOUR, midnight + 15 * HOUR + MIN);
      }
      const nextFriday = from + 25 * DAY + 10 * HOUR;
      baseline.commit("landing", nextFriday - MIN);
      return baseline.recurringLongStay("landing", nextFriday)!.perWeek;
    };
    const ordinary = fridays("2026-02-02", "2026-02-20");
    const easter = fridays("2026-03-16", "2026-04-03");
    assert.ok(ordinary < 0.6, `two stints in about three and a half weeks: ${ordinary} a week, under the detector's 0.6 for a routine`);
    near(easter, ordinary * (3.6 / 2.6), 0.1, "Good Friday's week is not one without her: two stints in about two and a half weeks");
    near(fridays("2026-03-16", "none"), easter, 1e-5, "had she come on Good Friday, that would be a Sunday's stay, not a Friday's");
    assert.ok(easter > 0.6);

    // A Monday cleaner, 10:00–10:25, whom Easter Monday (6 April) puts off to the Tuesday.
    const baseline = new Baseline();
    const from = Date.parse("2026-03-09T00:00:00+01:00");
    baseline.track("landing", from);
    for (let day = 0; day < 28; day++) {
      const midnight = from + day * DAY;
      if (day % 7 === 0) for (let k = 0, t = midnight + 10 * HOUR; k < 5; k++, t += 5 * MIN) baseline.add("landing", t, t + 4 * MIN);
      baseline.add("landing", midnight + 15 * HOUR, midnight + 15 * HOUR + MIN);
    }
    baseline.commit("landing", Date.parse("2026-04-06T09:00:00+02:00"));
    const on = (iso: string) => baseline.recurringLongStay("landing", Date.parse(`${iso}:00+02:00`));
    assert.ok((on("2026-04-06T10:00")?.perWeek ?? 0) > 0.6, "on Easter Monday itself, if she comes");
    assert.ok((on("2026-04-07T10:00")?.perWeek ?? 0) > 0.6, "on the Tuesday after it");
    assert.equal(on("2026-04-14T10:00"), undefined, "not on an ordinary Tuesday");
    assert.equal(on("2026-04-08T10:00"), undefined, "nor on the Wednesday after Easter");
    // Good Friday (3 April) puts a Friday's routine off over the weekend and Easter Monday to the Tuesday too.
    assert.deepEqual(on("2026-04-07T10:00"), on("2026-04-06T10:00"));
  });

  it("leaves a weekday routine out of the other days' session tail: a Thursday cleaner does not make long stays usual on Tuesdays", () => {
    const rule = { perWeek: 0.6, hours: [7, 22] as [number, number] };
    const weeks = 6;
    const baseline = new Baseline();
    const { visits, stints } = cleanedLanding(5, weeks);
    // The same landing where the stint comes every weekday: a habit of the place, not one day's routine.
    const daily = [...visits];
    for (const stint of stints) {
      for (const day of [-3, -2, -1, 1]) for (let k = 0, t = stint + day * DAY; k < 5; k++, t += 5 * MIN) daily.push([t, t + 4 * MIN]);
    }
    for (const [sensor, list] of [["landing", visits], ["daily", daily]] as const) {
      baseline.track(sensor, MONDAY);
      for (const [start, end] of [...list].sort((a, b) => a[0] - b[0])) baseline.add(sensor, start, end);
      baseline.commit(sensor, MONDAY + 7 * weeks * DAY);
    }

    const tuesday = Date.parse("2026-03-10T10:15:00+01:00");
    const thursday = Date.parse("2026-03-12T10:15:00+01:00");
    const pooled = baseline.sessionTail("landing", tuesday, 0.001);
    assert.ok(pooled && pooled.minutes > 45, `pooled over the weekdays, her stints make ${pooled?.minutes} min usual on any weekday morning`);
    assert.equal(baseline.sessionTail("landing", tuesday, 0.001, rule), undefined, "judged as her routine, they say nothing of Tuesdays");
    assert.deepEqual(baseline.sessionTail("landing", thursday, 0.001, rule), baseline.sessionTail("landing", thursday, 0.001), "at her own hour her stints count as before");
    assert.ok(baseline.sessionTail("landing", thursday, 0.001), "…and there is a tail there");
    assert.deepEqual(baseline.sessionTail("daily", tuesday, 0.001, rule), baseline.sessionTail("daily", tuesday, 0.001), "a stay every weekday is the place's own, kept in the tail");
    assert.deepEqual(baseline.sessionTail("landing", tuesday, 0.001, { ...rule, hours: [12, 22] }), pooled, "outside the routine's hours nothing is left out");
  });

  it("grows the session tail where long sessions are common (a laundry room), and has none with little evidence", () => {
    const baseline = new Baseline();
    const random = seeded(3);
    for (const sensor of ["laundry", "stairwell", "once"]) baseline.track(sensor, MONDAY);
    for (let day = 0; day < 21; day++) {
      for (const hour of [10, 18]) {
        const start = MONDAY + day * DAY + hour * HOUR + Math.round(random() * 30 * MIN);
        baseline.add("laundry", start, start + Math.round((30 + 30 * random()) * MIN));
      }
      for (let hour = 7; hour < 22; hour++) {
        for (let k = 0; k < 6; k++) {
          const start = MONDAY + day * DAY + hour * HOUR + k * 10 * MIN + Math.round(random() * 5 * MIN);
          baseline.add("stairwell", start, start + Math.round(20 * S + random() * 40 * S));
        }
      }
    }
    baseline.add("once", MONDAY + 3 * DAY + 10 * HOUR, MONDAY + 3 * DAY + 10 * HOUR + 45 * MIN);
    baseline.add("once", MONDAY + 4 * DAY + 10 * HOUR, MONDAY + 4 * DAY + 10 * HOUR + 2 * MIN);
    const end = MONDAY + 21 * DAY;
    for (const sensor of ["laundry", "stairwell", "once"]) baseline.commit(sensor, end);

    const laundry = baseline.sessionTail("laundry", at("10:30"), 0.001);
    assert.ok(laundry, "a laundry room has a tail of long sessions");
    assert.ok(laundry.minutes > 60, `residents' own sessions reach ${laundry.minutes} min a few times a year`);
    assert.ok(laundry.perWeek >= 1, `${laundry.perWeek} long sessions a week`);
    const often = baseline.sessionTail("laundry", at("10:30"), 1)!;
    assert.ok(often.minutes < laundry.minutes, "a session length exceeded weekly is shorter than one exceeded once in years");
    assert.equal(baseline.sessionTail("laundry", at("03:00"), 0.001), undefined, "no laundry at night");
    assert.equal(baseline.sessionTail("stairwell", at("10:30"), 0.001), undefined, "short visits make no long sessions");
    assert.equal(baseline.sessionTail("once", at("10:30"), 0.001), undefined, "one long session is too little to say");
    assert.equal(baseline.sessionTail("unknown", at("10:30"), 0.001), undefined);
  });

  describe("distributions", () => {
    it("normalCdf and normalQuantile agree with the tables and with each other", () => {
      assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
      assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
      assert.ok(Math.abs(normalCdf(-1) - 0.158655) < 1e-6);
      assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-6);
      assert.ok(Math.abs(normalQuantile(0.5)) < 1e-9);
      assert.ok(Math.abs(normalQuantile(0.001) + 3.090232) < 1e-6, "lower tail");
      assert.ok(Math.abs(normalQuantile(0.999) - 3.090232) < 1e-6, "upper tail");
      assert.equal(normalQuantile(0), -Infinity);
      assert.equal(normalQuantile(1), Infinity);
      for (const z of [-3, -1.5, -0.2, 0.7, 2.5]) assert.ok(Math.abs(normalQuantile(normalCdf(z)) - z) < 1e-4, `round trip at ${z}`);
      for (let z = -4; z < 4; z += 0.5) assert.ok(normalCdf(z + 0.5) > normalCdf(z), "increasing");
    });

    it("logNormalSurvival: half of a log-normal lies beyond its median, less ever further out", () => {
      const fit = { mu: Math.log(60), sigma: 0.5 };
      assert.ok(Math.abs(logNormalSurvival(fit, 60) - 0.5) < 1e-6);
      assert.ok(Math.abs(logNormalSurvival(fit, 60 * Math.exp(0.5)) - 0.158655) < 1e-5, "one sigma up");
      assert.ok(logNormalSurvival(fit, 600) < 1e-5);
      assert.ok(logNormalSurvival(fit, 1) > 0.99999);
      assert.ok(logNormalSurvival(fit, 0) <= 1 && logNormalSurvival(fit, 0) > 0.99999, "zero seconds is safe");
    });
  });
});
