/**
 * Sensors by number: the baseline, the learner and the detector keep what an event needs of a
 * sensor in a row of numbers (see core/baseline.ts, core/learner.ts, core/anomaly.ts), found by a
 * number given when the sensor is first heard. Over ten thousand sensors, state in objects
 * scattered over the heap cost more time in memory than in arithmetic (docs/performance.md); rows
 * side by side in one array do not.
 *
 * A pipeline's three share one SensorNumbers, so the sensor is looked up by name once an event,
 * and one row: each reserves its columns in it, so an event's state is read from one place, not
 * one per component. The baseline node's learner shares its baseline's; the anomaly node, which
 * is passed episodes as messages, has its own. It also holds what is known of each sensor (kind,
 * location), which learner and detector read.
 */
import { grown } from "./arrays";
import { SensorMeta } from "./learner";

/** Rows made room for at first. */
const FIRST_ROWS = 64;
/** Numbers in a cache line: rows take whole lines, so a row's columns share as few as they can. */
const LINE = 8;

export class SensorNumbers {
  private readonly numbers = new Map<string, number>();
  /** Names by number. */
  readonly names: string[] = [];
  /** What is known of each sensor, by number: the learner keeps it up to date from events and snapshots. */
  readonly meta: SensorMeta[] = [];
  /**
   * Every sensor's row, `width` numbers each, NaN until a component writes its columns. Replaced
   * when it grows (when a sensor is first numbered): read it anew after numbering a sensor.
   */
  rows: Float64Array = new Float64Array(0);
  /** The columns reserved so far. */
  private columns = 0;
  /** Numbers from one row to the next: the columns, rounded up to whole cache lines. */
  private width = 0;

  get size(): number {
    return this.names.length;
  }

  /** The sensor's number, if it has one. */
  get(sensor: string): number | undefined {
    return this.numbers.get(sensor);
  }

  /** The sensor's number, given now if it has none (with nothing known of it but that it is a PIR). */
  number(sensor: string): number {
    // Small, so that V8 inlines it into each event's path (see docs/performance.md); numbering a new sensor is apart.
    const n = this.numbers.get(sensor);
    return n === undefined ? this.add(sensor) : n;
  }

  private add(sensor: string): number {
    const n = this.names.length;
    this.numbers.set(sensor, n);
    this.names.push(sensor);
    this.meta.push({ kind: "pir" });
    if (this.rows.length === 0) this.rows = new Float64Array(FIRST_ROWS * this.width).fill(NaN);
    while ((n + 1) * this.width > this.rows.length) this.rows = grown(this.rows, NaN);
    return n;
  }

  /** Reserves `count` columns in every sensor's row (NaN in each); returns the first one's place in a row. */
  reserve(count: number): number {
    const first = this.columns;
    this.columns += count;
    const width = Math.ceil(this.columns / LINE) * LINE;
    if (this.rows.length > 0 && width !== this.width) {
      // Sensors numbered already (not in a pipeline, whose parts reserve first): their rows move apart.
      const rows = new Float64Array(Math.max(FIRST_ROWS, this.size) * width).fill(NaN);
      for (let n = 0; n < this.size; n++) rows.set(this.rows.subarray(n * this.width, n * this.width + first), n * width);
      this.rows = rows;
    }
    this.width = width;
    return first;
  }

  /** Where sensor `n`'s row begins in `rows`. */
  row(n: number): number {
    return n * this.width;
  }
}
