/**
 * An append-only file of JSON lines under <userDir>/trappan/: the notify node's journal (what was
 * accepted, made and sent) and the report node's log (incidents and sensor health). Records of one
 * event-loop turn are written in one write and flushed to disk (fdatasync) before their promise
 * resolves, so an input's done() means its incident survives a crash. On open it is read back
 * and replaced by a compact snapshot (written to a temporary file, synced, renamed).
 */
import fs from "node:fs";
import path from "node:path";

export class AppendLog {
  private fd: number;
  private batch: string[] = [];
  private waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private scheduled = false;
  private bytes = 0;
  private closed = false;

  readonly file: string;

  constructor(
    readonly dir: string,
    name: string,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, name);
    this.fd = fs.openSync(this.file, "a");
    this.bytes = fs.fstatSync(this.fd).size;
  }

  /** Every complete record, oldest first; a line cut short by a crash is left out. */
  read(): unknown[] {
    const text = fs.readFileSync(this.file, "utf8");
    const records: unknown[] = [];
    for (const line of text.split("\n")) {
      if (!line) continue;
      try {
        records.push(JSON.parse(line));
      } catch {
        // the last line of a crash; nothing after it was acknowledged
      }
    }
    return records;
  }

  /** Appends records; resolves once they are on disk. */
  append(...records: object[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.file} is closed`));
    for (const r of records) this.batch.push(JSON.stringify(r));
    const written = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.commit());
    }
    return written;
  }

  /** Writes what is batched now (also called on close). */
  commit(): void {
    this.scheduled = false;
    const [lines, waiting] = [this.batch, this.waiting];
    this.batch = [];
    this.waiting = [];
    if (lines.length === 0) {
      for (const w of waiting) w.resolve();
      return;
    }
    try {
      const text = lines.join("\n") + "\n";
      fs.writeSync(this.fd, text);
      fs.fdatasyncSync(this.fd);
      this.bytes += Buffer.byteLength(text);
      for (const w of waiting) w.resolve();
    } catch (error) {
      for (const w of waiting) w.reject(error as Error);
    }
  }

  get size(): number {
    return this.bytes;
  }

  /** Replaces the file by these records (a snapshot of what is still needed). */
  rewrite(records: object[]): void {
    this.commit();
    const tmp = `${this.file}.tmp`;
    const text = records.map((r) => JSON.stringify(r) + "\n").join("");
    const fd = fs.openSync(tmp, "w");
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.file);
    fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, "a");
    this.bytes = Buffer.byteLength(text);
  }

  close(): void {
    if (this.closed) return;
    this.commit();
    this.closed = true;
    fs.closeSync(this.fd);
  }
}
