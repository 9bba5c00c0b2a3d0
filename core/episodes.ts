/**
 * Presence episodes: what the learner (core/learner.ts) makes of presence events, with the
 * sensor's semantics. A PIR says occupied on motion and clear after its own timeout; an mmWave
 * radar says occupied while someone is there. Gaps shorter than the merge gap join one episode
 * (a PIR re-arming, a radar losing a still person for a moment); an isolated radar blip shorter
 * than the blip limit is a ghost detection.
 */

export interface EpisodeOptions {
  /** Gaps shorter than this join one episode. */
  mergeGapMs: number;
  /** Isolated mmWave episodes shorter than this are ghosts; 0 keeps them. */
  blipMs: number;
  /**
   * A PIR that reports motion again and again while occupied clears a fixed timeout after its
   * last report (Aqara's, IKEA's): silent for this many of its timeouts while occupied, it has
   * cleared, and its clear was lost. 0: an episode waits for its clear. See Learner.
   */
  silentTimeouts: number;
  /**
   * A sensor that reports changes only (a Hue-like PIR, a radar) and has lost this many clears
   * within LOST_CLEARS_MEMORY_MS (seen when it says "occupied" again, long after, with no clear
   * between) has a lossy link: its silence after "occupied" may be a clear that never came, so a
   * stay there is believed at its clear (SensorMeta.losesClears). 0: never. See Learner.
   */
  lostClearsToDoubt: number;
}

export const DEFAULT_EPISODE_OPTIONS: EpisodeOptions = { mergeGapMs: 60_000, blipMs: 20_000, silentTimeouts: 2, lostClearsToDoubt: 2 };

export type EpisodeChange =
  /** Someone is there: an episode starts (or a ghost candidate does). */
  | { type: "opened"; start: number }
  /** The sensor went clear at `at`: the episode ends there unless it resumes within the merge gap. */
  | { type: "paused"; start: number; at: number }
  /** Occupied again within the merge gap: the same episode goes on. */
  | { type: "resumed"; start: number; at: number }
  /** An episode is over for good (at `at`: its end plus the merge gap). */
  | { type: "finished"; start: number; end: number; at: number }
  /** What looked like a start was an mmWave ghost; forget it (known at `at`). */
  | { type: "dropped"; start: number; at: number };

export type EpisodeChangeType = EpisodeChange["type"];

/**
 * Takes episode changes as they happen, as arguments rather than an object each: the detector
 * of a pipeline, fed straight from the learner. The change's times are `times[i]` (start),
 * `times[i + 1]` (end of a finished episode, NaN for the others) and `times[i + 2]` (when it
 * became known; an opening at its start). In a Float64Array because a time passed as an
 * argument to a call V8 does not inline is boxed, an allocation each (see docs/performance.md).
 * The sensor is its number in the learner's SensorNumbers; `out` is the receiver's own.
 */
export interface EpisodeSink<Out> {
  episodeChanged(sensor: number, type: EpisodeChangeType, times: Float64Array, i: number, out: Out): void;
}

/** The change as an object, for a message between nodes. */
export function episodeChange(type: EpisodeChangeType, start: number, end: number, at: number): EpisodeChange {
  switch (type) {
    case "opened":
      return { type, start };
    case "finished":
      return { type, start, end, at };
    default:
      return { type, start, at };
  }
}
