/**
 * Warm start: a new install over stored history learns its week from the aggregates in InfluxDB.
 * The history is four weeks of a simulated estate written by trappan-store in Node-RED into a real
 * InfluxDB (Debian's 1.6.7); the next two weeks are then played live to three detectors — one that
 * learned those four weeks live, one warm-started from InfluxDB, one starting cold — and the
 * warm-started one must find what the live one finds and stay as quiet. Then the node itself:
 * trappan-baseline with a trappan-influx server seeds on deploy, shows it, and goes on learning.
 */
import assert from "node:assert/strict";
import type { EventEmitter } from "node:events";
import type { Incident } from "../../core/events";
import { Pipeline } from "../../core/pipeline";
import { InfluxTarget, WriteFailure } from "../../core/storage/influx";
import { aggregateLine, incidentLine } from "../../core/storage/points";
import { EpisodeRebuilder, seedFromInflux, Span } from "../../core/storage/warmstart";
import { ANOMALIES, BENIGN } from "../../eval/generate";
import type { BaselineNode } from "../../nodes/types";
import { eventually } from "../support/events";
import { NODES, statusOf } from "../support/flows";
import { History, writeHistory } from "../support/history";
import { Influx, startInflux } from "../support/influxdb";
import { helper, tempUserDir } from "../support/node-red";

const MIN = 60_000;
const BUCKET = 15 * MIN;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

describe("warm start: episodes back from stored aggregates", () => {
  const rebuild = (buckets: [number, number, number][]) => {
    const r = new EpisodeRebuilder(BUCKET);
    const out: Span[] = [];
    for (const [start, visits, occupiedS] of buckets) r.push({ start: start * BUCKET, visits, occupiedMs: occupiedS * 1000 }, out);
    r.flush(out);
    return out.map((s) => [s.start / 1000, s.end / 1000]);
  };

  it("one visit in a bucket is that visit, its true length", () => {
    assert.deepEqual(rebuild([[0, 1, 240], [1, 0, 0]]), [[0, 240]]);
  });

  it("a stay that runs on through later buckets is one long episode again", () => {
    // 40 minutes from 00:05: 10 min in the first quarter, two full ones, 0 in the last but 0:45.
    assert.deepEqual(rebuild([[0, 1, 600], [1, 0, 900], [2, 0, 900], [3, 0, 0]]), [[300, 2700]]);
  });

  it("several visits in one bucket each get the bucket's mean length, spread over it", () => {
    assert.deepEqual(rebuild([[0, 3, 180]]), [[0, 60], [300, 360], [600, 660]]);
  });

  it("a stay begun before the stored history starts where the history does", () => {
    assert.deepEqual(rebuild([[4, 0, 900], [5, 0, 120]]), [[3600, 4620]]);
  });

  it("a gap in the stored buckets ends a stay", () => {
    assert.deepEqual(rebuild([[0, 1, 900], [2, 0, 300]]), [[0, 900], [1800, 2100]]);
  });
});

describe("warm start from a real InfluxDB holding four weeks written by trappan-store", function () {
  this.timeout(180_000);
  let influx: Influx;
  let history: History;
  let target: InfluxTarget;
  /** The end of the stored history: midnight today (UTC), so the node's own clock reads it too. */
  const stored = Math.floor(Date.now() / DAY) * DAY;

  before(async () => {
    influx = await startInflux();
    await influx.query("CREATE DATABASE history");
    history = await writeHistory(influx, "history", { seed: 11, addresses: 2, weeks: 6, writeWeeks: 4, start: new Date(stored - 4 * WEEK).toISOString(), baselineLearningDays: 14 });
    assert.equal(history.from + 4 * WEEK, stored);
    target = { url: influx.url, mode: "v1", database: "history" };
  });
  after(async () => {
    await influx?.destroy();
  });

  const place = (e: History["events"][number]) => ({ ...e, location: history.where(e.sensor) });

  it("learns what four weeks of live learning learned, and then finds and ignores what it does", async () => {
    const options = { detector: "learned" as const, fromDataStart: true };
    const live = new Pipeline(options);
    const warm = new Pipeline(options);
    const cold = new Pipeline(options);
    for (const e of history.events) if (e.ts < stored) live.presence(place(e));

    const result = await seedFromInflux(target, warm.learner, stored);
    assert.equal(result.seeded.length, history.sensors.length, "every sensor of the history is seeded");
    assert.ok(result.excluded > 0, "incident windows after the learning period are kept out");
    for (const { sensor, space } of history.sensors) {
      assert.ok(warm.baseline.learned(sensor, stored), `${sensor} has learned: no 14-day wait`);
      const a = live.baseline.week(sensor)!;
      const b = warm.baseline.week(sensor)!;
      const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
      const visits = [sum(a.visitsPerHour), sum(b.visitsPerHour)];
      // Small places see a handful of visits a week: compare within 5 % or two visits.
      assert.ok(Math.abs(visits[1] - visits[0]) <= Math.max(2, 0.05 * visits[0]), `${sensor} (${space}): ${visits[1].toFixed(1)} visits a week learned warm, ${visits[0].toFixed(1)} live`);
      // Occupied time: pauses joined into one episode count live, the aggregates hold the time truly occupied.
      const occupied = [sum(a.occupiedMinutesPerHour), sum(b.occupiedMinutesPerHour)];
      assert.ok(Math.abs(occupied[1] - occupied[0]) <= Math.max(10, 0.15 * occupied[0]), `${sensor} (${space}): ${occupied[1].toFixed(0)} occupied minutes a week warm, ${occupied[0].toFixed(0)} live`);
    }

    // The next two weeks, played live to all three.
    const incidents = { live: [] as Incident[], warm: [] as Incident[], cold: [] as Incident[] };
    for (const e of history.events) {
      if (e.ts < stored) continue;
      live.presence(place(e), incidents.live);
      warm.presence(place(e), incidents.warm);
      cold.presence(place(e), incidents.cold);
    }
    live.finish(history.to, incidents.live);
    warm.finish(history.to, incidents.warm);
    cold.finish(history.to, incidents.cold);
    const labels = history.labels.filter((l) => l.start >= stored);
    const score = (list: Incident[]) => {
      const opened = list.filter((i) => i.state === "open");
      const found = (types: string[]) => labels.filter((l) => types.includes(l.type) && opened.some((i) => i.sensor === l.sensor && i.start <= l.end && (i.end ?? i.start) >= l.start)).length;
      return { alerts: opened.length, anomalies: found(ANOMALIES), benign: found(BENIGN) };
    };
    const [l, w, c] = [score(incidents.live), score(incidents.warm), score(incidents.cold)];
    assert.ok(labels.filter((x) => ANOMALIES.includes(x.type)).length >= 5, "the two weeks hold loitering, stash visits and night disturbances");
    assert.ok(w.anomalies >= l.anomalies - 1, `warm found ${w.anomalies} anomalies, live ${l.anomalies}`);
    assert.ok(w.benign <= l.benign + 1, `warm alerted on ${w.benign} benign long stays, live on ${l.benign}`);
    assert.ok(w.alerts <= 1.5 * l.alerts + 2, `warm raised ${w.alerts} incidents, live ${l.alerts}`);
    // Without warm start the first 14 days know only the fixed floor (and the laundry pass): it alerts on residents' long
    // stays and misses stashes. Alerts beyond one per anomaly found are what residents did.
    const unexplained = (x: typeof c) => x.alerts - x.anomalies;
    assert.ok(unexplained(c) >= 5 * Math.max(1, unexplained(w)), `cold raised ${c.alerts} incidents for ${c.anomalies} anomalies, warm ${w.alerts} for ${w.anomalies}`);
    assert.ok(c.anomalies - c.benign < w.anomalies, "cold finds less and alerts on more");
  });

  it("keeps a window that raised an incident out of what it learns, as live learning does", async () => {
    await influx.query("CREATE DATABASE excluded");
    const sensor = "kallare-1";
    const location = { site: "Kv. Test", address: "Testgatan 1", space: "basement" as const };
    const night = stored - 3 * DAY + 2 * 3_600_000; // 02:00 UTC, three days ago
    const lines: string[] = [];
    // 30 days of a quiet basement (one 2-minute visit at noon), then a 40-minute stay at 02:00.
    for (let t = stored - 30 * DAY; t < stored; t += BUCKET) {
      const noon = (t % DAY) / 3_600_000 === 12;
      const stay = t >= night && t < night + 40 * MIN ? Math.min(BUCKET, night + 40 * MIN - t) : 0;
      lines.push(aggregateLine({ sensor, kind: "pir", location, start: t, bucketMs: BUCKET, visits: noon || t === night ? 1 : 0, occupiedMs: noon ? 2 * MIN : stay }));
    }
    const incident: Incident = { type: "incident", id: `${sensor}-x`, state: "closed", kind: "loitering", sensor, location, start: night, end: night + 40 * MIN, detectedAt: night + 15 * MIN, severity: "high", score: 0.8, observed: {}, expected: {} };
    const write = async (db: string, body: string[]) => {
      const res = await fetch(`${influx.url}/write?db=${db}&precision=ms`, { method: "POST", body: body.join("\n") });
      assert.equal(res.status, 204, await res.text());
    };
    await write("excluded", [...lines, incidentLine(incident)]);
    await influx.query("CREATE DATABASE included");
    await write("included", lines);
    const hourOfNight = (db: string) => {
      const p = new Pipeline({ detector: "learned" });
      return seedFromInflux({ ...target, database: db }, p.learner, stored).then(() => {
        const week = p.baseline.week(sensor)!;
        const hour = (new Date(night).getUTCDay() + 6) % 7 * 24 + 3; // Stockholm: 03:00 in winter
        return week.occupiedMinutesPerHour[hour] + week.occupiedMinutesPerHour[hour - 1];
      });
    };
    assert.equal(await hourOfNight("excluded"), 0, "the incident's night is not learned as normal");
    assert.ok((await hourOfNight("included")) > 0, "without the incident it would have been");
  });

  it("leaves sensors that have learned already as they are, and says when InfluxDB cannot be read", async () => {
    const p = new Pipeline({ detector: "learned" });
    const [first] = history.sensors;
    p.baseline.track(first.sensor, stored - DAY);
    const before = p.baseline.serialize(first.sensor);
    const result = await seedFromInflux(target, p.learner, stored);
    assert.deepEqual(result.skipped, [first.sensor]);
    assert.deepEqual(p.baseline.serialize(first.sensor), before);

    await assert.rejects(seedFromInflux({ url: "http://127.0.0.1:9", mode: "v1", database: "history" }, new Pipeline().learner, stored), (err: WriteFailure) => err.kind === "retry");
  });

  describe("trappan-baseline with a trappan-influx server", () => {
    afterEach(async () => {
      await helper.unload();
      await helper.stopServer();
    });

    const flow = (url: string) => [
      { id: "tab", type: "tab", label: "warm" },
      { id: "influx", type: "trappan-influx", name: "", url, mode: "v1", org: "", bucket: "", database: "history", retentionPolicy: "", tls: "" },
      { id: "baseline", type: "trappan-baseline", z: "tab", x: 100, y: 100, name: "", slotMinutes: "30", halfLifeDays: "28", learningDays: "14", mergeGapSeconds: "60", blipSeconds: "20", store: "", influx: "influx", warmStartDays: "56", wires: [["out"]] },
      { id: "out", type: "helper", z: "tab", x: 300, y: 100, wires: [] },
    ];
    const start = async (url: string) => {
      helper.settings({ userDir: tempUserDir() });
      await helper.startServer();
      await helper.load(NODES, flow(url));
      return { status: statusOf("baseline"), baseline: helper.getNode("baseline") as BaselineNode & EventEmitter & { receive(msg: object): void } };
    };

    it("seeds every sensor on deploy, shows it, and takes live events after it", async () => {
      const { status, baseline } = await start(influx.url);
      // Sent while it reads: waits, so nothing is learned twice.
      const [first] = history.sensors;
      const out = helper.getNode("out") as EventEmitter;
      const episodes: unknown[] = [];
      out.on("input", (msg: { payload: { type: string } }) => msg.payload.type === "episode" && episodes.push(msg.payload));
      baseline.receive({ payload: { type: "presence", sensor: first.sensor, ts: stored + MIN, occupied: true, location: history.where(first.sensor) } });
      const text = await status.next((t) => /warm-started/.test(t));
      assert.match(text, new RegExp(`${history.sensors.length} warm-started`));
      await eventually("the waiting event to open an episode", () => episodes.length === 1);
      const week = await helper.request().get("/trappan/baseline/baseline/week").query({ sensor: first.sensor }).expect(200);
      assert.equal(week.body.learned, true, "learned on the first day");
      assert.ok(week.body.weeks > 3.5, `${week.body.weeks} weeks learned`);
      const sensors = await helper.request().get("/trappan/baseline/baseline/sensors").expect(200);
      const listed = sensors.body.sensors.find((s: { sensor: string }) => s.sensor === first.sensor);
      assert.equal(listed.location.address, history.where(first.sensor).address, "its place from the stored tags");
    });

    it("says when InfluxDB cannot be read, and learns from live events", async () => {
      const { status, baseline } = await start("http://127.0.0.1:9");
      const text = await status.next((t) => /warm start failed/.test(t));
      assert.match(text, /0 sensors/);
      const warnings = (helper.log().args as unknown[][]).map((a) => a[0] as { level: number; msg: unknown }).filter((m) => m.level === 30);
      assert.ok(warnings.some((m) => /warm start from InfluxDB failed/.test(String(m.msg))), "a warning says why");
      baseline.receive({ payload: { type: "presence", sensor: "ny-sensor", ts: Date.now(), occupied: true } });
      await eventually("the live event to be learned", () => baseline.baseline.size === 1);
    });
  });
});
