/**
 * The nodes in a real Node-RED runtime (node-red-node-test-helper, as the node tests use it):
 * presence events fed into trappan-baseline, episodes on to trappan-anomaly, incidents out to a
 * sink; against the same messages through two of Node-RED's core change nodes, in the same run.
 *
 * The anchor is source → change → change → sink: two nodes that do something small to each
 * message, as trappan-baseline and trappan-anomaly are two nodes in a row. Each event then costs
 * two deliveries and a sink delivery in the anchor; in our chain one delivery into the baseline
 * and about one and a half episodes into the anomaly node (opened, paused, finished), while only
 * incidents reach the end. The ratio says what our two nodes cost beyond moving the same messages
 * through two trivial ones.
 *
 * The source hands messages to the first node with node.receive (as a wire would deliver them),
 * a batch at a time, then yields to the event loop so Node-RED can deliver what was sent: as fast
 * as the runtime takes them, without piling up an unbounded backlog. Batches of 20 to 300 give
 * both chains their best rate (100 by default, BENCH_RED_BATCH); at 10,000 both are slower. The clock stops when the
 * last message's effects have reached the end: in the anchor when the sink has every message; in
 * our chain when a health event sent after the last presence event comes out of the anomaly
 * node's caretaker output (messages are delivered in order, so everything before it is done).
 *
 * Events: 1,000 sensors, three weeks of visits in time order per sensor, shifted so the latest
 * is a minute old (the baseline refuses events more than 5 minutes ahead of the wall clock), so
 * the learned detector decides the last week. The helper's sinon spies on Node.send, status and
 * the log are taken off after each load: they record every call with its arguments and emit an
 * event for each, which a runtime does not (with them, both chains run at a fraction of the speed).
 *
 * Target: ≥ 50,000 events/s, within 2× of the change-node anchor.
 */
import type { EventEmitter } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import helper from "node-red-node-test-helper";
import type { NodeAPI } from "node-red";
import type * as LearnerModule from "../core/learner";
import type { PresenceEvent } from "../core/events";
import { presenceStream } from "./presence";
import { finish, gc, header, int, median, now, perSecond, row, shipped } from "./report";

helper.init(require.resolve("node-red"));

type NodeModule = (RED: NodeAPI) => void;
const baselineModule = shipped<NodeModule>("nodes/trappan-baseline/trappan-baseline");
const anomalyModule = shipped<NodeModule>("nodes/trappan-anomaly/trappan-anomaly");
const { Learner } = shipped<typeof LearnerModule>("core/learner");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CHANGE = require("@node-red/nodes/core/function/15-change.js") as NodeModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CATCH = require("@node-red/nodes/core/common/25-catch.js") as NodeModule;

const SENSORS = Number(process.env.BENCH_RED_SENSORS ?? 1_000);
const EVENTS = Number(process.env.BENCH_RED_EVENTS ?? 200_000);
const DAYS = Number(process.env.BENCH_RED_DAYS ?? 21);
const BATCH = Number(process.env.BENCH_RED_BATCH ?? 100);
const RUNS = Number(process.env.BENCH_RED_RUNS ?? 3);
const BUDGET_MS = Number(process.env.BENCH_RED_BUDGET_S ?? 40) * 1000;
const BENCH = "node-red";

type Chain = "trappan" | "change";
const SENTINEL = "bench-sentinel";

interface TestNode extends EventEmitter {
  receive(msg: object): void;
}

let flowCount = 0;

/** A flow with ids of its own: what a node saves to the context store on close is not restored into the next run. */
function flow(chain: Chain) {
  const k = ++flowCount;
  const common = [
    { id: `tab${k}`, type: "tab", label: `bench ${k}` },
    { id: `catch${k}`, type: "catch", z: `tab${k}`, scope: null, uncaught: false, wires: [[`caught${k}`]] },
    { id: `caught${k}`, type: "helper", z: `tab${k}`, wires: [] },
  ];
  if (chain === "trappan") {
    return {
      source: `baseline${k}`,
      end: `caretakers${k}`,
      incidents: `police${k}`,
      caught: `caught${k}`,
      nodes: [
        ...common,
        { id: `baseline${k}`, type: "trappan-baseline", z: `tab${k}`, name: "", site: "", slotMinutes: "30", halfLifeDays: "28", learningDays: "14", mergeGapSeconds: "60", blipSeconds: "20", store: "", wires: [[`anomaly${k}`]] },
        { id: `anomaly${k}`, type: "trappan-anomaly", z: `tab${k}`, name: "", site: "", mode: "learned", floorMinutes: "15", spaceFloors: {}, maintenance: [], store: "", wires: [[`police${k}`], [`caretakers${k}`]] },
        { id: `police${k}`, type: "helper", z: `tab${k}`, wires: [] },
        { id: `caretakers${k}`, type: "helper", z: `tab${k}`, wires: [] },
      ],
    };
  }
  return {
    source: `first${k}`,
    end: `sink${k}`,
    incidents: undefined,
    caught: `caught${k}`,
    nodes: [
      ...common,
      { id: `first${k}`, type: "change", z: `tab${k}`, name: "", rules: [{ t: "set", p: "topic", pt: "msg", to: "payload.sensor", tot: "msg" }], wires: [[`second${k}`]] },
      { id: `second${k}`, type: "change", z: `tab${k}`, name: "", rules: [{ t: "set", p: "kind", pt: "msg", to: "payload.device.kind", tot: "msg" }], wires: [[`sink${k}`]] },
      { id: `sink${k}`, type: "helper", z: `tab${k}`, wires: [] },
    ],
  };
}

/** Node's own methods, before the helper wraps them. */
const NODE_PROTOTYPE = (helper as unknown as { _NodePrototype: Record<string, unknown> })._NodePrototype;
const SPIED = ["log", "status", "warn", "error", "debug", "trace", "send"];
const ORIGINALS = Object.fromEntries(SPIED.map((method) => [method, NODE_PROTOTYPE[method]]));

/**
 * Takes off the helper's spies: each load wraps Node's send, status and log methods in a sinon
 * spy (which records every call with its arguments) behind a Proxy that emits an event per call.
 */
function unspy(ids: string[]): void {
  (helper as unknown as { _sandbox: { restore(): void } })._sandbox.restore();
  for (const method of SPIED) NODE_PROTOTYPE[method] = ORIGINALS[method];
  // A node with wires keeps Node.prototype.send as it was when the node was made.
  for (const id of ids) {
    const node = helper.getNode(id) as unknown as { send: unknown; _wireCount?: number } | null;
    if (node && (node._wireCount ?? 0) > 0) node.send = ORIGINALS.send;
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Result {
  ms: number;
  incidents: number;
  errors: number;
}

/** Presence messages ending a minute before now, in order, made before the clock starts. */
function messages(events: PresenceEvent[]): { payload: object }[] {
  const shift = Date.now() - 60_000 - events[events.length - 1].ts;
  return events.map((e) => ({ payload: { ...e, ts: e.ts + shift } }));
}

async function run(chain: Chain, events: PresenceEvent[]): Promise<Result> {
  const f = flow(chain);
  await helper.load([baselineModule, anomalyModule, CHANGE, CATCH], f.nodes);
  unspy(f.nodes.map((node) => node.id));
  // The baseline node waits for its saved state before taking input.
  for (let i = 0; i < 5; i++) await tick();
  const msgs = messages(events);
  const lastTs = (msgs[msgs.length - 1].payload as PresenceEvent).ts;
  const source = helper.getNode(f.source) as unknown as TestNode;
  let errors = 0;
  (helper.getNode(f.caught) as unknown as TestNode).on("input", () => errors++);
  let incidents = 0;
  if (f.incidents) (helper.getNode(f.incidents) as unknown as TestNode).on("input", () => incidents++);
  const expected = chain === "change" ? msgs.length : 1;
  let arrived = 0;
  let reached!: () => void;
  const done = new Promise<void>((resolve) => (reached = resolve));
  (helper.getNode(f.end) as unknown as TestNode).on("input", () => ++arrived === expected && reached());
  gc();

  const start = now();
  for (let i = 0; i < msgs.length; i += BATCH) {
    const to = Math.min(msgs.length, i + BATCH);
    for (let j = i; j < to; j++) source.receive(msgs[j]);
    await tick();
  }
  if (chain === "trappan") source.receive({ payload: { type: "health", sensor: SENTINEL, ts: lastTs, online: false } });
  await done;
  const ms = now() - start;

  await helper.unload();
  return { ms, incidents, errors };
}

async function main() {
  const stream = presenceStream({ seed: 3, sensors: SENSORS, events: EVENTS, days: DAYS, end: Date.now() });
  const warm = presenceStream({ seed: 4, sensors: Math.max(20, SENSORS / 10), events: EVENTS / 10, days: DAYS, end: Date.now() });
  // How many episode messages the baseline node sends the anomaly node (the same learner, offline).
  const learner = new Learner(undefined);
  let episodes = 0;
  for (const e of stream.events) episodes += learner.advance(e.ts).length + learner.push(e).length;
  const n = stream.events.length;
  console.log(
    `node-red: ${int(n)} presence events from ${int(SENSORS)} sensors over ${DAYS} days (the latest a minute old), ` +
      `fed with node.receive in batches of ${int(BATCH)}; ${int(episodes)} episode messages go from trappan-baseline to trappan-anomaly`,
  );

  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), "trappan-bench-"));
  helper.settings({ userDir });
  await helper.startServer();
  for (const chain of ["change", "trappan"] as Chain[]) await run(chain, warm.events);

  const times: Record<Chain, number[]> = { trappan: [], change: [] };
  const last: Partial<Record<Chain, Result>> = {};
  const started = now();
  for (let pair = 0; pair < RUNS; pair++) {
    const pairStart = now();
    for (const chain of ["change", "trappan"] as Chain[]) {
      const result = await run(chain, stream.events);
      times[chain].push(result.ms);
      last[chain] = result;
    }
    if (now() - started + (now() - pairStart) > BUDGET_MS) break;
  }
  await helper.stopServer();
  fs.rmSync(userDir, { recursive: true, force: true });

  const best = (c: Chain) => Math.min(...times[c]);
  const rate = (c: Chain) => n / (best(c) / 1000);
  const spread = (c: Chain) => `median ${perSecond(n / (median(times[c]) / 1000))} of ${times[c].length}`;
  const ratio = best("trappan") / best("change");
  header(`  events/s: best of ${times.trappan.length} timed run(s) each after a warm-up, fresh flows each run (the nodes as built in dist/)`);
  row(BENCH, "source → change → change → sink (anchor)", perSecond(rate("change")), "", undefined, spread("change"));
  row(BENCH, "source → trappan-baseline → trappan-anomaly", perSecond(rate("trappan")), "≥ 50,000/s", rate("trappan") >= 50_000, spread("trappan"));
  row(BENCH, "ratio trappan/change (time per event)", `${ratio.toFixed(2)}×`, "≤ 2×", ratio <= 2);
  console.log(`  incidents out of trappan-anomaly: ${int(last.trappan?.incidents ?? 0)}; errors caught: trappan ${last.trappan?.errors ?? 0}, change ${last.change?.errors ?? 0}`);
  finish();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
