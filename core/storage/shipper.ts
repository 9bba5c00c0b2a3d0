/**
 * Moves lines from the journal to InfluxDB in order: batches by size and time, one write at a
 * time, acknowledged only when InfluxDB took them. Network errors, 5xx and 429 wait with
 * exponential backoff and jitter (or what Retry-After says) and try the same batch again; wrong
 * credentials or a missing bucket wait longer, since a person has to fix them, and keep the
 * points. Refused data (400) is split in halves until the offending lines are found: each is
 * reported and left out, the rest is written — a bad line is never retried forever.
 */
import type { Journal } from "./journal";
import { FailureKind, WriteFailure, Writer, classify } from "./influx";

export interface ShipperOptions {
  batchSize: number;
  /** How long the first line of a batch may wait for more. */
  flushIntervalMs: number;
  minRetryMs: number;
  maxRetryMs: number;
  /** The wait after wrong credentials or a missing bucket. */
  configRetryMs: number;
}

export const DEFAULT_SHIPPER_OPTIONS: ShipperOptions = { batchSize: 1000, flushIntervalMs: 1000, minRetryMs: 1000, maxRetryMs: 60_000, configRetryMs: 30_000 };

export interface ShipperState {
  /** Lines waiting in the journal. */
  backlog: number;
  written: number;
  rejected: number;
  /** Why the last write failed, while it keeps failing. */
  failing?: { kind: FailureKind; message: string; attempts: number };
}

export interface ShipperEvents {
  /** A line InfluxDB refused; it is left out. */
  rejected(line: string, failure: WriteFailure): void;
  /** Something changed that the status shows. */
  changed(state: ShipperState): void;
}

export class Shipper {
  readonly options: ShipperOptions;
  private timer?: NodeJS.Timeout;
  private busy?: Promise<void>;
  private closed = false;
  private attempts = 0;
  private written = 0;
  private rejectedCount = 0;
  private failing?: ShipperState["failing"];

  constructor(
    private readonly journal: Journal,
    private readonly writer: Writer,
    private readonly events: ShipperEvents,
    options: Partial<ShipperOptions> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.options = { ...DEFAULT_SHIPPER_OPTIONS, ...options };
  }

  get state(): ShipperState {
    return { backlog: this.journal.size, written: this.written, rejected: this.rejectedCount, ...(this.failing ? { failing: this.failing } : {}) };
  }

  /** Lines were appended to the journal: write now if a batch is full, else soon. */
  poke(): void {
    if (this.closed || this.busy || this.failing) return;
    if (this.journal.size >= this.options.batchSize) this.schedule(0);
    else if (this.journal.size > 0 && !this.timer) this.schedule(this.options.flushIntervalMs);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.ship();
    }, ms);
  }

  /** Writes batches until the journal is empty or a write fails. */
  private ship(): Promise<void> {
    if (this.busy || this.closed) return this.busy ?? Promise.resolve();
    this.busy = (async () => {
      while (!this.closed && this.journal.size > 0) {
        const batch = this.journal.peek(this.options.batchSize);
        try {
          await this.writeFinding(batch);
        } catch (err) {
          this.failed(classify(err));
          return;
        }
        if (this.closed) return; // the journal may be closed: acknowledge after a restart instead
        this.journal.ack(batch.length);
        this.written += batch.length;
        this.attempts = 0;
        this.failing = undefined;
        this.events.changed(this.state);
      }
    })().finally(() => {
      this.busy = undefined;
      if (!this.failing) this.poke();
    });
    return this.busy;
  }

  /** Writes a batch; refused data is split until the offending lines are known and left out. */
  private async writeFinding(lines: string[]): Promise<void> {
    try {
      await this.writer.write(lines);
    } catch (err) {
      const failure = classify(err);
      const tooLarge = failure.status === 413 && lines.length > 1;
      if (failure.kind !== "bad-data" && !tooLarge) throw failure;
      if (lines.length === 1) {
        this.rejectedCount++;
        this.events.rejected(lines[0], failure);
        return;
      }
      const half = Math.ceil(lines.length / 2);
      await this.writeFinding(lines.slice(0, half));
      await this.writeFinding(lines.slice(half));
    }
  }

  private failed(failure: WriteFailure): void {
    this.attempts++;
    this.failing = { kind: failure.kind, message: failure.message, attempts: this.attempts };
    this.events.changed(this.state);
    if (this.closed) return;
    const o = this.options;
    let wait: number;
    if (failure.kind === "unauthorised" || failure.kind === "missing") wait = o.configRetryMs;
    else if (failure.retryAfterMs !== undefined) wait = Math.min(failure.retryAfterMs, o.maxRetryMs * 5);
    else wait = Math.min(o.maxRetryMs, o.minRetryMs * 2 ** (this.attempts - 1)) * (0.75 + 0.5 * this.random());
    // While it fails, new lines do not bring the next attempt forward (poke() waits for it).
    this.schedule(wait);
  }

  /** Writes what is pending now, waiting for it (tests, close with a deadline). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.ship();
  }

  /** Stops writing; what is still pending stays in the journal for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.busy?.catch(() => undefined);
    await this.writer.close();
  }
}
