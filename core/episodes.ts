/**
 * Presence events become presence episodes with the sensor's semantics: a PIR says occupied on
 * motion and clear after its own timeout; an mmWave radar says occupied while someone is there.
 * Gaps shorter than the merge gap join one episode (a PIR re-arming, a radar losing a still
 * person for a moment); an isolated radar blip shorter than the blip limit is a ghost detection.
 * Pure and in event time: the caller says what time it is.
 */
import { SensorKind } from "./events";

export interface EpisodeOptions {
  /** Gaps shorter than this join one episode. */
  mergeGapMs: number;
  /** Isolated mmWave episodes shorter than this are ghosts; 0 keeps them. */
  blipMs: number;
}

export const DEFAULT_EPISODE_OPTIONS: EpisodeOptions = { mergeGapMs: 60_000, blipMs: 20_000 };

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

/** One sensor's episodes. */
export class EpisodeTracker {
  /** Start of the episode under way, occupied or waiting out the merge gap. */
  start: number | undefined;
  /** When it last went clear; undefined while occupied. */
  clearedAt: number | undefined;
  /** The last event's time, to refuse going back in time. */
  lastTs = -Infinity;

  constructor(
    public kind: SensorKind = "pir",
    private readonly options: EpisodeOptions = DEFAULT_EPISODE_OPTIONS,
  ) {}

  get occupied(): boolean {
    return this.start !== undefined && this.clearedAt === undefined;
  }

  /** Feeds one presence event (in time order); returns what changed. */
  push(ts: number, occupied: boolean, out: EpisodeChange[] = []): EpisodeChange[] {
    this.advance(ts, out);
    this.lastTs = ts;
    if (occupied) {
      if (this.start === undefined) {
        this.start = ts;
        out.push({ type: "opened", start: ts });
      } else if (this.clearedAt !== undefined) {
        out.push({ type: "resumed", start: this.start, at: ts }); // within the merge gap: the same episode goes on
      }
      this.clearedAt = undefined;
    } else if (this.start !== undefined && this.clearedAt === undefined) {
      this.clearedAt = ts;
      out.push({ type: "paused", start: this.start, at: ts });
    }
    return out;
  }

  /** Lets time pass: an episode whose clear lies a merge gap behind is finished. */
  advance(now: number, out: EpisodeChange[] = []): EpisodeChange[] {
    if (this.start !== undefined && this.clearedAt !== undefined && now - this.clearedAt >= this.options.mergeGapMs) {
      const start = this.start;
      const end = this.clearedAt;
      this.start = undefined;
      this.clearedAt = undefined;
      const ghost = this.kind === "mmwave" && this.options.blipMs > 0 && end - start < this.options.blipMs;
      const at = end + this.options.mergeGapMs;
      out.push(ghost ? { type: "dropped", start, at } : { type: "finished", start, end, at });
    }
    return out;
  }

  /** When the episode under way will be finished if nothing happens, if it is waiting to be. */
  finishesAt(): number | undefined {
    return this.clearedAt === undefined ? undefined : this.clearedAt + this.options.mergeGapMs;
  }

  /** How long the episode under way has lasted at `now` (0 if none). */
  duration(now: number): number {
    if (this.start === undefined) return 0;
    return (this.clearedAt ?? now) - this.start;
  }
}
