/**
 * `npm run eval`: the learned detector and the fixed 15-minute rule, side by side on the same
 * seeded synthetic estate, against the targets. The detector runs through core/pipeline, the
 * same code as the nodes and `trappan-eval`, with default settings.
 */
import { Incident } from "../core/events";
import { DetectorChoice, FinalIncidents, Pipeline } from "../core/pipeline";
import { generate, holidaysBetween } from "./generate";
import { merge, printComparison } from "./report";
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

console.log(`Evaluation on seeds ${seeds.join(", ")}${nightTraffic !== 1 ? `, ${nightTraffic} × residents' night traffic` : ""}: ${describe}`);
printComparison(learned, fixed);
