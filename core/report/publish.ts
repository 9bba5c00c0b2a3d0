/**
 * A compiled week as the files and the message trappan-report sends: HTML, CSV, PDF and JSON
 * written under the node's folder (`2026-W47.html` …, each replaced atomically), and a message
 * ready for trappan-notify (email with attachments) or a file node.
 */
import fs from "node:fs";
import path from "node:path";
import { placeLabel } from "../words";
import { renderReportCsv } from "./csv";
import { renderReportHtml } from "./html";
import { renderReportPdf } from "./pdf";
import type { Period, ReportMessage, ReportSummary } from "./types";
import { weeksBefore } from "./week";

const FORMATS = { html: "text/html; charset=utf-8", csv: "text/csv; charset=utf-8", pdf: "application/pdf", json: "application/json" } as const;
export type Format = keyof typeof FORMATS;

/** A report's file name: the ISO week, e.g. 2026-W47.pdf. */
export const REPORT_FILE = /^(\d{4}-W\d{2})\.(html|csv|pdf|json)$/;

const WORDS = {
  sv: {
    subject: (week: number, year: number, title?: string) => `${title ? `${title}: ` : ""}Veckorapport vecka ${week}, ${year}`,
    totals: (incidents: number, observations: number, minutes: number, nights: number) =>
      `${incidents} ${incidents === 1 ? "händelse" : "händelser"}, varav ${observations} ${observations === 1 ? "observation" : "observationer"}; ${minutes} min uppehåll; ${nights} ${nights === 1 ? "natt" : "nätter"} med aktivitet.`,
    hotspots: "Hot-spots:",
    none: "Inga hot-spots den här veckan.",
    recurring: "Återkommande (rekommendera fördjupad analys):",
    weeks: (n: number) => `${n} av 4 veckor`,
    points: "poäng",
    sensors: (n: number) => `Sensorer att se över: ${n}.`,
    attached: "Hela rapporten finns som HTML, PDF och CSV i bilagorna.",
  },
  en: {
    subject: (week: number, year: number, title?: string) => `${title ? `${title}: ` : ""}Weekly report week ${week}, ${year}`,
    totals: (incidents: number, observations: number, minutes: number, nights: number) =>
      `${incidents} ${incidents === 1 ? "incident" : "incidents"}, of which ${observations} ${observations === 1 ? "observation" : "observations"}; ${minutes} min of loitering; ${nights} ${nights === 1 ? "night" : "nights"} with activity.`,
    hotspots: "Hot-spots:",
    none: "No hot-spots this week.",
    recurring: "Recurring (recommend a deeper analysis):",
    weeks: (n: number) => `${n} of 4 weeks`,
    points: "points",
    sensors: (n: number) => `Sensors to look at: ${n}.`,
    attached: "The whole report is attached as HTML, PDF and CSV.",
  },
};


/** The plain-text part: what a phone's mail preview shows. */
export function reportText(summary: ReportSummary, title?: string): { subject: string; text: string } {
  const w = WORDS[summary.language];
  const t = summary.totals;
  const lines = [w.subject(summary.period.week, summary.period.year, title), "", w.totals(t.incidents, t.observations, t.loiteringMinutes, t.nights), ""];
  if (summary.hotspots.length === 0) lines.push(w.none);
  else {
    lines.push(w.hotspots);
    for (const p of summary.hotspots) lines.push(`${p.rank}. ${placeLabel(summary.language, p)} (${p.area}) – ${p.score} ${w.points}`);
  }
  if (summary.recurrence.length > 0) {
    lines.push("", w.recurring);
    for (const p of summary.recurrence) lines.push(`- ${placeLabel(summary.language, p)} (${p.area}): ${w.weeks(p.weeksWithIncidents)}`);
  }
  if (summary.sensors.length > 0) lines.push("", w.sensors(summary.sensors.length));
  lines.push("", w.attached);
  return { subject: w.subject(summary.period.week, summary.period.year, title), text: lines.join("\n") };
}

function writeAtomically(file: string, content: string | Buffer): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/** Renders every format, writes them to `dir` and returns the message. */
export async function publishReport(summary: ReportSummary, options: { dir: string; title?: string; links?: { label: string; href: string }[] }): Promise<ReportMessage> {
  fs.mkdirSync(options.dir, { recursive: true });
  const label = summary.period.label;
  const html = renderReportHtml(summary, { title: options.title, links: options.links });
  const contents: Record<Format, string | Buffer> = {
    html,
    csv: renderReportCsv(summary),
    pdf: await renderReportPdf(summary, { title: options.title }),
    json: JSON.stringify(summary, null, 2),
  };
  const files = {} as Record<Format, string>;
  for (const format of Object.keys(FORMATS) as Format[]) {
    files[format] = path.join(options.dir, `${label}.${format}`);
    writeAtomically(files[format], contents[format]);
  }
  const { subject, text } = reportText(summary, options.title);
  return {
    type: "report",
    id: `report-${label}-${summary.language}`,
    language: summary.language,
    period: summary.period,
    subject,
    text,
    html,
    files,
    attachments: (["pdf", "csv", "html"] as Format[]).map((format) => ({ filename: `trygga-trappan-${label}.${format}`, path: files[format], contentType: FORMATS[format] })),
    summary,
  };
}

/** Deletes the report files of weeks more than `weeks` before `period` (they hold staff notes). */
export function pruneReports(dir: string, period: Period, weeks: number): void {
  const oldest = weeksBefore(period, weeks)[0].label;
  for (const { label, formats } of listReports(dir)) {
    if (label >= oldest) continue;
    for (const format of formats) fs.rmSync(path.join(dir, `${label}.${format}`), { force: true });
  }
}

/** The weeks that have reports in `dir`, newest first, with their formats. */
export function listReports(dir: string): { label: string; formats: Format[] }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const weeks = new Map<string, Format[]>();
  for (const name of names) {
    const m = REPORT_FILE.exec(name);
    if (m) weeks.set(m[1], [...(weeks.get(m[1]) ?? []), m[2] as Format]);
  }
  return [...weeks.entries()].sort((a, b) => b[0].localeCompare(a[0])).map(([label, formats]) => ({ label, formats: formats.sort() }));
}

export { FORMATS };
