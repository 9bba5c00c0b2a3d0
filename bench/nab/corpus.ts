/**
 * Reading the NAB corpus (data CSVs, label windows, cost profiles) from a checkout of NAB's data.
 * Nothing from the corpus is bundled here: the path is always given at run time.
 */
import fs from "node:fs";
import path from "node:path";
import type { CostMatrix, IndexWindow } from "./scorer";

export interface NabSeries {
  /** Path relative to data/, e.g. "realKnownCause/nyc_taxi.csv" (the key used in NAB's label files). */
  relativePath: string;
  /** Timestamps exactly as written in the CSV, so result files can repeat them. */
  timestampText: string[];
  /** Values exactly as written in the CSV. */
  valueText: string[];
  /** Event time in epoch ms (NAB timestamps have no zone; they are read as UTC). */
  timestamps: Float64Array;
  values: Float64Array;
  windows: IndexWindow[];
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

/** Parses "2014-07-01 00:00:00" and "2014-04-10 07:15:00.000000" to epoch ms (UTC). */
export function parseNabTimestamp(text: string): number {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) throw new Error(`not a NAB timestamp: ${JSON.stringify(text)}`);
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, ms);
}

/** A small CSV reader for NAB's files: a header line, comma-separated, no quoted fields. */
export function readCsvColumns(file: string): Map<string, string[]> {
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/).filter((line) => line.length > 0);
  const header = lines[0].split(",").map((h) => h.trim());
  const columns = new Map<string, string[]>(header.map((h) => [h, []]));
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(",");
    header.forEach((h, c) => columns.get(h)!.push(cells[c] ?? ""));
  }
  return columns;
}

/** Maps [start, end] timestamp pairs to inclusive row ranges; every label must name an existing row, as in NAB. */
export function windowsToRows(timestamps: ArrayLike<number>, windows: Array<[string, string]>, name = ""): IndexWindow[] {
  const rowOf = new Map<number, number>();
  for (let i = 0; i < timestamps.length; i++) if (!rowOf.has(timestamps[i])) rowOf.set(timestamps[i], i);
  return windows.map(([start, end]) => {
    const s = rowOf.get(parseNabTimestamp(start));
    const e = rowOf.get(parseNabTimestamp(end));
    if (s === undefined || e === undefined) throw new Error(`${name}: window [${start}, ${end}] does not match a row timestamp`);
    return { start: s, end: e };
  });
}

export function listDataFiles(nabDir: string): string[] {
  const dataDir = path.join(nabDir, "data");
  const files: string[] = [];
  for (const category of fs.readdirSync(dataDir).sort()) {
    const dir = path.join(dataDir, category);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).sort()) if (file.endsWith(".csv")) files.push(`${category}/${file}`);
  }
  return files;
}

export function readWindows(nabDir: string): Record<string, Array<[string, string]>> {
  return JSON.parse(fs.readFileSync(path.join(nabDir, "labels", "combined_windows.json"), "utf8"));
}

export function readProfiles(nabDir: string): Record<string, CostMatrix> {
  const raw: Record<string, { CostMatrix: CostMatrix }> = JSON.parse(fs.readFileSync(path.join(nabDir, "config", "profiles.json"), "utf8"));
  return Object.fromEntries(
    Object.entries(raw).map(([name, p]) => [name, { tpWeight: p.CostMatrix.tpWeight, fnWeight: p.CostMatrix.fnWeight, fpWeight: p.CostMatrix.fpWeight }]),
  );
}

export function loadCorpus(nabDir: string): NabSeries[] {
  const windows = readWindows(nabDir);
  return listDataFiles(nabDir).map((relativePath) => {
    const columns = readCsvColumns(path.join(nabDir, "data", relativePath));
    const timestampText = columns.get("timestamp");
    const valueText = columns.get("value");
    if (!timestampText || !valueText) throw new Error(`${relativePath}: expected columns timestamp,value`);
    const timestamps = Float64Array.from(timestampText, parseNabTimestamp);
    const values = Float64Array.from(valueText, Number);
    return { relativePath, timestampText, valueText, timestamps, values, windows: windowsToRows(timestamps, windows[relativePath] ?? [], relativePath) };
  });
}

/**
 * Reads one detector's anomaly scores for a data file from a results directory, accepting both this
 * runner's layout (<category>/<file>.csv) and NAB's (<category>/<detector>_<file>.csv).
 */
export function readResultScores(resultsDir: string, relativePath: string, detectorPrefix = ""): Float64Array {
  const category = path.dirname(relativePath);
  const file = path.basename(relativePath);
  const candidates = [path.join(resultsDir, category, detectorPrefix + file), path.join(resultsDir, category, file)];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`no results file for ${relativePath} under ${resultsDir}`);
  const scores = readCsvColumns(found).get("anomaly_score");
  if (!scores) throw new Error(`${found}: no anomaly_score column`);
  return Float64Array.from(scores, Number);
}
