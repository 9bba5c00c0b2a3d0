/**
 * trappan-influx + trappan-store in a real Node-RED runtime against a real InfluxDB (Debian's
 * 1.6.7, started by the test run): aggregates with the baseline's expectation, incidents and
 * health stored, raw presence only when asked; InfluxDB stopped in the middle of a stream and
 * Node-RED restarted while it is down, every point present exactly once afterwards; what is wrong
 * with a target shown in the status; bad input reported and counted.
 */
import assert from "node:assert/strict";
import sinon from "sinon";
import type { EventEmitter } from "node:events";
import fs from "node:fs";
import path from "node:path";
import type { Incident } from "../../core/events";
import { NODES, SITE_ROWS, logged, statusOf } from "../support/flows";
import { eventually as until } from "../support/events";
import { Influx, startInflux, v2Proxy, Proxy } from "../support/influxdb";
import { helper, translate, useNodeRed } from "../support/node-red";

const STAIRWELL = SITE_ROWS[0];
const BASEMENT = SITE_ROWS[1];
const location = (row: typeof STAIRWELL) => ({ site: row.site, address: row.address, entrance: row.entrance, space: row.space, floor: row.floor, district: row.district });
const MIN = 60_000;
const BUCKET = 15 * MIN;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const CATCH = require("@node-red/nodes/core/common/25-catch.js");
const MODULES = [...NODES, CATCH];

function flow(influx: Record<string, unknown>, store: Record<string, unknown> = {}) {
  return [
    { id: "tab", type: "tab", label: "store" },
    { id: "site", type: "trappan-site", name: "Kv. Test", timezone: "Europe/Stockholm", language: "sv", sensors: SITE_ROWS },
    { id: "influx", type: "trappan-influx", name: "", url: "", mode: "v1", org: "", bucket: "", database: "trappan", retentionPolicy: "", tls: "", ...influx },
    { id: "baseline", type: "trappan-baseline", z: "tab", x: 100, y: 100, name: "", site: "site", slotMinutes: "30", halfLifeDays: "28", learningDays: "14", mergeGapSeconds: "60", blipSeconds: "20", store: "", wires: [["store"]] },
    { id: "store", type: "trappan-store", z: "tab", x: 300, y: 100, name: "", influx: "influx", bucketMinutes: "15", raw: false, bufferMegabytes: "100", batchSize: "200", flushSeconds: "0.05", wires: [], ...store },
    { id: "catch", type: "catch", z: "tab", x: 100, y: 200, scope: null, uncaught: false, wires: [["caught"]] },
    { id: "caught", type: "helper", z: "tab", x: 300, y: 200, wires: [] },
  ];
}

const receive = (id: string, msg: object) => (helper.getNode(id) as EventEmitter & { receive(m: object): void }).receive(msg);
const presence = (row: typeof STAIRWELL, ts: number, occupied: boolean) => ({ payload: { type: "presence", sensor: row.sensor, ts, occupied, location: location(row), device: { kind: "pir" } } });

/** A sensor's visits: one every `every` minutes from `from`, each `stay` minutes long. */
function visits(row: typeof STAIRWELL, from: number, to: number, every: number, stay: number) {
  const out: ReturnType<typeof presence>[] = [];
  for (let t = from; t < to; t += every * MIN) out.push(presence(row, t, true), presence(row, t + stay * MIN, false));
  return out;
}

const incident = (state: Incident["state"], start: number, end: number): Incident => ({
  type: "incident",
  id: `${STAIRWELL.sensor}-test`,
  state,
  kind: "loitering",
  sensor: STAIRWELL.sensor,
  location: location(STAIRWELL) as Incident["location"],
  start,
  end,
  detectedAt: start + 15 * MIN,
  severity: "medium",
  score: 0.4,
  observed: { minutes: (end - start) / MIN },
  expected: { thresholdMinutes: 15 },
});

describe("trappan-store → InfluxDB (real influxd 1.6.7)", function () {
  this.timeout(60_000);
  let influx: Influx;
  let db = "";
  let n = 0;
  const T0 = Date.parse("2026-11-16T06:00:00+01:00"); // a Monday morning, a week ago

  before(async () => {
    influx = await startInflux();
  });
  after(async () => {
    await influx?.destroy();
  });
  beforeEach(async () => {
    db = `store_${++n}`;
    await influx.query(`CREATE DATABASE ${db}`);
  });
  const userDirOf = useNodeRed();

  const rows = (q: string) => influx.rows(q, db);

  it("stores aggregates per sensor and bucket, incidents and health — and no raw presence unless asked", async () => {
    await helper.load(MODULES, flow({ url: influx.url, database: db }));
    const status = statusOf("store");
    const events = [...visits(STAIRWELL, T0, T0 + 2 * 3_600_000, 10, 2), ...visits(BASEMENT, T0 + 5 * MIN, T0 + 2 * 3_600_000, 30, 20)].sort((a, b) => a.payload.ts - b.payload.ts);
    for (const e of events) receive("baseline", e);
    receive("store", { payload: { type: "health", sensor: STAIRWELL.sensor, ts: T0 + MIN, battery: 87, linkquality: 120, location: location(STAIRWELL) } });
    receive("store", { payload: incident("open", T0 + 20 * MIN, T0 + 35 * MIN) });
    receive("store", { payload: incident("closed", T0 + 20 * MIN, T0 + 41 * MIN) });
    // The baseline node's watermark (the last event's time, then wall time) closes the buckets up to 07:45
    // (a bucket is written 2 min after its end).
    await until("the aggregates", async () => (await rows(`SELECT count("visits") FROM "presence"`))[0]?.count === 2 * 7);
    const stair = await rows(`SELECT "visits", "occupied_s" FROM "presence" WHERE "sensor" = '${STAIRWELL.sensor}'`);
    assert.deepEqual(
      stair.map((r) => [r.time, r.visits, r.occupied_s]),
      Array.from({ length: 7 }, (_, i) => [T0 + i * BUCKET, i % 2 === 0 ? 2 : 1, i % 2 === 0 ? 240 : 120]),
      "a visit every 10 min, 2 min each: 2 then 1 per quarter",
    );
    const tags = await rows(`SELECT "visits", "address", "space", "district", "site", "kind" FROM "presence" WHERE "sensor" = '${BASEMENT.sensor}' LIMIT 1`);
    assert.deepEqual([tags[0].address, tags[0].space, tags[0].district, tags[0].site, tags[0].kind], [BASEMENT.address, "basement", BASEMENT.district, BASEMENT.site, "pir"]);
    const incidents = await rows(`SELECT "id", "duration_s", "observed_minutes", "state", "kind", "severity" FROM "incident"`);
    assert.deepEqual(
      incidents.map((r) => [r.time, r.state, r.id, r.duration_s]),
      [
        [T0 + 35 * MIN, "open", `${STAIRWELL.sensor}-test`, 900],
        [T0 + 41 * MIN, "closed", `${STAIRWELL.sensor}-test`, 1260],
      ],
    );
    assert.deepEqual((await rows(`SELECT "battery", "linkquality" FROM "health"`)).map((r) => [r.battery, r.linkquality]), [[87, 120]]);
    assert.deepEqual(await rows(`SELECT * FROM "presence_event"`), [], "no raw presence by default");
    await status.next((t) => /\d+ written/.test(t) && /\b0 waiting/.test(t));
  });

  it("stores raw presence events when turned on, through the v2 API (test-only proxy to /write: 1.6.7 has no v2 API)", async () => {
    const proxy: Proxy = await v2Proxy(influx.url);
    try {
      await helper.load(MODULES, flow({ url: proxy.url, mode: "v2", org: "trappan", bucket: db, database: "" }, { raw: true }), { influx: { token: "a-token" } });
      const events = visits(STAIRWELL, T0, T0 + 30 * MIN, 10, 2);
      for (const e of events) receive("store", e);
      await until("the raw events", async () => (await rows(`SELECT count("occupied") FROM "presence_event"`))[0]?.count === events.length);
      assert.ok(proxy.seen.includes("/api/v2/write"));
      const flows = JSON.stringify((helper as unknown as { _redNodes: { getFlows(): unknown } })._redNodes.getFlows());
      assert.ok(!flows.includes("a-token"), "the token is a credential, not in the flows");
    } finally {
      await proxy.close();
    }
  });

  it("keeps every point when InfluxDB stops mid-stream and Node-RED restarts while it is down: each present exactly once", async () => {
    await helper.load(MODULES, flow({ url: influx.url, database: db }));
    const events = [...visits(STAIRWELL, T0, T0 + 6 * 3_600_000, 10, 2), ...visits(BASEMENT, T0 + 5 * MIN, T0 + 6 * 3_600_000, 30, 20)].sort((a, b) => a.payload.ts - b.payload.ts);
    const third = Math.floor(events.length / 3);
    for (const e of events.slice(0, third)) receive("store", e);
    receive("store", { payload: incident("open", T0 + 20 * MIN, T0 + 35 * MIN) });
    await until("the first points", async () => (await rows(`SELECT count("id") FROM "incident"`))[0]?.count === 1);
    await influx.stop();
    for (const e of events.slice(third, 2 * third)) receive("store", e);
    receive("store", { payload: incident("closed", T0 + 20 * MIN, T0 + 41 * MIN) });
        // Node-RED stops and starts its flows while InfluxDB is down.
    const red = (helper as unknown as { _redNodes: { stopFlows(): Promise<void>; startFlows(): Promise<void> } })._redNodes;
    await red.stopFlows();
    const userDir = userDirOf();
    const dir = fs.readdirSync(path.join(userDir, "trappan")).find((d) => d.startsWith("store-"))!;
    assert.ok(fs.existsSync(path.join(userDir, "trappan", dir, "position.json")) || fs.readdirSync(path.join(userDir, "trappan", dir)).some((f) => f.startsWith("queue-")), "the backlog is on disk");
    await red.startFlows();
    for (const e of events.slice(2 * third)) receive("store", e);
    await influx.start();
    const last = events[events.length - 1].payload.ts;
    const buckets = Math.floor((last - 2 * MIN - T0) / BUCKET);
    await until("every bucket", async () => (await rows(`SELECT count("visits") FROM "presence"`))[0]?.count === 2 * buckets, 40_000);
    const stair = await rows(`SELECT "visits", "occupied_s" FROM "presence" WHERE "sensor" = '${STAIRWELL.sensor}'`);
    assert.equal(stair.length, buckets, "one point per bucket, none twice");
    assert.deepEqual(
      stair.map((r) => r.time),
      Array.from({ length: buckets }, (_, i) => T0 + i * BUCKET),
    );
    assert.equal(stair.reduce((sum, r) => sum + Number(r.visits), 0), Math.ceil((buckets * BUCKET) / (10 * MIN)), "every visit counted once, across the restart");
    assert.deepEqual((await rows(`SELECT "id", "state" FROM "incident"`)).map((r) => r.state), ["open", "closed"]);
  });

  it("says on deploy what is wrong with the target, and keeps the points", async () => {
    await helper.load(MODULES, flow({ url: influx.url, database: "nowhere" }));
    const status = statusOf("store");
    receive("store", { payload: incident("open", T0, T0 + 15 * MIN) });
    const text = await status.next((t) => /no such bucket or database/.test(t));
    assert.match(text, /1 waiting/);
  });

  /** Six incidents sent at once through a proxy that sees each write: how many writes InfluxDB got. */
  const writesOfSix = async (store: Record<string, unknown>) => {
    const proxy = await v2Proxy(influx.url); // passes v1 /write through, and counts it
    try {
      await helper.load(MODULES, flow({ url: proxy.url, database: db }, store));
      const status = statusOf("store");
      for (let i = 1; i <= 6; i++) receive("store", { payload: incident("open", T0 + i * MIN, T0 + (15 + i) * MIN) });
      await until("the six incidents", async () => (await rows(`SELECT count("id") FROM "incident"`))[0]?.count === 6);
      return { writes: proxy.seen.filter((p) => p === "/write").length, status: status.current };
    } finally {
      await proxy.close();
    }
  };

  it("takes a batch size written with a decimal comma: \"2,0\" writes six points in three batches", async () => {
    const { writes, status } = await writesOfSix({ batchSize: "2,0" });
    assert.equal(writes, 3);
    assert.deepEqual(logged(20), []);
    assert.equal(status.fill, "green");
  });

  it("says a batch size that is not above 0 in the user's words, counts it in its status, and uses the default (1000)", async () => {
    const { writes, status } = await writesOfSix({ batchSize: "0" });
    assert.equal(writes, 1, "six points in one batch of up to 1000");
    assert.deepEqual(logged(20), [translate("trappan-store.errors.setting", { setting: translate("trappan-store.label.batch"), value: "0", default: 1000 })]);
    assert.equal(status.fill, "yellow");
    assert.match(status.text ?? "", /1 error/);
  });

  it("reports bad input through Catch and counts it, and goes on", async () => {
    await helper.load(MODULES, flow({ url: influx.url, database: db }));
    const caught: { error: { message: string } }[] = [];
    (helper.getNode("caught") as EventEmitter).on("input", (m: { error: { message: string } }) => caught.push(m));
    const status = statusOf("store");
    receive("store", { payload: "hello" });
    receive("store", { payload: { type: "incident", id: "x" } });
    receive("store", { payload: { type: "weather" } });
    receive("store", { payload: incident("open", T0, T0 + 15 * MIN) });
    await until("three errors", () => caught.length === 3);
    assert.match(caught[0].error.message, /expected an episode, presence or health event, or an incident/);
    assert.match(caught[1].error.message, /an incident needs id, kind, state, start and detectedAt/);
    assert.match(caught[2].error.message, /got type weather/);
    await status.next((t) => /3 errors/.test(t));
    await until("the good incident", async () => (await rows(`SELECT count("id") FROM "incident"`))[0]?.count === 1);
  });

  it("says so when the disk refuses a write (full), counts it, and stores what comes after", async () => {
    await helper.load(MODULES, flow({ url: influx.url, database: db }));
    const caught: { error: { message: string } }[] = [];
    (helper.getNode("caught") as EventEmitter).on("input", (m: { error: { message: string } }) => caught.push(m));
    const status = statusOf("store");
    const realWrite = fs.writeSync;
    // The journal's next write finds the disk full, as on a caretaker's forgotten Raspberry Pi.
    const full = sinon.stub(fs, "writeSync").callsFake((() => {
      full.restore();
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    }) as never);
    try {
      receive("store", { payload: incident("open", T0, T0 + 15 * MIN) });
      await until("the refused message", () => caught.length === 1);
    } finally {
      if (fs.writeSync !== realWrite) full.restore();
    }
    assert.match(caught[0].error.message, /could not write to the buffer on disk: ENOSPC.*this message is not stored/);
    await status.next((t) => /1 error/.test(t));
    receive("store", { payload: incident("closed", T0, T0 + 20 * MIN) });
    await until("the next incident stored", async () => (await rows(`SELECT count("id") FROM "incident"`))[0]?.count === 1);
    assert.deepEqual((await rows(`SELECT "id", "state" FROM "incident"`)).map((r) => r.state), ["closed"], "the refused one is not there");
  });
});
