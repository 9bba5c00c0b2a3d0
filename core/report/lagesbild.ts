/**
 * The lägesbild page ("situation picture"), served at /trappan/lagesbild to the housing
 * company's and the police's staff: what is open now, this week's hot-spots, the places that keep
 * coming back, the sensors to look at and links to the latest weekly reports.
 *
 * One self-contained HTML document: inline CSS, no scripts, no external resources; it reloads
 * itself with a refresh meta. It shows places, times and kinds only — never an observation's
 * note, never anything about people (week.rows, which carries the notes, is not read at all).
 * Every value that comes from data is escaped; links are kept only when they stay on this host.
 */
import type { Incident, Location, Severity } from "../events";
import { CATEGORY_WORDS, KIND_WORDS, SEVERITY_WORDS, SPACE_NAMES, type Language, type ObservationCategory } from "../words";
import type { PlaceSummary, ReportSummary, SensorProblem } from "./types";
import { escapeHtml } from "../escape";

export interface LagesbildReport {
  label: string;
  links: { format: "html" | "pdf" | "csv" | "json"; href: string }[];
}

export interface LagesbildView {
  language: Language;
  /** IANA zone the times are shown in (the site's). */
  timezone: string;
  /** Epoch ms the page is rendered at. */
  now: number;
  /** The incidents open now. */
  open: Incident[];
  /** The current week's compiled summary. */
  week: ReportSummary;
  /** The latest weekly reports, newest first. */
  reports: LagesbildReport[];
  /** Seconds between reloads; 60 by default. */
  refreshSeconds?: number;
  /** Where the page is in each language, for the switch. */
  langHref?: { sv: string; en: string };
}


const esc = escapeHtml;

const WORDS = {
  sv: {
    title: "Lägesbild",
    updated: "Uppdaterad",
    week: "vecka",
    statOpen: "Öppna nu",
    statHigh: "Varav hög",
    statWeek: "Händelser i veckan",
    statSensors: "Sensorer att se över",
    open: "Öppna händelser nu",
    noOpen: "Inga öppna händelser",
    kind: "Händelse",
    severity: "Allvar",
    place: "Plats",
    since: "Sedan",
    duration: "Pågått",
    minutes: "min",
    hotspots: "Veckans hot-spots",
    noHotspots: "Inga hot-spots den här veckan",
    rank: "Nr",
    incidents: "Händelser",
    loitering: "Uppehåll (min)",
    nights: "Nätter",
    score: "Poäng",
    recurrence: "Återkommande platser – rekommendera fördjupad analys",
    noRecurrence: "Inga återkommande platser",
    weeks: "Veckor",
    weeksOf: (n: number) => `${n} av 4 veckor`,
    sensors: "Sensorhälsa",
    noSensors: "Alla sensorer hörs",
    sensor: "Sensor",
    problem: "Problem",
    problems: { offline: "hörs inte", "low-battery": "lågt batteri", tamper: "öppnad" },
    reports: "Rapporter",
    noReports: "Inga rapporter ännu",
    unknownPlace: "Okänd plats",
    footer: "Sidan visar platser, tider och typer av händelser – aldrig personer.",
    language: "Språk",
  },
  en: {
    title: "Situation picture",
    updated: "Updated",
    week: "week",
    statOpen: "Open now",
    statHigh: "Of which high",
    statWeek: "Incidents this week",
    statSensors: "Sensors to check",
    open: "Open incidents now",
    noOpen: "No open incidents",
    kind: "Incident",
    severity: "Severity",
    place: "Place",
    since: "Since",
    duration: "Going on",
    minutes: "min",
    hotspots: "This week's hot-spots",
    noHotspots: "No hot-spots this week",
    rank: "No.",
    incidents: "Incidents",
    loitering: "Loitering (min)",
    nights: "Nights",
    score: "Score",
    recurrence: "Recurring places – recommend a deeper analysis",
    noRecurrence: "No recurring places",
    weeks: "Weeks",
    weeksOf: (n: number) => `${n} of 4 weeks`,
    sensors: "Sensor health",
    noSensors: "All sensors heard",
    sensor: "Sensor",
    problem: "Problem",
    problems: { offline: "not heard", "low-battery": "low battery", tamper: "opened" },
    reports: "Reports",
    noReports: "No reports yet",
    unknownPlace: "Unknown place",
    footer: "This page shows places, times and kinds of incident only – never people.",
    language: "Language",
  },
} satisfies Record<Language, unknown>;

type Words = (typeof WORDS)[Language];

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

const FORMAT_LABELS: Record<LagesbildReport["links"][number]["format"], string> = { html: "HTML", pdf: "PDF", csv: "CSV", json: "JSON" };

/** Local date and clock of instants in one zone; falls back to UTC for a zone Intl refuses. */
class LocalClock {
  private readonly format: Intl.DateTimeFormat;

  constructor(timezone: string) {
    const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    let format: Intl.DateTimeFormat;
    try {
      format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: timezone });
    } catch {
      format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" });
    }
    this.format = format;
  }

  /** ["YYYY-MM-DD", "HH:MM"] local time. */
  parts(ts: number): [string, string] {
    const p: Record<string, string> = {};
    for (const part of this.format.formatToParts(ts)) p[part.type] = part.value;
    return [`${p.year}-${p.month}-${p.day}`, `${p.hour}:${p.minute}`];
  }

  dateTime(ts: number): string {
    return this.parts(ts).join(" ");
  }

  date(ts: number): string {
    return this.parts(ts)[0];
  }
}

/**
 * Only links that stay on this host: a relative or root-relative path, no scheme (so no
 * http(s), javascript: or data:), no protocol-relative "//host", no control characters.
 */
function safeHref(href: unknown): string | undefined {
  if (typeof href !== "string") return undefined;
  const value = href.trim();
  if (!value || /[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  if (value.startsWith("//")) return undefined;
  const beforePath = value.split(/[/?#]/, 1)[0];
  if (beforePath.includes(":")) return undefined;
  return value;
}

function areaText(parts: (string | undefined)[]): string {
  const seen: string[] = [];
  for (const part of parts) if (part && !seen.includes(part)) seen.push(part);
  return seen.join(" · ");
}

interface PlaceParts {
  address?: string;
  entrance?: string;
  space?: Location["space"];
  site?: string;
  area?: string;
}

function placeHtml(words: Words, language: Language, place: PlaceParts | undefined, sensor?: string): string {
  if (!place) {
    return `<span class="addr">${esc(words.unknownPlace)}</span>${sensor ? `<span class="area">${esc(words.sensor)} ${esc(sensor)}</span>` : ""}`;
  }
  const street = [place.address || place.site || words.unknownPlace, place.entrance].filter(Boolean).join(" ");
  const space = place.space ? SPACE_NAMES[language][place.space] ?? place.space : undefined;
  return (
    `<span class="addr">${esc(street)}</span>` +
    (space ? ` <span class="space">${esc(space)}</span>` : "") +
    (place.area ? `<span class="area">${esc(place.area)}</span>` : "")
  );
}

function locationPlace(location: Location | undefined): PlaceParts | undefined {
  if (!location) return undefined;
  return {
    address: location.address,
    entrance: location.entrance,
    space: location.space,
    site: location.site,
    area: areaText([location.district, location.policeArea]) || location.site,
  };
}

function summaryPlace(place: PlaceSummary): PlaceParts {
  return {
    address: place.address,
    entrance: place.entrance,
    space: place.space,
    site: place.site,
    area: areaText([place.district, place.policeArea]) || place.area,
  };
}

function kindText(language: Language, incident: Incident): string {
  const kind = KIND_WORDS[language][incident.kind] ?? incident.kind;
  if (incident.kind !== "observation") return kind;
  // The category only — never the note.
  const category = (incident.observed as { category?: unknown } | undefined)?.category;
  if (typeof category === "string" && Object.prototype.hasOwnProperty.call(CATEGORY_WORDS[language], category)) {
    return `${kind}: ${CATEGORY_WORDS[language][category as ObservationCategory]}`;
  }
  return kind;
}

function badge(language: Language, severity: Severity): string {
  const known = Object.prototype.hasOwnProperty.call(SEVERITY_ORDER, severity);
  const cls = known ? severity : "low";
  return `<span class="badge sev-${cls}">${esc(known ? SEVERITY_WORDS[language][severity] : severity)}</span>`;
}

function timeHtml(clock: LocalClock, ts: number, today: string): string {
  const [date, time] = clock.parts(ts);
  const shown = date === today ? time : `${date} ${time}`;
  return `<time datetime="${esc(new Date(ts).toISOString())}">${esc(shown)}</time>`;
}

interface Column {
  head: string;
  numeric?: boolean;
}

/** A cell: its markup (already escaped) and extra classes. */
type Cell = [html: string, classes?: string];

/**
 * A table that becomes a stack of cards on a phone: each cell carries its column's heading in
 * data-label, which the narrow-screen CSS shows in front of it.
 */
function table(columns: Column[], rows: { attrs: string; cells: Cell[] }[]): string {
  const th = columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ""}>${esc(c.head)}</th>`).join("");
  const body = rows.map(
    (row) =>
      `<tr ${row.attrs}>` +
      row.cells
        .map(([html, classes], i) => {
          const column = columns[i];
          const cls = [column?.numeric ? "num" : "", classes ?? ""].filter(Boolean).join(" ");
          return `<td data-label="${esc(column?.head ?? "")}"${cls ? ` class="${cls}"` : ""}>${html}</td>`;
        })
        .join("") +
      `</tr>`,
  );
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>\n${body.join("\n")}\n</tbody></table></div>`;
}

function section(id: string, heading: string, body: string, count?: number): string {
  const badgeCount = count === undefined ? "" : ` <span class="count">${count}</span>`;
  return `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${esc(heading)}${badgeCount}</h2>\n${body}\n</section>`;
}

const empty = (text: string) => `<p class="empty">${esc(text)}</p>`;

function openSection(view: LagesbildView, words: Words, clock: LocalClock, open: Incident[]): string {
  const today = clock.date(view.now);
  if (open.length === 0) return section("open", words.open, empty(words.noOpen), 0);
  const rows = open.map((incident) => {
    const minutes = Math.max(0, Math.floor((view.now - incident.start) / 60_000));
    return {
      attrs: `data-incident="${esc(incident.id)}" class="sev-row-${esc(incident.severity)}"`,
      cells: [
        [esc(kindText(view.language, incident)), "kind"],
        [badge(view.language, incident.severity)],
        [placeHtml(words, view.language, locationPlace(incident.location), incident.sensor)],
        [timeHtml(clock, incident.start, today)],
        [`${minutes} ${esc(words.minutes)}`, "big"],
      ] satisfies Cell[],
    };
  });
  const columns = [{ head: words.kind }, { head: words.severity }, { head: words.place }, { head: words.since, numeric: true }, { head: words.duration, numeric: true }];
  return section("open", words.open, table(columns, rows), open.length);
}

function hotspotSection(view: LagesbildView, words: Words): string {
  const hotspots = view.week.hotspots ?? [];
  if (hotspots.length === 0) return section("hotspots", words.hotspots, empty(words.noHotspots));
  const rows = hotspots.map((place, i) => ({
    attrs: `data-place="${esc(place.key)}"`,
    cells: [
      [esc(place.rank || i + 1), "big"],
      [placeHtml(words, view.language, summaryPlace(place))],
      [esc(place.incidents)],
      [esc(Math.round(place.loiteringMinutes))],
      [esc(place.nights)],
      [esc(place.score), "big"],
    ] satisfies Cell[],
  }));
  const columns = [
    { head: words.rank, numeric: true },
    { head: words.place },
    { head: words.incidents, numeric: true },
    { head: words.loitering, numeric: true },
    { head: words.nights, numeric: true },
    { head: words.score, numeric: true },
  ];
  return section("hotspots", words.hotspots, table(columns, rows));
}

function recurrenceSection(view: LagesbildView, words: Words): string {
  const places = view.week.recurrence ?? [];
  if (places.length === 0) return section("recurrence", words.recurrence, empty(words.noRecurrence));
  const rows = places.map((place) => ({
    attrs: `data-place="${esc(place.key)}"`,
    cells: [
      [placeHtml(words, view.language, summaryPlace(place))],
      [esc(words.weeksOf(place.weeksWithIncidents)), "big"],
      [esc(place.incidents)],
      [esc(place.score)],
    ] satisfies Cell[],
  }));
  const columns = [{ head: words.place }, { head: words.weeks, numeric: true }, { head: words.incidents, numeric: true }, { head: words.score, numeric: true }];
  return section("recurrence", words.recurrence, table(columns, rows));
}

function problemText(words: Words, problem: SensorProblem): string {
  const word = words.problems[problem.problem] ?? problem.problem;
  if (problem.problem === "low-battery" && typeof problem.battery === "number" && Number.isFinite(problem.battery)) {
    return `${word} (${Math.round(problem.battery)} %)`;
  }
  return word;
}

function sensorSection(view: LagesbildView, words: Words, clock: LocalClock): string {
  const sensors = view.week.sensors ?? [];
  if (sensors.length === 0) return section("sensors", words.sensors, empty(words.noSensors), 0);
  const today = clock.date(view.now);
  const rows = sensors.map((problem) => ({
    attrs: `data-sensor="${esc(problem.sensor)}"`,
    cells: [
      [`<code>${esc(problem.sensor)}</code>`],
      [placeHtml(words, view.language, locationPlace(problem.location))],
      [`<span class="problem problem-${esc(problem.problem)}">${esc(problemText(words, problem))}</span>`],
      [timeHtml(clock, problem.since, today)],
    ] satisfies Cell[],
  }));
  const columns = [{ head: words.sensor }, { head: words.place }, { head: words.problem }, { head: words.since, numeric: true }];
  return section("sensors", words.sensors, table(columns, rows), sensors.length);
}

function reportSection(view: LagesbildView, words: Words): string {
  const reports = view.reports ?? [];
  if (reports.length === 0) return section("reports", words.reports, empty(words.noReports));
  const items = reports.map((report) => {
    const links = (report.links ?? [])
      .map((link) => {
        const href = safeHref(link.href);
        const text = esc(FORMAT_LABELS[link.format] ?? link.format);
        return href ? `<a class="fmt" href="${esc(href)}">${text}</a>` : "";
      })
      .filter(Boolean)
      .join(" ");
    return `<li><span class="label">${esc(report.label)}</span> ${links}</li>`;
  });
  return section("reports", words.reports, `<ul class="reports">\n${items.join("\n")}\n</ul>`);
}

function languageSwitch(view: LagesbildView, words: Words): string {
  if (!view.langHref) return "";
  const names: Record<Language, string> = { sv: "Svenska", en: "English" };
  const items = (["sv", "en"] as const).map((language) => {
    if (language === view.language) return `<strong aria-current="page" lang="${language}">${names[language]}</strong>`;
    const href = safeHref(view.langHref?.[language]);
    return href ? `<a href="${esc(href)}" hreflang="${language}" lang="${language}">${names[language]}</a>` : "";
  });
  return `<nav class="lang" aria-label="${esc(words.language)}">${items.filter(Boolean).join(" | ")}</nav>`;
}

function refreshSeconds(value: number | undefined): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) return 60;
  return Math.max(5, Math.round(value));
}

const CSS = `
*{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.4;color:#1b1f24;background:#eef1f4}
header{display:flex;flex-wrap:wrap;align-items:baseline;gap:.5rem 1.5rem;padding:1rem 1.25rem;background:#1f3a5f;color:#fff}
header h1{margin:0;font-size:1.8rem}
header .meta{font-size:1.05rem}
header .week{font-weight:700;white-space:nowrap}
nav.lang{margin-left:auto;font-size:1rem}
nav.lang a{color:#fff}
main{padding:1rem;display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,36rem),1fr))}
.stats{grid-column:1/-1;display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,10rem),1fr))}
.stat{background:#fff;border-radius:.5rem;padding:.75rem 1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.stat .n{display:block;font-size:2.6rem;font-weight:800;line-height:1.1;font-variant-numeric:tabular-nums}
.stat .t{font-size:.95rem;color:#44505c}
.stat.alert .n{color:#b00020}
section{background:#fff;border-radius:.5rem;padding:1rem;box-shadow:0 1px 2px rgba(0,0,0,.08);min-width:0}
section#open{grid-column:1/-1}
h2{margin:0 0 .75rem;font-size:1.3rem}
h2 .count{display:inline-block;min-width:1.8em;padding:0 .4em;border-radius:1em;background:#1f3a5f;color:#fff;text-align:center;font-size:1.1rem}
.scroll{overflow-x:auto}
table{width:100%;border-collapse:collapse;font-size:1rem}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #dde3e8;vertical-align:top}
th{font-size:.85rem;text-transform:uppercase;letter-spacing:.03em;color:#44505c}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.big{font-size:1.25rem;font-weight:700}
.addr{font-weight:600}
.space{color:#44505c}
.area{display:block;font-size:.85rem;color:#5b6773}
.badge{display:inline-block;padding:.15rem .6rem;border-radius:1rem;font-weight:700;font-size:.95rem;border:2px solid transparent}
.sev-high{background:#b00020;color:#fff}
.sev-medium{background:#ffc940;color:#1b1f24;border-color:#b07d00}
.sev-low{background:#e3e8ee;color:#1b1f24;border-color:#8a96a3}
tr.sev-row-high td:first-child{border-left:.4rem solid #b00020}
tr.sev-row-medium td:first-child{border-left:.4rem solid #d99a00}
tr.sev-row-low td:first-child{border-left:.4rem solid #8a96a3}
.problem{font-weight:600}
.problem-offline,.problem-tamper{color:#b00020}
.problem-low-battery{color:#8a5a00}
.empty{margin:.25rem 0;font-size:1.2rem;color:#2e6b30;font-weight:600}
ul.reports{list-style:none;margin:0;padding:0}
ul.reports li{padding:.4rem 0;border-bottom:1px solid #dde3e8}
ul.reports .label{font-weight:600;margin-right:.5rem}
a.fmt{display:inline-block;margin:.1rem .2rem;padding:.1rem .5rem;border:1px solid #1f3a5f;border-radius:.3rem;color:#1f3a5f;text-decoration:none;font-size:.9rem}
footer{padding:.75rem 1.25rem 1.5rem;color:#44505c;font-size:.9rem}
@media (max-width:40rem){
header h1{font-size:1.5rem}
.stat .n{font-size:2rem}
table,tbody,tr,td{display:block;width:100%}
thead{display:none}
tr{padding:.5rem 0 .5rem .6rem;border-bottom:1px solid #dde3e8}
td,td.num{position:relative;border:0;padding:.15rem 0 .15rem 7rem;text-align:left;white-space:normal;min-height:1.6rem}
td::before{content:attr(data-label);position:absolute;left:0;top:.3rem;width:6.5rem;font-size:.75rem;font-weight:400;text-transform:uppercase;letter-spacing:.03em;color:#5b6773}
tr.sev-row-high,tr.sev-row-medium,tr.sev-row-low{border-left:.4rem solid #8a96a3}
tr.sev-row-high{border-left-color:#b00020}
tr.sev-row-medium{border-left-color:#d99a00}
table tr[class] td:first-child{border-left:0}
}
@media (min-width:100rem){html{font-size:125%}}
@media (min-width:160rem){html{font-size:160%}}
@media (prefers-color-scheme:dark){
body{background:#11161c;color:#e6eaee}
.stat,section{background:#1b232c;box-shadow:none}
.stat .t,th,.space,footer{color:#a9b4bf}
.area{color:#93a0ad}
th,td,tr,ul.reports li{border-color:#2c3742}
.stat.alert .n{color:#ff6b7d}
.problem-offline,.problem-tamper{color:#ff6b7d}
.problem-low-battery{color:#ffc940}
.empty{color:#7fd08a}
a.fmt{color:#9cc3ff;border-color:#9cc3ff}
.sev-low{background:#3a4652;color:#fff}
}
`;

/** The whole page, one HTML document. */
export function renderLagesbild(view: LagesbildView): string {
  const language: Language = view.language === "en" ? "en" : "sv";
  const words = WORDS[language];
  const clock = new LocalClock(view.timezone);
  const page = { ...view, language };
  const open = (view.open ?? [])
    .filter((incident) => incident && incident.state !== "closed")
    .slice()
    .sort(
      (a, b) =>
        (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) ||
        a.start - b.start ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const highs = open.filter((incident) => incident.severity === "high").length;
  const refresh = refreshSeconds(view.refreshSeconds);
  const period = view.week.period;
  const weekLabel = `${words.week} ${period.week}`;
  const periodRange = `${clock.date(period.start)} – ${clock.date(period.end - 1)}`;
  const sensorCount = (view.week.sensors ?? []).length;

  const stat = (n: number, text: string, alert = false) =>
    `<div class="stat${alert && n > 0 ? " alert" : ""}"><span class="n">${esc(n)}</span><span class="t">${esc(text)}</span></div>`;

  return [
    "<!DOCTYPE html>",
    `<html lang="${language}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="refresh" content="${refresh}">`,
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(words.title)} – ${esc(weekLabel)}</title>`,
    `<style>${CSS}</style>`,
    "</head>",
    "<body>",
    "<header>",
    `<h1>${esc(words.title)}</h1>`,
    `<div class="meta">${esc(words.updated)} <time datetime="${esc(new Date(view.now).toISOString())}">${esc(clock.dateTime(view.now))}</time>` +
      ` · <span class="week" title="${esc(periodRange)}">${esc(weekLabel)}</span></div>`,
    languageSwitch(page, words),
    "</header>",
    "<main>",
    `<div class="stats">${stat(open.length, words.statOpen, true)}${stat(highs, words.statHigh, true)}${stat(view.week.totals?.incidents ?? 0, words.statWeek)}${stat(sensorCount, words.statSensors, true)}</div>`,
    openSection(page, words, clock, open),
    hotspotSection(page, words),
    recurrenceSection(page, words),
    sensorSection(page, words, clock),
    reportSection(page, words),
    "</main>",
    `<footer><p>${esc(words.footer)}</p></footer>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
