/**
 * `npm run eval`: the learned detector and the fixed 15-minute rule, side by side on the same
 * seeded synthetic estate, against the targets. The detector runs through core/pipeline, the
 * same code as the nodes and `trappan-eval`, with default settings.
 */
import { Incident } from "../core/events";
import { DetectorChoice, FinalIncidents, Pipeline } from "../core/pipeline";
import { generate, holidaysBetween } from "./generate";
import { score, Score, ScoredIncident } from "./score";

const seeds = (process.env.EVAL_SEEDS ?? "1,2,3").split(",").map(Number);
/** Residents' night traffic as a multiple of the usual: how the detector fares on an estate that is busier at night. */
const nightTraffic = Number(process.env.EVAL_NIGHT_TRAFFIC ?? 1);
if (!(nightTraffic >= 0) || seeds.some((s) => !Number.isInteger(s))) {
  console.error(`EVAL_SEEDS must be whole numbers ("1,2,3") and EVAL_NIGHT_TRAFFIC a number of 0 or more ("3")`);
  process.exit(2);
}

function run(detector: DetectorChoice, data: ReturnType<typeof generate>): ScoredIncident[] {
  const pipeline = new Pipeline({ detector, fromDataStart: true });
  const kinds = new Map(data.sensors.map((s) => [s.sensor, s]));
  const incidents: Incident[] = [];
  // Each incident once, as trappan-eval writes them: a closed one may still reopen within the cooldown.
  const final = new FinalIncidents(pipeline.detector.options.cooldownMs);
  const ended: Incident[] = [];
  for (const event of data.events) {
    const s = kinds.get(event.sensor)!;
    pipeline.presence({ ...event, location: { site: "", address: s.address, space: s.space } }, incidents);
    final.take(incidents, event.ts, ended);
    incidents.length = 0;
  }
  pipeline.finish(data.to, incidents);
  final.flush(incidents, ended);
  return ended.map((i) => ({ sensor: i.sensor!, type: i.kind, start: i.start, end: i.end ?? i.start, detectedAt: i.detectedAt }));
}

function merge(scores: Score[]): Score {
  const sum = (f: (s: Score) => number) => scores.reduce((a, s) => a + f(s), 0);
  const counts: Score["counts"] = {};
  for (const s of scores) for (const [type, c] of Object.entries(s.counts)) {
    const t = type as keyof Score["counts"];
    counts[t] = { found: (counts[t]?.found ?? 0) + c!.found, of: (counts[t]?.of ?? 0) + c!.of };
  }
  const recall: Score["recall"] = {};
  for (const [type, c] of Object.entries(counts)) recall[type as keyof Score["recall"]] = c!.of ? c!.found / c!.of : NaN;
  return {
    recall,
    counts,
    precision: sum((s) => s.precision * s.incidents) / Math.max(1, sum((s) => s.incidents)),
    falseAlarmsPerSensorWeek: sum((s) => s.falseAlarmsPerSensorWeek) / scores.length,
    falseAlarms: sum((s) => s.falseAlarms),
    benignAlerted: sum((s) => s.benignAlerted) / scores.length,
    medianLoiteringDelayMin: scores.map((s) => s.medianLoiteringDelayMin).sort((a, b) => a - b)[Math.floor(scores.length / 2)],
    incidents: sum((s) => s.incidents),
  };
}

const results: Record<DetectorChoice, Score[]> = { learned: [], "fixed-15min": [] };
let describe = "";
for (const seed of seeds) {
  const data = generate({ seed, nightTraffic });
  if (!describe) {
    describe = `${data.sensors.length} sensors × ${Math.round((data.to - data.from) / (7 * 86_400_000))} weeks, ${data.events.length} events per seed; holidays ${holidaysBetween(data.from, data.to, "Europe/Stockholm").join(", ")}; DST change inside`;
  }
  for (const detector of ["learned", "fixed-15min"] as DetectorChoice[]) {
    results[detector].push(score(run(detector, data), data.labels, data.sensors.length, data.learnedFrom, data.to));
  }
}
const learned = merge(results.learned);
const fixed = merge(results["fixed-15min"]);

const pct = (x: number) => (Number.isNaN(x) ? "–" : `${(100 * x).toFixed(1)} %`);
const row = (name: string, a: string, b: string, target: string, ok?: boolean) =>
  console.log(`  ${name.padEnd(34)} ${a.padStart(12)} ${b.padStart(14)}   ${target.padEnd(22)} ${ok === undefined ? "" : ok ? "✓" : "✗"}`);
console.log(`Evaluation on seeds ${seeds.join(", ")}${nightTraffic !== 1 ? `, ${nightTraffic} × residents' night traffic` : ""}: ${describe}`);
console.log(`  ${"".padEnd(34)} ${"learned".padStart(12)} ${"fixed-15min".padStart(14)}   target`);
const r = (s: Score, t: keyof Score["recall"]) => s.recall[t] ?? NaN;
const c = (s: Score, t: keyof Score["counts"]) => `${s.counts[t]?.found}/${s.counts[t]?.of}`;
row("loitering recall", pct(r(learned, "loitering")), pct(r(fixed, "loitering")), "≥ 95 %", r(learned, "loitering") >= 0.95);
row("stash recall", pct(r(learned, "stash")), pct(r(fixed, "stash")), "≥ 80 %, > fixed", r(learned, "stash") >= 0.8 && r(learned, "stash") > r(fixed, "stash"));
row("night-disturbance recall", pct(r(learned, "night-disturbance")), pct(r(fixed, "night-disturbance")), "≥ 80 %", r(learned, "night-disturbance") >= 0.8);
row("precision", pct(learned.precision), pct(fixed.precision), "");
row("false alarms / sensor-week", learned.falseAlarmsPerSensorWeek.toFixed(3), fixed.falseAlarmsPerSensorWeek.toFixed(3), "≤ 0.05, < fixed", learned.falseAlarmsPerSensorWeek <= 0.05 && learned.falseAlarmsPerSensorWeek < fixed.falseAlarmsPerSensorWeek);
row("benign deviations alerted", pct(learned.benignAlerted), pct(fixed.benignAlerted), "≤ 10 %", learned.benignAlerted <= 0.1);
row("median loitering delay", `${learned.medianLoiteringDelayMin.toFixed(1)} min`, `${fixed.medianLoiteringDelayMin.toFixed(1)} min`, "≤ 16 min", learned.medianLoiteringDelayMin <= 16);
for (const t of ["loitering", "stash", "night-disturbance", "cleaner", "newspaper", "moving"] as const) row(`  ${t} (found/of)`, c(learned, t), c(fixed, t), "");
row("incidents after learning", String(learned.incidents), String(fixed.incidents), "");
