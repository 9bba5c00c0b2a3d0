/**
 * Time spans (start, end), oldest first, as pairs of plain numbers in one array: no object per
 * span (a sensor keeps hours of visits and episodes, and objects that live that long are what the
 * garbage collector has to copy and promote), and dropping the oldest moves nothing.
 */
export class Spans {
  /** start, end, start, end, …; the spans before `head` are dropped. */
  private values: number[] = [];
  private head = 0;

  get length(): number {
    return (this.values.length - this.head) >> 1;
  }

  push(start: number, end: number): void {
    this.values.push(start, end);
  }

  /** Start of the i-th span, oldest first. */
  start(i: number): number {
    return this.values[this.head + 2 * i];
  }

  end(i: number): number {
    return this.values[this.head + 2 * i + 1];
  }

  dropOldest(): void {
    this.head += 2;
    if (this.head === this.values.length) {
      this.values.length = 0;
      this.head = 0;
    } else if (this.head >= 64 && 2 * this.head >= this.values.length) {
      // Mostly dropped: move the rest to the front, now and then, rather than on every drop.
      this.values.copyWithin(0, this.head);
      this.values.length -= this.head;
      this.head = 0;
    }
  }
}
