/**
 * Deadlines in event time: a min-heap of (time, key). Setting a key's deadline again replaces
 * the old one (the stale heap entry is skipped when it surfaces), so each change is O(log n)
 * and letting time pass only touches what is due, however many sensors there are.
 */
export class Deadlines<K> {
  private times: number[] = [];
  private keys: K[] = [];
  private readonly current = new Map<K, number>();

  get size(): number {
    return this.current.size;
  }

  set(key: K, time: number): void {
    this.current.set(key, time);
    this.times.push(time);
    this.keys.push(key);
    this.up(this.times.length - 1);
  }

  clear(key: K): void {
    this.current.delete(key);
  }

  get(key: K): number | undefined {
    return this.current.get(key);
  }

  /** The earliest deadline, if any. */
  peek(): number | undefined {
    while (this.times.length > 0 && this.current.get(this.keys[0]) !== this.times[0]) this.pop();
    return this.times.length > 0 ? this.times[0] : undefined;
  }

  /** The keys whose deadline is at or before `now`, earliest first; they are removed. */
  due(now: number, out: K[] = []): K[] {
    while (this.times.length > 0 && this.times[0] <= now) {
      const time = this.times[0];
      const key = this.keys[0];
      this.pop();
      if (this.current.get(key) === time) {
        this.current.delete(key);
        out.push(key);
      }
    }
    // Stale entries pile up when deadlines move often; rebuild when they dominate.
    if (this.times.length > 64 && this.times.length > 4 * this.current.size) this.rebuild();
    return out;
  }

  private rebuild(): void {
    this.times = [];
    this.keys = [];
    for (const [key, time] of this.current) {
      this.times.push(time);
      this.keys.push(key);
      this.up(this.times.length - 1);
    }
  }

  private pop(): void {
    const lastTime = this.times.pop()!;
    const lastKey = this.keys.pop()!;
    if (this.times.length === 0) return;
    this.times[0] = lastTime;
    this.keys[0] = lastKey;
    this.down(0);
  }

  private up(i: number): void {
    const { times, keys } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent] <= times[i]) break;
      swap(times, keys, parent, i);
      i = parent;
    }
  }

  private down(i: number): void {
    const { times, keys } = this;
    const n = times.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && times[l] < times[m]) m = l;
      if (r < n && times[r] < times[m]) m = r;
      if (m === i) return;
      swap(times, keys, m, i);
      i = m;
    }
  }
}

function swap<K>(times: number[], keys: K[], a: number, b: number): void {
  const time = times[a];
  times[a] = times[b];
  times[b] = time;
  const key = keys[a];
  keys[a] = keys[b];
  keys[b] = key;
}
