/**
 * The site registry: which sensor sits where. Rows come from the editor's table, a CSV file
 * (English or Swedish column names, comma or semicolon separated) or JSON. Every bad row is
 * reported with its line, and a bad row never hides the good ones.
 */
import { parse } from "csv-parse/sync";
import { Location, SPACES, Space, normalizeIeee } from "./events";
import { Params, Translate } from "./messages";
import { spaceOf } from "./words";

export interface SiteRow extends Location {
  sensor: string;
}

/** One thing wrong with a row, as a code users read in their language (trappan-site.rows.*). */
export interface Problem {
  code: string;
  params: Params;
  text: string;
}

const problem = (code: string, params: Params, text: string): Problem => ({ code, params, text });

export class RowError extends Error {
  constructor(
    readonly line: number,
    readonly problems: Problem[],
  ) {
    super(`line ${line}: ${problems.map((p) => p.text).join("; ")}`);
    this.name = "RowError";
  }

  /** The error in the user's words: "rad 3: …". */
  say(translate: Translate): string {
    const line = translate("line", { line: this.line }, `line ${this.line}:`);
    return `${line} ${this.problems.map((p) => translate(p.code, p.params, p.text)).join("; ")}`;
  }
}

export interface ParseResult {
  rows: SiteRow[];
  errors: RowError[];
}

/** The documented columns, in CSV order. */
export const CSV_COLUMNS = [
  "sensor",
  "site",
  "address",
  "entrance",
  "space",
  "floor",
  "district",
  "police_area",
  "lat",
  "lon",
] as const;
type Column = (typeof CSV_COLUMNS)[number];

/** Column names integrators meet in Swedish exports, mapped to ours. */
const COLUMN_ALIASES: Record<string, Column> = {
  sensor: "sensor",
  sensorid: "sensor",
  ieee: "sensor",
  id: "sensor",
  site: "site",
  fastighet: "site",
  address: "address",
  adress: "address",
  entrance: "entrance",
  "uppgång": "entrance",
  uppgang: "entrance",
  space: "space",
  utrymme: "space",
  floor: "floor",
  "våning": "floor",
  vaning: "floor",
  plan: "floor",
  district: "district",
  stadsdel: "district",
  omrade: "district",
  "område": "district",
  police_area: "police_area",
  policearea: "police_area",
  "polisområde": "police_area",
  polisomrade: "police_area",
  lat: "lat",
  latitude: "lat",
  lon: "lon",
  lng: "lon",
  longitude: "lon",
};

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
}

function number(value: unknown, decimalComma: boolean): number | undefined | "invalid" {
  const s = text(value);
  if (s === undefined) return undefined;
  const n = Number(decimalComma ? s.replace(",", ".") : s);
  return Number.isFinite(n) ? n : "invalid";
}

/**
 * Checks one row (from any source) and returns it in canonical form, or throws a RowError that
 * names the line and what is wrong with it.
 */
export function validateRow(raw: Record<string, unknown>, line: number, decimalComma = false): SiteRow {
  const get = (key: Column, camel?: string) => raw[key] ?? (camel ? raw[camel] : undefined);
  const problems: Problem[] = [];

  const rawSensor = text(get("sensor"));
  let sensor: string | undefined;
  if (!rawSensor) problems.push(problem("sensorMissing", {}, "sensor is missing"));
  else if (/^0x/i.test(rawSensor)) {
    sensor = normalizeIeee(rawSensor);
    if (!sensor) problems.push(problem("sensorNotIeee", { value: rawSensor }, `sensor '${rawSensor}' is not an IEEE address (0x followed by 16 hex digits)`));
  } else sensor = normalizeIeee(rawSensor) ?? rawSensor; // bare 16 hex digits, or a zigbee2mqtt friendly name

  const site = text(get("site"));
  if (!site) problems.push(problem("siteMissing", {}, "site is missing"));
  const address = text(get("address"));
  if (!address) problems.push(problem("addressMissing", {}, "address is missing"));

  const rawSpace = text(get("space"))?.toLowerCase();
  let space: Space | undefined;
  if (!rawSpace) problems.push(problem("spaceMissing", {}, "space is missing"));
  else {
    space = spaceOf(rawSpace);
    if (!space) problems.push(problem("spaceUnknown", { value: rawSpace, spaces: SPACES.join(", ") }, `space '${rawSpace}' is not one of ${SPACES.join(", ")}`));
  }

  const floor = number(get("floor"), decimalComma);
  if (floor === "invalid" || (typeof floor === "number" && !Number.isInteger(floor))) {
    problems.push(problem("floorNotWhole", { value: text(get("floor")) }, `floor '${text(get("floor"))}' is not a whole number`));
  }
  const lat = number(get("lat"), decimalComma);
  if (lat === "invalid" || (typeof lat === "number" && (lat < -90 || lat > 90))) {
    problems.push(problem("latInvalid", { value: text(get("lat")) }, `lat '${text(get("lat"))}' is not a latitude`));
  }
  const lon = number(get("lon"), decimalComma);
  if (lon === "invalid" || (typeof lon === "number" && (lon < -180 || lon > 180))) {
    problems.push(problem("lonInvalid", { value: text(get("lon")) }, `lon '${text(get("lon"))}' is not a longitude`));
  }
  if ((lat === undefined) !== (lon === undefined)) problems.push(problem("latLonPair", {}, "lat and lon go together: give both or neither"));

  if (problems.length > 0) throw new RowError(line, problems);

  const row: SiteRow = { sensor: sensor!, site: site!, address: address!, space: space! };
  const entrance = text(get("entrance"));
  if (entrance) row.entrance = entrance;
  if (typeof floor === "number") row.floor = floor;
  const district = text(get("district"));
  if (district) row.district = district;
  const policeArea = text(get("police_area", "policeArea"));
  if (policeArea) row.policeArea = policeArea;
  if (typeof lat === "number" && typeof lon === "number") {
    row.lat = lat;
    row.lon = lon;
  }
  return row;
}

/** Rejects a second row for a sensor already placed, naming both lines. */
function collect(candidates: { row: SiteRow; line: number }[], errors: RowError[]): SiteRow[] {
  const seen = new Map<string, number>();
  const rows: SiteRow[] = [];
  for (const { row, line } of candidates) {
    const first = seen.get(row.sensor);
    if (first !== undefined) {
      errors.push(new RowError(line, [problem("duplicate", { sensor: row.sensor, first }, `sensor ${row.sensor} is already placed on line ${first}`)]));
      continue;
    }
    seen.set(row.sensor, line);
    rows.push(row);
  }
  errors.sort((a, b) => a.line - b.line);
  return rows;
}

/**
 * Parses CSV with a header row. The separator is taken from the header: semicolon (as Swedish
 * spreadsheets export, where lat/lon may then use a decimal comma) or comma.
 */
export function parseSiteCsv(csv: string): ParseResult {
  const source = csv.replace(/^\uFEFF/, "");
  const header = source.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = header.includes(";") ? ";" : ",";
  const errors: RowError[] = [];
  const unknownColumns: string[] = [];

  let records: { record: Record<string, string>; info: { lines: number; invalid_field_length: number } }[];
  try {
    records = parse(source, {
      delimiter,
      columns: (names: string[]) =>
        names.map((name) => {
          const key = COLUMN_ALIASES[name.trim().toLowerCase().replace(/[\s-]+/g, "_")];
          if (!key) unknownColumns.push(name);
          return key ?? false;
        }),
      info: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count_less: true,
      bom: true,
    }) as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { rows: [], errors: [new RowError(e.lines ?? 1, [problem("csv", { reason: e.message }, e.message)])] };
  }
  if (unknownColumns.length > 0) {
    const params = { columns: unknownColumns.join(", "), known: CSV_COLUMNS.join(", ") };
    errors.push(new RowError(1, [problem("unknownColumns", params, `unknown column(s) ${params.columns}; the columns are ${params.known}`)]));
  }
  const candidates: { row: SiteRow; line: number }[] = [];
  for (const { record, info } of records) {
    try {
      candidates.push({ row: validateRow(record, info.lines, delimiter === ";"), line: info.lines });
    } catch (err) {
      errors.push(err as RowError);
    }
  }
  return { rows: collect(candidates, errors), errors };
}

/** Parses a JSON array of rows (or `{sensors: [...]}`); "line" is the row's position, from 1. */
export function parseSiteJson(json: string | unknown): ParseResult {
  let data: unknown = json;
  if (typeof json === "string") {
    try {
      data = JSON.parse(json);
    } catch (err) {
      const reason = (err as Error).message;
      return { rows: [], errors: [new RowError(1, [problem("notJson", { reason }, `not JSON: ${reason}`)])] };
    }
  }
  if (data && typeof data === "object" && !Array.isArray(data) && Array.isArray((data as { sensors?: unknown }).sensors)) {
    data = (data as { sensors: unknown[] }).sensors;
  }
  if (!Array.isArray(data)) return { rows: [], errors: [new RowError(1, [problem("notArray", {}, "expected an array of sensor rows")])] };
  const errors: RowError[] = [];
  const candidates: { row: SiteRow; line: number }[] = [];
  data.forEach((item, index) => {
    const line = index + 1;
    if (!item || typeof item !== "object") {
      errors.push(new RowError(line, [problem("notObject", {}, "a row must be an object")]));
      return;
    }
    try {
      candidates.push({ row: validateRow(item as Record<string, unknown>, line), line });
    } catch (err) {
      errors.push(err as RowError);
    }
  });
  return { rows: collect(candidates, errors), errors };
}

/** Writes rows as CSV with the documented header, for export and round trips. */
export function toSiteCsv(rows: SiteRow[]): string {
  const cell = (v: unknown) => {
    const s = v === undefined ? "" : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = rows.map((r) =>
    [r.sensor, r.site, r.address, r.entrance, r.space, r.floor, r.district, r.policeArea, r.lat, r.lon].map(cell).join(","),
  );
  return [CSV_COLUMNS.join(","), ...lines].join("\n") + "\n";
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type Language = "sv" | "en";

export class SiteRegistry {
  private readonly bySensor = new Map<string, Location>();

  constructor(
    rows: SiteRow[],
    readonly timezone = "Europe/Stockholm",
    readonly language: Language = "sv",
  ) {
    for (const { sensor, ...location } of rows) this.bySensor.set(sensor, location);
  }

  /** The location of a sensor; IEEE addresses match whatever their case or prefix. */
  locate(sensor: string): Location | undefined {
    return this.bySensor.get(sensor) ?? this.bySensor.get(normalizeIeee(sensor) ?? "");
  }

  get size(): number {
    return this.bySensor.size;
  }

  /** The distinct locations of its sensors (sensors sharing one location give it once), in row order. */
  locations(): Location[] {
    const seen = new Map<string, Location>();
    for (const location of this.bySensor.values()) {
      const key = JSON.stringify(Object.entries(location).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      if (!seen.has(key)) seen.set(key, { ...location });
    }
    return [...seen.values()];
  }
}
