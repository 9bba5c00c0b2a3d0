import assert from "node:assert/strict";
import { Baseline } from "../../core/baseline";
import { Learner } from "../../core/learner";
import { Aggregator } from "../../core/storage/aggregates";
import { aggregateLine, incidentLine, isIncidentLine, healthLine } from "../../core/storage/points";
import type { Aggregate } from "../../core/storage/points";
import type { Incident, PresenceEvent } from "../../core/events";

const S = 1000;
const MIN = 60 * S;
const T0 = Date.parse("2026-03-10T18:00:00+01:00"); // a bucket boundary
const LOCATION = { site: "Kv. Lärkan", address: "Storgatan 12", space: "basement" as const, district: "Skärholmen" };

/** Presence events through a learner (as trappan-store does without a baseline node) into an aggregator. */
function aggregate(events: [number, boolean, string?][], until: number, aggregator = new Aggregator()): Aggregate[] {
  const learner = new Learner(undefined);
  const out: Aggregate[] = [];
  const notes: ReturnType<Learner["push"]> = [];
  for (const [ts, occupied, kind] of events) {
    learner.advance(ts, notes);
    const event: PresenceEvent = { type: "presence", sensor: "s1", ts, occupied, location: LOCATION, device: { kind: (kind as "pir" | "mmwave") ?? "pir" } };
    learner.push(event, notes);
    for (const n of notes) aggregator.change(n.sensor, n.meta.kind, n.meta.location, n.change);
    notes.length = 0;
    aggregator.advance(ts, out);
  }
  learner.advance(until, notes);
  for (const n of notes) aggregator.change(n.sensor, n.meta.kind, n.meta.location, n.change);
  aggregator.advance(until, out);
  return out;
}

describe("storage: aggregates", () => {
  it("counts visits where they begin and splits occupied time across buckets", () => {
    const out = aggregate(
      [
        [T0 + 1 * MIN, true],
        [T0 + 3 * MIN, false], // 2 min
        [T0 + 10 * MIN, true],
        [T0 + 20 * MIN, false], // 5 min in the first bucket, 5 in the second
      ],
      T0 + 60 * MIN,
    );
    assert.deepEqual(
      out.map((a) => [(a.start - T0) / MIN, a.visits, a.occupiedMs / MIN]),
      [
        [0, 2, 7],
        [15, 0, 5],
        [30, 0, 0],
      ],
      "the third bucket is written with zeros, the fourth is still open",
    );
    assert.equal(out[0].location?.address, "Storgatan 12");
  });

  it("joins re-triggers within the merge gap into one visit, as the baseline counts them", () => {
    const out = aggregate(
      [
        [T0 + 1 * MIN, true],
        [T0 + 2 * MIN, false],
        [T0 + 2 * MIN + 30 * S, true],
        [T0 + 4 * MIN, false],
      ],
      T0 + 20 * MIN,
    );
    assert.equal(out[0].visits, 1);
    assert.equal(out[0].occupiedMs, 2.5 * MIN);
  });

  it("takes back a radar ghost, and keeps a bucket open during the grace period for it", () => {
    const out = aggregate(
      [
        [T0 + 14 * MIN, true, "mmwave"],
        [T0 + 14 * MIN + 5 * S, false, "mmwave"], // a 5 s blip, dropped a minute later
      ],
      T0 + 30 * MIN,
    );
    assert.equal(out[0].visits, 0);
    assert.equal(out[0].occupiedMs, 0);
  });

  it("counts a long stay into every bucket it spans, while it goes on", () => {
    const out = aggregate([[T0 + 5 * MIN, true]], T0 + 50 * MIN);
    assert.deepEqual(
      out.map((a) => a.occupiedMs / MIN),
      [10, 15, 15],
      "the first bucket from 18:05, then whole buckets up to the one still open",
    );
  });

  it("adds the baseline's expectation once the sensor is learned", () => {
    const baseline = new Baseline({ learningDays: 0 });
    baseline.track("s1", T0 - 28 * 86_400_000);
    const aggregator = new Aggregator({}, () => baseline);
    const [first] = aggregate([[T0 + MIN, true], [T0 + 2 * MIN, false]], T0 + 20 * MIN, aggregator);
    assert.equal(typeof first.expectedVisits, "number");
    assert.equal(typeof first.expectedOccupiedMs, "number");
    assert.match(aggregateLine(first), /^presence,address=Storgatan\\ 12,district=Skärholmen,kind=pir,sensor=s1,site=Kv\.\\ Lärkan,space=basement expected_occupied_s=[\d.]+,expected_visits=[\d.]+,hour=18i,occupied_s=60,visits=1i,weekday=2i \d+$/);
  });

  it("marks each bucket with its hour of the site's week: daylight saving, holidays as Sundays, the baseline's time zone", () => {
    const at = (iso: string, aggregator?: Aggregator) => {
      const ts = Date.parse(iso);
      const [a] = aggregate([[ts + MIN, true], [ts + 2 * MIN, false]], ts + 20 * MIN, aggregator);
      return [Math.floor(a.hourOfWeek! / 24) + 1, a.hourOfWeek! % 24];
    };
    assert.deepEqual(at("2026-03-10T18:00:00+01:00"), [2, 18], "Tuesday 18:00");
    assert.deepEqual(at("2026-03-30T01:00:00Z"), [1, 3], "Monday 03:00 in summer time (UTC+2)");
    assert.deepEqual(at("2026-04-06T10:00:00+02:00"), [7, 10], "Easter Monday is a Sunday, as the baseline counts it");
    const helsinki = new Baseline({ timezone: "Europe/Helsinki" });
    assert.deepEqual(at("2026-03-10T18:00:00+01:00", new Aggregator({}, () => helsinki)), [2, 19], "the baseline's site is in Helsinki");
  });

  it("survives a restart with the buckets not yet written", () => {
    const a = new Aggregator();
    const learnerOut = aggregate([[T0 + MIN, true], [T0 + 3 * MIN, false]], T0 + 5 * MIN, a);
    assert.equal(learnerOut.length, 0);
    const b = new Aggregator();
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    const [first] = b.advance(T0 + 20 * MIN);
    assert.equal(first.visits, 1);
    assert.equal(first.occupiedMs, 2 * MIN);
  });
});

describe("storage: points", () => {
  const incident: Incident = {
    type: "incident",
    id: "s1-abc",
    state: "open",
    kind: "loitering",
    sensor: "s1",
    location: { ...LOCATION, lat: 59.3, lon: 17.9 },
    start: T0,
    end: T0 + 20 * MIN,
    detectedAt: T0 + 16 * MIN,
    severity: "medium",
    score: 0.4,
    observed: { minutes: 20 },
    expected: { thresholdMinutes: 15 },
  };

  it("writes incidents with place tags, the id as a field and the numbers that explain them", () => {
    const line = incidentLine(incident);
    assert.ok(isIncidentLine(line));
    assert.match(line, /^incident,address=Storgatan\\ 12,district=Skärholmen,kind=loitering,sensor=s1,severity=medium,site=Kv\.\\ Lärkan,space=basement,state=open /);
    assert.match(line, /detected_at=\d+i/);
    assert.match(line, /id="s1-abc"/);
    assert.match(line, /observed_minutes=20/);
    assert.match(line, /expected_threshold_minutes=15/);
    assert.match(line, /lat=59\.3,lon=17\.9/);
    assert.ok(line.endsWith(` ${T0 + 16 * MIN}`), "an opening is stored at its detection time");
    assert.ok(incidentLine({ ...incident, state: "closed" }).endsWith(` ${T0 + 20 * MIN}`), "a closing at its end");
  });

  it("writes only what a health event says", () => {
    assert.equal(healthLine({ type: "health", sensor: "s1", ts: T0, battery: 80 }), `health,sensor=s1 battery=80 ${T0}`);
    assert.equal(healthLine({ type: "health", sensor: "s1", ts: T0 }), undefined);
  });
});
