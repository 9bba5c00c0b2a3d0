/**
 * Write throughput to a real InfluxDB (Debian's influxd 1.6.7 on loopback, test/support/influxdb.ts):
 * trappan-influx + trappan-store in a real Node-RED runtime, against the bare
 * @influxdata/influxdb-client writing the same points to the same server in the same run.
 * Target: the store writes at ≥ 0.8× the bare client's rate.
 *
 * - The points: health events and incidents (3:1), each exactly one line made by the project's
 *   healthLine/incidentLine for both contenders, so "the same points" holds by construction.
 *   Presence is left out: how many aggregate lines it makes depends on time and the learner.
 * - Store: messages handed to the node with receive(), 100 per turn of the event loop; the clock
 *   stops when its status says every point is written and none waits.
 * - Bare client: the same lines, made at the same pace into a queue in memory, sent whenever
 *   5,000 are ready, with the very call the store's v1 mode makes (the client's transport POSTing
 *   to /write; 1.6.7 has no /api/v2/write, and a proxy would add a hop to both). Same server,
 *   batch size (5,000), gzip, one request in flight, a fresh database per run.
 * - Every run is checked in InfluxDB: each point exactly once (count per measurement, a field's
 *   sum, influxd's own pointsWrittenOK), nothing dropped, refused or in error; a miss fails.
 * - A warm-up, then rounds of one run each in alternating order (at most 5, within a time budget);
 *   the ratio is the median of the rounds' ratios. With 2 cores influxd and Node compete, so
 *   single rounds vary by ±15 %. BENCH_INFLUX_VERBOSE=1 prints every run.
 */
import type { EventEmitter } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { InfluxDB } from "@influxdata/influxdb-client";
import helper from "node-red-node-test-helper";
import type { NodeAPI } from "node-red";
import type { HealthEvent, Incident, IncidentKind, Location, SensorKind, Severity, Space } from "../core/events";
import type * as PointsModule from "../core/storage/points";
import { seededRandom } from "../core/random";
import type { InfluxNode } from "../nodes/types";
import { Influx, startInflux } from "../test/support/influxdb";
import { withMessages } from "../test/support/node-red";
import { finish, gc, header, int, median, now, perSecond, row, shipped } from "./report";

helper.init(require.resolve("node-red"));

type NodeModule = (RED: NodeAPI) => void;
// The real en-US status texts (the helper's RED._ echoes the key): the status is how the clock
// learns that every point is written, as a user reads it in the editor.
const influxModule = withMessages(shipped<NodeModule>("nodes/trappan-influx/trappan-influx"));
const storeModule = withMessages(shipped<NodeModule>("nodes/trappan-store/trappan-store"));
const { healthLine, incidentLine } = shipped<typeof PointsModule>("core/storage/points");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CATCH = require("@node-red/nodes/core/common/25-catch.js") as NodeModule;

const POINTS = Number(process.env.BENCH_INFLUX_POINTS ?? 100_000);
const SENSORS = Number(process.env.BENCH_INFLUX_SENSORS ?? 1_000);
/** Lines per write; the store takes at most 5,000. */
const BATCH = Math.min(5000, Number(process.env.BENCH_INFLUX_BATCH ?? 5000));
/** Messages handed to the store per turn of the event loop. */
const FEED = Number(process.env.BENCH_INFLUX_FEED ?? 100);
const FLUSH_SECONDS = Number(process.env.BENCH_INFLUX_FLUSH_S ?? 0.05);
/** Rounds at most (one run of each), and the time they may take together (at least one). */
const RUNS = Number(process.env.BENCH_INFLUX_RUNS ?? 5);
const BUDGET_MS = Number(process.env.BENCH_INFLUX_BUDGET_S ?? 40) * 1000;
/** A line per run. */
const VERBOSE = process.env.BENCH_INFLUX_VERBOSE === "1";
/** How long one run may take before the bench gives up on it. */
const RUN_TIMEOUT_MS = 60_000;
/** What createWriter in core/storage/influx.ts asks the client to compress. */
const GZIP_THRESHOLD = 1000;
const BENCH = "influx-write";
/** A Monday a year back; point i is at T0 + i s (100,000 points: about 28 hours, one shard). */
const T0 = Date.parse("2025-11-17T00:00:00Z");

type Payload = HealthEvent | Incident;
type Contender = "store" | "bare";

// ---------------------------------------------------------------------------------------------
// The points

interface Made {
  payloads: Payload[];
  health: number;
  incidents: number;
  /** Sum of the health events' linkquality: the values arrived, not only the count. */
  linkquality: number;
}

const SPACE_CHOICES: Space[] = ["stairwell", "stairwell", "stairwell", "basement", "attic", "storage", "laundry", "bike-room", "garbage-room", "entrance"];
const KINDS: IncidentKind[] = ["loitering", "loitering", "off-hours", "visit-surge", "sensor-offline", "tamper"];
const SEVERITIES: Severity[] = ["low", "medium", "high"];
const STATES: Incident["state"][] = ["open", "update", "closed"];
const DISTRICTS = ["Skärholmen", "Rinkeby", "Tensta", "Husby", "Rosengård", "Hammarkullen"];

function makePoints(count: number, seed: number): Made {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const sensors = Array.from({ length: SENSORS }, (_, s) => {
    const location: Location = {
      site: `Kv. ${["Björken", "Eken", "Linden", "Almen", "Rönnen"][s % 5]}`,
      address: `Storgatan ${1 + Math.floor(s / 10)}`,
      entrance: "ABCD"[s % 4],
      space: pick(SPACE_CHOICES),
      floor: Math.floor(random() * 8) - 1,
      district: DISTRICTS[s % DISTRICTS.length],
      ...(s % 3 === 0 ? { policeArea: "Syd" } : {}),
    };
    const kind: SensorKind = pick(["pir", "pir", "mmwave", "door"] as const);
    return { sensor: `0x00158d00${s.toString(16).padStart(8, "0")}`, location, device: { kind, model: "bench" } };
  });
  const payloads: Payload[] = [];
  let health = 0;
  let incidents = 0;
  let linkquality = 0;
  for (let i = 0; i < count; i++) {
    const { sensor, location, device } = sensors[Math.floor(random() * sensors.length)];
    const ts = T0 + i * 1000;
    if (i % 4 !== 3) {
      const lq = Math.floor(random() * 256);
      linkquality += lq;
      health++;
      payloads.push({ type: "health", sensor, ts, battery: Math.round(40 + random() * 60), batteryLow: random() < 0.05, linkquality: lq, online: true, location, device });
    } else {
      const state = pick(STATES);
      const minutes = 15 + Math.floor(random() * 45);
      const start = ts - minutes * 60_000;
      incidents++;
      payloads.push({
        type: "incident",
        id: `${sensor}-${start}`,
        state,
        kind: pick(KINDS),
        sensor,
        location,
        start,
        // incidentTime(): an open incident is at its detection, a later message at its end; both ts.
        ...(state === "open" ? { detectedAt: ts } : { detectedAt: start + 15 * 60_000, end: ts }),
        severity: pick(SEVERITIES),
        score: Math.round(random() * 10_000) / 10_000,
        observed: { minutes, visits: Math.floor(random() * 10) },
        expected: { thresholdMinutes: 15, visits: Math.round(random() * 500) / 100 },
      });
    }
  }
  return { payloads, health, incidents, linkquality };
}

// ---------------------------------------------------------------------------------------------
// influxd

let influx: Influx;

interface WriteStats {
  writeReq: number;
  writeReqDurationNs: number;
  pointsWrittenOK: number;
  writeReqBytes: number;
}

/** influxd's own counters for its HTTP writes (/debug/vars). */
async function writeStats(): Promise<WriteStats> {
  const vars = (await (await fetch(`${influx.url}/debug/vars`)).json()) as Record<string, { name?: string; values?: Record<string, number> }>;
  const httpd = Object.values(vars).find((v) => v?.name === "httpd")?.values ?? {};
  return { writeReq: httpd.writeReq ?? 0, writeReqDurationNs: httpd.writeReqDurationNs ?? 0, pointsWrittenOK: httpd.pointsWrittenOK ?? 0, writeReqBytes: httpd.writeReqBytes ?? 0 };
}

const minus = (a: WriteStats, b: WriteStats): WriteStats => ({
  writeReq: a.writeReq - b.writeReq,
  writeReqDurationNs: a.writeReqDurationNs - b.writeReqDurationNs,
  pointsWrittenOK: a.pointsWrittenOK - b.pointsWrittenOK,
  writeReqBytes: a.writeReqBytes - b.writeReqBytes,
});

async function single(q: string, db: string): Promise<number> {
  const rows = await influx.rows(q, db);
  return Number(Object.entries(rows[0] ?? {}).find(([k]) => k !== "time")?.[1] ?? 0);
}

/** Every point there exactly once, with the values sent; throws otherwise. */
async function verify(contender: Contender, db: string, made: Made): Promise<void> {
  const health = await single(`SELECT count("linkquality") FROM "health"`, db);
  const incidents = await single(`SELECT count("id") FROM "incident"`, db);
  const linkquality = await single(`SELECT sum("linkquality") FROM "health"`, db);
  const other = (await influx.rows("SHOW MEASUREMENTS", db)).map((r) => String(r.name)).filter((m) => m !== "health" && m !== "incident");
  if (health !== made.health || incidents !== made.incidents || linkquality !== made.linkquality || other.length > 0) {
    throw new Error(
      `${contender}: InfluxDB (${db}) holds ${health} health points of ${made.health}, ${incidents} incidents of ${made.incidents}, ` +
        `linkquality sum ${linkquality} of ${made.linkquality}${other.length ? `, and measurements ${other.join(", ")}` : ""}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The contenders

interface Result {
  ms: number;
  stats: WriteStats;
  /** Until the last message was handed to the store, or the bare client's last line made. */
  fedMs: number;
}

let runCount = 0;
let bufferMegabytes = 100;

/** Node's own methods, before the helper wraps them (as in bench/node-red.bench.ts). */
const NODE_PROTOTYPE = (helper as unknown as { _NodePrototype: Record<string, unknown> })._NodePrototype;
const SPIED = ["log", "status", "warn", "error", "debug", "trace", "send"];
const ORIGINALS = Object.fromEntries(SPIED.map((method) => [method, NODE_PROTOTYPE[method]]));

/** Takes off the helper's sinon spies on Node's methods: a runtime does not record every call. */
function unspy(): void {
  (helper as unknown as { _sandbox: { restore(): void } })._sandbox.restore();
  for (const method of SPIED) NODE_PROTOTYPE[method] = ORIGINALS[method];
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

interface StoreNode extends EventEmitter {
  receive(msg: object): void;
  status(status: { text?: string }): void;
}

/** trappan-influx (v1, the database) + trappan-store in a fresh flow (its own ids: its own journal). */
async function storeRun(made: Made, db: string): Promise<Result> {
  const k = ++runCount;
  const nodes = [
    { id: `tab${k}`, type: "tab", label: `bench ${k}` },
    { id: `influx${k}`, type: "trappan-influx", name: "", url: influx.url, mode: "v1", org: "", bucket: "", database: db, retentionPolicy: "", tls: "" },
    {
      id: `store${k}`,
      type: "trappan-store",
      z: `tab${k}`,
      name: "",
      influx: `influx${k}`,
      bucketMinutes: "15",
      raw: false,
      bufferMegabytes: String(bufferMegabytes),
      batchSize: String(BATCH),
      flushSeconds: String(FLUSH_SECONDS),
      wires: [],
    },
    { id: `catch${k}`, type: "catch", z: `tab${k}`, scope: null, uncaught: false, wires: [[`caught${k}`]] },
    { id: `caught${k}`, type: "helper", z: `tab${k}`, wires: [] },
  ];
  await helper.load([influxModule, storeModule, CATCH], nodes);
  unspy();
  // The check on deploy (/ping, SHOW DATABASES) is over before the clock starts.
  const health = await (helper.getNode(`influx${k}`) as InfluxNode).check();
  if (!health.ok) throw new Error(`trappan-influx: ${health.problem}: ${health.message}`);
  const store = helper.getNode(`store${k}`) as unknown as StoreNode;
  const caught: string[] = [];
  (helper.getNode(`caught${k}`) as unknown as EventEmitter).on("input", (m: { error?: { message?: string } }) => caught.push(m.error?.message ?? "?"));

  // The status says "<written> written · <waiting> waiting" (and what fails, drops or is refused).
  let text = "";
  let reached!: () => void;
  const done = new Promise<void>((resolve) => (reached = resolve));
  const total = made.payloads.length;
  const nodeStatus = store.status;
  store.status = function (this: StoreNode, status) {
    nodeStatus.call(this, status);
    text = status.text ?? "";
    const written = /(\d+) written/.exec(text);
    if (written && Number(written[1]) >= total && / 0 waiting/.test(text)) reached();
  };
  const msgs = made.payloads.map((payload) => ({ payload }));
  gc();
  const before = await writeStats();

  const start = now();
  for (let i = 0; i < msgs.length; i += FEED) {
    const to = Math.min(msgs.length, i + FEED);
    for (let j = i; j < to; j++) store.receive(msgs[j]);
    await tick();
  }
  const fedMs = now() - start;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`trappan-store: not every point written after ${RUN_TIMEOUT_MS / 1000} s; its status: "${text}"`)), RUN_TIMEOUT_MS)));
  await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
  const ms = now() - start;

  const stats = minus(await writeStats(), before);
  const finalText = text;
  await helper.unload();
  if (caught.length > 0) throw new Error(`trappan-store: ${caught.length} errors caught, the first: ${caught[0]}`);
  if (/dropped|refused|error/.test(finalText)) throw new Error(`trappan-store: its status says "${finalText}"`);
  return { ms, stats, fedMs };
}

/**
 * @influxdata/influxdb-client alone, fed as the store is: the same payloads made into the same
 * lines a hundred at a time with a turn of the event loop in between, into a queue in memory;
 * a writer sends a batch whenever 5,000 lines are ready (the rest at the end), one request in
 * flight. What the store adds on top is the Node-RED delivery, its checks, the journal on disk
 * and the shipper's bookkeeping; that is what the ratio measures.
 *
 * (Making each batch just before sending it, in step with the writes, is slower: the request in
 * flight is compressed on the thread pool and sent from a callback that waits for the making.)
 */
async function bareRun(made: Made, db: string): Promise<Result> {
  const client = new InfluxDB({ url: influx.url, timeout: 10_000 });
  const writePath = `/write?${new URLSearchParams({ db, precision: "ms" })}`;
  const options = { method: "POST", headers: { "content-type": "text/plain; charset=utf-8" }, gzipThreshold: GZIP_THRESHOLD };
  const { payloads } = made;
  const total = payloads.length;
  const queue: string[] = [];
  let head = 0;
  let allMade = false;
  let wake: (() => void) | undefined;
  const writer = (async () => {
    while (head < total) {
      const waiting = queue.length - head;
      if (waiting >= BATCH || (allMade && waiting > 0)) {
        const lines = queue.slice(head, head + BATCH);
        head += lines.length;
        await client.transport.request(writePath, lines.join("\n"), options);
      } else await new Promise<void>((resolve) => (wake = resolve));
    }
  })();
  writer.catch(() => undefined); // awaited below; a failed write fails the run there
  gc();
  const before = await writeStats();

  const start = now();
  let bytes = 0;
  for (let i = 0; i < total; i += FEED) {
    const to = Math.min(total, i + FEED);
    for (let j = i; j < to; j++) {
      const p = payloads[j];
      const line = p.type === "incident" ? incidentLine(p) : healthLine(p)!;
      // Counted as the client's own write buffer counts a line it takes (for maxBatchBytes), and
      // as the journal does: that flattens the string Point built from pieces while it is young.
      // Left a rope of its pieces until the batch is joined, a line costs the heap: three runs
      // spent 2.6 s collecting garbage instead of 0.8 s, and the anchor ran about 15% slower.
      bytes += Buffer.byteLength(line) + 1;
      queue.push(line);
    }
    if (wake && queue.length - head >= BATCH) {
      wake();
      wake = undefined;
    }
    await tick();
  }
  allMade = true;
  const fedMs = now() - start;
  wake?.();
  await writer;
  const ms = now() - start;

  return { ms, stats: minus(await writeStats(), before), fedMs };
}

async function run(contender: Contender, made: Made, db: string): Promise<Result> {
  await influx.query(`CREATE DATABASE "${db}"`);
  const result = contender === "store" ? await storeRun(made, db) : await bareRun(made, db);
  await verify(contender, db, made);
  if (result.stats.pointsWrittenOK !== made.payloads.length) {
    throw new Error(`${contender}: influxd counted ${result.stats.pointsWrittenOK} points written in the run, ${made.payloads.length} were sent`);
  }
  // A fresh database for the next run; the dropped one's series leave influxd's index.
  await influx.query(`DROP DATABASE "${db}"`);
  if (VERBOSE) {
    const s = result.stats;
    console.log(
      `    ${db.padEnd(12)} ${int(result.ms).padStart(6)} ms  ${perSecond(made.payloads.length / (result.ms / 1000)).padStart(10)}  ` +
        `influxd: ${s.writeReq} writes, ${int(s.writeReqDurationNs / 1e6)} ms in them; all ${contender === "store" ? "handed in" : "lines made"} after ${int(result.fedMs)} ms`,
    );
  }
  return result;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const made = makePoints(POINTS, 7);
  const warm = makePoints(Math.max(BATCH, Math.round(POINTS / 4)), 8);
  // The journal holds what waits: room for every line, so nothing is dropped to keep within it.
  const lineBytes = made.payloads.reduce((sum, p) => sum + Buffer.byteLength(p.type === "incident" ? incidentLine(p) : healthLine(p)!) + 1, 0);
  bufferMegabytes = Math.max(100, Math.ceil((2 * lineBytes) / 2 ** 20));
  console.log(
    `${BENCH}: ${int(POINTS)} points (${int(made.health)} health events, ${int(made.incidents)} incidents; ${int(SENSORS)} sensors, ` +
      `${(lineBytes / POINTS).toFixed(0)} bytes a line) into influxd 1.6.7 on loopback, v1 /write, a fresh database each run; ` +
      `batches of ${int(BATCH)}, gzip over ${int(GZIP_THRESHOLD)} bytes, one request in flight`,
  );

  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), "trappan-bench-"));
  influx = await startInflux();
  let ok = false;
  try {
    helper.settings({ userDir });
    await helper.startServer();
    try {
      await run("store", warm, "warm_store");
      await run("bare", warm, "warm_bare");

      const results: Record<Contender, Result[]> = { store: [], bare: [] };
      const started = now();
      for (let round = 0; round < RUNS; round++) {
        const roundStart = now();
        const order: Contender[] = round % 2 === 0 ? ["store", "bare"] : ["bare", "store"];
        for (const contender of order) results[contender].push(await run(contender, made, `r${round}_${contender}`));
        if (now() - started + (now() - roundStart) > BUDGET_MS) break;
      }

      const rates = (c: Contender) => results[c].map((r) => POINTS / (r.ms / 1000));
      const rate = (c: Contender) => median(rates(c));
      const each = (c: Contender) => `runs ${rates(c).map((r) => int(r)).join(", ")}`;
      // Each round's store and bare runs are neighbours in time: their ratio is freer of what drifts
      // between rounds (influxd's memory, background compaction) than the ratio of the medians.
      const paired = results.store.map((r, i) => results.bare[i].ms / r.ms);
      const ratio = median(paired);
      const requests = (c: Contender) => median(results[c].map((r) => r.stats.writeReq));
      const serverShare = (c: Contender) => median(results[c].map((r) => r.stats.writeReqDurationNs / 1e6 / r.ms));
      header(`  points/s until InfluxDB acknowledged the last: median of ${results.store.length} round(s) after a warm-up, alternating order (the nodes as built in dist/)`);
      row(BENCH, "bare @influxdata/influxdb-client (anchor)", perSecond(rate("bare")), "", undefined, each("bare"));
      row(BENCH, "trappan-influx + trappan-store in Node-RED", perSecond(rate("store")), "", undefined, each("store"));
      const rounds = paired.map((r) => r.toFixed(2)).join(", ");
      row(BENCH, "ratio store/bare (points/s), median of rounds", `${ratio.toFixed(2)}×`, "≥ 0.8×", ratio >= 0.8, `rounds ${rounds}; of the medians ${(rate("store") / rate("bare")).toFixed(2)}×`);
      console.log(
        `  influxd: write requests store ${int(requests("store"))} (mean batch ${int(POINTS / requests("store"))}), bare ${int(requests("bare"))}; ` +
          `busy in writes ${(100 * serverShare("store")).toFixed(0)}% of the store's time, ${(100 * serverShare("bare")).toFixed(0)}% of the bare client's; ` +
          `the last message handed to the store after ${int(median(results.store.map((r) => r.fedMs)))} ms, the bare client's last line made after ${int(median(results.bare.map((r) => r.fedMs)))} ms (medians)`,
      );
      console.log(`  every run: each point in InfluxDB exactly once (count per measurement and a field's sum checked), none dropped, refused or in error`);
      ok = true;
    } finally {
      await helper.stopServer();
    }
  } finally {
    await influx.destroy();
    fs.rmSync(userDir, { recursive: true, force: true });
  }
  if (ok) finish();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
