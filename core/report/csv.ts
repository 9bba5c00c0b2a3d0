/**
 * The weekly report's rows as CSV (RFC 4180): comma separated, CRLF, UTF-8 with a BOM so that
 * Excel in Swedish shows å ä ö, one row per incident or observation, a fixed English header and
 * raw keys (kinds, spaces) rather than words, times in ISO 8601 with the site's local offset.
 * Fields that a spreadsheet would take for a formula get a leading apostrophe.
 */
import { LocalTimeFormat } from "./strings";
import type { ReportRow, ReportSummary } from "./types";

export const CSV_HEADER = ["id", "kind", "category", "state", "severity", "start", "end", "minutes", "site", "address", "entrance", "space", "district", "police_area", "area", "sensor", "note"] as const;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A field neutralised for spreadsheets: "=1+1" → "'=1+1"; plain negative numbers stay. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** One field, neutralised and quoted when it holds a comma, a quote or a line break. */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return "";
  const text = neutraliseFormula(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderReportCsv(summary: ReportSummary): string {
  const clock = new LocalTimeFormat(summary.language === "en" ? "en" : "sv", summary.period.timezone);
  const lines: string[] = [CSV_HEADER.join(",")];
  for (const r of summary.rows ?? []) lines.push(csvLine(r, clock));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

function csvLine(r: ReportRow, clock: LocalTimeFormat): string {
  const values: unknown[] = [
    r.id,
    r.kind,
    r.category,
    r.state,
    r.severity,
    Number.isFinite(r.start) ? clock.iso(r.start) : "",
    r.end !== undefined && Number.isFinite(r.end) ? clock.iso(r.end) : "",
    r.minutes !== undefined && Number.isFinite(r.minutes) ? r.minutes : "",
    r.site,
    r.address,
    r.entrance,
    r.space,
    r.district,
    r.policeArea,
    r.area,
    r.sensor,
    r.note,
  ];
  return values.map(csvField).join(",");
}
