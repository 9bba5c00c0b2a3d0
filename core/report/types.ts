/**
 * The weekly report's shapes: what trappan-report keeps (records), what it compiles (the
 * summary, the one source every rendering — HTML, CSV, PDF, JSON, the lägesbild page — is made
 * from) and the period it covers. Event time throughout; the time zone is the site's.
 */
import type { Incident, IncidentKind, Location, Severity, Space } from "../events";
import type { Language, ObservationCategory } from "../words";

/** The observed part of an observation incident (kind "observation"). */
export interface ObservationDetails {
  category: ObservationCategory;
  /** Staff's free text, without names (the form says so); may be empty. */
  note: string;
  /** Where it came from: the form, a JSON post, a CSV import, or a message. */
  source: "form" | "json" | "csv" | "message";
}

/** A sensor's last known health, kept by the report's log. */
export interface SensorHealth {
  sensor: string;
  location?: Location;
  /** When the last health event or technical incident was seen. */
  ts: number;
  online?: boolean;
  battery?: number;
  batteryLow?: boolean;
  tamper?: boolean;
}

/** What the compiler reads: the latest state of each incident, and each sensor's health. */
export interface ReportInput {
  incidents: Incident[];
  health: SensorHealth[];
}

/** A whole ISO week (Monday 00:00 to the next Monday 00:00, local time; 167 or 169 h over DST). */
export interface Period {
  /** ISO week-numbering year (may differ from the calendar year around New Year). */
  year: number;
  week: number;
  /** "2026-W47". */
  label: string;
  /** Epoch ms of Monday 00:00 local time, inclusive. */
  start: number;
  /** Epoch ms of the next Monday 00:00 local time, exclusive. */
  end: number;
  timezone: string;
}

export type KindCounts = Record<IncidentKind, number>;

/** One place: an address (and entrance) and a space in it, in one site. */
export interface PlaceSummary {
  /** site|address|entrance|space — stable, for links and for joining weeks. */
  key: string;
  site: string;
  address: string;
  entrance?: string;
  space: Space;
  district?: string;
  policeArea?: string;
  /** Police area, else district, else site. */
  area: string;
  counts: KindCounts;
  /** Place incidents (loitering, off-hours, visit-surge) and observations: not sensor faults. */
  incidents: number;
  loiteringMinutes: number;
  /** Nights (22:00–06:00 local, named by the evening's date) with a place incident or observation. */
  nights: number;
  observations: number;
  /** The hot-spot score (docs/report.md): Σ severity weight (1/2/3) + ⌊loitering min / 15⌋ + nights. */
  score: number;
  /** 1 = the week's worst place; 0 when the place scored nothing this week. */
  rank: number;
  /** Place incidents per week: the four weeks before, then this one (oldest first, length 5). */
  weeks: number[];
  /** Weeks with a place incident among the last four (this week and the three before). */
  weeksWithIncidents: number;
  /** weeksWithIncidents ≥ 3: "recommend a deeper analysis". */
  recurring: boolean;
}

export interface AreaSummary {
  area: string;
  counts: KindCounts;
  incidents: number;
  loiteringMinutes: number;
  nights: number;
  observations: number;
  /** Place incidents per week, oldest first, this week last (length 5). */
  weeks: number[];
  /** Every place of the area with anything this week or recurring, by rank, then key. */
  places: PlaceSummary[];
}

/** A sensor the caretakers should look at, as of the end of the period. */
export interface SensorProblem {
  sensor: string;
  location?: Location;
  problem: "offline" | "low-battery" | "tamper";
  /** When it was last seen so. */
  since: number;
  battery?: number;
}

/** One incident or observation of the period: a CSV row, a table row. */
export interface ReportRow {
  id: string;
  kind: IncidentKind;
  category?: ObservationCategory;
  state: Incident["state"];
  severity: Severity;
  start: number;
  end?: number;
  /** Whole minutes from start to end; undefined while open. */
  minutes?: number;
  site: string;
  address: string;
  entrance?: string;
  space?: Space;
  district?: string;
  policeArea?: string;
  area: string;
  sensor?: string;
  note?: string;
}

export interface WeekCount {
  label: string;
  start: number;
  /** Place incidents (not sensor faults), observations included. */
  incidents: number;
  observations: number;
}

/** The compiled report: JSON summary and the one source of every rendering. */
export interface ReportSummary {
  type: "report-summary";
  version: 1;
  language: Language;
  period: Period;
  totals: { counts: KindCounts; incidents: number; loiteringMinutes: number; nights: number; observations: number };
  /** The four weeks before and this week, oldest first. */
  trend: WeekCount[];
  /** [weekday 0 = Monday … 6 = Sunday][hour 0–23] local time: place incidents and observations by start. */
  heatmap: number[][];
  areas: AreaSummary[];
  /** The top places by score (10 unless the node is told otherwise), score > 0. */
  hotspots: PlaceSummary[];
  /** Places with place incidents in ≥ 3 of the last 4 weeks, by weeks then score. */
  recurrence: PlaceSummary[];
  sensors: SensorProblem[];
  /** Every incident and observation starting in the period, by start then id. */
  rows: ReportRow[];
}


/** A report's file on disk, as an email attachment (nodemailer's shape, which Node-RED's email node also takes). */
export interface ReportAttachment {
  filename: string;
  path: string;
  contentType: string;
}

/** msg.payload of trappan-report's output: ready for trappan-notify (email with attachments) or a file node. */
export interface ReportMessage {
  type: "report";
  /** "report-2026-W47-sv": the same week and language give the same id. */
  id: string;
  language: Language;
  period: Period;
  subject: string;
  /** A short plain-text version: the email's text part. */
  text: string;
  /** The HTML report (the email's body). */
  html: string;
  /** The same report as files: html, csv, pdf, json. */
  files: Record<"html" | "csv" | "pdf" | "json", string>;
  attachments: ReportAttachment[];
  summary: ReportSummary;
}
