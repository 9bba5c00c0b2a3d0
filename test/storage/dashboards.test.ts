/**
 * The Grafana dashboards under provisioning/grafana/ against a real InfluxDB (Debian's 1.6.7)
 * holding a simulated week written by trappan-store in Node-RED (presence → trappan-baseline →
 * trappan-anomaly → trappan-store, v1 mode: aggregates with the baseline's expectation, incidents,
 * health): every variable's and every panel's InfluxQL, with $timeFilter, $__interval and the
 * variables expanded as Grafana does, runs without error and returns rows.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { writeHistory } from "../support/history";
import { Influx, startInflux } from "../support/influxdb";

const DASHBOARDS = path.resolve(__dirname, "../../provisioning/grafana/dashboards");
const DB = "trappan";

interface Transformation {
  id: string;
  options: Record<string, unknown>;
}
interface Target {
  refId: string;
  query: string;
  rawQuery?: boolean;
}
interface Dashboard {
  uid: string;
  title: string;
  panels: { id: number; title: string; type: string; targets: Target[]; transformations?: Transformation[] }[];
  templating: { list: { name: string; query: string; allValue?: string }[] };
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
    const week = await writeHistory(influx, DB, { seed: 7, addresses: 3, weeks: 1, learningDays: 0 });
    range = { from: week.from, to: week.to };
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

  it("plats: the hour-of-week heatmap has every hour of the week, in Stockholm time, and the transformations name what the query returns", async () => {
    const dashboard = dashboards.find((d) => d.uid === "trappan-plats")!;
    const panel = dashboard.panels.find((p) => p.title === "Timmar i veckan")!;
    const all = Object.fromEntries(dashboard.templating.list.map((v) => [v.name, [v.allValue ?? ".*"]]));
    const answer = await influx.query(expand(panel.targets[0].query, range, all), DB);
    const series = answer.results[0].series![0];
    const [groupBy, matrix] = panel.transformations!;
    const fields = groupBy.options.fields as Record<string, { operation: string; aggregations: string[] }>;
    for (const name of Object.keys(fields)) assert.ok(series.columns.includes(name), `groupBy names ${name}, a column of the query`);
    const [value] = Object.entries(fields).filter(([, f]) => f.operation === "aggregate");
    // Grafana names an aggregate "<field> (<calculation>)".
    assert.deepEqual(matrix.options, { rowField: "weekday", columnField: "hour", valueField: `${value[0]} (${value[1].aggregations[0]})`, emptyValue: "zero" });

    const col = (name: string) => series.columns.indexOf(name);
    const local = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Stockholm", weekday: "short", hour: "numeric", hourCycle: "h23" });
    const cells = new Map<string, number[]>();
    for (const row of series.values) {
      const parts = Object.fromEntries(local.formatToParts(row[0] as number).map((p) => [p.type, p.value]));
      const [weekday, hour] = [row[col("weekday")] as number, row[col("hour")] as number];
      assert.deepEqual([weekday, hour], [["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday) + 1, Number(parts.hour)], `${row[0]} is ${parts.weekday} ${parts.hour}:00 in Stockholm`);
      const key = `${weekday}-${hour}`;
      cells.set(key, [...(cells.get(key) ?? []), row[col("visits")] as number]);
    }
    assert.equal(cells.size, 7 * 24, "a simulated week fills every hour of the week");
    const mean = (hours: number[]) => {
      const values = hours.flatMap((h) => [1, 2, 3, 4, 5].flatMap((d) => cells.get(`${d}-${h}`) ?? []));
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    assert.ok(mean([2, 3, 4]) < mean([17, 18, 19]) / 3, "weekday nights are far quieter than evenings");
  });
});
