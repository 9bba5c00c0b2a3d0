/**
 * Streaming anomaly scores for a numeric series (door counts, noise levels, temperatures…).
 *
 * One pass, no look-ahead, constant work per point. Each point gets a score in [0, 1] from three
 * kinds of evidence, and the strongest wins:
 *
 * 1. Range novelty: the value lies outside everything seen up to `rangeLagPoints` ago, by more than
 *    `rangeTolerance` of that range. The lag lets a slow slide into new territory count too, not only
 *    a sudden jump (a running min/max would follow the slide step by step).
 * 2. Surprise likelihood, per feature: the value, its change since the previous point, and (when the
 *    series has a daily rhythm) its deviation from the usual value at this time of day. Each feature
 *    is z-scored against its own recent window and turned into a raw surprise min(1, |z|/3). A short
 *    average of raw surprises is then compared with the long-run distribution of such averages (a
 *    Gaussian, as in Numenta's "anomaly likelihood"), so a feature that is always noisy does not
 *    alarm all the time, while a burst of surprise in a usually calm one does. The tail probability
 *    is squashed logarithmically: 0.5 ≈ 1e-5, 1 ≈ 1e-10.
 * 3. Alarm suppression: after a score ≥ `alarmLevel`, the next `restPoints` scores are damped, so one
 *    incident gives one alarm rather than a burst of them.
 *
 * The defaults were chosen on the whole Numenta Anomaly Benchmark corpus (see bench/nab), not per
 * series. Time (`ts`, epoch ms) is only used to place points within the day; nothing reads a clock.
 */

export interface NumericAnomalyOptions {
  /**
   * Points treated as a learning period (NAB gives every detector 15% of the file, at most 750 rows).
   * The likelihood starts scoring after half of it; the alarm rest period is a quarter of it.
   */
  probationaryPeriod?: number;
  /** Points in the window each feature is z-scored against. */
  windowPoints?: number;
  /** |z| at which the raw surprise of a feature saturates at 1. */
  saturationZ?: number;
  /** Points averaged before the likelihood test (short-term surprise). */
  averagePoints?: number;
  /** Points of averaged surprise kept as the likelihood's long-run history. */
  historyPoints?: number;
  /** Range novelty compares with the range of values older than this many points. */
  rangeLagPoints?: number;
  /** How far outside that range (as a fraction of it) a value must be to count as novel. */
  rangeTolerance?: number;
  /** Weight of the newest day in the time-of-day profile (exponential smoothing across days). */
  dailyProfileWeight?: number;
  /** The time-of-day feature is used only while the profile explains at least this share of the variance. */
  dailyMinExplained?: number;
  /** Days over which that share is measured. */
  dailyExplainedDays?: number;
  /** Minutes to add to `ts` to get local time, so "time of day" follows the building's day. */
  utcOffsetMinutes?: number;
  /** A score at or above this starts a rest period. */
  alarmLevel?: number;
  /** Points of rest after an alarm; defaults to a quarter of the probationary period. */
  restPoints?: number;
  /** Factor applied to scores during the rest period. */
  restDamping?: number;
}

const DEFAULTS = {
  probationaryPeriod: 750,
  windowPoints: 400,
  saturationZ: 3,
  averagePoints: 10,
  historyPoints: 3000,
  rangeLagPoints: 200,
  rangeTolerance: 0.03,
  dailyProfileWeight: 0.7,
  dailyMinExplained: 0.6,
  dailyExplainedDays: 2,
  utcOffsetMinutes: 0,
  alarmLevel: 0.5,
  // Damped scores stay below the alarm level, so a rest period never raises a second alarm.
  restDamping: 0.4,
};

const DAY_MS = 86_400_000;
/** ln(1e-10): a tail probability of 1e-10 maps to a score of 1. */
const LN_SMALLEST_TAIL = Math.log(1e-10);
/** Keeps the likelihood from reacting to tiny wobbles of an almost constant surprise (as NuPIC does). */
const MIN_SURPRISE_MEAN = 0.03;
const MIN_SURPRISE_STD = Math.sqrt(0.0003);
/** Gaps read before the sampling interval is fixed (median, so one odd gap does not matter). */
const INTERVAL_SAMPLES = 15;

/** Fixed-size window with running sums; sums are rebuilt once per lap so rounding cannot drift. */
class RollingWindow {
  private readonly values: Float64Array;
  private next = 0;
  count = 0;
  private sum = 0;
  private sumSquares = 0;

  constructor(readonly capacity: number) {
    this.values = new Float64Array(Math.max(1, capacity));
  }

  push(x: number): void {
    if (this.count === this.values.length) {
      const old = this.values[this.next];
      this.sum -= old;
      this.sumSquares -= old * old;
    } else this.count++;
    this.values[this.next] = x;
    this.sum += x;
    this.sumSquares += x * x;
    this.next = (this.next + 1) % this.values.length;
    if (this.next === 0) this.resum();
  }

  mean(): number {
    return this.count ? this.sum / this.count : 0;
  }

  /** Mean of squares, i.e. the power around zero. */
  meanSquare(): number {
    return this.count ? this.sumSquares / this.count : 0;
  }

  std(): number {
    const m = this.mean();
    return Math.sqrt(Math.max(0, this.meanSquare() - m * m));
  }

  private resum(): void {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < this.count; i++) {
      s += this.values[i];
      s2 += this.values[i] * this.values[i];
    }
    this.sum = s;
    this.sumSquares = s2;
  }
}

/** Upper tail of the standard normal, Q(z) = P(Z > z) (Numerical Recipes' erfc, |error| < 1.2e-7). */
export function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * One feature's surprise → likelihood score. The raw surprise is |z| against the feature's recent
 * window; the score says how unusual the recent average surprise is for this feature.
 */
class SurpriseLikelihood {
  private readonly window: RollingWindow;
  private readonly recent: RollingWindow;
  private readonly history: RollingWindow;

  constructor(
    windowPoints: number,
    averagePoints: number,
    historyPoints: number,
    private readonly saturationZ: number,
    private readonly learningPoints: number,
  ) {
    this.window = new RollingWindow(windowPoints);
    this.recent = new RollingWindow(averagePoints);
    this.history = new RollingWindow(historyPoints);
  }

  /** `x` is NaN when the feature has no value for this point (its surprise is then 0). */
  update(x: number): number {
    let surprise = 0;
    if (!Number.isNaN(x)) {
      if (this.window.count >= 10) {
        const mean = this.window.mean();
        // A relative floor so a perfectly flat window does not divide by zero.
        const spread = this.window.std() + 1e-9 + 1e-4 * Math.abs(mean);
        surprise = Math.min(1, Math.abs(x - mean) / spread / this.saturationZ);
      }
      this.window.push(x);
    }
    this.recent.push(surprise);
    const average = this.recent.mean();
    let score = 0;
    if (this.history.count >= this.learningPoints) {
      const mean = Math.max(this.history.mean(), MIN_SURPRISE_MEAN);
      const std = Math.max(this.history.std(), MIN_SURPRISE_STD);
      const tail = normalTail((average - mean) / std);
      score = Math.min(1, Math.max(0, Math.log(tail + 1e-10) / LN_SMALLEST_TAIL));
    }
    this.history.push(average);
    return score;
  }
}

/** Time-of-day profile: the usual value per slot of the day, smoothed across days. */
class DailyProfile {
  private readonly usual: Float64Array;
  private readonly known: Uint8Array;
  private readonly residualPower: RollingWindow;
  private readonly values: RollingWindow;

  constructor(
    private readonly slotMs: number,
    private readonly weight: number,
    explainedPoints: number,
  ) {
    const slots = Math.ceil(DAY_MS / slotMs);
    this.usual = new Float64Array(slots);
    this.known = new Uint8Array(slots);
    this.residualPower = new RollingWindow(explainedPoints);
    this.values = new RollingWindow(explainedPoints);
  }

  /** Deviation from the usual value at this time of day (NaN the first time a slot is seen). */
  update(localTs: number, value: number): number {
    const slot = Math.min(this.usual.length - 1, Math.floor((((localTs % DAY_MS) + DAY_MS) % DAY_MS) / this.slotMs));
    let residual = NaN;
    if (this.known[slot]) {
      residual = value - this.usual[slot];
      this.usual[slot] += this.weight * residual;
      this.residualPower.push(residual * residual);
    } else {
      this.usual[slot] = value;
      this.known[slot] = 1;
    }
    this.values.push(value);
    return residual;
  }

  /** Share of the recent variance the profile explains (≤ 0 when the series has no daily rhythm). */
  explained(): number {
    if (this.residualPower.count < 10) return 0;
    const variance = this.values.std() ** 2;
    return variance > 0 ? 1 - this.residualPower.mean() / variance : 0;
  }
}

export class NumericAnomalyDetector {
  private readonly o: typeof DEFAULTS & { restPoints: number };
  private readonly valueLikelihood: SurpriseLikelihood;
  private readonly changeLikelihood: SurpriseLikelihood;
  private readonly dailyLikelihood: SurpriseLikelihood;
  private daily: DailyProfile | undefined;

  private readonly lagged: Float64Array;
  private laggedCount = 0;
  private laggedNext = 0;
  private rangeMin = Infinity;
  private rangeMax = -Infinity;

  private previousValue = NaN;
  private previousTs = NaN;
  private readonly gaps: number[] = [];
  private restLeft = 0;

  constructor(options: NumericAnomalyOptions = {}) {
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    const merged = { ...DEFAULTS, ...defined } as typeof DEFAULTS & { restPoints?: number };
    const probation = Math.max(0, merged.probationaryPeriod);
    this.o = { ...merged, restPoints: merged.restPoints ?? Math.floor(probation * 0.25) };
    const learning = Math.max(10, Math.floor(probation / 2));
    const likelihood = () => new SurpriseLikelihood(this.o.windowPoints, this.o.averagePoints, this.o.historyPoints, this.o.saturationZ, learning);
    this.valueLikelihood = likelihood();
    this.changeLikelihood = likelihood();
    this.dailyLikelihood = likelihood();
    this.lagged = new Float64Array(Math.max(1, this.o.rangeLagPoints));
  }

  /** Scores one point; call in event-time order. Non-finite values score 0 and are not learnt. */
  score(ts: number, value: number): number {
    if (!Number.isFinite(value)) return 0;
    const rangeNovel = this.isOutsideKnownRange(value);
    this.ageIntoRange(value);

    const dailyResidual = this.dailyResidual(ts, value);
    let score = Math.max(
      this.valueLikelihood.update(value),
      this.changeLikelihood.update(Number.isNaN(this.previousValue) ? NaN : value - this.previousValue),
      this.dailyLikelihood.update(dailyResidual),
    );
    this.previousValue = value;
    if (rangeNovel) score = 1;

    if (this.restLeft > 0) {
      this.restLeft--;
      score *= this.o.restDamping;
    } else if (score >= this.o.alarmLevel) this.restLeft = this.o.restPoints;
    return score;
  }

  private isOutsideKnownRange(value: number): boolean {
    if (!(this.rangeMax > this.rangeMin)) return false;
    const tolerance = (this.rangeMax - this.rangeMin) * this.o.rangeTolerance;
    return value > this.rangeMax + tolerance || value < this.rangeMin - tolerance;
  }

  /** Values join the known range only after `rangeLagPoints` further points. */
  private ageIntoRange(value: number): void {
    if (this.laggedCount === this.lagged.length) {
      const old = this.lagged[this.laggedNext];
      if (old < this.rangeMin) this.rangeMin = old;
      if (old > this.rangeMax) this.rangeMax = old;
    } else this.laggedCount++;
    this.lagged[this.laggedNext] = value;
    this.laggedNext = (this.laggedNext + 1) % this.lagged.length;
  }

  /** Residual from the time-of-day profile, or NaN while unknown or while the series shows no daily rhythm. */
  private dailyResidual(ts: number, value: number): number {
    if (!this.daily) {
      if (!Number.isNaN(this.previousTs) && ts > this.previousTs) this.gaps.push(ts - this.previousTs);
      this.previousTs = ts;
      if (this.gaps.length < INTERVAL_SAMPLES) return NaN;
      const interval = [...this.gaps].sort((a, b) => a - b)[this.gaps.length >> 1];
      // Slots no finer than a minute and no coarser than an hour keep the profile small and meaningful.
      const slotMs = Math.min(3_600_000, Math.max(60_000, interval));
      const explainedPoints = Math.max(10, Math.round((this.o.dailyExplainedDays * DAY_MS) / interval));
      this.daily = new DailyProfile(slotMs, this.o.dailyProfileWeight, explainedPoints);
    }
    const residual = this.daily.update(ts + this.o.utcOffsetMinutes * 60_000, value);
    return this.daily.explained() > this.o.dailyMinExplained ? residual : NaN;
  }
}
