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
 */
import fs from "node:fs";
import { parse } from "csv-parse";
import { Incident, PresenceEvent, SensorKind, Space, SPACES } from "../core/events";
import { DetectorChoice, FinalIncidents, Pipeline } from "../core/pipeline";

interface SensorInfo {
  space?: string;
  kind?: string;
  address?: string;
}

function usage(message?: string): never {
  if (message) process.stderr.write(`trappan-eval: ${message}\n`);
  process.stderr.write("usage: trappan-eval --events events.csv [--sensors sensors.json] [--detector learned|fixed-15min] [--out incidents.jsonl] [--timezone Europe/Stockholm]\n");
  process.exit(2);
}

function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (!key.startsWith("--")) usage(`unexpected argument '${key}'`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) usage(`${key} needs a value`);
    out[key.slice(2)] = value;
    i++;
  }
  return out;
}

function parseTime(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const ms = Date.parse(t);
  return ms;
}

function parseOccupied(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (t === "1" || t === "true") return true;
  if (t === "0" || t === "false") return false;
  return undefined;
}

async function main(): Promise<void> {
  const opts = args(process.argv.slice(2));
  if (!opts.events) usage("--events is required");
  const detector = (opts.detector ?? "learned") as DetectorChoice;
  if (detector !== "learned" && detector !== "fixed-15min") usage(`--detector must be learned or fixed-15min, not '${detector}'`);
  const sensors: Record<string, SensorInfo> = opts.sensors ? JSON.parse(fs.readFileSync(opts.sensors, "utf8")) : {};
  const out = opts.out ? fs.createWriteStream(opts.out) : process.stdout;
  const pipeline = new Pipeline({ detector, timezone: opts.timezone ?? "Europe/Stockholm", fromDataStart: true });

  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  // One line per incident, once it has ended for good (it may reopen within the detector's cooldown).
  const final = new FinalIncidents(pipeline.detector.options.cooldownMs);
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

  const devices = new Map<string, PresenceEvent["device"]>();
  const locations = new Map<string, PresenceEvent["location"]>();
  for (const [sensor, info] of Object.entries(sensors)) {
    const kind: SensorKind = info.kind === "mmwave" ? "mmwave" : "pir";
    devices.set(sensor, { kind });
    const space = (SPACES as readonly string[]).includes(info.space ?? "") ? (info.space as Space) : "other";
    locations.set(sensor, { site: "", address: info.address ?? "", space });
  }

  // csv-parse: quoted cells, a byte-order mark and CRLF line ends read as people write them.
  const rows = fs.createReadStream(opts.events).pipe(
    parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true, raw: true, columns: (header: string[]) => header.map((h) => h.toLowerCase()) }),
  );
  const incidents: Incident[] = [];
  let last = -Infinity;
  let skipped = 0;
  let checkedHeader = false;
  for await (const { record, info, raw } of rows as AsyncIterable<{ record: Record<string, string>; info: { lines: number }; raw: string }>) {
    if (!checkedHeader) {
      checkedHeader = true;
      if (!("ts" in record && "sensor" in record && "occupied" in record)) usage(`events.csv needs the header ts,sensor,occupied (got ${Object.keys(record).join(",")})`);
    }
    const ts = parseTime(record.ts ?? "");
    const sensor = record.sensor ?? "";
    const occupied = parseOccupied(record.occupied ?? "");
    if (!Number.isFinite(ts) || !sensor || occupied === undefined) {
      process.stderr.write(`trappan-eval: line ${info.lines} skipped: '${raw.trim()}'\n`);
      skipped++;
      continue;
    }
    const event: PresenceEvent = { type: "presence", sensor, ts, occupied, device: devices.get(sensor) ?? { kind: "pir" } };
    const location = locations.get(sensor);
    if (location) event.location = location;
    try {
      pipeline.presence(event, incidents);
    } catch (error) {
      // Out-of-order or duplicate rows are reported and skipped, as the nodes do.
      process.stderr.write(`trappan-eval: line ${info.lines}: ${(error as Error).message}\n`);
      skipped++;
    }
    last = Math.max(last, ts);
    write(final.take(incidents, last));
    incidents.length = 0;
  }
  if (Number.isFinite(last)) pipeline.finish(last, incidents);
  write(final.flush(incidents));
  if (out !== process.stdout) await new Promise<void>((resolve) => (out as fs.WriteStream).end(resolve));
  if (skipped > 0) process.stderr.write(`trappan-eval: ${skipped} line(s) skipped\n`);
}

main().catch((error) => {
  process.stderr.write(`trappan-eval: ${(error as Error).message}\n`);
  process.exit(1);
});
