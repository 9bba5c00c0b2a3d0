/**
 * Time spans (start, end) per sensor, oldest first: a ring of pairs of numbers for each sensor
 * number, all rings in one Float64Array, and where a sensor's ring is and how full it is in three
 * columns of the sensor's row (see SensorNumbers).
 *
 * A sensor keeps hours of visits and episodes. As a ring object of its own, the ring's array and
 * that array's numbers, they were three objects an event had to reach through, each a cache miss
 * over ten thousand sensors; here the row, read anyway, leads straight to the numbers. No object
 * per span either: objects that live for hours are what the garbage collector copies and promotes.
 */
import { SensorNumbers } from "./sensor-numbers";

/** Where a sensor's ring begins in `values`. */
const OFFSET = 0;
/** Its capacity, in numbers (a power of two). */
const CAPACITY = 1;
/**
 * Where its oldest span's start is (in numbers from the ring's start) times 2^16, plus how many
 * spans it holds: one integer, read with bit operations (NaN reads as 0: no spans).
 */
const FILL = 2;
const COUNT_BITS = 16;
const COUNT_MASK = (1 << COUNT_BITS) - 1;
/** The smallest ring, in numbers (eight spans). */
const FIRST_CAPACITY = 16;
/**
 * The largest, in numbers: its head must fit in FILL beside the count. A ring this full drops its
 * oldest span for a new one (16,384 spans: far more than a sensor's episodes can make in the hours
 * its rings keep, as episodes a merge gap apart).
 */
const MAX_CAPACITY = 2 ** (31 - COUNT_BITS);

export class SpanRings {
  /** Every sensor's ring, side by side; rings that grew leave their old place empty until the next compaction. */
  private values = new Float64Array(1024);
  /** Numbers handed out so far (the next ring goes there). */
  private used = 0;
  /** Numbers in rings in use. */
  private live = 0;
  /** Where the three columns begin in a sensor's row. */
  private readonly columns: number;

  constructor(private readonly numbers: SensorNumbers) {
    this.columns = numbers.reserve(3);
  }

  /** How many spans sensor `n`'s ring holds (0 before its first). */
  length(n: number): number {
    return this.numbers.rows[this.at(n) + FILL] & COUNT_MASK;
  }

  /** Start of sensor `n`'s i-th span, oldest first. */
  start(n: number, i: number): number {
    return this.values[this.index(n, i)];
  }

  end(n: number, i: number): number {
    return this.values[this.index(n, i) + 1];
  }

  push(n: number, start: number, end: number): void {
    const r = this.at(n);
    let rows = this.numbers.rows;
    if (!(rows[r + CAPACITY] > 0)) {
      rows[r + OFFSET] = this.allocate(FIRST_CAPACITY);
      rows[r + CAPACITY] = FIRST_CAPACITY;
      rows[r + FILL] = 0;
    }
    if (2 * (rows[r + FILL] & COUNT_MASK) === MAX_CAPACITY) this.dropOldest(n); // as full as a ring gets: the oldest goes
    let fill = rows[r + FILL];
    const count = fill & COUNT_MASK;
    if (2 * count === rows[r + CAPACITY]) {
      this.grow(n);
      rows = this.numbers.rows;
      fill = rows[r + FILL];
    }
    const capacity = rows[r + CAPACITY];
    const head = fill >>> COUNT_BITS;
    let i = head + 2 * count;
    if (i >= capacity) i -= capacity;
    const at = rows[r + OFFSET] + i;
    this.values[at] = start;
    this.values[at + 1] = end;
    rows[r + FILL] = fill + 1;
  }

  dropOldest(n: number): void {
    const rows = this.numbers.rows;
    const r = this.at(n);
    const fill = rows[r + FILL];
    const count = fill & COUNT_MASK;
    if (count === 0) return;
    let head = (fill >>> COUNT_BITS) + 2;
    if (head === rows[r + CAPACITY]) head = 0;
    rows[r + FILL] = (head << COUNT_BITS) | (count - 1);
  }

  /** Empties sensor `n`'s ring (its place is kept for what comes next). */
  clear(n: number): void {
    const rows = this.numbers.rows;
    const r = this.at(n);
    if (rows[r + CAPACITY] > 0) rows[r + FILL] = 0;
  }

  /** Where the numbers of sensor `n`'s i-th span are in `values`. */
  private index(n: number, i: number): number {
    const rows = this.numbers.rows;
    const r = this.at(n);
    let j = (rows[r + FILL] >>> COUNT_BITS) + 2 * i;
    if (j >= rows[r + CAPACITY]) j -= rows[r + CAPACITY];
    return rows[r + OFFSET] + j;
  }

  private at(n: number): number {
    return this.numbers.row(n) + this.columns;
  }

  /** Moves sensor `n`'s full ring to one twice its size, oldest span first. */
  private grow(n: number): void {
    const r = this.at(n);
    const capacity = this.numbers.rows[r + CAPACITY];
    const to = this.allocate(2 * capacity);
    // Read after allocating: compaction may have moved the old ring.
    const rows = this.numbers.rows;
    const from = rows[r + OFFSET];
    const fill = rows[r + FILL];
    const head = fill >>> COUNT_BITS;
    this.values.copyWithin(to, from + head, from + capacity);
    this.values.copyWithin(to + capacity - head, from, from + head);
    this.live -= capacity;
    rows[r + OFFSET] = to;
    rows[r + CAPACITY] = 2 * capacity;
    rows[r + FILL] = fill & COUNT_MASK;
  }

  /**
   * Room for a ring of `size` numbers; returns its offset. When the array is full, the rings in use
   * are packed into a new one (of the same size while a quarter stays free, else twice as large).
   */
  private allocate(size: number): number {
    if (this.used + size > this.values.length) {
      let length = this.values.length;
      while (this.live + size > 0.75 * length) length *= 2;
      this.compact(length);
    }
    const offset = this.used;
    this.used += size;
    this.live += size;
    return offset;
  }

  /** Packs every ring in use into a new array of `length` numbers, each where its sensor's row now says. */
  private compact(length: number): void {
    const values = new Float64Array(length);
    const rows = this.numbers.rows;
    let used = 0;
    for (let n = 0; n < this.numbers.size; n++) {
      const r = this.at(n);
      const capacity = rows[r + CAPACITY];
      if (!(capacity > 0)) continue;
      const offset = rows[r + OFFSET];
      values.set(this.values.subarray(offset, offset + capacity), used);
      rows[r + OFFSET] = used;
      used += capacity;
    }
    this.values = values;
    this.used = used;
  }
}
