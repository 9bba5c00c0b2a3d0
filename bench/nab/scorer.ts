/**
 * NAB scoring, written from the published method (Lavin & Ahmad 2015, "Evaluating Real-time Anomaly
 * Detection Algorithms – the Numenta Anomaly Benchmark", and NAB's README/wiki):
 *
 * - Each file has labelled anomaly windows (row ranges, inclusive). The first 15% of its rows (at most
 *   750) are probationary: rows there are neither detections nor misses.
 * - A detection is a row whose anomaly score is ≥ the threshold.
 * - Inside a window only the earliest detection counts, worth tpWeight·σ(pos)/σ(−1), where pos runs
 *   from −1 (first row of the window) to 0 (one row past its last row) and σ is the scaled sigmoid.
 * - Every detection outside windows costs fpWeight·σ(distance past the preceding window in units of
 *   its width), or fpWeight·(−1) if no window precedes it: a detection right after a window is nearly
 *   free, one far from it costs the full fpWeight.
 * - A scorable window with no detection costs −fnWeight.
 * - Per profile, one threshold is chosen for the whole corpus by sweeping every distinct score value;
 *   the total is normalised so the null detector (never detects) is 0 and the perfect detector
 *   (detects at the first row of every window) is 100.
 */

export interface CostMatrix {
  tpWeight: number;
  fnWeight: number;
  fpWeight: number;
}

/** Inclusive row range of a labelled window. */
export interface IndexWindow {
  start: number;
  end: number;
}

/** One file's detector output together with its labels, as row indices. */
export interface LabelledSeries {
  name: string;
  scores: ArrayLike<number>;
  windows: IndexWindow[];
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface ThresholdScore extends Counts {
  threshold: number;
  score: number;
}

export interface ProfileResult {
  profile: string;
  threshold: number;
  rawScore: number;
  nullScore: number;
  perfectScore: number;
  normalizedScore: number;
  counts: Counts;
}

export const PROBATION_PERCENT = 0.15;
/** NAB caps the probationary period at 15% of 5000 rows, so long files are not mostly probation. */
export const PROBATION_CAP_ROWS = PROBATION_PERCENT * 5000;

/** Rows [0, probationaryLength) are ignored by the scorer; the same number is what detectors are told. */
export function probationaryLength(rows: number, percent = PROBATION_PERCENT): number {
  return Math.min(Math.floor(percent * rows), percent * 5000);
}

/**
 * 2·sigmoid(−5x) − 1: +0.987 at the left edge of a window (x = −1), 0 at its right edge (x = 0),
 * −0.987 one window-width past it; −1 beyond three widths.
 */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition > 3) return -1;
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

const MAX_TP = scaledSigmoid(-1);

/** Per-row contribution if that row were a detection, and which window (if any) it belongs to. */
interface RowWeights {
  /** Weighted score of a detection at this row (TP credit inside a window, FP cost outside). */
  weight: Float64Array;
  /** Window index within the file, −1 outside windows, −2 for probationary rows (not scored). */
  window: Int32Array;
}

function rowWeights(rows: number, windows: IndexWindow[], cost: CostMatrix, probation: number): RowWeights {
  const weight = new Float64Array(rows);
  const window = new Int32Array(rows).fill(-1);
  const sorted = windows.map((w, index) => ({ ...w, index })).sort((a, b) => a.start - b.start);
  let next = 0;
  let current: (IndexWindow & { index: number }) | undefined;
  let prevEnd = -1;
  let prevWidth = 0;
  for (let i = 0; i < rows; i++) {
    if (!current && next < sorted.length && sorted[next].start === i) current = sorted[next++];
    if (current) {
      const width = current.end - current.start + 1;
      const position = -(current.end - i + 1) / width;
      weight[i] = (scaledSigmoid(position) * cost.tpWeight) / MAX_TP;
      window[i] = current.index;
    } else if (prevEnd < 0) {
      weight[i] = -cost.fpWeight;
    } else {
      // NAB measures the distance in units of (width − 1) of the preceding window.
      const positionPastWindow = Math.abs(prevEnd - i) / Math.max(prevWidth - 1, 1);
      weight[i] = scaledSigmoid(positionPastWindow) * cost.fpWeight;
    }
    if (i < probation) window[i] = -2;
    if (current && i === current.end) {
      prevEnd = i;
      prevWidth = current.end - current.start + 1;
      current = undefined;
    }
  }
  return { weight, window };
}

/** Windows that have at least one scorable (post-probation) row; only these can be hit or missed. */
function scorableWindows(rows: number, windows: IndexWindow[], probation: number): boolean[] {
  return windows.map((w) => w.end >= probation && w.start < rows);
}

/** Score of one file at one threshold, with the row counts NAB reports. */
export function scoreSeries(series: LabelledSeries, threshold: number, cost: CostMatrix): ThresholdScore {
  const rows = series.scores.length;
  const probation = probationaryLength(rows);
  const { weight, window } = rowWeights(rows, series.windows, cost, probation);
  const scorable = scorableWindows(rows, series.windows, probation);
  const best: number[] = series.windows.map(() => -cost.fnWeight);
  let fpScore = 0;
  const counts: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < rows; i++) {
    const w = window[i];
    if (w === -2) continue;
    const detected = series.scores[i] >= threshold;
    if (w >= 0) {
      if (detected) {
        counts.tp++;
        best[w] = Math.max(best[w], weight[i]);
      } else counts.fn++;
    } else if (detected) {
      counts.fp++;
      fpScore += weight[i];
    } else counts.tn++;
  }
  let score = fpScore;
  for (let w = 0; w < best.length; w++) if (scorable[w]) score += best[w];
  return { threshold, score, ...counts };
}

/**
 * Scores at every distinct threshold over a whole corpus, highest threshold first. The first entry
 * (threshold above every score) is the "no detections" score. Each entry counts as detections the
 * rows with score ≥ its threshold.
 */
export function sweepThresholds(corpus: LabelledSeries[], cost: CostMatrix): ThresholdScore[] {
  let total = 0;
  for (const series of corpus) total += series.scores.length;
  const anomaly = new Float64Array(total);
  const weight = new Float64Array(total);
  const windowId = new Int32Array(total);
  const bestByWindow: number[] = [];
  let n = 0;
  let missScore = 0;
  let inWindowRows = 0;
  let outsideRows = 0;
  for (const series of corpus) {
    const rows = series.scores.length;
    const probation = probationaryLength(rows);
    const rw = rowWeights(rows, series.windows, cost, probation);
    const scorable = scorableWindows(rows, series.windows, probation);
    const base = bestByWindow.length;
    for (let w = 0; w < series.windows.length; w++) {
      bestByWindow.push(-cost.fnWeight);
      if (scorable[w]) missScore -= cost.fnWeight;
    }
    for (let i = 0; i < rows; i++) {
      if (rw.window[i] === -2) continue;
      anomaly[n] = series.scores[i];
      weight[n] = rw.weight[i];
      windowId[n] = rw.window[i] >= 0 ? base + rw.window[i] : -1;
      if (windowId[n] >= 0) inWindowRows++;
      else outsideRows++;
      n++;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => anomaly[b] - anomaly[a]);

  const results: ThresholdScore[] = [];
  let score = missScore;
  let tp = 0;
  let fp = 0;
  let threshold = Infinity;
  for (const i of order) {
    if (anomaly[i] !== threshold) {
      results.push({ threshold, score, tp, fp, fn: inWindowRows - tp, tn: outsideRows - fp });
      threshold = anomaly[i];
    }
    const w = windowId[i];
    if (w >= 0) {
      tp++;
      if (weight[i] > bestByWindow[w]) {
        score += weight[i] - bestByWindow[w];
        bestByWindow[w] = weight[i];
      }
    } else {
      fp++;
      score += weight[i];
    }
  }
  results.push({ threshold, score, tp, fp, fn: inWindowRows - tp, tn: outsideRows - fp });
  return results;
}

/** The threshold with the highest corpus score; ties go to the higher threshold (fewer detections). */
export function optimizeThreshold(corpus: LabelledSeries[], cost: CostMatrix): ThresholdScore {
  const sweep = sweepThresholds(corpus, cost);
  let best = sweep[0];
  for (const entry of sweep) if (entry.score > best.score) best = entry;
  return best;
}

/** The null detector: never detects, so every scorable window is a miss. */
export function nullDetectorScore(corpus: LabelledSeries[], cost: CostMatrix): number {
  return sweepThresholds(corpus.map(withoutDetections), cost)[0].score;
}

/**
 * The perfect detector: one detection on the first row of every window, nothing else. (NAB uses
 * tpCount·tpWeight; that is the same number whenever no window starts inside the probationary period,
 * as in the NAB corpus. Where one does, the earliest row that counts is the end of probation.)
 */
export function perfectDetectorScore(corpus: LabelledSeries[], cost: CostMatrix): number {
  let score = 0;
  for (const series of corpus) {
    const scores = new Float64Array(series.scores.length);
    const probation = probationaryLength(series.scores.length);
    for (const w of series.windows) if (w.end >= probation) scores[Math.max(w.start, Math.ceil(probation))] = 1;
    score += scoreSeries({ ...series, scores }, 1, cost).score;
  }
  return score;
}

function withoutDetections(series: LabelledSeries): LabelledSeries {
  return { ...series, scores: new Float64Array(series.scores.length) };
}

export function normalizeScore(raw: number, nullScore: number, perfectScore: number): number {
  return (100 * (raw - nullScore)) / (perfectScore - nullScore);
}

/** Optimises the threshold and normalises the score for each profile. */
export function scoreCorpus(corpus: LabelledSeries[], profiles: Record<string, CostMatrix>): ProfileResult[] {
  return Object.entries(profiles).map(([profile, cost]) => {
    const best = optimizeThreshold(corpus, cost);
    const nullScore = nullDetectorScore(corpus, cost);
    const perfectScore = perfectDetectorScore(corpus, cost);
    return {
      profile,
      threshold: best.threshold,
      rawScore: best.score,
      nullScore,
      perfectScore,
      normalizedScore: normalizeScore(best.score, nullScore, perfectScore),
      counts: { tp: best.tp, fp: best.fp, fn: best.fn, tn: best.tn },
    };
  });
}
