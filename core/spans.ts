/**
 * Time spans (start, end), oldest first, as pairs of plain numbers in a ring: no object per span
 * (a sensor keeps hours of visits and episodes, and objects that live that long are what the
 * garbage collector has to copy and promote), dropping the oldest moves nothing, and the array is
 * only ever replaced to grow (so a queue that empties and fills again allocates nothing).
 */
export class Spans {
  /** The ring: start, end, start, end, …; its length is the capacity, in numbers. */
  private values: number[] = [];
  /** Where the oldest span's start is. */
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(start: number, end: number): void {
    if (2 * this.count === this.values.length) this.grow();
    const i = this.at(this.count);
    this.values[i] = start;
    this.values[i + 1] = end;
    this.count++;
  }

  /** Start of the i-th span, oldest first. */
  start(i: number): number {
    return this.values[this.at(i)];
  }

  end(i: number): number {
    return this.values[this.at(i) + 1];
  }

  dropOldest(): void {
    this.head += 2;
    if (this.head === this.values.length) this.head = 0;
    this.count--;
  }

  /** Where the i-th span's start is in the ring. */
  private at(i: number): number {
    const j = this.head + 2 * i;
    return j < this.values.length ? j : j - this.values.length;
  }

  private grow(): void {
    const values: number[] = [];
    for (let i = 0; i < this.count; i++) values.push(this.start(i), this.end(i));
    const capacity = Math.max(8, 2 * this.values.length);
    while (values.length < capacity) values.push(0);
    this.values = values;
    this.head = 0;
  }
}
