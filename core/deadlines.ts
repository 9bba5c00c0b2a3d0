/**
 * Deadlines in event time: a min-heap of (time, key) where each key has at most one deadline.
 * Setting a key's deadline again moves its entry in the heap (each entry knows its place), so
 * the heap holds no stale entries: peek is O(1), set, clear and each due key O(log n), and
 * letting time pass only touches what is due, however many sensors there are.
 *
 * A key's entry is kept once made (with no place in the heap while it has no deadline): sensors
 * re-arm their deadlines thousands of times, and neither the entries nor the Map's table have to
 * be made again each time. `forget` drops a key for good.
 */
interface Entry<K> {
  key: K;
  time: number;
  /** Where the entry is in the heap; -1 while the key has no deadline. */
  index: number;
}

export class Deadlines<K> {
  private readonly heap: Entry<K>[] = [];
  private readonly entries = new Map<K, Entry<K>>();

  get size(): number {
    return this.heap.length;
  }

  set(key: K, time: number): void {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { key, time, index: -1 };
      this.entries.set(key, entry);
    }
    if (entry.index < 0) {
      entry.time = time;
      entry.index = this.heap.length;
      this.heap.push(entry);
      this.up(entry.index);
    } else if (time < entry.time) {
      entry.time = time;
      this.up(entry.index);
    } else {
      entry.time = time;
      this.down(entry.index);
    }
  }

  clear(key: K): void {
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.index >= 0) this.remove(entry.index);
  }

  /** Clears a key and lets go of its entry (a sensor that is gone). */
  forget(key: K): void {
    this.clear(key);
    this.entries.delete(key);
  }

  get(key: K): number | undefined {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.index >= 0 ? entry.time : undefined;
  }

  /** The earliest deadline, if any. */
  peek(): number | undefined {
    return this.heap.length > 0 ? this.heap[0].time : undefined;
  }

  /** The keys whose deadline is at or before `now`, earliest first; they are removed. */
  due(now: number, out: K[] = []): K[] {
    const heap = this.heap;
    while (heap.length > 0 && heap[0].time <= now) {
      out.push(heap[0].key);
      this.remove(0);
    }
    return out;
  }

  /** Takes the entry at `i` out of the heap; the last entry fills its place. */
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
    const entry = heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].time <= entry.time) break;
      heap[i] = heap[parent];
      heap[i].index = i;
      i = parent;
    }
    heap[i] = entry;
    entry.index = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const entry = heap[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && heap[r].time < heap[l].time ? r : l;
      if (heap[child].time >= entry.time) break;
      heap[i] = heap[child];
      heap[i].index = i;
      i = child;
    }
    heap[i] = entry;
    entry.index = i;
  }
}
