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
import readline from "node:readline";
import { Incident, PresenceEvent, SensorKind, Space, SPACES } from "../core/events";
import { DetectorChoice, Pipeline } from "../core/pipeline";

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
  const t = text.trim().replace(/^"|"$/g, "");
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const ms = Date.parse(t);
  return ms;
}

function parseOccupied(text: string): boolean | undefined {
  const t = text.trim().replace(/^"|"$/g, "").toLowerCase();
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
  const write = (incidents: Incident[]) => {
    for (const incident of incidents) {
      if (incident.state !== "closed") continue;
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
    incidents.length = 0;
  };

  const devices = new Map<string, PresenceEvent["device"]>();
  const locations = new Map<string, PresenceEvent["location"]>();
  for (const [sensor, info] of Object.entries(sensors)) {
    const kind: SensorKind = info.kind === "mmwave" ? "mmwave" : "pir";
    devices.set(sensor, { kind });
    const space = (SPACES as readonly string[]).includes(info.space ?? "") ? (info.space as Space) : "other";
    locations.set(sensor, { site: "", address: info.address ?? "", space });
  }

  const lines = readline.createInterface({ input: fs.createReadStream(opts.events), crlfDelay: Infinity });
  const incidents: Incident[] = [];
  let header: string[] | undefined;
  let columns = { ts: 0, sensor: 1, occupied: 2 };
  let lineNo = 0;
  let last = -Infinity;
  let skipped = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === "") continue;
    const cells = line.split(",");
    if (!header) {
      header = cells.map((c) => c.trim().replace(/^"|"$/g, "").toLowerCase());
      columns = { ts: header.indexOf("ts"), sensor: header.indexOf("sensor"), occupied: header.indexOf("occupied") };
      if (columns.ts < 0 || columns.sensor < 0 || columns.occupied < 0) usage(`events.csv needs the header ts,sensor,occupied (line 1 is '${line}')`);
      continue;
    }
    const ts = parseTime(cells[columns.ts] ?? "");
    const sensor = (cells[columns.sensor] ?? "").trim().replace(/^"|"$/g, "");
    const occupied = parseOccupied(cells[columns.occupied] ?? "");
    if (!Number.isFinite(ts) || !sensor || occupied === undefined) {
      process.stderr.write(`trappan-eval: line ${lineNo} skipped: '${line}'\n`);
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
      process.stderr.write(`trappan-eval: line ${lineNo}: ${(error as Error).message}\n`);
      skipped++;
    }
    last = Math.max(last, ts);
    if (incidents.length > 0) write(incidents);
  }
  if (Number.isFinite(last)) pipeline.finish(last, incidents);
  write(incidents);
  if (out !== process.stdout) await new Promise<void>((resolve) => (out as fs.WriteStream).end(resolve));
  if (skipped > 0) process.stderr.write(`trappan-eval: ${skipped} line(s) skipped\n`);
}

main().catch((error) => {
  process.stderr.write(`trappan-eval: ${(error as Error).message}\n`);
  process.exit(1);
});
