/**
 * Sensors by number: the learner and the detector keep a sensor's state in rows of typed arrays
 * (see core/learner.ts, core/anomaly.ts), found by a number given when the sensor is first heard.
 * Over ten thousand sensors, state in objects scattered over the heap cost more time in memory
 * than in arithmetic (docs/performance.md); rows side by side in one array do not.
 *
 * A pipeline's learner and detector share one SensorNumbers, so the sensor is looked up by name
 * once an event; the nodes, which pass episodes as messages, each have their own. It also holds
 * what is known of each sensor (kind, location), which both read.
 */
import { SensorMeta } from "./learner";

export class SensorNumbers {
  private readonly numbers = new Map<string, number>();
  /** Names by number. */
  readonly names: string[] = [];
  /** What is known of each sensor, by number: the learner keeps it up to date from events and snapshots. */
  readonly meta: SensorMeta[] = [];

  get size(): number {
    return this.names.length;
  }

  /** The sensor's number, if it has one. */
  get(sensor: string): number | undefined {
    return this.numbers.get(sensor);
  }

  /** The sensor's number, given now if it has none (with nothing known of it but that it is a PIR). */
  number(sensor: string): number {
    let n = this.numbers.get(sensor);
    if (n === undefined) {
      n = this.names.length;
      this.numbers.set(sensor, n);
      this.names.push(sensor);
      this.meta.push({ kind: "pir" });
    }
    return n;
  }
}
