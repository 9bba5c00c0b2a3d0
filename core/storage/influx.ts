/**
 * Talking to InfluxDB: writing batches of line protocol in either API mode, checking that the
 * target is there and usable, and reading with InfluxQL (warm start, tests).
 *
 * - v2 (InfluxDB 2.x, 3.x and 1.8+): @influxdata/influxdb-client's write API (org, bucket, token,
 *   gzip). Its own retries are off: the store's journal retries in order and across restarts.
 * - v1 (InfluxDB 1.x as Debian and Ubuntu package it): the same client's transport and line
 *   protocol, POSTed to /write?db=&rp= with the user and password.
 * Reads use InfluxQL's /query in both modes (2.x answers it for a bucket with a DBRP mapping).
 */
import { HttpError, InfluxDB, WriteApi } from "@influxdata/influxdb-client";

export type ApiMode = "v1" | "v2";

export interface InfluxTarget {
  url: string;
  mode: ApiMode;
  /** v2 */
  org?: string;
  bucket?: string;
  token?: string;
  /** v1; in v2 mode the database name InfluxQL knows the bucket by (its DBRP mapping). */
  database?: string;
  retentionPolicy?: string;
  username?: string;
  password?: string;
  /** TLS: verify the server's certificate (default true), and a CA in PEM for a private one. */
  rejectUnauthorized?: boolean;
  ca?: string;
  timeoutMs?: number;
}

/** How a failed write is handled. */
export type FailureKind =
  /** Network, timeout, 5xx, 429: try again later, in order. */
  | "retry"
  /** 401, 403: the token or password is wrong; wait and try again, the points stay. */
  | "unauthorised"
  /** 404: no such bucket or database; wait and try again, the points stay. */
  | "missing"
  /** 400, 422 (and 413 for one line): the data itself is refused; not retried. */
  | "bad-data";

export class WriteFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    /** What the server asked to wait (Retry-After), ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "WriteFailure";
  }
}

/** The database InfluxQL reads from. */
export function databaseOf(target: InfluxTarget): string {
  return (target.mode === "v1" ? target.database : target.database || target.bucket) ?? "";
}

function errorBody(err: HttpError): string {
  const json = err.json as { error?: string; message?: string } | undefined;
  return json?.error ?? json?.message ?? err.body ?? err.message;
}

export function classify(err: unknown): WriteFailure {
  if (err instanceof WriteFailure) return err;
  if (err instanceof HttpError) {
    const status = err.statusCode;
    const body = errorBody(err);
    const retryAfter = err.headers?.["retry-after"];
    const retryAfterMs = retryAfter !== undefined && Number.isFinite(Number(retryAfter)) ? Number(retryAfter) * 1000 : undefined;
    if (status === 429 || status >= 500) return new WriteFailure("retry", `InfluxDB answered ${status}: ${body}`, status, retryAfterMs);
    if (status === 401 || status === 403) return new WriteFailure("unauthorised", `InfluxDB refused the credentials (${status}): ${body}`, status);
    if (status === 404) return new WriteFailure("missing", `InfluxDB has no such bucket or database (404): ${body}`, status);
    return new WriteFailure("bad-data", `InfluxDB refused the data (${status}): ${body}`, status);
  }
  const e = err as { code?: string; message?: string };
  return new WriteFailure("retry", `InfluxDB unreachable: ${e?.code ?? ""} ${e?.message ?? String(err)}`.trim());
}

export interface Writer {
  write(lines: string[]): Promise<void>;
  close(): Promise<void>;
}

function client(target: InfluxTarget, token?: string): InfluxDB {
  return new InfluxDB({
    url: target.url.replace(/\/+$/, ""),
    token,
    timeout: target.timeoutMs ?? 10_000,
    transportOptions: { rejectUnauthorized: target.rejectUnauthorized ?? true, ...(target.ca ? { ca: target.ca } : {}) },
  });
}

function basic(target: InfluxTarget): Record<string, string> {
  return target.username ? { authorization: `Basic ${Buffer.from(`${target.username}:${target.password ?? ""}`).toString("base64")}` } : {};
}

const GZIP_THRESHOLD = 1000;

/** `maxBatch`: the most lines one write() is given. */
export function createWriter(target: InfluxTarget, maxBatch = 5000): Writer {
  if (target.mode === "v2") {
    const api: WriteApi = client(target, target.token).getWriteApi(target.org ?? "", target.bucket ?? "", "ms", {
      // Batches are made by the store: the client never flushes or retries on its own.
      batchSize: maxBatch + 1,
      maxBatchBytes: Number.MAX_SAFE_INTEGER,
      flushInterval: 0,
      maxRetries: 0,
      gzipThreshold: GZIP_THRESHOLD,
      // Hand every failure back to the caller instead of logging it to the console.
      writeFailed: (error: Error) => Promise.reject(error),
    });
    return {
      async write(lines) {
        api.writeRecords(lines);
        try {
          await api.flush();
        } catch (err) {
          throw classify(err);
        }
      },
      close: () => api.close().catch(() => undefined),
    };
  }
  const influx = client(target);
  const params = new URLSearchParams({ db: target.database ?? "", precision: "ms" });
  if (target.retentionPolicy) params.set("rp", target.retentionPolicy);
  const path = `/write?${params}`;
  return {
    async write(lines) {
      try {
        await influx.transport.request(path, lines.join("\n"), { method: "POST", headers: { "content-type": "text/plain; charset=utf-8", ...basic(target) }, gzipThreshold: GZIP_THRESHOLD });
      } catch (err) {
        throw classify(err);
      }
    },
    close: async () => undefined,
  };
}

export interface InfluxQLSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/** Runs InfluxQL statements against the target's database; times in epoch ms. */
export async function influxQL(target: InfluxTarget, q: string): Promise<InfluxQLSeries[][]> {
  const params = new URLSearchParams({ q, epoch: "ms", db: databaseOf(target) });
  if (target.mode === "v1" && target.retentionPolicy) params.set("rp", target.retentionPolicy);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  if (target.mode === "v2" && target.token) headers.authorization = `Token ${target.token}`;
  else Object.assign(headers, basic(target));
  let answer: { results?: { error?: string; series?: InfluxQLSeries[] }[]; error?: string };
  try {
    answer = await client(target).transport.request("/query", params.toString(), { method: "POST", headers });
  } catch (err) {
    throw classify(err);
  }
  if (typeof answer === "string") answer = JSON.parse(answer);
  if (answer.error) throw new WriteFailure("bad-data", `InfluxQL: ${answer.error}`);
  return (answer.results ?? []).map((r) => {
    if (r.error) throw new WriteFailure("bad-data", `InfluxQL: ${r.error}`);
    return r.series ?? [];
  });
}

export type Health = { ok: true } | { ok: false; problem: "unreachable" | "unauthorised" | "missing" | "error"; message: string };

/**
 * Is the target there, are the credentials good, does the bucket or database exist? Asks /ping,
 * then InfluxQL's SHOW DATABASES (which a v2 token answers for buckets with a DBRP mapping).
 */
export async function checkHealth(target: InfluxTarget): Promise<Health> {
  try {
    await client(target).transport.request("/ping", "", { method: "GET" });
  } catch (err) {
    const f = classify(err);
    // Some proxies answer /ping with 404 or 401 while the API behind them works: go on and ask.
    if (f.kind === "retry") return { ok: false, problem: "unreachable", message: f.message };
  }
  try {
    const [series] = await influxQL(target, "SHOW DATABASES");
    const names = new Set((series[0]?.values ?? []).map((v) => String(v[0])));
    const want = databaseOf(target);
    if (!names.has(want)) return { ok: false, problem: "missing", message: target.mode === "v2" ? `no bucket "${want}" that InfluxQL can read (is the DBRP mapping made?)` : `no database "${want}"` };
    return { ok: true };
  } catch (err) {
    const f = classify(err);
    if (f.kind === "unauthorised") return { ok: false, problem: "unauthorised", message: f.message };
    if (f.kind === "retry") return { ok: false, problem: "unreachable", message: f.message };
    if (f.kind === "missing") return { ok: false, problem: "missing", message: f.message };
    return { ok: false, problem: "error", message: f.message };
  }
}
