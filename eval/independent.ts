/**
 * `npm run eval:independent`: the same comparison as `npm run eval`, on estates that were written
 * apart from ours and from each other (eval/independent/*.mjs), and through the public contract:
 * each estate is written to CSV and JSON files and read back by `trappan-eval`, as data from
 * anywhere would be. A check on overfitting our own generator; not a target to tune to.
 *   mixtures  residents' long stays as mixtures, still people a PIR loses, shift workers
 *   agents    households routed through their buildings, real sensor models, booked laundry
 *   timeuse   residents' days from time use by role and day type, routed trips, spring and Ramadan
 *   winter    autumn into winter: the clocks going back, darkness and snow, Christmas and New Year
 *   summer    June to mid-August: school out, midsommar, light nights, the July holidays, heat waves
 *
 * EVAL_ESTATES picks the estates (all by default), EVAL_SEEDS the seeds (1,2,3 by default);
 * EVAL_KEEP=dir keeps the files there.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DetectorChoice } from "../core/pipeline";
import { Label } from "./generate";
import { merge, printComparison } from "./report";
import { score, Score, ScoredIncident } from "./score";

const seeds = (process.env.EVAL_SEEDS ?? "1,2,3").split(",").map(Number);
if (seeds.some((s) => !Number.isInteger(s))) {
  console.error(`EVAL_SEEDS must be whole numbers ("1,2,3")`);
  process.exit(2);
}
const ESTATES: Record<string, string> = {
  mixtures: "residents' long stays as mixtures, still people a PIR loses, shift workers",
  agents: "households routed through their buildings, real sensor models, booked laundry",
  timeuse: "residents' days from time use by role and day type, routed trips, spring and Ramadan",
  winter: "autumn into winter: the clocks going back, darkness and snow, Christmas and New Year",
  summer: "June to mid-August: school out, midsommar, light nights, the July holidays, heat waves",
};
const estates = (process.env.EVAL_ESTATES ?? Object.keys(ESTATES).join(",")).split(",");
if (estates.some((e) => !(e in ESTATES))) {
  console.error(`EVAL_ESTATES must name estates of ${Object.keys(ESTATES).join(", ")}`);
  process.exit(2);
}
const root = path.resolve(__dirname, "..");
const keep = process.env.EVAL_KEEP;
const work = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), "trappan-independent-"));

/** trappan-eval as a user runs it, from the sources (no build needed). */
function trappanEval(dir: string, detector: DetectorChoice): ScoredIncident[] {
  const out = path.join(dir, `${detector}.jsonl`);
  execFileSync(process.execPath, ["--import", "tsx", path.join(root, "cli/trappan-eval.ts"), "--events", path.join(dir, "events.csv"), "--sensors", path.join(dir, "sensors.json"), "--detector", detector, "--out", out], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const lines = fs.readFileSync(out, "utf8").split("\n").filter((line) => line.trim() !== "");
  return lines
    .map((line) => JSON.parse(line) as { sensor: string; type: string; start: string; end?: string; detectedAt: string })
    .filter((i) => i.type !== "sensor-offline" && i.type !== "tamper") // for caretakers; the labels are about people
    .map((i) => ({ sensor: i.sensor, type: i.type, start: Date.parse(i.start), end: Date.parse(i.end ?? i.start), detectedAt: Date.parse(i.detectedAt) }));
}

/** One estate over the seeds: each generated into its own folder and scored through trappan-eval. */
function evaluate(estate: string): void {
  const results: Record<DetectorChoice, Score[]> = { learned: [], "fixed-15min": [] };
  let sensorsSeen = 0;
  let weeksSeen = 0;
  for (const seed of seeds) {
    const dir = path.join(work, estate, `seed-${seed}`);
    execFileSync(process.execPath, [path.join(__dirname, "independent", `${estate}.mjs`), "--seed", String(seed), "--out", dir, "--quiet"], { stdio: "inherit" });
    const labels = JSON.parse(fs.readFileSync(path.join(dir, "labels.json"), "utf8")) as Label[];
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8")) as { from: number; to: number; learnedFrom: number };
    const sensors = Object.keys(JSON.parse(fs.readFileSync(path.join(dir, "sensors.json"), "utf8"))).length;
    sensorsSeen += sensors;
    weeksSeen += (meta.to - meta.from) / (7 * 86_400_000);
    for (const detector of ["learned", "fixed-15min"] as DetectorChoice[]) {
      results[detector].push(score(trappanEval(dir, detector), labels, sensors, meta.learnedFrom, meta.to));
    }
    // The files of a seed are tens of megabytes: gone once scored, unless kept.
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\nEstate "${estate}" (eval/independent/${estate}.mjs: ${ESTATES[estate]}) on seeds ${seeds.join(", ")}: ` +
      `about ${Math.round(sensorsSeen / seeds.length)} sensors × ${Math.round(weeksSeen / seeds.length)} weeks per seed, through trappan-eval${keep ? ` (files kept in ${path.join(work, estate)})` : ""}`,
  );
  printComparison(merge(results.learned), merge(results["fixed-15min"]));
}

try {
  for (const estate of estates) evaluate(estate);
} finally {
  if (!keep) fs.rmSync(work, { recursive: true, force: true });
}
