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
export class Deadline<T> {
  time = 0;
  /** Where it is in its heap; -1 while not set. */
  index = -1;

  constructor(readonly owner: T) {}

  get isSet(): boolean {
    return this.index >= 0;
  }
}

export class DeadlineHeap<T> {
  private readonly heap: Deadline<T>[] = [];

  get size(): number {
    return this.heap.length;
  }

  set(deadline: Deadline<T>, time: number): void {
    if (deadline.index < 0) {
      deadline.time = time;
      deadline.index = this.heap.length;
      this.heap.push(deadline);
      this.up(deadline.index);
    } else if (time < deadline.time) {
      deadline.time = time;
      this.up(deadline.index);
    } else {
      deadline.time = time;
      this.down(deadline.index);
    }
  }

  clear(deadline: Deadline<T>): void {
    if (deadline.index >= 0) this.remove(deadline.index);
  }

  /** The earliest deadline, if any. */
  peek(): number | undefined {
    return this.heap.length > 0 ? this.heap[0].time : undefined;
  }

  /** The owners whose deadline is at or before `now`, earliest first; their deadlines are cleared. */
  due(now: number, out: T[] = []): T[] {
    const heap = this.heap;
    while (heap.length > 0 && heap[0].time <= now) {
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
    if (i === heap.length) return;
    heap[i] = last;
    last.index = i;
    if (i > 0 && last.time < heap[(i - 1) >> 1].time) this.up(i);
    else this.down(i);
  }

  private up(i: number): void {
    const heap = this.heap;
    const deadline = heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].time <= deadline.time) break;
      heap[i] = heap[parent];
      heap[i].index = i;
      i = parent;
    }
    heap[i] = deadline;
    deadline.index = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const deadline = heap[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && heap[r].time < heap[l].time ? r : l;
      if (heap[child].time >= deadline.time) break;
      heap[i] = heap[child];
      heap[i].index = i;
      i = child;
    }
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
    return deadline !== undefined && deadline.isSet ? deadline.time : undefined;
  }

  peek(): number | undefined {
    return this.heap.peek();
  }

  due(now: number, out: K[] = []): K[] {
    return this.heap.due(now, out);
  }
}
