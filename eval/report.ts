/** Scores of several seeds together, and the table both evaluations print: learned beside the fixed rule, against the targets. */
import { Score } from "./score";

export function merge(scores: Score[]): Score {
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

export function printComparison(learned: Score, fixed: Score): void {
  const pct = (x: number) => (Number.isNaN(x) ? "–" : `${(100 * x).toFixed(1)} %`);
  const row = (name: string, a: string, b: string, target: string, ok?: boolean) =>
    console.log(`  ${name.padEnd(34)} ${a.padStart(12)} ${b.padStart(14)}   ${target.padEnd(22)} ${ok === undefined ? "" : ok ? "✓" : "✗"}`);
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
}
