import assert from "node:assert/strict";
import { NumericAnomalyDetector, normalTail } from "../../core/numeric";

/** Small deterministic noise source, so the tests need no fixtures. */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const START = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

function scoreAll(values: number[], probationaryPeriod: number, stepMs = MINUTE): number[] {
  const detector = new NumericAnomalyDetector({ probationaryPeriod });
  return values.map((v, i) => detector.score(START + i * stepMs, v));
}

/** A noisy flat level around 100, with a spike to 200 at `spikeAt`. */
function flatWithSpike(seed: number, length = 1200, spikeAt = 1000): number[] {
  const next = noise(seed);
  return Array.from({ length }, (_, i) => (i === spikeAt ? 200 : 100 + (next() - 0.5) * 2));
}

describe("NumericAnomalyDetector", () => {
  it("computes the normal upper tail", () => {
    assert.ok(Math.abs(normalTail(0) - 0.5) < 1e-7);
    assert.ok(Math.abs(normalTail(1.959964) - 0.025) < 1e-6);
    assert.ok(Math.abs(normalTail(-1.959964) - 0.975) < 1e-6);
  });

  it("keeps every score in [0, 1], whatever the input", () => {
    const next = noise(3);
    const series: number[] = [];
    for (let i = 0; i < 3000; i++) {
      if (i < 500) series.push(5);
      else if (i < 1000) series.push(i * 1e6);
      else if (i < 1500) series.push(-1e9 * next());
      else series.push(Math.round(next() * 20) * (i % 97 === 0 ? 50 : 1));
    }
    const detector = new NumericAnomalyDetector({ probationaryPeriod: 300 });
    series.forEach((v, i) => {
      const s = detector.score(START + i * MINUTE, v);
      assert.ok(s >= 0 && s <= 1, `score ${s} at ${i}`);
    });
    assert.equal(detector.score(START + 3000 * MINUTE, Number.NaN), 0);
    assert.equal(detector.score(START + 3001 * MINUTE, Number.POSITIVE_INFINITY), 0);
  });

  it("scores a large spike high and the flat level before it low", () => {
    for (const seed of [1, 2, 3]) {
      const scores = scoreAll(flatWithSpike(seed), 300);
      assert.ok(scores[1000] >= 0.9, `spike scored ${scores[1000]}`);
      const flat = Math.max(...scores.slice(300, 1000));
      assert.ok(flat < 0.5, `flat part reached ${flat}`);
    }
  });

  it("raises one alarm per incident, not a burst", () => {
    const values = flatWithSpike(4);
    values[1005] = 200; // a second spike right after the first
    const scores = scoreAll(values, 300);
    assert.ok(scores[1000] >= 0.9);
    assert.ok(scores[1005] < 0.5, `repeat spike scored ${scores[1005]}`);
  });

  it("notices activity at an hour that is usually quiet (daily rhythm)", () => {
    const next = noise(2);
    const perDay = 288; // five-minute counts
    const burstAt = perDay * 8 + 36; // 03:00 on day 9
    const counts = Array.from({ length: perDay * 9 }, (_, i) => {
      const hour = (i % perDay) / 12;
      const level = hour >= 7 && hour < 22 ? 10 : 1;
      if (i >= burstAt && i < burstAt + 12) return 10 + Math.round((next() - 0.5) * 6);
      return Math.round(level + (next() - 0.5) * 2 * Math.sqrt(level));
    });
    const scores = scoreAll(counts, 600, 5 * MINUTE);
    const ordinary = Math.max(...scores.slice(600, burstAt));
    const burst = Math.max(...scores.slice(burstAt, burstAt + 12));
    assert.ok(ordinary < 0.5, `ordinary days reached ${ordinary}`);
    assert.ok(burst >= 0.5, `night-time burst scored ${burst}`);
  });

  it("is deterministic", () => {
    const values = flatWithSpike(5);
    assert.deepEqual(scoreAll(values, 300), scoreAll(values, 300));
  });
});
