/**
 * Deadlines in event time, one at most per sensor number and heap: a min-heap of sensor numbers
 * with their times, where each number's place in the heap is kept in an Int32Array, so setting a
 * deadline again moves it there. The heap holds no stale entries, peek is O(1), set, clear and
 * each due deadline O(log n), and letting time pass only touches what is due, however many
 * sensors there are.
 *
 * Everything is in typed arrays (times, numbers, places): sifting reads one small contiguous
 * array rather than objects scattered over ten thousand sensors' state, and nothing is allocated.
 */
import { grown } from "./arrays";

export class DeadlineHeap {
  /** Times and sensor numbers, in heap order. */
  private times: Float64Array = new Float64Array(64);
  private sensors: Int32Array = new Int32Array(64);
  private count = 0;
  /** Where each sensor number's deadline is in the heap; -1 while not set. */
  private places: Int32Array = new Int32Array(64).fill(-1);

  get size(): number {
    return this.count;
  }

  isSet(sensor: number): boolean {
    return sensor < this.places.length && this.places[sensor] >= 0;
  }

  /** A sensor's deadline, if it is set in this heap. */
  time(sensor: number): number | undefined {
    return this.isSet(sensor) ? this.times[this.places[sensor]] : undefined;
  }

  /** A sensor's deadline, which must be set (isSet): a number, never boxed as time()'s may be. */
  peekAt(sensor: number): number {
    return this.times[this.places[sensor]];
  }

  set(sensor: number, time: number): void {
    while (sensor >= this.places.length) this.places = grown(this.places, -1);
    let i = this.places[sensor];
    const later = i >= 0 && time >= this.times[i];
    if (i < 0) {
      if (this.count === this.times.length) {
        this.times = grown(this.times);
        this.sensors = grown(this.sensors);
      }
      i = this.count++;
      this.sensors[i] = sensor;
    }
    this.times[i] = time;
    if (later) this.down(i);
    else this.up(i);
  }

  clear(sensor: number): void {
    if (this.isSet(sensor)) this.remove(this.places[sensor]);
  }

  /**
   * The earliest deadline; Infinity if none. Always a number: a time that may also be undefined is
   * a value V8 must box, an allocation every time it is asked (about 100 bytes an event).
   */
  peek(): number {
    return this.count > 0 ? this.times[0] : Infinity;
  }

  /** The sensors whose deadline is at or before `now`, earliest first; their deadlines are cleared. */
  due(now: number, out: number[] = []): number[] {
    while (this.count > 0 && this.times[0] <= now) {
      out.push(this.sensors[0]);
      this.remove(0);
    }
    return out;
  }

  /** Takes the deadline at `i` out of the heap; the last one fills its place. */
  private remove(i: number): void {
    const { times, sensors } = this;
    this.places[sensors[i]] = -1;
    const n = --this.count;
    if (i === n) return;
    times[i] = times[n];
    sensors[i] = sensors[n];
    if (i > 0 && times[i] < times[(i - 1) >> 1]) this.up(i);
    else this.down(i);
  }

  /**
   * Moves the deadline at `i` towards the root as far as it goes. It is read from the heap, not
   * passed: a time passed to a call V8 does not inline is boxed, an allocation each.
   */
  private up(i: number): void {
    const { times, sensors, places } = this;
    const time = times[i];
    const sensor = sensors[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent] <= time) break;
      times[i] = times[parent];
      sensors[i] = sensors[parent];
      places[sensors[i]] = i;
      i = parent;
    }
    times[i] = time;
    sensors[i] = sensor;
    places[sensor] = i;
  }

  /** The same, towards the leaves. */
  private down(i: number): void {
    const { times, sensors, places } = this;
    const time = times[i];
    const sensor = sensors[i];
    const n = this.count;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && times[r] < times[l] ? r : l;
      if (times[child] >= time) break;
      times[i] = times[child];
      sensors[i] = sensors[child];
      places[sensors[i]] = i;
      i = child;
    }
    times[i] = time;
    sensors[i] = sensor;
    places[sensor] = i;
  }
}
