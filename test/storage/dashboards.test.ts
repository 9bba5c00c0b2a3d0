/**
 * The Grafana dashboards under provisioning/grafana/ against a real InfluxDB (Debian's 1.6.7)
 * holding a simulated week written by the store's own code (core/storage: aggregates with the
 * baseline's expectation, incidents from the detector, health; journal and shipper in v1 mode):
 * every variable's and every panel's InfluxQL, with $timeFilter, $__interval and the variables
 * expanded as Grafana does, runs without error and returns rows.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { HealthEvent, Incident, Location } from "../../core/events";
import { EpisodeNote, Learner } from "../../core/learner";
import { Pipeline } from "../../core/pipeline";
import { Aggregator } from "../../core/storage/aggregates";
import { createWriter } from "../../core/storage/influx";
import { Journal } from "../../core/storage/journal";
import { Aggregate, aggregateLine, healthLine, incidentLine } from "../../core/storage/points";
import { Shipper } from "../../core/storage/shipper";
import { generate } from "../../eval/generate";
import { Influx, startInflux } from "../support/influxdb";

const DASHBOARDS = path.resolve(__dirname, "../../provisioning/grafana/dashboards");
const DB = "trappan";

interface Target {
  refId: string;
  query: string;
  rawQuery?: boolean;
}
interface Dashboard {
  uid: string;
  title: string;
  panels: { id: number; title: string; type: string; targets: Target[] }[];
  templating: { list: { name: string; query: string; allValue?: string }[] };
}

/** A week of an estate: residents, loiterers, stash visits (eval's generator), through the detector and the store's code. */
async function writeWeek(influx: Influx): Promise<{ from: number; to: number }> {
  const data = generate({ seed: 7, addresses: 3, weeks: 1, learningDays: 0 });
  const kinds = new Map(data.sensors.map((s) => [s.sensor, s]));
  const where = (sensor: string): Location => {
    const s = kinds.get(sensor)!;
    const i = data.sensors.indexOf(s);
    return { site: `Kv. ${s.address.split(" ")[0]}`, address: s.address, space: s.space, district: i % 2 ? "Skärholmen" : "Rinkeby", lat: 59.27 + (i % 5) * 0.01, lon: 17.88 + (i % 3) * 0.01 };
  };
  const pipeline = new Pipeline({ detector: "learned", fromDataStart: true, baseline: { learningDays: 0 }, anomaly: {} });
  const aggregator = new Aggregator({}, () => pipeline.baseline);
  const lines: string[] = [];
  const aggregates: Aggregate[] = [];
  const incidents: Incident[] = [];
  // The same episode changes trappan-baseline sends on (a learner of its own, without a baseline).
  const episodes = new Learner(undefined);
  const notes: EpisodeNote[] = [];
  let nextHealth = data.from;
  for (const event of data.events) {
    const location = where(event.sensor);
    pipeline.presence({ ...event, location }, incidents);
    episodes.advance(event.ts, notes);
    episodes.push({ ...event, location }, notes);
    for (const n of notes) aggregator.change(n.sensor, n.meta.kind, n.meta.location, n.change);
    notes.length = 0;
    aggregator.advance(event.ts, aggregates);
    while (event.ts >= nextHealth) {
      for (const s of data.sensors) {
        const health: HealthEvent = { type: "health", sensor: s.sensor, ts: nextHealth, battery: 90 - (nextHealth - data.from) / 86_400_000, linkquality: 100 + (data.sensors.indexOf(s) % 50), location: where(s.sensor) };
        lines.push(healthLine(health)!);
      }
      nextHealth += 6 * 3_600_000;
    }
  }
  pipeline.health({ type: "health", sensor: data.sensors[0].sensor, ts: data.to - 3_600_000, online: false, location: where(data.sensors[0].sensor) }, incidents);
  pipeline.finish(data.to, incidents);
  aggregator.advance(data.to + 3_600_000, aggregates);
  for (const a of aggregates) lines.push(aggregateLine(a));
  for (const i of incidents) lines.push(incidentLine(i));
  assert.ok(incidents.some((i) => i.kind === "loitering" && i.state === "closed"), "the week has loitering");

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trappan-week-"));
  const journal = new Journal(dir, { maxBytes: 1 << 30, droppable: () => false });
  const shipper = new Shipper(journal, createWriter({ url: influx.url, mode: "v1", database: DB }), { rejected: (line, f) => assert.fail(`${f.message}: ${line}`), changed: () => undefined }, { batchSize: 5000, flushIntervalMs: 1 });
  journal.append(lines);
  await shipper.flush();
  assert.equal(journal.size, 0);
  await shipper.close();
  journal.close();
  return { from: data.from, to: data.to };
}

const escapeRegex = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

/** Expands Grafana's macros and variables as its InfluxQL datasource does (values are regex parts for =~ /^$x$/). */
function expand(query: string, range: { from: number; to: number }, variables: Record<string, string[]>): string {
  return query
    .replace(/\$timeFilter/g, `time >= ${range.from}ms and time <= ${range.to}ms`)
    .replace(/\$__interval/g, "1h")
    .replace(/\$(\w+)/g, (whole, name: string) => (variables[name] ? `(${variables[name].join("|")})` : whole));
}

describe("Grafana dashboards against a real InfluxDB holding a simulated week", function () {
  this.timeout(120_000);
  let influx: Influx;
  let range: { from: number; to: number };
  const dashboards: Dashboard[] = fs
    .readdirSync(DASHBOARDS)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(fs.readFileSync(path.join(DASHBOARDS, f), "utf8")));

  before(async () => {
    influx = await startInflux();
    await influx.query(`CREATE DATABASE ${DB}`);
    range = await writeWeek(influx);
  });
  after(async () => {
    await influx?.destroy();
  });

  it("has the three dashboards, with Swedish titles and unique panel ids", () => {
    assert.deepEqual(dashboards.map((d) => d.title).sort(), ["Lägesbild", "Plats", "Sensorhälsa"]);
    for (const d of dashboards) assert.equal(new Set(d.panels.map((p) => p.id)).size, d.panels.length, d.title);
  });

  for (const file of ["lagesbild", "plats", "sensorhalsa"]) {
    it(`${file}: every variable and every panel query returns rows`, async () => {
      const dashboard = dashboards.find((d) => d.uid === `trappan-${file}`)!;
      const variables: Record<string, string[]> = {};
      for (const v of dashboard.templating.list) {
        const rows = await influx.rows(expand(v.query, range, variables), DB);
        assert.ok(rows.length > 0, `variable ${v.name} has values`);
        // The dashboards open on "All" (allValue .*), as a user first sees them.
        variables[v.name] = [v.allValue ?? rows.map((r) => escapeRegex(String(r.value))).join("|")];
      }
      for (const panel of dashboard.panels) {
        for (const target of panel.targets) {
          assert.ok(target.rawQuery, `${panel.title}: a raw InfluxQL query`);
          const q = expand(target.query, range, variables);
          const answer = await influx.query(q, DB);
          const values = (answer.results[0].series ?? []).flatMap((s) => s.values);
          assert.ok(values.length > 0, `${dashboard.title} / ${panel.title} (${target.refId}) returns rows: ${q}`);
        }
      }
    });
  }
});
