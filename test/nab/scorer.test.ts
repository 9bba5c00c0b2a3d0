import assert from "node:assert/strict";
import {
  nullDetectorScore,
  normalizeScore,
  optimizeThreshold,
  perfectDetectorScore,
  probationaryLength,
  scaledSigmoid,
  scoreCorpus,
  scoreSeries,
  sweepThresholds,
  type CostMatrix,
  type LabelledSeries,
} from "../../bench/nab/scorer";
import { parseNabTimestamp, windowsToRows } from "../../bench/nab/corpus";

const STANDARD: CostMatrix = { tpWeight: 1, fnWeight: 1, fpWeight: 0.11 };
const LOW_FN: CostMatrix = { tpWeight: 1, fnWeight: 2, fpWeight: 0.11 };

/**
 * 100 rows, so the probationary period is rows 0–14; one window on rows 40–49 (width 10).
 * The expected numbers below were worked out by hand from NAB's formulas:
 *   σ(x) = 2/(1 + e^(5x)) − 1, TP weight σ(−(end − i + 1)/width)/σ(−1),
 *   FP weight σ(|prevEnd − i|/(prevWidth − 1))·fpWeight, or −fpWeight before any window.
 */
function series(detections: number[], windows = [{ start: 40, end: 49 }], rows = 100): LabelledSeries {
  const scores = new Float64Array(rows);
  for (const i of detections) scores[i] = 1;
  return { name: "test.csv", scores, windows };
}

const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);

describe("NAB scorer", () => {
  it("uses NAB's scaled sigmoid", () => {
    close(scaledSigmoid(-1), 0.9866142981514305);
    close(scaledSigmoid(0), 0);
    close(scaledSigmoid(1), -0.9866142981514305);
    assert.equal(scaledSigmoid(3.5), -1);
  });

  it("uses 15% of the rows as probation, at most 750", () => {
    assert.equal(probationaryLength(100), 15);
    assert.equal(probationaryLength(4032), 604);
    assert.equal(probationaryLength(22695), 750);
  });

  it("gives full credit to a detection on the first row of a window", () => {
    const r = scoreSeries(series([40]), 0.5, STANDARD);
    close(r.score, 1);
    assert.deepEqual([r.tp, r.fp, r.fn], [1, 0, 9]);
  });

  it("gives little credit to a detection on the last row of a window", () => {
    close(scoreSeries(series([49]), 0.5, STANDARD).score, 0.24824154977542992);
  });

  it("counts only the earliest detection in a window", () => {
    close(scoreSeries(series([45, 46, 49]), 0.5, STANDARD).score, 0.8597925669097837);
  });

  it("barely charges a false positive just after a window, and charges one far away in full", () => {
    close(scoreSeries(series([40, 50]), 0.5, STANDARD).score, 1 - 0.029793183036839352);
    close(scoreSeries(series([40, 51]), 0.5, STANDARD).score, 1 - 0.055513963749404246);
    close(scoreSeries(series([40, 95]), 0.5, STANDARD).score, 1 - 0.11);
    // Before any window there is nothing to be late for: full cost.
    close(scoreSeries(series([40, 20]), 0.5, STANDARD).score, 1 - 0.11);
  });

  it("charges fnWeight for a missed window", () => {
    close(scoreSeries(series([]), 0.5, STANDARD).score, -1);
    close(scoreSeries(series([]), 0.5, LOW_FN).score, -2);
    close(scoreSeries(series([60]), 0.5, STANDARD).score, -1 + -0.10951310130369775); // 11 rows past: 11/9 widths
  });

  it("ignores detections during the probationary period", () => {
    const r = scoreSeries(series([3, 14]), 0.5, STANDARD);
    close(r.score, -1);
    assert.equal(r.fp, 0);
    close(scoreSeries(series([15]), 0.5, STANDARD).score, -1 - 0.11);
  });

  it("neither credits nor charges a window that ends inside the probationary period", () => {
    close(scoreSeries(series([], [{ start: 5, end: 12 }]), 0.5, STANDARD).score, 0);
    // A window straddling the end of probation counts; its rows keep their place in the whole window.
    close(scoreSeries(series([15], [{ start: 10, end: 19 }]), 0.5, STANDARD).score, 0.8597925669097837);
  });

  it("treats a score equal to the threshold as a detection", () => {
    const s = series([]);
    (s.scores as Float64Array)[40] = 0.7;
    close(scoreSeries(s, 0.7, STANDARD).score, 1);
    close(scoreSeries(s, 0.70001, STANDARD).score, -1);
  });

  it("sweeps every distinct score, highest threshold first, and picks the best", () => {
    const scores = new Float64Array(100);
    scores[40] = 0.6; // early in the window: worth 1
    scores[95] = 0.9; // far from the window: costs 0.11
    scores[60] = 0.3; // 11 rows after the window: costs 0.1095
    const corpus = [{ name: "a", scores, windows: [{ start: 40, end: 49 }] }];
    const sweep = sweepThresholds(corpus, STANDARD);
    assert.deepEqual(
      sweep.map((s) => s.threshold),
      [Infinity, 0.9, 0.6, 0.3, 0],
    );
    close(sweep[0].score, -1);
    close(sweep[1].score, -1.11);
    close(sweep[2].score, 1 - 0.11);
    close(sweep[3].score, 1 - 0.11 - 0.10951310130369775);
    const best = optimizeThreshold(corpus, STANDARD);
    assert.equal(best.threshold, 0.6);
    close(best.score, 0.89);
    // The sweep agrees with scoring each file at that threshold.
    close(scoreSeries(corpus[0], best.threshold, STANDARD).score, best.score);
  });

  it("normalises so the null detector scores 0 and the perfect detector 100", () => {
    const corpus = [series([], [{ start: 40, end: 49 }, { start: 70, end: 79 }]), series([], [{ start: 50, end: 60 }], 200)];
    const nullScore = nullDetectorScore(corpus, STANDARD);
    const perfect = perfectDetectorScore(corpus, STANDARD);
    assert.equal(nullScore, -3);
    close(perfect, 3);
    close(normalizeScore(nullScore, nullScore, perfect), 0);
    close(normalizeScore(perfect, nullScore, perfect), 100);

    const perfectCorpus = corpus.map((s) => {
      const scores = new Float64Array(s.scores.length);
      for (const w of s.windows) scores[w.start] = 1;
      return { ...s, scores };
    });
    const [standard, lowFn] = scoreCorpus(perfectCorpus, { standard: STANDARD, low_fn: LOW_FN });
    close(standard.normalizedScore, 100);
    close(lowFn.normalizedScore, 100);
    assert.equal(lowFn.nullScore, -6);
    const [none] = scoreCorpus(corpus, { standard: STANDARD });
    close(none.normalizedScore, 0);
  });

  it("maps label timestamps to rows", () => {
    assert.equal(parseNabTimestamp("2014-04-10 07:15:00.000000"), Date.UTC(2014, 3, 10, 7, 15));
    assert.equal(parseNabTimestamp("2014-07-01 00:00:00"), Date.UTC(2014, 6, 1));
    const ts = [0, 1, 2, 3].map((h) => Date.UTC(2014, 0, 1, h));
    assert.deepEqual(windowsToRows(ts, [["2014-01-01 01:00:00.000000", "2014-01-01 02:00:00.000000"]]), [{ start: 1, end: 2 }]);
    assert.throws(() => windowsToRows(ts, [["2014-01-01 01:30:00.000000", "2014-01-01 02:00:00.000000"]]));
  });
});
