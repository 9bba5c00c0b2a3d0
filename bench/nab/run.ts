/**
 * NAB benchmark for core/numeric.ts.
 *
 *   node --import tsx bench/nab/run.ts --nab /path/to/NAB --results <dir>
 *
 * Runs NumericAnomalyDetector over every series in <nab>/data, writes <dir>/<category>/<file>.csv
 * (timestamp,value,anomaly_score), scores the results with bench/nab/scorer.ts and prints the
 * normalised score per profile beside the published scores of NAB's baseline detectors.
 *
 *   node --import tsx bench/nab/run.ts --nab /path/to/NAB --score <resultsDir> [--prefix <detector>_]
 *
 * only scores an existing results directory (this runner's layout or NAB's own results/<detector>
 * layout), e.g. to check the scorer against NAB's published results.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { NumericAnomalyDetector } from "../../core/numeric";
import { loadCorpus, readProfiles, readResultScores, type NabSeries } from "./corpus";
import { probationaryLength, scoreCorpus, type LabelledSeries, type ProfileResult } from "./scorer";

/** Published NAB v1.1 scores (NAB's results/final_results.json), normalised, per profile. */
const PUBLISHED: Array<{ name: string; standard: number; reward_low_FP_rate: number; reward_low_FN_rate: number }> = [
  { name: "Numenta HTM", standard: 70.1, reward_low_FP_rate: 63.1, reward_low_FN_rate: 74.3 },
  { name: "CAD OSE", standard: 69.9, reward_low_FP_rate: 67.0, reward_low_FN_rate: 73.2 },
  { name: "KNN CAD", standard: 58.0, reward_low_FP_rate: 43.4, reward_low_FN_rate: 64.8 },
  { name: "Relative Entropy", standard: 54.6, reward_low_FP_rate: 47.6, reward_low_FN_rate: 58.8 },
  { name: "Random Cut Forest", standard: 51.7, reward_low_FP_rate: 38.4, reward_low_FN_rate: 59.7 },
  { name: "Twitter ADVec", standard: 47.1, reward_low_FP_rate: 33.6, reward_low_FN_rate: 53.5 },
  { name: "Windowed Gaussian", standard: 39.6, reward_low_FP_rate: 20.9, reward_low_FN_rate: 47.4 },
];
const RANDOM_CUT_FOREST_STANDARD = 51.7;

interface Args {
  nab: string;
  results?: string;
  score?: string;
  prefix: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { nab: "", prefix: "" };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === "--help" || flag === "-h") usage(0);
    if (!["--nab", "--results", "--score", "--prefix"].includes(flag) || value === undefined) usage(2, `unexpected argument: ${flag}`);
    args[flag.slice(2) as keyof Args] = value;
    i++;
  }
  if (!args.nab) usage(2, "--nab <dir> is required");
  if (!args.results && !args.score) usage(2, "give --results <dir> (run the detector) or --score <dir> (score existing results)");
  return args;
}

function usage(code: number, problem?: string): never {
  if (problem) console.error(problem);
  console.error("usage: run.ts --nab <NAB dir> --results <output dir>\n       run.ts --nab <NAB dir> --score <results dir> [--prefix <detector>_]");
  process.exit(code);
}

function detect(series: NabSeries): Float64Array {
  const detector = new NumericAnomalyDetector({ probationaryPeriod: probationaryLength(series.values.length) });
  const scores = new Float64Array(series.values.length);
  for (let i = 0; i < scores.length; i++) scores[i] = detector.score(series.timestamps[i], series.values[i]);
  return scores;
}

function writeResults(dir: string, series: NabSeries, scores: Float64Array): void {
  const file = path.join(dir, series.relativePath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lines = ["timestamp,value,anomaly_score"];
  for (let i = 0; i < scores.length; i++) lines.push(`${series.timestampText[i]},${series.valueText[i]},${scores[i]}`);
  fs.writeFileSync(file, lines.join("\n") + "\n");
}

function windowsHit(corpus: LabelledSeries[], threshold: number): { hit: number; total: number } {
  let hit = 0;
  let total = 0;
  for (const series of corpus) {
    const probation = probationaryLength(series.scores.length);
    for (const w of series.windows) {
      if (w.end < probation) continue;
      total++;
      for (let i = Math.max(w.start, probation); i <= w.end; i++) {
        if (series.scores[i] >= threshold) {
          hit++;
          break;
        }
      }
    }
  }
  return { hit, total };
}

function printReport(results: ProfileResult[], corpus: LabelledSeries[], label: string): void {
  const byProfile = new Map(results.map((r) => [r.profile, r]));
  const profiles = ["standard", "reward_low_FP_rate", "reward_low_FN_rate"].filter((p) => byProfile.has(p));
  console.log(`\nNAB scores for ${label} (normalised: null detector 0, perfect detector 100)\n`);
  console.log(`${"profile".padEnd(20)} ${"score".padStart(7)} ${"threshold".padStart(10)} ${"raw".padStart(9)} ${"windows hit".padStart(12)} ${"FP rows".padStart(8)}`);
  for (const p of profiles) {
    const r = byProfile.get(p)!;
    const { hit, total } = windowsHit(corpus, r.threshold);
    const threshold = Number.isFinite(r.threshold) ? r.threshold.toFixed(4) : "none";
    console.log(`${p.padEnd(20)} ${r.normalizedScore.toFixed(2).padStart(7)} ${threshold.padStart(10)} ${r.rawScore.toFixed(2).padStart(9)} ${`${hit}/${total}`.padStart(12)} ${String(r.counts.fp).padStart(8)}`);
  }

  console.log(`\nPublished NAB v1.1 scores, for comparison\n`);
  const header = ["detector".padEnd(20), ...profiles.map((p) => p.padStart(19))].join(" ");
  console.log(header);
  const rows = [...PUBLISHED.map((d) => ({ name: d.name, scores: profiles.map((p) => d[p as keyof typeof d] as number), ours: false }))];
  rows.push({ name: `→ ${label}`, scores: profiles.map((p) => byProfile.get(p)!.normalizedScore), ours: true });
  rows.sort((a, b) => b.scores[0] - a.scores[0]);
  for (const row of rows) console.log([row.name.padEnd(20), ...row.scores.map((s) => s.toFixed(1).padStart(19))].join(" "));

  const standard = byProfile.get("standard");
  if (standard) {
    const beats = standard.normalizedScore > RANDOM_CUT_FOREST_STANDARD;
    console.log(
      `\nStandard profile: ${standard.normalizedScore.toFixed(2)} — ${beats ? "BEATS" : "does NOT beat"} Random Cut Forest (${RANDOM_CUT_FOREST_STANDARD}).`,
    );
  }
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const corpus = loadCorpus(args.nab);
  const profiles = readProfiles(args.nab);

  let labelled: LabelledSeries[];
  let label: string;
  if (args.score) {
    label = path.basename(path.resolve(args.score));
    labelled = corpus.map((s) => ({ name: s.relativePath, windows: s.windows, scores: readResultScores(args.score!, s.relativePath, args.prefix) }));
  } else {
    label = "NumericAnomalyDetector";
    const detectStarted = performance.now();
    labelled = corpus.map((s) => {
      const scores = detect(s);
      writeResults(args.results!, s, scores);
      return { name: s.relativePath, windows: s.windows, scores };
    });
    console.log(`Scored ${corpus.length} series (${labelled.reduce((n, s) => n + s.scores.length, 0)} points) in ${((performance.now() - detectStarted) / 1000).toFixed(1)} s; results in ${args.results}`);
  }

  printReport(scoreCorpus(labelled, profiles), labelled, label);
  console.log(`\nTotal time ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

main();
