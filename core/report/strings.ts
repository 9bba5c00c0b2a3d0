/**
 * Every word the weekly report's renderings (HTML, PDF; the CSV keeps a fixed English header)
 * use, in sv and en, and the formatting they share: dates and times in the period's time zone,
 * durations, places, numbers and the heatmap's colour scale. One place, so the email, the PDF
 * and the page read the same.
 */
import type { IncidentKind, Space } from "../events";
import { offsetAt } from "../time";
import { CATEGORY_WORDS, KIND_WORDS, Language, placeLabel, SEVERITY_WORDS, SPACE_NAMES } from "../words";
import type { ObservationCategory } from "../words";
import type { Period, ReportRow, SensorProblem } from "./types";

export interface ReportStrings {
  locale: string;
  product: string;
  title(week: number, year: number): string;
  period: string;
  /** "Times are local (Europe/Stockholm)." */
  timesIn(timezone: string): string;
  links: string;
  summary: string;
  totals: { incidents: string; observations: string; loiteringMinutes: string; nights: string };
  /** What the totals count (place incidents and observations; not sensor faults). */
  totalsNote: string;
  byKind: string;
  trend: string;
  thisWeek: string;
  /** "v. 47" / "wk 47". */
  weekShort(week: number): string;
  trendLabel(values: { week: number; incidents: number }[]): string;
  when: string;
  whenNote: string;
  heatmapLabel(max: number): string;
  /** Legend of the heatmap: "0" … "max 4". */
  legendMax(max: number): string;
  /** One heatmap cell's tooltip: "mån 01–02: 3". */
  cellLabel(day: string, hour: number, value: number): string;
  hotspots: string;
  hotspotsNote: string;
  recurrence: string;
  recurrenceNote: string;
  /** The flag beside each recurring place. */
  recurrenceFlag: string;
  weeksOf(n: number): string;
  areas: string;
  places: string;
  sensors: string;
  problems: Record<SensorProblem["problem"], string>;
  rows: string;
  none: string;
  ongoing: string;
  minutes: string;
  hours: string;
  columns: {
    rank: string;
    place: string;
    area: string;
    incidents: string;
    loitering: string;
    nights: string;
    observations: string;
    score: string;
    weeks: string;
    kind: string;
    count: string;
    time: string;
    severity: string;
    duration: string;
    note: string;
    sensor: string;
    problem: string;
    since: string;
    battery: string;
  };
  page(n: number, of: number): string;
  footerHeading: string;
  /** What is recorded, what is not, and that email to the police is a public document. */
  footer: string[];
}

const SV: ReportStrings = {
  locale: "sv-SE",
  product: "Trygga Trappan",
  title: (week, year) => `Veckorapport vecka ${week}, ${year}`,
  period: "Period",
  timesIn: (tz) => `Alla tider i lokal tid (${tz}).`,
  links: "Länkar",
  summary: "Sammanfattning",
  totals: { incidents: "Händelser", observations: "Observationer", loiteringMinutes: "Minuter uppehåll", nights: "Nätter med händelser" },
  totalsNote: "Händelser på platser (uppehåll, aktivitet nattetid, upprepade korta besök) och personalens observationer. Sensorfel räknas inte som händelser.",
  byKind: "Per typ",
  trend: "Trend de fyra veckorna före",
  thisWeek: "denna vecka",
  weekShort: (week) => `v. ${week}`,
  trendLabel: (values) => `Händelser per vecka: ${values.map((v) => `vecka ${v.week}: ${v.incidents}`).join(", ")}`,
  when: "När",
  whenNote: "Händelser och observationer per veckodag och timme då de började.",
  heatmapLabel: (max) => `Händelser per veckodag och timme, måndag till söndag, 0 till 23; högst ${max} under en timme.`,
  legendMax: (max) => `max ${max}`,
  cellLabel: (day, hour, value) => `${day} ${String(hour).padStart(2, "0")}–${String((hour + 1) % 24).padStart(2, "0")}: ${value}`,
  hotspots: "Hot-spots",
  hotspotsNote: "Poäng: allvar per händelse (låg 1, medel 2, hög 3), plus 1 per hel kvart uppehåll, plus 1 per natt med händelser.",
  recurrence: "Återkommande",
  recurrenceNote: "Platser med händelser minst tre av de fyra senaste veckorna.",
  recurrenceFlag: "Återkommande – rekommendera fördjupad analys",
  weeksOf: (n) => `${n} av 4 veckor`,
  areas: "Per område",
  places: "Platser",
  sensors: "Sensorer att se över",
  problems: { offline: "Hörs inte", "low-battery": "Lågt batteri", tamper: "Öppnad" },
  rows: "Alla händelser och observationer",
  none: "Inget den här veckan.",
  ongoing: "pågår",
  minutes: "min",
  hours: "tim",
  columns: {
    rank: "#",
    place: "Plats",
    area: "Område",
    incidents: "Händelser",
    loitering: "Uppehåll, min",
    nights: "Nätter",
    observations: "Obs.",
    score: "Poäng",
    weeks: "Veckor",
    kind: "Typ",
    count: "Antal",
    time: "Tid",
    severity: "Allvar",
    duration: "Längd",
    note: "Anteckning",
    sensor: "Sensor",
    problem: "Problem",
    since: "Sedan",
    battery: "Batteri",
  },
  page: (n, of) => `Sida ${n} av ${of}`,
  footerHeading: "Vad som registreras",
  footer: [
    "Registreras: platser, tider, varaktighet och typ av avvikelser från närvarosensorer, samt personalens observationer.",
    "Registreras inte: vem någon är – inga bilder, inget ljud, inga personuppgifter. De boendes in- och utpassager sparas inte.",
    "E-post till polisen är allmän handling.",
  ],
};

const EN: ReportStrings = {
  locale: "en-GB",
  product: "Trygga Trappan",
  title: (week, year) => `Weekly report week ${week}, ${year}`,
  period: "Period",
  timesIn: (tz) => `All times are local (${tz}).`,
  links: "Links",
  summary: "Summary",
  totals: { incidents: "Incidents", observations: "Observations", loiteringMinutes: "Minutes of loitering", nights: "Nights with incidents" },
  totalsNote: "Incidents at places (loitering, night-time activity, repeated short visits) and staff observations. Sensor faults are not counted as incidents.",
  byKind: "By kind",
  trend: "Trend the four weeks before",
  thisWeek: "this week",
  weekShort: (week) => `wk ${week}`,
  trendLabel: (values) => `Incidents per week: ${values.map((v) => `week ${v.week}: ${v.incidents}`).join(", ")}`,
  when: "When",
  whenNote: "Incidents and observations by weekday and the hour they started.",
  heatmapLabel: (max) => `Incidents by weekday and hour, Monday to Sunday, 0 to 23; at most ${max} in one hour.`,
  legendMax: (max) => `max ${max}`,
  cellLabel: (day, hour, value) => `${day} ${String(hour).padStart(2, "0")}–${String((hour + 1) % 24).padStart(2, "0")}: ${value}`,
  hotspots: "Hot-spots",
  hotspotsNote: "Score: severity per incident (low 1, medium 2, high 3), plus 1 per whole quarter hour of loitering, plus 1 per night with incidents.",
  recurrence: "Recurrence",
  recurrenceNote: "Places with incidents in at least three of the last four weeks.",
  recurrenceFlag: "Recurring – recommend a deeper analysis",
  weeksOf: (n) => `${n} of 4 weeks`,
  areas: "By area",
  places: "Places",
  sensors: "Sensors to look at",
  problems: { offline: "Offline", "low-battery": "Low battery", tamper: "Tamper" },
  rows: "All incidents and observations",
  none: "None this week.",
  ongoing: "ongoing",
  minutes: "min",
  hours: "h",
  columns: {
    rank: "#",
    place: "Place",
    area: "Area",
    incidents: "Incidents",
    loitering: "Loitering, min",
    nights: "Nights",
    observations: "Obs.",
    score: "Score",
    weeks: "Weeks",
    kind: "Kind",
    count: "Count",
    time: "Time",
    severity: "Severity",
    duration: "Duration",
    note: "Note",
    sensor: "Sensor",
    problem: "Problem",
    since: "Since",
    battery: "Battery",
  },
  page: (n, of) => `Page ${n} of ${of}`,
  footerHeading: "What is recorded",
  footer: [
    "Recorded: places, times, durations and kinds of deviations from presence sensors, and staff observations.",
    "Not recorded: who anyone is – no images, no sound, no personal data. Residents' comings and goings are not stored.",
    "Email to the police is a public document (allmän handling) in Sweden.",
  ],
};

export const REPORT_STRINGS: Record<Language, ReportStrings> = { sv: SV, en: EN };

export function reportStrings(language: Language): ReportStrings {
  return REPORT_STRINGS[language] ?? SV;
}

/** Kinds in the order the tables list them: place incidents, observations, then sensor faults. */
export const KIND_ORDER: IncidentKind[] = ["loitering", "off-hours", "visit-surge", "observation", "sensor-offline", "tamper"];

export function kindWord(language: Language, kind: IncidentKind): string {
  return KIND_WORDS[language]?.[kind] ?? kind;
}

/** A row's kind as a reader wants it: "Observation: Klotter" for observations with a category. */
export function rowKindWord(language: Language, row: { kind: IncidentKind; category?: ObservationCategory }): string {
  const kind = kindWord(language, row.kind);
  if (row.kind === "observation" && row.category) return `${kind}: ${CATEGORY_WORDS[language]?.[row.category] ?? row.category}`;
  return kind;
}

export function severityWord(language: Language, severity: ReportRow["severity"]): string {
  return SEVERITY_WORDS[language]?.[severity] ?? severity;
}

export function spaceWord(language: Language, space: Space | undefined): string {
  return space ? SPACE_NAMES[language]?.[space] ?? space : "";
}

export { placeLabel };

/** "38 min", "2 tim 5 min"; the word for ongoing when there is no end yet. */
export function durationText(language: Language, minutes: number | undefined): string {
  const s = reportStrings(language);
  if (minutes === undefined || !Number.isFinite(minutes)) return s.ongoing;
  const m = Math.max(0, Math.round(minutes));
  if (m < 120) return `${m} ${s.minutes}`;
  return `${Math.floor(m / 60)} ${s.hours} ${m % 60} ${s.minutes}`;
}

/** A row's duration: nothing for an observation (a moment, not a span), else durationText. */
export function rowDuration(language: Language, row: { kind: IncidentKind; minutes?: number }): string {
  if (row.kind === "observation" && !(typeof row.minutes === "number" && row.minutes > 0)) return "";
  return durationText(language, row.minutes);
}

const numberFormats = new Map<Language, Intl.NumberFormat>();

/** An integer with the language's grouping ("12 345" / "12,345"), plain spaces for the PDF's sake. */
export function formatNumber(language: Language, value: number): string {
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(reportStrings(language).locale, { maximumFractionDigits: 0, useGrouping: true });
    numberFormats.set(language, format);
  }
  return format.format(value).replace(/[\u00a0\u202f\u2009]/g, " ").replace(/\u2212/g, "-");
}

export function batteryText(language: Language, battery: number | undefined): string {
  if (battery === undefined || !Number.isFinite(battery)) return "";
  return language === "sv" ? `${Math.round(battery)} %` : `${Math.round(battery)}%`;
}

/** The week number of a WeekCount's "2026-W47" label, else its position. */
export function weekOfLabel(label: string): number | undefined {
  const m = /W(\d{1,2})$/.exec(label);
  return m ? Number(m[1]) : undefined;
}

/** The seven weekday names, Monday first, as Intl names them ("mån" / "Mon"). */
export function weekdayNames(language: Language): string[] {
  const f = new Intl.DateTimeFormat(reportStrings(language).locale, { timeZone: "UTC", weekday: "short" });
  const names: string[] = [];
  for (let d = 0; d < 7; d++) names.push(f.format(Date.UTC(2024, 0, 1 + d))); // 2024-01-01 was a Monday
  return names;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const QUARTER_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/**
 * Dates and times in one time zone and language, with Intl: "mån 2 mars 01:30", ISO 8601 with
 * the local offset. Intl is asked once per quarter hour (the offset) and once per local day (the
 * day's name), so tens of thousands of rows cost little.
 */
export class LocalTimeFormat {
  private readonly day: Intl.DateTimeFormat;
  private readonly long: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  private readonly days = new Map<number, string>();

  constructor(
    readonly language: Language,
    readonly timezone: string,
  ) {
    const locale = reportStrings(language).locale;
    this.day = new Intl.DateTimeFormat(locale, { timeZone: timezone, weekday: "short", day: "numeric", month: "short" });
    this.long = new Intl.DateTimeFormat(locale, { timeZone: timezone, day: "numeric", month: "long", year: "numeric" });
  }

  /** Minutes east of UTC at this instant. Offsets change on quarter hours in every zone in use. */
  offsetMinutes(ts: number): number {
    const block = Math.floor(ts / QUARTER_MS);
    let offset = this.offsets.get(block);
    if (offset === undefined) {
      offset = Math.round(offsetAt(block * QUARTER_MS, this.timezone) / 60_000);
      if (this.offsets.size > 100_000) this.offsets.clear();
      this.offsets.set(block, offset);
    }
    return offset;
  }

  /** The wall clock as a Date whose UTC fields are the local ones. */
  private wall(ts: number): Date {
    return new Date(ts + this.offsetMinutes(ts) * 60_000);
  }

  /** "2026-03-02T01:30:00+01:00" (milliseconds only when there are some). */
  iso(ts: number): string {
    const offset = this.offsetMinutes(ts);
    const w = new Date(ts + offset * 60_000);
    const ms = w.getUTCMilliseconds();
    const sign = offset < 0 ? "-" : "+";
    const abs = Math.abs(offset);
    const year = w.getUTCFullYear();
    const y = year >= 0 && year <= 9999 ? pad(year, 4) : (year < 0 ? "-" : "+") + pad(Math.abs(year), 6);
    return `${y}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ""}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }

  /** "mån 2 mars" / "Mon 2 Mar". */
  date(ts: number): string {
    const local = Math.floor((ts + this.offsetMinutes(ts) * 60_000) / DAY_MS);
    let text = this.days.get(local);
    if (text === undefined) {
      text = this.day.format(ts);
      if (this.days.size > 10_000) this.days.clear();
      this.days.set(local, text);
    }
    return text;
  }

  /** "01:30". */
  time(ts: number): string {
    const w = this.wall(ts);
    return `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`;
  }

  /** "mån 2 mars 01:30". */
  dateTime(ts: number): string {
    return `${this.date(ts)} ${this.time(ts)}`;
  }

  /** "2 mars 2026". */
  longDate(ts: number): string {
    return this.long.format(ts);
  }

  /** "mån 2 mars – sön 8 mars 2026": the period's first and last day (its end is exclusive). */
  period(period: Period): string {
    const last = Math.max(period.start, period.end - 1);
    return `${this.date(period.start)} – ${this.date(last)} ${this.wall(last).getUTCFullYear()}`;
  }

  /** The local hour (0–23) of an instant. */
  hour(ts: number): number {
    return this.wall(ts).getUTCHours();
  }
}

/** The heatmap's colour scale, white for nothing to a dark red for the week's most. */
const HEAT_STOPS: [number, number, number][] = [
  [255, 255, 255],
  [252, 212, 194],
  [251, 146, 114],
  [222, 45, 38],
  [128, 0, 16],
];

export function heatColor(value: number, max: number): string {
  if (!(max > 0) || !(value > 0)) return "#ffffff";
  const t = Math.min(1, value / max) * (HEAT_STOPS.length - 1);
  const i = Math.min(HEAT_STOPS.length - 2, Math.floor(t));
  const f = t - i;
  const [a, b] = [HEAT_STOPS[i], HEAT_STOPS[i + 1]];
  const hex = (k: number) => Math.round(a[k] + (b[k] - a[k]) * f).toString(16).padStart(2, "0");
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

/** The largest value of the heatmap (0 when empty). */
export function heatMax(heatmap: number[][]): number {
  let max = 0;
  for (const row of heatmap ?? []) for (const v of row ?? []) if (Number.isFinite(v) && v > max) max = v;
  return max;
}

/** The trend's weeks as numbers and counts, this week last. */
export function trendWeeks(trend: { label: string; incidents: number }[], period: Period): { week: number; incidents: number; current: boolean }[] {
  return trend.map((t, i) => ({
    week: weekOfLabel(t.label) ?? period.week - (trend.length - 1 - i),
    incidents: Number.isFinite(t.incidents) ? t.incidents : 0,
    current: i === trend.length - 1,
  }));
}
