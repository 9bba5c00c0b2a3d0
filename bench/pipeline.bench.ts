/**
 * Core throughput and memory: the learned pipeline (core/pipeline.ts with detector "learned":
 * Learner → Baseline → AnomalyDetector, what trappan-baseline → trappan-anomaly run) over the
 * presence events of 10,000 sensors in time order, against the fixed 15-minute rule
 * (detector "fixed-15min": episodes and the floor, nothing learned) on the same events in the
 * same run. Four weeks of events, so the 14-day learning period passes and the learned detector
 * decides the second half.
 *
 * Memory: the live heap the learned pipeline holds after the run, per sensor, and the record
 * trappan-baseline saves per sensor to Node-RED's context (learner.snapshot as JSON).
 *
 * Targets: ≥ 1,000,000 events/s on one core, within 3× of the fixed rule; ≤ 8 KB per sensor in
 * memory and persisted.
 *
 * Where the time goes (not a target): the same load per sensor (as many events a sensor over the
 * same weeks) spread over 1,000 sensors, whose state stays in the processor's caches. What is
 * slower over 10,000 is memory, waiting for each event's sensor state; the rest is arithmetic.
 */
import type * as PipelineModule from "../core/pipeline";
import type { Incident } from "../core/events";
import { presenceStream, Stream } from "./presence";
import { finish, gc, header, int, kb, liveBytes, median, now, perSecond, requireGc, row, shipped } from "./report";

const { Pipeline } = shipped<typeof PipelineModule>("core/pipeline");
type DetectorChoice = PipelineModule.DetectorChoice;

const SENSORS = Number(process.env.BENCH_SENSORS ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_500_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 28);
/** Timed runs per detector at most, and the time they may take together (at least one each). */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BUDGET_MS = Number(process.env.BENCH_CORE_BUDGET_S ?? 60) * 1000;
const BENCH = "core";
/** Sensors whose state stays in the caches (7 KB each: 7 MB, under this machine's L3 of 32 MB). */
const IN_CACHE_SENSORS = 1_000;

interface Run {
  ms: number;
  incidents: number;
  pipeline: PipelineModule.Pipeline;
  memory?: { heap: number; arrayBuffers: number; sensors: number; persistedMean: number; persistedMax: number };
}

/**
 * The warm-up's pipelines, kept alive to the end. When no object of the pipeline's classes is
 * left, a full collection drops what the compiled code knew of them (V8 holds it weakly) and the
 * next run compiles it again: about 0.2 s, more than half of a run over 1,000 sensors. A
 * Node-RED process keeps its pipeline for as long as it runs, so the runs here should too.
 */
const warmedUp: PipelineModule.Pipeline[] = [];

function run(detector: DetectorChoice, stream: Stream, measureMemory = false): Run {
  const { events } = stream;
  const before = measureMemory ? liveBytes() : undefined;
  if (!measureMemory) gc();
  const pipeline = new Pipeline({ detector, fromDataStart: true });
  const out: Incident[] = [];
  let incidents = 0;
  const start = now();
  for (let i = 0; i < events.length; i++) {
    pipeline.presence(events[i], out);
    if (out.length > 0) {
      incidents += out.length;
      out.length = 0;
    }
  }
  const ms = now() - start;
  if (!before) return { ms, incidents, pipeline };
  // The pipeline is still referenced here: what it holds for its sensors is live. So are the
  // events (used below), which were live before too: the difference is the pipeline's.
  const after = liveBytes();
  if (events.length !== stream.events.length) throw new Error("unreachable");
  let sensors = 0;
  let sum = 0;
  let max = 0;
  for (const sensor of pipeline.learner.sensorIds()) {
    const bytes = Buffer.byteLength(JSON.stringify(pipeline.learner.snapshot(sensor)));
    sensors++;
    sum += bytes;
    max = Math.max(max, bytes);
  }
  return {
    ms,
    incidents,
    pipeline,
    memory: { heap: after.heap - before.heap, arrayBuffers: after.arrayBuffers - before.arrayBuffers, sensors, persistedMean: sum / sensors, persistedMax: max },
  };
}

/**
 * The same load per sensor over IN_CACHE_SENSORS sensors: what each event costs when its
 * sensor's state is at hand, beside its cost over all the sensors (ms per event, best runs).
 */
function inCache(full: Stream, learnedMs: number, fixedMs: number) {
  if (SENSORS <= IN_CACHE_SENSORS) return;
  const few = presenceStream({ seed: 1, sensors: IN_CACHE_SENSORS, events: Math.round((EVENTS * IN_CACHE_SENSORS) / SENSORS), days: DAYS });
  const best: Record<DetectorChoice, number> = { learned: Infinity, "fixed-15min": Infinity };
  // About as many events in all as one run over every sensor: a short run is at the mercy of the machine.
  const runs = Math.max(3, Math.round(full.events.length / few.events.length));
  for (let i = 0; i < runs; i++) for (const detector of ["fixed-15min", "learned"] as DetectorChoice[]) best[detector] = Math.min(best[detector], run(detector, few).ms);
  const us = (ms: number) => `${(ms * 1000).toFixed(2)} µs/event`;
  const cached = (d: DetectorChoice) => best[d] / few.events.length;
  console.log(`  where the time goes: the same load per sensor over ${int(IN_CACHE_SENSORS)} sensors, whose state stays in the caches (best of ${runs}):`);
  for (const [d, all] of [["fixed-15min", fixedMs], ["learned", learnedMs]] as [DetectorChoice, number][]) {
    const memory = Math.max(0, 1 - cached(d) / all);
    row(BENCH, `  ${d}, state in cache`, perSecond(1 / (cached(d) / 1000)), "", undefined, `${us(cached(d))} against ${us(all)} over ${int(SENSORS)}: ${Math.round(100 * memory)} % memory, the rest arithmetic`);
  }
}

function main() {
  requireGc();
  const genStart = now();
  const stream = presenceStream({ seed: 1, sensors: SENSORS, events: EVENTS, days: DAYS });
  // Warm-up on another estate over the same weeks, so the learned paths are compiled too.
  const warm = presenceStream({ seed: 2, sensors: Math.max(50, Math.round(SENSORS / 20)), events: Math.round(EVENTS / 20), days: DAYS });
  const genMs = now() - genStart;
  const learnedFrom = stream.from + 14 * 86_400_000;
  const learnedShare = stream.events.filter((e) => e.ts >= learnedFrom).length / stream.events.length;
  console.log(
    `core: ${int(stream.events.length)} presence events from ${int(SENSORS)} sensors (${int(stream.radars)} mmWave, the rest PIR) over ${DAYS} days, ` +
      `${Math.round(100 * learnedShare)} % of them after the 14-day learning period (generated in ${(genMs / 1000).toFixed(1)} s, not timed)`,
  );

  for (const detector of ["fixed-15min", "learned"] as DetectorChoice[]) warmedUp.push(run(detector, warm).pipeline);

  const times: Record<DetectorChoice, number[]> = { learned: [], "fixed-15min": [] };
  const incidents: Record<DetectorChoice, number> = { learned: 0, "fixed-15min": 0 };
  let memory: Run["memory"];
  const started = now();
  for (let pair = 0; pair < RUNS; pair++) {
    const pairStart = now();
    for (const detector of ["fixed-15min", "learned"] as DetectorChoice[]) {
      const result = run(detector, stream, detector === "learned" && !memory);
      times[detector].push(result.ms);
      incidents[detector] = result.incidents;
      memory ??= result.memory;
    }
    // Another pair only if it fits in the time this benchmark may take.
    if (now() - started + (now() - pairStart) > BUDGET_MS) break;
  }

  const n = stream.events.length;
  const best = (d: DetectorChoice) => Math.min(...times[d]);
  const rate = (d: DetectorChoice) => n / (best(d) / 1000);
  const us = (d: DetectorChoice) => `${((best(d) * 1000) / n).toFixed(2)} µs/event`;
  const spread = (d: DetectorChoice) => `median ${perSecond(n / (median(times[d]) / 1000))} of ${times[d].length}`;
  const ratio = best("learned") / best("fixed-15min");

  header(`  events/s: best of ${times.learned.length} timed run(s) each after a warm-up (the code as built in dist/)`);
  row(BENCH, "fixed-15min pipeline (anchor)", perSecond(rate("fixed-15min")), "", undefined, `${us("fixed-15min")}; ${spread("fixed-15min")}`);
  row(BENCH, "learned pipeline", perSecond(rate("learned")), "≥ 1,000,000/s", rate("learned") >= 1_000_000, `${us("learned")}; ${spread("learned")}`);
  row(BENCH, "ratio learned/fixed (time per event)", `${ratio.toFixed(2)}×`, "≤ 3×", ratio <= 3);
  console.log(`  incident messages (open/update/closed): learned ${int(incidents.learned)}, fixed-15min ${int(incidents["fixed-15min"])}`);
  if (memory) {
    const s = memory.sensors;
    console.log(`  memory of the learned pipeline after a run, per sensor (${int(s)} sensors):`);
    row(BENCH, "  JS heap (heapUsed)", kb(memory.heap / s));
    row(BENCH, "  typed-array stores (arrayBuffers)", kb(memory.arrayBuffers / s), "", undefined, "Float32Arrays over 64 bytes live outside heapUsed");
    row(BENCH, "  in memory (heap + arrayBuffers)", kb((memory.heap + memory.arrayBuffers) / s), "≤ 8 KB", (memory.heap + memory.arrayBuffers) / s <= 8192);
    row(BENCH, "  persisted (snapshot JSON), mean", kb(memory.persistedMean), "≤ 8 KB", memory.persistedMean <= 8192);
    row(BENCH, "  persisted (snapshot JSON), max", kb(memory.persistedMax), "≤ 8 KB", memory.persistedMax <= 8192);
  }
  inCache(stream, best("learned") / n, best("fixed-15min") / n);
  finish();
}

main();
