/**
 * Deadlines in event time: a min-heap of deadlines where each owner (a sensor's state) has at most
 * one per heap. A deadline knows its place in the heap, so setting it again moves it there: the
 * heap holds no stale entries, peek is O(1), set, clear and each due deadline O(log n), and letting
 * time pass only touches what is due, however many sensors there are.
 *
 * The owner keeps its Deadline object (made once, reused as it re-arms thousands of times): no
 * lookup by key on the hot path, and nothing allocated. Deadlines<K> is the same by key, for
 * callers that have no state of their own to keep it in.
 */
import { grown } from "./arrays";

export class Deadline<T> {
  /** Where it is in its heap; -1 while not set. */
  index = -1;

  constructor(readonly owner: T) {}

  get isSet(): boolean {
    return this.index >= 0;
  }
}

/**
 * The heap keeps the times in a Float64Array beside the deadlines, in heap order: sifting
 * compares times in one small contiguous array rather than reading a deadline object (scattered
 * over the heap of ten thousand sensors' states) at every level.
 */
export class DeadlineHeap<T> {
  private readonly heap: Deadline<T>[] = [];
  private times = new Float64Array(64);

  get size(): number {
    return this.heap.length;
  }

  /** A deadline's time, if it is set in this heap. */
  time(deadline: Deadline<T>): number | undefined {
    return deadline.index >= 0 ? this.times[deadline.index] : undefined;
  }

  set(deadline: Deadline<T>, time: number): void {
    const i = deadline.index;
    if (i < 0) {
      const n = this.heap.length;
      if (n === this.times.length) this.times = grown(this.times);
      this.heap.push(deadline);
      this.up(n, deadline, time);
    } else if (time < this.times[i]) this.up(i, deadline, time);
    else this.down(i, deadline, time);
  }

  clear(deadline: Deadline<T>): void {
    if (deadline.index >= 0) this.remove(deadline.index);
  }

  /** The earliest deadline, if any. */
  peek(): number | undefined {
    return this.heap.length > 0 ? this.times[0] : undefined;
  }

  /** The owners whose deadline is at or before `now`, earliest first; their deadlines are cleared. */
  due(now: number, out: T[] = []): T[] {
    const heap = this.heap;
    while (heap.length > 0 && this.times[0] <= now) {
      out.push(heap[0].owner);
      this.remove(0);
    }
    return out;
  }

  /** Takes the deadline at `i` out of the heap; the last one fills its place. */
  private remove(i: number): void {
    const heap = this.heap;
    heap[i].index = -1;
    const last = heap.pop()!;
    const n = heap.length;
    if (i === n) return;
    const time = this.times[n];
    if (i > 0 && time < this.times[(i - 1) >> 1]) this.up(i, last, time);
    else this.down(i, last, time);
  }

  /** Puts `deadline` at `time` into the hole at `i`, moving it towards the root as far as it goes. */
  private up(i: number, deadline: Deadline<T>, time: number): void {
    const heap = this.heap;
    const times = this.times;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent] <= time) break;
      times[i] = times[parent];
      heap[i] = heap[parent];
      heap[i].index = i;
      i = parent;
    }
    times[i] = time;
    heap[i] = deadline;
    deadline.index = i;
  }

  /** The same, towards the leaves. */
  private down(i: number, deadline: Deadline<T>, time: number): void {
    const heap = this.heap;
    const times = this.times;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && times[r] < times[l] ? r : l;
      if (times[child] >= time) break;
      times[i] = times[child];
      heap[i] = heap[child];
      heap[i].index = i;
      i = child;
    }
    times[i] = time;
    heap[i] = deadline;
    deadline.index = i;
  }
}

/** Deadlines by key: each key's Deadline is kept in a Map (a sensor's, reused as it re-arms). */
export class Deadlines<K> {
  private readonly heap = new DeadlineHeap<K>();
  private readonly deadlines = new Map<K, Deadline<K>>();

  get size(): number {
    return this.heap.size;
  }

  set(key: K, time: number): void {
    let deadline = this.deadlines.get(key);
    if (deadline === undefined) {
      deadline = new Deadline(key);
      this.deadlines.set(key, deadline);
    }
    this.heap.set(deadline, time);
  }

  clear(key: K): void {
    const deadline = this.deadlines.get(key);
    if (deadline !== undefined) this.heap.clear(deadline);
  }

  get(key: K): number | undefined {
    const deadline = this.deadlines.get(key);
    return deadline !== undefined ? this.heap.time(deadline) : undefined;
  }

  peek(): number | undefined {
    return this.heap.peek();
  }

  due(now: number, out: K[] = []): K[] {
    return this.heap.due(now, out);
  }
}
