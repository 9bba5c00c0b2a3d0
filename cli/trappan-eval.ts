#!/usr/bin/env node
/**
 * trappan-eval: runs the detector the nodes run, with default settings, over a CSV of presence
 * events and writes one JSON line per incident. A stable contract for evaluating it on data
 * from anywhere:
 *
 *   trappan-eval --events events.csv [--sensors sensors.json] [--detector learned|fixed-15min]
 *                [--out incidents.jsonl] [--timezone Europe/Stockholm]
 *
 * events.csv: header ts,sensor,occupied; ts ISO 8601 with offset or epoch ms; occupied 1/0 or
 * true/false; rows sorted by ts. sensors.json: {"<sensor>": {"space", "kind": "pir"|"mmwave", "address"}}.
 * Output lines: {"sensor","type","start","end","detectedAt","score","severity"}, times in ISO 8601.
 *
 * Data from elsewhere is read as its authors most likely meant it, and stderr says so: rows out
 * of time order are sorted first; ISO times without an offset are local times in --timezone (and
 * the output's times are then written the same way); epoch numbers too small to be ms are
 * seconds; a kind is read without regard to case ("mmWave", "radar"); cells may be separated by
 * semicolons or tabs, as the header is; a sensor with motions only (never a clear) is occupied for
 * a PIR's timeout after each.
 */
import fs from "node:fs";
import { parse } from "csv-parse";
import { grown } from "../core/arrays";
import { Incident, Location, PresenceEvent, SensorKind, Space, SPACES } from "../core/events";
import { DetectorChoice, FinalIncidents, Pipeline } from "../core/pipeline";
import { sensorKind } from "../core/sensors";
import { isValidTimeZone } from "../core/sites";
import { isoOffsetMs, localInstants, localParts, localToEpoch, validClock, validDate } from "../core/time";
import { spaceOf } from "../core/words";

interface SensorInfo {
  space?: string;
  kind?: string;
  address?: string;
}

const USAGE = "usage: trappan-eval --events events.csv [--sensors sensors.json] [--detector learned|fixed-15min] [--out incidents.jsonl] [--timezone Europe/Stockholm]\n";

function usage(message?: string): never {
  if (message) process.stderr.write(`trappan-eval: ${message}\n`);
  process.stderr.write(USAGE);
  process.exit(2);
}

function say(message: string): void {
  process.stderr.write(`trappan-eval: ${message}\n`);
}

function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (key === "--help" || key === "-h") {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    if (!key.startsWith("--")) usage(`unexpected argument '${key}'`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) usage(`${key} needs a value`);
    out[key.slice(2)] = value;
    i++;
  }
  return out;
}

/** How a ts cell was written: epoch ms or seconds, ISO with an offset (or Z), or local ISO without one. */
type TimeForm = "ms" | "seconds" | "offset" | "local";

/** Epoch numbers below this are seconds: as ms they would lie before March 1973. */
const EPOCH_SECONDS_BELOW = 1e11;
const ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?\s*(Z|[+-]\d\d(?::?\d\d)?)?$/i;

/**
 * Reads a ts cell. A local time in the hour the clocks go back happens twice: the reading taken
 * is the first not before `after` (the sensor's previous time), so a sensor's rows keep their order.
 */
function parseTime(text: string, timezone: string, after: number): { ms: number; form: TimeForm } | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return n < EPOCH_SECONDS_BELOW ? { ms: Math.round(n * 1000), form: "seconds" } : { ms: n, form: "ms" };
  }
  const m = ISO.exec(t);
  if (!m) {
    const ms = Date.parse(t);
    return Number.isFinite(ms) ? { ms, form: "offset" } : undefined;
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => Number(x ?? 0));
  const fraction = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  if (!validDate(year, month, day) || !validClock(hour, minute, second)) return undefined;
  const zone = m[8];
  if (zone) {
    const offset = isoOffsetMs(zone);
    return offset === undefined ? undefined : { ms: Date.UTC(year, month - 1, day, hour, minute, second) + fraction - offset, form: "offset" };
  }
  // A time the clocks skip (the spring hour) did not happen there: localToEpoch reads it with the offset before.
  const instants = localInstants(year, month, day, hour, minute, timezone, second);
  const ms = instants.find((instant) => instant + fraction >= after) ?? instants[0] ?? localToEpoch(year, month, day, hour, minute, timezone, second);
  return { ms: ms + fraction, form: "local" };
}

/** A local time in `timezone` as ISO 8601 without an offset, as such input was written. */
function localIso(time: number, timezone: string): string {
  const ms = Math.floor(time); // whole ms, as toISOString writes them
  const p = localParts(ms, timezone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}.${String(((ms % 1000) + 1000) % 1000).padStart(3, "0")}`;
}

function parseOccupied(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (t === "true" || t === "yes" || t === "on") return true;
  if (t === "false" || t === "no" || t === "off") return false;
  const n = t === "" ? NaN : Number(t); // 1, 0, 1.0
  return n === 1 ? true : n === 0 ? false : undefined;
}

/** A kind as people write it ("mmWave", "radar", "PIR"), by the words the sensors node knows radars by; anything else is a PIR, and stderr says so. */
function readKind(sensor: string, kind: unknown): SensorKind {
  const written = String(kind ?? "");
  if (sensorKind(undefined, written, []) === "mmwave") return "mmwave";
  if (written !== "" && !/pir|motion/i.test(written)) say(`sensor ${sensor}: kind '${written}' is neither pir nor mmwave, read as pir`);
  return "pir";
}

/**
 * A space as the site registry reads it ("Bike room", "bike_room", "tvättstuga", "cellar"); a word
 * it does not know is "other", and stderr says so: the floor and the laundry pass go by the space.
 */
function readSpace(sensor: string, space: unknown): Space {
  const written = String(space ?? "").trim();
  const read = spaceOf(written);
  if (read) return read;
  if (written !== "") say(`sensor ${sensor}: space '${written}' is none of ${SPACES.join(", ")}, read as other`);
  return "other";
}

/** The rows of events.csv that could be read, in file order, in typed columns (17 bytes a row). */
class Rows {
  length = 0;
  ts = new Float64Array(1024);
  sensor = new Int32Array(1024);
  occupied = new Uint8Array(1024);
  line = new Int32Array(1024);
  readonly sensors: string[] = [];
  readonly forms: Record<TimeForm, number> = { ms: 0, seconds: 0, offset: 0, local: 0 };
  skipped = 0;

  push(ts: number, sensor: number, occupied: boolean, line: number): void {
    if (this.length === this.ts.length) {
      this.ts = grown(this.ts);
      this.sensor = grown(this.sensor);
      this.occupied = grown(this.occupied);
      this.line = grown(this.line);
    }
    const i = this.length++;
    this.ts[i] = ts;
    this.sensor[i] = sensor;
    this.occupied[i] = occupied ? 1 : 0;
    this.line[i] = line;
  }
}

/**
 * The cell separator, read off the header line: a comma, or a semicolon or tab where the header
 * has no comma (a spreadsheet set to Swedish saves "CSV" with semicolons, its decimal comma taken).
 */
function delimiterOf(file: string): string {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(4096);
    const text = head.subarray(0, fs.readSync(fd, head, 0, head.length, 0)).toString("utf8");
    const header = text.split(/\r?\n/, 1)[0];
    if (header.includes(",")) return ",";
    if (header.includes(";")) return ";";
    if (header.includes("\t")) return "\t";
    return ",";
  } finally {
    fs.closeSync(fd);
  }
}

async function readRows(file: string, timezone: string): Promise<Rows> {
  const rows = new Rows();
  const index = new Map<string, number>();
  const previous: number[] = [];
  const delimiter = delimiterOf(file);
  if (delimiter !== ",") say(`cells separated by ${delimiter === ";" ? "semicolons" : "tabs"}, as the header is`);
  // csv-parse: quoted cells, a byte-order mark and CRLF line ends read as people write them.
  const parser = fs.createReadStream(file).pipe(
    parse({ bom: true, delimiter, trim: true, skip_empty_lines: true, relax_column_count: true, info: true, raw: true, columns: readHeader }),
  );
  let header = false;
  function readHeader(cells: string[]): string[] {
    header = true;
    const names = cells.map((cell) => cell.toLowerCase());
    if (!(names.includes("ts") && names.includes("sensor") && names.includes("occupied"))) usage(`events.csv needs the header ts,sensor,occupied (got ${cells.join(",")})`);
    return names;
  }
  for await (const { record, info, raw } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number }; raw: string }>) {
    const name = record.sensor ?? "";
    let sensor = index.get(name);
    const time = name ? parseTime(record.ts ?? "", timezone, sensor === undefined ? -Infinity : previous[sensor]) : undefined;
    const occupied = parseOccupied(record.occupied ?? "");
    if (!time || occupied === undefined) {
      say(`line ${info.lines} skipped: '${raw.trim()}'`);
      rows.skipped++;
      continue;
    }
    if (sensor === undefined) {
      sensor = rows.sensors.push(name) - 1;
      index.set(name, sensor);
    }
    previous[sensor] = time.ms;
    rows.forms[time.form]++;
    rows.push(time.ms, sensor, occupied, info.lines);
  }
  if (!header) usage("events.csv is empty: it needs the header ts,sensor,occupied");
  return rows;
}

/** The order to run the rows in: as they are when sorted by ts, else sorted (stably: a sensor's rows at one time keep their order). */
function timeOrder(rows: Rows): Uint32Array {
  const order = new Uint32Array(rows.length).map((_, i) => i);
  let behind = 0;
  let first = -1;
  for (let i = 1; i < rows.length; i++) {
    if (rows.ts[i] < rows.ts[i - 1]) {
      behind++;
      if (first < 0) first = i;
    }
  }
  if (behind === 0) return order;
  say(`rows are not sorted by ts (${behind} row(s) earlier than the row before them, the first at line ${rows.line[first]}): sorted before running`);
  return order.sort((a, b) => rows.ts[a] - rows.ts[b] || a - b);
}

/** sensors.json, a byte-order mark (as editors on Windows write it) allowed. */
function readSensors(file: string): Record<string, SensorInfo> {
  const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  let sensors: unknown;
  try {
    sensors = JSON.parse(text);
  } catch (error) {
    usage(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (!sensors || typeof sensors !== "object" || Array.isArray(sensors)) usage(`${file} must be an object {"<sensor>": {"space", "kind", "address"}}`);
  return sensors as Record<string, SensorInfo>;
}

/** How long a motion keeps a PIR occupied where the data has motions only: a common PIR timeout (zigbee2mqtt's default). */
const MOTION_ONLY_TIMEOUT_MS = 90_000;

/**
 * A sensor whose rows are all occupied (motion events, never a clear) would be one stay from its
 * first row to the end. Its motions are read as a PIR reports them: occupied, and clear a timeout
 * after the last motion. Returns the order to run the rows in, the clears added among them.
 */
function withMotionClears(rows: Rows, order: Uint32Array): Uint32Array {
  const clears = new Uint32Array(rows.sensors.length);
  for (let i = 0; i < rows.length; i++) if (rows.occupied[i] === 0) clears[rows.sensor[i]]++;
  const motionOnly = rows.sensors.filter((_, s) => clears[s] === 0);
  if (motionOnly.length === 0) return order;
  say(`${motionOnly.length} sensor(s) have motions only (occupied, never a clear): each motion is read as occupied for ${MOTION_ONLY_TIMEOUT_MS / 1000} s, as a PIR reports it (${motionOnly.slice(0, 3).join(", ")}${motionOnly.length > 3 ? ", …" : ""})`);
  const read = rows.length;
  const lastMotion = new Float64Array(rows.sensors.length).fill(NaN);
  const lineOf = new Uint32Array(rows.sensors.length);
  for (const i of order) {
    const s = rows.sensor[i];
    if (clears[s] > 0) continue;
    const last = lastMotion[s];
    if (rows.ts[i] - last > MOTION_ONLY_TIMEOUT_MS) rows.push(last + MOTION_ONLY_TIMEOUT_MS, s, false, lineOf[s]);
    lastMotion[s] = rows.ts[i];
    lineOf[s] = rows.line[i];
  }
  for (let s = 0; s < rows.sensors.length; s++) if (clears[s] === 0 && Number.isFinite(lastMotion[s])) rows.push(lastMotion[s] + MOTION_ONLY_TIMEOUT_MS, s, false, lineOf[s]);
  const all = new Uint32Array(rows.length);
  all.set(order);
  for (let i = read; i < rows.length; i++) all[i] = i;
  // A clear falls strictly between two motions, never at one's time: sorting by time alone is enough.
  return all.sort((a, b) => rows.ts[a] - rows.ts[b] || a - b);
}

async function main(): Promise<void> {
  const opts = args(process.argv.slice(2));
  if (!opts.events) usage("--events is required");
  const detector = (opts.detector ?? "learned") as DetectorChoice;
  if (detector !== "learned" && detector !== "fixed-15min") usage(`--detector must be learned or fixed-15min, not '${detector}'`);
  const timezone = opts.timezone ?? "Europe/Stockholm";
  if (!isValidTimeZone(timezone)) usage(`--timezone must be a time zone such as Europe/Stockholm, not '${timezone}'`);
  const sensors = opts.sensors ? readSensors(opts.sensors) : {};
  const pipeline = new Pipeline({ detector, timezone, fromDataStart: true });

  const devices = new Map<string, PresenceEvent["device"]>();
  const locations = new Map<string, Location>();
  for (const [sensor, info] of Object.entries(sensors)) {
    devices.set(sensor, { kind: readKind(sensor, info?.kind) });
    locations.set(sensor, { site: "", address: info?.address ?? "", space: readSpace(sensor, info?.space) });
  }

  const rows = await readRows(opts.events, timezone);
  const { forms } = rows;
  if (forms.seconds > 0) say(`${forms.seconds} epoch time(s) too small to be ms read as seconds`);
  // Times written without an offset are written back the same way, so they compare with the data's own.
  const local = forms.local > 0 && forms.ms + forms.seconds + forms.offset === 0;
  if (forms.local > 0) say(`${forms.local} time(s) without an offset read as local time in ${timezone}${local ? "; incidents' times are written the same way" : ""}`);
  const iso = (ms: number | undefined) => (ms === undefined ? null : local ? localIso(ms, timezone) : new Date(ms).toISOString());

  // Opened here, so that a path that cannot be written is said before the run, not thrown from a stream after it.
  const out = opts.out ? fs.createWriteStream("", { fd: fs.openSync(opts.out, "w") }) : process.stdout;
  const write = (incidents: Incident[]) => {
    for (const incident of incidents) {
      out.write(
        JSON.stringify({
          sensor: incident.sensor,
          type: incident.kind,
          start: iso(incident.start),
          end: iso(incident.end),
          detectedAt: iso(incident.detectedAt),
          score: Number(incident.score.toFixed(4)),
          severity: incident.severity,
        }) + "\n",
      );
    }
  };

  // One line per incident, once it has ended for good (it may reopen within the detector's cooldown).
  const final = new FinalIncidents(pipeline.detector.options.cooldownMs);
  const incidents: Incident[] = [];
  let skipped = rows.skipped;
  let last = -Infinity;
  for (const i of withMotionClears(rows, timeOrder(rows))) {
    const sensor = rows.sensors[rows.sensor[i]];
    const ts = rows.ts[i];
    const event: PresenceEvent = { type: "presence", sensor, ts, occupied: rows.occupied[i] === 1, device: devices.get(sensor) ?? { kind: "pir" } };
    const location = locations.get(sensor);
    if (location) event.location = location;
    try {
      pipeline.presence(event, incidents);
    } catch (error) {
      // Duplicate rows are reported and skipped, as the nodes do.
      say(`line ${rows.line[i]}: ${(error as Error).message}`);
      skipped++;
    }
    last = ts;
    write(final.take(incidents, last));
    incidents.length = 0;
  }
  if (Number.isFinite(last)) pipeline.finish(last, incidents);
  write(final.flush(incidents));
  if (out !== process.stdout) await new Promise<void>((resolve) => (out as fs.WriteStream).end(resolve));
  if (skipped > 0) say(`${skipped} line(s) skipped`);
}

main().catch((error) => {
  say((error as Error).message);
  process.exit(1);
});
