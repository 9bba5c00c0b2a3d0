/**
 * A bounded first-in-first-out queue of text lines on disk, for what must survive InfluxDB being
 * away and Node-RED restarting: lines are appended to a file before they are accepted, taken from
 * the front in order, and acknowledged once written. The position of the first unacknowledged
 * line is kept in a small file replaced atomically (write, then rename), so a crash at any point
 * sends a line again at worst, never loses one. Writing the same point twice is harmless in
 * InfluxDB: a point with the same series and time replaces itself.
 *
 * When the pending lines exceed the bound, the oldest lines that `droppable` allows go first
 * (for the store: everything but incidents); lines that may not be dropped are kept even past it.
 */
import fs from "node:fs";
import path from "node:path";

export interface JournalOptions {
  /** The most bytes of pending lines kept before droppable ones are dropped. */
  maxBytes: number;
  /** Whether a line may be dropped to keep within the bound. */
  droppable: (line: string) => boolean;
}

interface Position {
  file: string;
  offset: number;
}

const POSITION = "position.json";

export class Journal {
  private pending: string[] = [];
  private head = 0;
  private pendingBytes = 0;
  private position: Position;
  private fd: number;
  /** Bytes of the current file that are acknowledged (its offset), and its size. */
  private fileBytes = 0;
  /** Lines dropped to keep within the bound, since the journal was opened. */
  dropped = 0;

  constructor(
    readonly dir: string,
    private readonly options: JournalOptions,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.position = this.readPosition();
    const file = path.join(dir, this.position.file);
    if (fs.existsSync(file)) {
      const data = fs.readFileSync(file);
      this.fileBytes = data.length;
      // A line cut short by a crash (no newline yet) was never accepted: leave it out.
      const text = data.subarray(this.position.offset).toString("utf8");
      const complete = text.slice(0, text.lastIndexOf("\n") + 1);
      if (complete.length < text.length) {
        this.fileBytes = this.position.offset + Buffer.byteLength(complete);
        fs.truncateSync(file, this.fileBytes);
      }
      for (const line of complete.split("\n")) if (line) this.pushLine(line);
    }
    this.fd = fs.openSync(file, "a");
    for (const name of fs.readdirSync(dir)) if (name.startsWith("queue-") && name !== this.position.file) fs.rmSync(path.join(dir, name), { force: true });
  }

  private readPosition(): Position {
    try {
      const p = JSON.parse(fs.readFileSync(path.join(this.dir, POSITION), "utf8")) as Position;
      if (typeof p.file === "string" && /^queue-\d+\.log$/.test(p.file) && Number.isInteger(p.offset) && p.offset >= 0) return p;
    } catch {
      // no journal yet
    }
    return { file: "queue-1.log", offset: 0 };
  }

  private writePosition(p: Position): void {
    const tmp = path.join(this.dir, `${POSITION}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(p));
    fs.renameSync(tmp, path.join(this.dir, POSITION));
    this.position = p;
  }

  private pushLine(line: string): void {
    this.pending.push(line);
    this.pendingBytes += Buffer.byteLength(line) + 1;
  }

  /** Lines waiting to be written. */
  get size(): number {
    return this.pending.length - this.head;
  }

  get bytes(): number {
    return this.pendingBytes;
  }

  /** Appends lines (on disk before this returns); returns how many older lines had to be dropped. */
  append(lines: string[]): number {
    if (lines.length === 0) return 0;
    const text = lines.join("\n") + "\n";
    fs.writeSync(this.fd, text);
    this.fileBytes += Buffer.byteLength(text);
    for (const line of lines) this.pushLine(line);
    return this.pendingBytes > this.options.maxBytes ? this.shed() : 0;
  }

  /** The oldest `n` pending lines, still pending until acknowledged. */
  peek(n: number): string[] {
    return this.pending.slice(this.head, this.head + n);
  }

  /** The oldest `n` lines are written: they leave the journal. */
  ack(n: number): void {
    n = Math.min(n, this.size);
    if (n <= 0) return;
    let bytes = 0;
    for (let i = this.head; i < this.head + n; i++) bytes += Buffer.byteLength(this.pending[i]) + 1;
    this.head += n;
    this.pendingBytes -= bytes;
    this.writePosition({ file: this.position.file, offset: this.position.offset + bytes });
    if (this.head > 4096 && this.head > this.pending.length / 2) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    // Start a fresh file when the acknowledged part dominates, so the disk holds what is pending.
    if (this.position.offset > 1 << 20 && this.position.offset > this.fileBytes / 2) this.rewrite();
  }

  /** Drops the oldest droppable lines until the pending ones fit the bound again. */
  private shed(): number {
    const keep: string[] = [];
    let bytes = this.pendingBytes;
    let dropped = 0;
    for (let i = this.head; i < this.pending.length; i++) {
      const line = this.pending[i];
      if (bytes > this.options.maxBytes && this.options.droppable(line)) {
        bytes -= Buffer.byteLength(line) + 1;
        dropped++;
      } else keep.push(line);
    }
    if (dropped === 0) return 0;
    this.pending = keep;
    this.head = 0;
    this.pendingBytes = bytes;
    this.dropped += dropped;
    this.rewrite();
    return dropped;
  }

  /** Writes the pending lines to a new file and moves the position there. */
  private rewrite(): void {
    const number = Number(/\d+/.exec(this.position.file)![0]) + 1;
    const file = `queue-${number}.log`;
    const text = this.size > 0 ? this.pending.slice(this.head).join("\n") + "\n" : "";
    const fd = fs.openSync(path.join(this.dir, file), "w");
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    const old = this.position.file;
    this.writePosition({ file, offset: 0 });
    fs.closeSync(this.fd);
    fs.rmSync(path.join(this.dir, old), { force: true });
    this.fd = fs.openSync(path.join(this.dir, file), "a");
    this.fileBytes = Buffer.byteLength(text);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
