/**
 * The store's way to InfluxDB against a real InfluxDB (Debian's 1.6.7, started by the test run):
 * v1 mode directly; v2 mode through a test-only proxy that maps /api/v2/write onto /write,
 * because 1.6.7 has no v2 API.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Journal } from "../../core/storage/journal";
import { InfluxTarget, WriteFailure, checkHealth, createWriter, influxQL } from "../../core/storage/influx";
import { Shipper, ShipperState } from "../../core/storage/shipper";
import { isIncidentLine } from "../../core/storage/points";
import { eventually as until } from "../support/events";
import { ADMIN, Influx, Proxy, startInflux, v2Proxy } from "../support/influxdb";

const T0 = Date.parse("2026-03-10T18:00:00+01:00");
const line = (i: number, sensor = "s1") => `presence,sensor=${sensor} visits=${i % 7}i,occupied_s=${i} ${T0 + i * 60_000}`;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "trappan-journal-"));
}

interface Harness {
  journal: Journal;
  shipper: Shipper;
  rejected: { line: string; failure: WriteFailure }[];
  states: ShipperState[];
}

function harness(dir: string, target: InfluxTarget, options: Partial<Shipper["options"]> = {}): Harness {
  const journal = new Journal(dir, { maxBytes: 1 << 20, droppable: (l) => !isIncidentLine(l) });
  const rejected: Harness["rejected"] = [];
  const states: ShipperState[] = [];
  const shipper = new Shipper(journal, createWriter(target), { rejected: (l, failure) => rejected.push({ line: l, failure }), changed: (s) => states.push(s) }, { batchSize: 50, flushIntervalMs: 20, minRetryMs: 50, maxRetryMs: 200, configRetryMs: 200, ...options });
  return { journal, shipper, rejected, states };
}

async function count(influx: Influx, db: string, measurement = "presence"): Promise<number> {
  const rows = await influx.rows(`SELECT count("visits") FROM "${measurement}"`, db);
  return Number(rows[0]?.count ?? 0);
}

describe("storage: InfluxDB (real influxd 1.6.7)", function () {
  this.timeout(60_000);
  let influx: Influx;
  let proxy: Proxy;
  let db: string;
  let dbCount = 0;

  before(async () => {
    influx = await startInflux();
    proxy = await v2Proxy(influx.url);
  });
  after(async () => {
    await proxy?.close();
    await influx?.destroy();
  });
  beforeEach(async () => {
    db = `trappan_${++dbCount}`;
    await influx.query(`CREATE DATABASE ${db}`);
  });

  const v1 = (): InfluxTarget => ({ url: influx.url, mode: "v1", database: db });
  const v2 = (): InfluxTarget => ({ url: proxy.url, mode: "v2", org: "trappan", bucket: db, token: "test-token" });

  for (const mode of ["v1", "v2"] as const) {
    it(`writes batches in ${mode} mode, every point once`, async () => {
      const h = harness(tempDir(), mode === "v1" ? v1() : v2());
      h.journal.append(Array.from({ length: 120 }, (_, i) => line(i)));
      h.shipper.poke();
      await until("the backlog to empty", () => h.journal.size === 0);
      assert.equal(await count(influx, db), 120);
      const [series] = await influxQL(mode === "v1" ? v1() : v2(), `SELECT sum("visits") FROM "presence"`);
      assert.equal(series[0].values[0][1], Array.from({ length: 120 }, (_, i) => i % 7).reduce((a, b) => a + b));
      if (mode === "v2") assert.ok(proxy.seen.includes("/api/v2/write"), "the client's v2 write path was used");
      await h.shipper.close();
      h.journal.close();
    });
  }

  it("keeps points on disk while InfluxDB is down and writes each exactly once when it returns", async () => {
    const dir = tempDir();
    const h = harness(dir, v2());
    h.journal.append(Array.from({ length: 40 }, (_, i) => line(i)));
    h.shipper.poke();
    await until("the first points", () => h.journal.size === 0);
    await influx.stop();
    h.journal.append(Array.from({ length: 40 }, (_, i) => line(40 + i)));
    h.shipper.poke();
    await until("a failed write", () => h.states.some((s) => s.failing?.kind === "retry"));
    h.journal.append(Array.from({ length: 40 }, (_, i) => line(80 + i)));
    h.shipper.poke();
    assert.equal(h.journal.size, 80, "the backlog waits");
    await influx.start();
    await until("the backlog to empty", () => h.journal.size === 0);
    assert.equal(await count(influx, db), 120);
    assert.equal(h.shipper.state.failing, undefined);
    await h.shipper.close();
    h.journal.close();
  });

  it("writes what waited after a restart while InfluxDB was down, in order, exactly once", async () => {
    const dir = tempDir();
    let h = harness(dir, v1());
    h.journal.append(Array.from({ length: 30 }, (_, i) => line(i)));
    h.shipper.poke();
    await until("the first points", () => h.journal.size === 0);
    await influx.stop();
    h.journal.append(Array.from({ length: 70 }, (_, i) => line(30 + i)));
    h.shipper.poke();
    await until("a failed write", () => h.states.some((s) => s.failing !== undefined));
    await h.shipper.close(); // Node-RED stops while InfluxDB is down
    h.journal.close();
    await influx.start();
    h = harness(dir, v1());
    assert.equal(h.journal.size, 70, "the backlog came back from disk");
    h.shipper.poke();
    await until("the backlog to empty", () => h.journal.size === 0);
    const rows = await influx.rows(`SELECT "occupied_s" FROM "presence"`, db);
    assert.deepEqual(
      rows.map((r) => r.occupied_s),
      Array.from({ length: 100 }, (_, i) => i),
    );
    await h.shipper.close();
    h.journal.close();
  });

  it("names a line InfluxDB refuses, writes the rest, and does not retry it", async () => {
    const h = harness(tempDir(), v1());
    h.journal.append([line(0), line(1)]);
    h.shipper.poke();
    await until("the first points", () => h.journal.size === 0);
    // visits was an integer; a float now is a field type conflict: a 400 from InfluxDB.
    const bad = `presence,sensor=s9 visits=1.5,occupied_s=1 ${T0 + 5 * 60_000}`;
    h.journal.append([line(2), line(3), bad, line(4), line(5)]);
    h.shipper.poke();
    await until("the backlog to empty", () => h.journal.size === 0);
    assert.equal(h.rejected.length, 1);
    assert.equal(h.rejected[0].line, bad);
    assert.equal(h.rejected[0].failure.status, 400);
    assert.match(h.rejected[0].failure.message, /field type conflict/);
    assert.equal(await count(influx, db), 6);
    assert.equal(h.shipper.state.rejected, 1);
    await h.shipper.close();
    h.journal.close();
  });

  it("says what is wrong with a target: unreachable, no such database or bucket, fine", async () => {
    assert.deepEqual(await checkHealth(v1()), { ok: true });
    assert.deepEqual(await checkHealth(v2()), { ok: true });
    const missing = await checkHealth({ ...v1(), database: "nowhere" });
    assert.equal(missing.ok === false && missing.problem, "missing");
    const missingBucket = await checkHealth({ ...v2(), bucket: "nowhere" });
    assert.equal(missingBucket.ok === false && missingBucket.problem, "missing");
    assert.match(missingBucket.ok === false ? missingBucket.message : "", /DBRP/);
    const unreachable = await checkHealth({ ...v1(), url: "http://127.0.0.1:1" });
    assert.equal(unreachable.ok === false && unreachable.problem, "unreachable");
  });

  it("says unauthorised for a wrong password, and keeps the points until it is fixed", async () => {
    const secured = await startInflux({ auth: true });
    try {
      await secured.query("CREATE DATABASE guarded");
      const wrong: InfluxTarget = { url: secured.url, mode: "v1", database: "guarded", username: ADMIN.user, password: "wrong" };
      const health = await checkHealth(wrong);
      assert.equal(health.ok === false && health.problem, "unauthorised");
      const h = harness(tempDir(), wrong);
      h.journal.append([line(1)]);
      h.shipper.poke();
      await until("a refused write", () => h.states.some((s) => s.failing?.kind === "unauthorised"));
      assert.equal(h.journal.size, 1, "the point stays");
      await h.shipper.close();
      h.journal.close();
      assert.deepEqual(await checkHealth({ ...wrong, password: ADMIN.password }), { ok: true });
    } finally {
      await secured.destroy();
    }
  });
});

describe("storage: journal", () => {
  it("drops the oldest lines but never an incident when the bound is reached", () => {
    const dir = tempDir();
    const journal = new Journal(dir, { maxBytes: 400, droppable: (l) => !isIncidentLine(l) });
    const incident = (i: number) => `incident,kind=loitering,sensor=s1 id="i${i}",score=0.5 ${T0 + i}`;
    journal.append([incident(0), line(1), line(2)]);
    let dropped = 0;
    for (let i = 3; i < 20; i++) dropped += journal.append([i % 5 === 0 ? incident(i) : line(i)]);
    assert.ok(dropped > 0 && journal.dropped === dropped);
    const kept = journal.peek(100);
    assert.ok(journal.bytes <= 400 || kept.every(isIncidentLine));
    for (const i of [0, 5, 10, 15]) assert.ok(kept.includes(incident(i)), `incident ${i} kept`);
    assert.ok(kept.includes(line(19)), "the newest line is kept");
    assert.ok(!kept.includes(line(1)), "the oldest aggregate went first");
    journal.close();
    const again = new Journal(dir, { maxBytes: 400, droppable: () => true });
    assert.deepEqual(again.peek(100), kept, "what is kept is what comes back after a restart");
    again.close();
  });

  it("forgets a line cut short by a crash, and compacts what is acknowledged", () => {
    const dir = tempDir();
    const journal = new Journal(dir, { maxBytes: 1 << 30, droppable: () => true });
    const many = Array.from({ length: 30_000 }, (_, i) => line(i));
    journal.append(many);
    journal.ack(29_990);
    journal.close();
    const files = fs.readdirSync(dir).filter((f) => f.startsWith("queue-"));
    assert.equal(files.length, 1);
    assert.ok(fs.statSync(path.join(dir, files[0])).size < 2000, "the acknowledged megabytes are gone from disk");
    fs.appendFileSync(path.join(dir, files[0]), "presence,sensor=s1 visits=1i 17");
    const again = new Journal(dir, { maxBytes: 1 << 30, droppable: () => true });
    assert.deepEqual(again.peek(100), many.slice(29_990));
    again.append([line(99_999)]);
    again.close();
    assert.deepEqual(new Journal(dir, { maxBytes: 1 << 30, droppable: () => true }).peek(100), [...many.slice(29_990), line(99_999)]);
  });
});
