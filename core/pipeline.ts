/**
 * Learner and detector together, as the trappan-baseline → trappan-anomaly chain runs them: for
 * the evaluation CLI, the benchmarks and tests. `fixed-15min` is the commercial sensors' rule on
 * its own (the fixed floor, nothing learned), measured on the same data.
 */
import { AnomalyDetector, AnomalyOptions, Suppression } from "./anomaly";
import { Baseline, BaselineOptions } from "./baseline";
import { EpisodeOptions } from "./episodes";
import { HealthEvent, Incident, PresenceEvent } from "./events";
import { Learner } from "./learner";
import { SensorNumbers } from "./sensor-numbers";

export type DetectorChoice = "learned" | "fixed-15min";

export interface PipelineOptions {
  detector: DetectorChoice;
  timezone: string;
  baseline: Partial<BaselineOptions>;
  anomaly: Partial<AnomalyOptions>;
  episodes: Partial<EpisodeOptions>;
  suppressed?: Suppression;
  /**
   * Sensors count as watched from the first event of the data, not their own (evaluation), unless
   * first heard a day or more later (put up later: see Learner).
   */
  fromDataStart?: boolean;
}

export class Pipeline {
  readonly baseline: Baseline;
  readonly learner: Learner;
  readonly detector: AnomalyDetector;
  private now = -Infinity;

  constructor(options: Partial<PipelineOptions> = {}) {
    const fixed = options.detector === "fixed-15min";
    // One numbering of sensors for all three: the event's sensor is looked up by name once, and its numbers are in one row
    // (without the baseline's columns for the fixed rule, whose baseline only lends its clock).
    const sensors = new SensorNumbers();
    this.baseline = new Baseline({ ...options.baseline, timezone: options.timezone ?? options.baseline?.timezone }, fixed ? undefined : sensors);
    this.learner = new Learner(fixed ? undefined : this.baseline, options.episodes, options.fromDataStart, sensors);
    this.detector = new AnomalyDetector(fixed ? undefined : this.baseline, this.baseline.clock, { ...options.anomaly, fixedOnly: fixed || options.anomaly?.fixedOnly }, options.suppressed, sensors);
  }

  /**
   * Lets event time pass for every sensor, in time order: an episode that finished (its merge gap
   * ran out) before a loitering threshold must be known to the detector before that threshold.
   */
  advance(now: number, out: Incident[] = []): Incident[] {
    if (now <= this.now) return out;
    this.now = now;
    // Episodes finished in time order; the detector first lets its own deadlines before each pass.
    this.learner.advanceTo(now, this.detector, out);
    this.detector.advance(now, out);
    return out;
  }

  /** One presence event, in time order across sensors. */
  presence(event: PresenceEvent, out: Incident[] = []): Incident[] {
    this.advance(event.ts, out);
    this.learner.pushTo(event, this.detector, out);
    return out;
  }

  health(event: HealthEvent, out: Incident[] = []): Incident[] {
    this.advance(event.ts, out);
    this.learner.health(event);
    return this.detector.health(event, out);
  }

  /** The end of the data: episodes still under way end here, open incidents close. */
  finish(at: number, out: Incident[] = []): Incident[] {
    this.advance(at + this.learner.episodeOptions.mergeGapMs, out);
    return this.detector.closeAll(at, out);
  }
}

/** Findings reach the detector a little after they happen (a visit is known a merge gap after it ends). */
const LATE_FINDING_MS = 15 * 60_000;

/**
 * Incidents as they end for good, each once: the detector may reopen a closed presence incident
 * (the same id) when the same place acts up again within its cooldown, so a closed incident is
 * final only once the cooldown has passed in event time. For output that lists each incident
 * once (the evaluation CLI, `npm run eval`); the nodes send every state as it happens.
 */
export class FinalIncidents {
  private readonly closed = new Map<string, Incident>();

  constructor(private readonly cooldownMs: number) {}

  /** Takes the detector's latest messages; returns the incidents that can no longer reopen at `now`. */
  take(incidents: Incident[], now: number, final: Incident[] = []): Incident[] {
    this.note(incidents);
    for (const [id, incident] of this.closed) {
      if ((incident.end ?? incident.start) + this.cooldownMs + LATE_FINDING_MS > now) continue;
      final.push(incident);
      this.closed.delete(id);
    }
    return final;
  }

  /** The end of the data: the detector's last messages, and everything closed is final. */
  flush(incidents: Incident[], final: Incident[] = []): Incident[] {
    this.note(incidents);
    final.push(...this.closed.values());
    this.closed.clear();
    return final;
  }

  private note(incidents: Incident[]): void {
    for (const incident of incidents) {
      if (incident.state === "closed") this.closed.set(incident.id, incident);
      else this.closed.delete(incident.id);
    }
  }
}
