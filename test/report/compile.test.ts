import assert from "node:assert/strict";
import type { Incident, IncidentKind, Location, Severity } from "../../core/events";
import { compileReport } from "../../core/report/compile";
import type { KindCounts, ReportInput, SensorHealth } from "../../core/report/types";
import { isoWeekOf, isoWeeksInYear, lastWholeWeek, localToEpoch, periodOf, weekPeriod, weeksBefore } from "../../core/report/week";

const TZ = "Europe/Stockholm";
const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * Local time in Stockholm written out by hand, not through the code under test: winter time
 * (CET) is UTC+1, summer time (CEST) UTC+2.
 */
const cet = (year: number, month: number, day: number, hour: number, minute = 0) => Date.UTC(year, month - 1, day, hour - 1, minute);
const cest = (year: number, month: number, day: number, hour: number, minute = 0) => Date.UTC(year, month - 1, day, hour - 2, minute);
/** March 2026 (and February), before summer time. */
const mar = (day: number, hour: number, minute = 0) => cet(2026, 3, day, hour, minute);
const feb = (day: number, hour: number, minute = 0) => cet(2026, 2, day, hour, minute);

const counts = (c: Partial<KindCounts>): KindCounts => ({ loitering: 0, "off-hours": 0, "visit-surge": 0, "sensor-offline": 0, tamper: 0, observation: 0, ...c });

function incident(id: string, kind: IncidentKind, severity: Severity, location: Location | undefined, start: number, endMinutes?: number, extra: Partial<Incident> = {}): Incident {
  const end = endMinutes === undefined ? undefined : start + endMinutes * MIN;
  return {
    type: "incident",
    id,
    state: end === undefined ? "open" : "closed",
    kind,
    sensor: `sensor-${id}`,
    ...(location ? { location } : {}),
    start,
    ...(end === undefined ? {} : { end }),
    detectedAt: end ?? start + 15 * MIN,
    severity,
    score: 0.5,
    observed: {},
    expected: {},
    ...extra,
  };
}

const SKARHOLMEN = "LPO Skärholmen";
const RINKEBY = "LPO Rinkeby";
const A: Location = { site: "Bredäng", address: "Bredängsvägen 10", entrance: "A", space: "stairwell", district: "Skärholmen", policeArea: SKARHOLMEN };
const B: Location = { site: "Bredäng", address: "Bredängsvägen 12", space: "basement", district: "Skärholmen", policeArea: SKARHOLMEN };
const E: Location = { site: "Bredäng", address: "Bredängsvägen 14", space: "stairwell", district: "Skärholmen", policeArea: SKARHOLMEN };
const C: Location = { site: "Rinkeby", address: "Rinkebystråket 1", space: "garbage-room", district: "Rinkeby-Kista", policeArea: RINKEBY };
const D: Location = { site: "Rinkeby", address: "Rinkebystråket 3", space: "bike-room", district: "Rinkeby-Kista", policeArea: RINKEBY };
const F: Location = { site: "Rinkeby", address: "Rinkebystråket 5", space: "attic", district: "Rinkeby-Kista", policeArea: RINKEBY };
const KEY = {
  A: "Bredäng|Bredängsvägen 10|A|stairwell",
  B: "Bredäng|Bredängsvägen 12||basement",
  C: "Rinkeby|Rinkebystråket 1||garbage-room",
  D: "Rinkeby|Rinkebystråket 3||bike-room",
  E: "Bredäng|Bredängsvägen 14||stairwell",
  F: "Rinkeby|Rinkebystråket 5||attic",
};

describe("weekly report", () => {
  describe("a known week: 2026-W10 (Mon 2 – Sun 8 March 2026, CET) in Stockholm", () => {
    const week = weekPeriod(2026, 10, TZ);

    // This week, 12 incidents at four places in two police areas.
    const thisWeek: Incident[] = [
      incident("a1", "loitering", "medium", A, mar(3, 21, 10), 38), // Tue 21:10–21:48: 38 min, not night
      incident("a2", "loitering", "high", A, mar(4, 1, 30), 20), // Wed 01:30–01:50: 20 min, Tuesday's night
      incident("a3", "off-hours", "medium", A, mar(4, 23, 15), 25), // Wed 23:15: Wednesday's night
      incident("a4", "observation", "low", A, mar(5, 10), undefined, { observed: { category: "klotter", note: "Tags på väggen", source: "form" } }),
      incident("b1", "visit-surge", "high", B, mar(6, 14), 30),
      incident("b3", "off-hours", "low", B, mar(6, 14, 40), 10),
      incident("b2", "sensor-offline", "medium", B, mar(7, 9), undefined, { sensor: "0xb2" }), // technical, still open
      incident("c1", "off-hours", "medium", C, mar(2, 2, 10), 30), // Mon 02:10: Sunday 1 March's night
      incident("c2", "off-hours", "low", C, mar(2, 3), 20), // Mon 03:00: the same night
      incident("c3", "loitering", "low", C, mar(7, 16), 14), // 14 min: ⌊14/15⌋ = 0
      incident("d2", "tamper", "medium", D, mar(8, 12), 5, { sensor: "0xd" }), // technical, closed within the week
      incident("d1", "observation", "high", D, mar(8, 23, 30), undefined, { observed: { category: "narkotikafynd", note: "", source: "json" } }), // Sunday's night
    ];
    // The four weeks before (W06 Feb 2–8, W07 Feb 9–15, W08 Feb 16–22, W09 Feb 23–Mar 1).
    const before: Incident[] = [
      incident("a-w06", "loitering", "low", A, feb(4, 20), 16), // W06: in A's weeks, outside the last four
      incident("a-w08", "off-hours", "low", A, feb(17, 22, 30), 10),
      incident("a-w09", "observation", "low", A, feb(26, 19), undefined, { observed: { category: "nedskrapning", note: "", source: "form" } }),
      incident("c-w09", "off-hours", "low", C, mar(1, 23, 59), 5), // Sunday 23:59: still W09
      incident("c-w09-offline", "sensor-offline", "medium", C, feb(24, 12), 60), // technical: in no week
      incident("d-w08", "off-hours", "low", D, feb(18, 15), 10),
      incident("e-w07", "loitering", "low", E, feb(11, 18), 20), // E: only W07, so not listed
      incident("f-w07", "visit-surge", "low", F, feb(12, 10), 10), // F: W07, W08, W09: recurring with nothing this week
      incident("f-w08", "visit-surge", "low", F, feb(19, 10), 10),
      incident("f-w09", "visit-surge", "low", F, feb(25, 10), 10),
    ];
    // Outside the five weeks: before W06 and the next week (Mon 9 March 00:00 exactly).
    const outside: Incident[] = [incident("a-jan", "loitering", "high", A, cet(2026, 1, 20, 22), 90), incident("a-next", "loitering", "high", A, mar(9, 0), 90)];
    const health: SensorHealth[] = [
      { sensor: "0xa", ts: mar(5, 8), battery: 9, location: A },
      { sensor: "0xa", ts: mar(4, 8), battery: 40, location: A }, // older: not the latest
      { sensor: "0xc", ts: mar(6, 8), online: true, battery: 80 },
      { sensor: "0xc", ts: mar(9, 1), online: false }, // after the week: not read
      { sensor: "0xf", ts: mar(3, 12), tamper: true, location: F },
    ];
    // Given in reverse, so that nothing depends on the input's order.
    const input: ReportInput = { incidents: [...thisWeek, ...before, ...outside].reverse(), health };
    const report = compileReport(input, { period: week, language: "sv" });
    const place = (key: string) => report.areas.flatMap((a) => a.places).find((p) => p.key === key);

    it("covers Monday 2 March 00:00 to Monday 9 March 00:00 CET", () => {
      assert.equal(week.label, "2026-W10");
      assert.equal(week.start, mar(2, 0));
      assert.equal(week.end, mar(9, 0));
      assert.equal(report.period, week);
      assert.equal(report.type, "report-summary");
      assert.equal(report.language, "sv");
    });

    it("counts per kind, loitering minutes, nights and observations per place", () => {
      // A: 38 + 20 = 58 min; nights Tue 3 (01:30 Wed) and Wed 4 (23:15) = 2.
      const a = place(KEY.A)!;
      assert.deepEqual(a.counts, counts({ loitering: 2, "off-hours": 1, observation: 1 }));
      assert.equal(a.incidents, 4);
      assert.equal(a.loiteringMinutes, 58);
      assert.equal(a.nights, 2);
      assert.equal(a.observations, 1);
      assert.equal(a.area, SKARHOLMEN);
      // B: the sensor-offline is counted, but is no place incident.
      const b = place(KEY.B)!;
      assert.deepEqual(b.counts, counts({ "visit-surge": 1, "off-hours": 1, "sensor-offline": 1 }));
      assert.equal(b.incidents, 2);
      assert.equal(b.nights, 0);
      // C: 02:10 and 03:00 on Monday are one night, Sunday 1 March's.
      const c = place(KEY.C)!;
      assert.deepEqual(c.counts, counts({ "off-hours": 2, loitering: 1 }));
      assert.equal(c.loiteringMinutes, 14);
      assert.equal(c.nights, 1);
      const d = place(KEY.D)!;
      assert.deepEqual(d.counts, counts({ tamper: 1, observation: 1 }));
      assert.equal(d.incidents, 1);
      assert.equal(d.nights, 1);
    });

    it("scores and ranks the places as worked out by hand", () => {
      // A: severity 2 + 3 + 2 + 1 = 8, ⌊58/15⌋ = 3, nights 2 → 13
      // C: severity 2 + 1 + 1 = 4, ⌊14/15⌋ = 0, nights 1 → 5
      // D: severity 3 (the tamper is not scored), nights 1 → 4; weeks with incidents 2 (W08, W10)
      // B: severity 3 + 1 = 4 (the sensor-offline is not scored) → 4; weeks with incidents 1 (W10)
      // D and B tie at 4: D has more weeks with incidents, so D ranks before B though B's key sorts first.
      const scores = Object.fromEntries(report.areas.flatMap((a) => a.places).map((p) => [p.key, [p.score, p.rank]]));
      assert.deepEqual(scores, { [KEY.A]: [13, 1], [KEY.C]: [5, 2], [KEY.D]: [4, 3], [KEY.B]: [4, 4], [KEY.F]: [0, 0] });
      assert.deepEqual(
        report.hotspots.map((p) => p.key),
        [KEY.A, KEY.C, KEY.D, KEY.B],
      );
      assert.deepEqual(
        compileReport(input, { period: week, language: "sv", hotspots: 2 }).hotspots.map((p) => p.key),
        [KEY.A, KEY.C],
      );
    });

    it("finds the recurring place (3 of the last 4 weeks) and not the one with 2", () => {
      const a = place(KEY.A)!;
      assert.deepEqual(a.weeks, [1, 0, 1, 1, 4]); // W06 … W10
      assert.equal(a.weeksWithIncidents, 3); // W08, W09, W10 (W06 is outside the last four)
      assert.equal(a.recurring, true);
      const c = place(KEY.C)!;
      assert.deepEqual(c.weeks, [0, 0, 0, 1, 3]); // the technical W09 incident is in no week
      assert.equal(c.weeksWithIncidents, 2);
      assert.equal(c.recurring, false);
      const f = place(KEY.F)!;
      assert.deepEqual(f.weeks, [0, 1, 1, 1, 0]);
      assert.equal(f.recurring, true);
      assert.equal(f.rank, 0);
      // By weeks with incidents (3 each), then score: A 13, F 0.
      assert.deepEqual(
        report.recurrence.map((p) => p.key),
        [KEY.A, KEY.F],
      );
      assert.equal(place(KEY.E), undefined, "a place with only an old incident is not listed");
    });

    it("orders areas by incidents and their places by rank", () => {
      // Skärholmen: A 4 + B 2 = 6; Rinkeby: C 3 + D 1 + F 0 = 4 (though "LPO Rinkeby" sorts first by name).
      assert.deepEqual(
        report.areas.map((a) => [a.area, a.incidents]),
        [
          [SKARHOLMEN, 6],
          [RINKEBY, 4],
        ],
      );
      const [skarholmen, rinkeby] = report.areas;
      assert.deepEqual(
        skarholmen.places.map((p) => p.key),
        [KEY.A, KEY.B],
      );
      assert.deepEqual(
        rinkeby.places.map((p) => p.key),
        [KEY.C, KEY.D, KEY.F],
      );
      assert.deepEqual(skarholmen.counts, counts({ loitering: 2, "off-hours": 2, "visit-surge": 1, "sensor-offline": 1, observation: 1 }));
      assert.equal(skarholmen.loiteringMinutes, 58);
      assert.equal(skarholmen.nights, 2);
      assert.equal(rinkeby.nights, 2); // C 1 + D 1
      assert.equal(rinkeby.loiteringMinutes, 14);
      assert.deepEqual(rinkeby.counts, counts({ loitering: 1, "off-hours": 2, tamper: 1, observation: 1 }));
      // The area's weeks add up all its places, E (not listed) included: A + B + E, C + D + F.
      assert.deepEqual(skarholmen.weeks, [1, 1, 1, 1, 6]);
      assert.deepEqual(rinkeby.weeks, [0, 1, 2, 2, 4]);
    });

    it("has totals, trend and heatmap", () => {
      assert.deepEqual(report.totals, {
        counts: counts({ loitering: 3, "off-hours": 4, "visit-surge": 1, "sensor-offline": 1, tamper: 1, observation: 2 }),
        incidents: 10, // 12 less the two technical ones
        loiteringMinutes: 72, // A 58 + C 14
        nights: 4, // A 2 + C 1 + D 1
        observations: 2,
      });
      assert.deepEqual(report.trend, [
        { label: "2026-W06", start: feb(2, 0), incidents: 1, observations: 0 }, // A
        { label: "2026-W07", start: feb(9, 0), incidents: 2, observations: 0 }, // E, F
        { label: "2026-W08", start: feb(16, 0), incidents: 3, observations: 0 }, // A, D, F
        { label: "2026-W09", start: feb(23, 0), incidents: 3, observations: 1 }, // A (observation), C, F
        { label: "2026-W10", start: mar(2, 0), incidents: 10, observations: 2 },
      ]);
      assert.equal(report.heatmap.length, 7);
      for (const day of report.heatmap) assert.equal(day.length, 24);
      assert.equal(report.heatmap[2][1], 1, "a2: Wednesday 01:30");
      assert.equal(report.heatmap[6][23], 1, "d1: Sunday 23:30");
      assert.equal(report.heatmap[0][2], 1, "c1: Monday 02:10");
      assert.equal(report.heatmap[5][9], 0, "b2, a sensor fault, is not on the map");
      assert.equal(report.heatmap.flat().reduce((s, n) => s + n, 0), 10);
    });

    it("lists every incident of the week as a row, by start", () => {
      assert.deepEqual(
        report.rows.map((r) => r.id),
        ["c1", "c2", "a1", "a2", "a3", "a4", "b1", "b3", "b2", "c3", "d2", "d1"],
      );
      const row = (id: string) => report.rows.find((r) => r.id === id)!;
      assert.equal(row("a1").minutes, 38);
      assert.equal(row("a2").minutes, 20);
      assert.equal(row("a1").area, SKARHOLMEN);
      assert.equal(row("a1").entrance, "A");
      assert.equal(row("a4").category, "klotter");
      assert.equal(row("a4").note, "Tags på väggen");
      assert.equal(row("b2").minutes, undefined);
      assert.equal(row("b2").state, "open");
      assert.equal(row("d1").category, "narkotikafynd");
      assert.equal(row("c1").category, undefined);
    });

    it("lists the sensors to look at as of the week's end", () => {
      assert.deepEqual(report.sensors, [
        { sensor: "0xb2", problem: "offline", since: mar(7, 9), location: B }, // the open sensor-offline incident
        { sensor: "0xa", problem: "low-battery", since: mar(5, 8), battery: 9, location: A },
        { sensor: "0xf", problem: "tamper", since: mar(3, 12), location: F },
      ]);
    });

    it("gives the same report whatever the input's order", () => {
      const again = compileReport({ incidents: [...thisWeek, ...before, ...outside], health: [...health].reverse() }, { period: week, language: "sv" });
      assert.deepEqual(again, report);
    });
  });

  describe("ISO weeks in Stockholm", () => {
    it("2026-W13 has 167 hours: summer time starts on Sunday 29 March", () => {
      const w = weekPeriod(2026, 13, TZ);
      assert.equal(w.label, "2026-W13");
      assert.equal(w.start, cet(2026, 3, 23, 0));
      assert.equal(w.end, cest(2026, 3, 30, 0));
      assert.equal(w.end - w.start, 167 * HOUR);
    });

    it("2026-W43 has 169 hours: summer time ends on Sunday 25 October", () => {
      const w = weekPeriod(2026, 43, TZ);
      assert.equal(w.start, cest(2026, 10, 19, 0));
      assert.equal(w.end, cet(2026, 10, 26, 0));
      assert.equal(w.end - w.start, 169 * HOUR);
      assert.equal(weekPeriod(2026, 44, TZ).end - weekPeriod(2026, 44, TZ).start, 168 * HOUR);
    });

    it("puts Sunday 23:30 after the clocks went back in that week, not the next", () => {
      const sunday = cet(2026, 10, 25, 23, 30);
      assert.deepEqual(isoWeekOf(sunday, TZ), { year: 2026, week: 43 });
      assert.equal(periodOf(sunday, TZ).label, "2026-W43");
      const late = incident("late", "loitering", "medium", A, sunday, 20);
      const w43 = compileReport({ incidents: [late], health: [] }, { period: weekPeriod(2026, 43, TZ), language: "en" });
      assert.deepEqual(
        w43.rows.map((r) => r.id),
        ["late"],
      );
      assert.equal(w43.heatmap[6][23], 1);
      assert.equal(w43.totals.nights, 1);
      const w44 = compileReport({ incidents: [late], health: [] }, { period: weekPeriod(2026, 44, TZ), language: "en" });
      assert.deepEqual(w44.rows, []);
      assert.deepEqual(
        w44.trend.map((t) => t.incidents),
        [0, 0, 0, 1, 0],
      );
    });

    it("numbers the weeks around New Year by the local date (2026 has 53 weeks)", () => {
      assert.equal(isoWeeksInYear(2026), 53); // 2026 starts on a Thursday
      assert.equal(isoWeeksInYear(2025), 52);
      assert.deepEqual(isoWeekOf(cet(2026, 12, 31, 12), TZ), { year: 2026, week: 53 });
      assert.deepEqual(isoWeekOf(cet(2027, 1, 1, 12), TZ), { year: 2026, week: 53 });
      assert.deepEqual(isoWeekOf(cet(2027, 1, 3, 23, 30), TZ), { year: 2026, week: 53 });
      assert.deepEqual(isoWeekOf(cet(2027, 1, 4, 0, 30), TZ), { year: 2027, week: 1 }, "still 3 January in UTC, but Monday in Stockholm");
      assert.deepEqual(isoWeekOf(cet(2027, 1, 4, 12), TZ), { year: 2027, week: 1 });
      assert.deepEqual(isoWeekOf(cet(2025, 12, 29, 0), TZ), { year: 2026, week: 1 });
      assert.deepEqual(isoWeekOf(cet(2025, 12, 28, 23, 59), TZ), { year: 2025, week: 52 });
      const w53 = weekPeriod(2026, 53, TZ);
      assert.equal(w53.start, cet(2026, 12, 28, 0));
      assert.equal(w53.end, cet(2027, 1, 4, 0));
      assert.equal(weekPeriod(2026, 1, TZ).start, cet(2025, 12, 29, 0));
      assert.deepEqual(
        weeksBefore(weekPeriod(2027, 2, TZ), 3).map((w) => w.label),
        ["2026-W52", "2026-W53", "2027-W01"],
      );
    });

    it("refuses weeks that do not exist", () => {
      assert.throws(() => weekPeriod(2025, 53, TZ), /2025 has ISO weeks 1–52/);
      assert.throws(() => weekPeriod(2026, 54, TZ), /1–53/);
      assert.throws(() => weekPeriod(2026, 0, TZ), /no week 0/);
      assert.throws(() => weekPeriod(2026, 1.5, TZ), /no week 1.5/);
    });

    it("lastWholeWeek on Monday 07:00 gives the Monday–Sunday just ended", () => {
      const w = lastWholeWeek(mar(9, 7), TZ);
      assert.equal(w.label, "2026-W10");
      assert.equal(w.start, mar(2, 0));
      assert.equal(w.end, mar(9, 0));
      const afterDst = lastWholeWeek(cest(2026, 3, 30, 7), TZ);
      assert.equal(afterDst.label, "2026-W13");
      assert.equal(afterDst.end - afterDst.start, 167 * HOUR);
      assert.equal(lastWholeWeek(mar(8, 23, 59), TZ).label, "2026-W09", "on Sunday evening the week is not over");
      assert.equal(lastWholeWeek(cet(2027, 1, 4, 7), TZ).label, "2026-W53");
    });

    it("converts local times to instants on both sides of a change of offset", () => {
      assert.equal(localToEpoch(2026, 3, 29, 1, 30, TZ), cet(2026, 3, 29, 1, 30));
      assert.equal(localToEpoch(2026, 3, 29, 3, 30, TZ), cest(2026, 3, 29, 3, 30));
      assert.equal(localToEpoch(2026, 10, 25, 4, 0, TZ), cet(2026, 10, 25, 4));
      assert.equal(localToEpoch(2026, 7, 1, 0, 0, "UTC"), Date.UTC(2026, 6, 1));
      assert.equal(localToEpoch(2026, 7, 1, 0, 0, "America/New_York"), Date.UTC(2026, 6, 1, 4));
    });
  });

  describe("an empty week", () => {
    const week = weekPeriod(2026, 10, TZ);
    const zeroWeeks = (report: ReturnType<typeof compileReport>) => {
      assert.deepEqual(report.totals, { counts: counts({}), incidents: 0, loiteringMinutes: 0, nights: 0, observations: 0 });
      assert.deepEqual(
        report.trend.map((t) => [t.label, t.incidents, t.observations]),
        [
          ["2026-W06", 0, 0],
          ["2026-W07", 0, 0],
          ["2026-W08", 0, 0],
          ["2026-W09", 0, 0],
          ["2026-W10", 0, 0],
        ],
      );
      assert.deepEqual(report.heatmap, Array.from({ length: 7 }, () => new Array(24).fill(0)));
      assert.deepEqual(report.areas, []);
      assert.deepEqual(report.hotspots, []);
      assert.deepEqual(report.recurrence, []);
      assert.deepEqual(report.sensors, []);
      assert.deepEqual(report.rows, []);
    };

    it("with nothing at all gives zeros everywhere", () => {
      zeroWeeks(compileReport({ incidents: [], health: [] }, { period: week, language: "sv" }));
    });

    it("with incidents and health only outside the five weeks gives zeros everywhere", () => {
      const input: ReportInput = {
        incidents: [
          incident("old", "loitering", "high", A, cet(2026, 1, 20, 22), 90),
          incident("next", "visit-surge", "high", A, mar(9, 0), 10),
          incident("later-offline", "sensor-offline", "medium", B, mar(10, 0), undefined, { sensor: "0xb" }),
          incident("old-tamper", "tamper", "medium", B, feb(10, 0), 30, { sensor: "0xb" }), // closed long ago
        ],
        health: [
          { sensor: "0xb", ts: mar(9, 0), online: false }, // at the week's end: not read
          { sensor: "0xc", ts: mar(3, 0), online: true, battery: 90, batteryLow: false, tamper: false },
        ],
      };
      zeroWeeks(compileReport(input, { period: week, language: "en" }));
    });
  });

  describe("incidents without a location and technical kinds", () => {
    const week = weekPeriod(2026, 10, TZ);
    const input: ReportInput = {
      incidents: [
        // No location: the sensor's place, site "", space "other", area "".
        incident("n1", "loitering", "medium", undefined, mar(3, 12), undefined, { sensor: "0xdead", observed: { minutes: 25 }, detectedAt: mar(3, 12, 25) }),
        incident("n2", "loitering", "low", undefined, mar(4, 23), undefined, { sensor: "0xdead", detectedAt: mar(4, 23, 40) }), // open, no minutes: 40 min to detectedAt
        incident("n3", "off-hours", "low", undefined, mar(5, 12), 10, { sensor: undefined }),
        // Technical only, at B: counted, never scored.
        incident("t1", "sensor-offline", "high", B, mar(3, 3), undefined, { sensor: "0xb" }),
        incident("t2", "tamper", "high", B, mar(4, 3), 30, { sensor: "0xb" }),
        incident("t3", "tamper", "high", B, mar(6, 3), undefined, { sensor: "0xb", state: "update" }),
        // An open loitering detected after the week: counted to the week's end.
        incident("n4", "loitering", "low", undefined, mar(8, 23), undefined, { sensor: "0xbeef", detectedAt: mar(9, 2) }),
      ],
      health: [{ sensor: "0xb", ts: mar(2, 12), online: true, battery: 12 }],
    };
    const report = compileReport(input, { period: week, language: "sv" });
    const places = report.areas.flatMap((a) => a.places);
    const place = (key: string) => places.find((p) => p.key === key);

    it("keeps incidents without a location, at their sensor's place", () => {
      const dead = place("|0xdead||other")!;
      assert.ok(dead, "the sensor's place is listed");
      assert.equal(dead.site, "");
      assert.equal(dead.address, "0xdead");
      assert.equal(dead.space, "other");
      assert.equal(dead.area, "");
      assert.deepEqual(dead.counts, counts({ loitering: 2 }));
      assert.equal(dead.incidents, 2);
      // 25 (observed minutes) + 40 (to detectedAt) = 65 min; severity 2 + 1, ⌊65/15⌋ = 4, Wednesday 23:00 one night → 8.
      assert.equal(dead.loiteringMinutes, 65);
      assert.equal(dead.nights, 1);
      assert.equal(dead.score, 8);
      const unknown = place("|?||other")!;
      assert.equal(unknown.incidents, 1);
      assert.equal(unknown.score, 1);
      // Sunday 23:00 to the week's end (Monday 00:00), not to detectedAt on Monday 02:00: 60 min → 1 + 4 + 1 night.
      const beef = place("|0xbeef||other")!;
      assert.equal(beef.loiteringMinutes, 60);
      assert.equal(beef.score, 6);
      assert.deepEqual(
        report.areas.map((a) => a.area),
        ["", SKARHOLMEN],
      );
      const row = report.rows.find((r) => r.id === "n1")!;
      assert.equal(row.address, "0xdead");
      assert.equal(row.site, "");
      assert.equal(row.area, "");
      assert.equal(row.minutes, undefined);
    });

    it("counts sensor faults and tampering, but does not score them", () => {
      const b = place(KEY.B)!;
      assert.deepEqual(b.counts, counts({ "sensor-offline": 1, tamper: 2 }));
      assert.equal(b.incidents, 0);
      assert.equal(b.score, 0);
      assert.equal(b.rank, 0);
      assert.equal(b.nights, 0, "03:00 faults are no nights");
      assert.deepEqual(b.weeks, [0, 0, 0, 0, 0]);
      assert.ok(!report.hotspots.includes(b));
      assert.deepEqual(report.totals.counts, counts({ loitering: 3, "off-hours": 1, "sensor-offline": 1, tamper: 2 }));
      assert.equal(report.totals.incidents, 4);
      assert.equal(report.heatmap.flat().reduce((s, n) => s + n, 0), 4);
      assert.equal(report.heatmap[0][3], 0);
      assert.deepEqual(
        report.trend.map((t) => t.incidents),
        [0, 0, 0, 0, 4],
      );
      assert.equal(report.rows.length, 7);
      assert.deepEqual(
        report.hotspots.map((p) => [p.key, p.score]),
        [
          ["|0xdead||other", 8],
          ["|0xbeef||other", 6],
          ["|?||other", 1],
        ],
      );
      // Sensors: offline (open incident), low battery (health), tamper (the open one, from its start; t2 closed).
      assert.deepEqual(report.sensors, [
        { sensor: "0xb", problem: "offline", since: mar(3, 3), location: B },
        { sensor: "0xb", problem: "low-battery", since: mar(2, 12), battery: 12 },
        { sensor: "0xb", problem: "tamper", since: mar(6, 3), location: B },
      ]);
    });
  });
});
