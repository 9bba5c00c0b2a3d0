/**
 * A weekly report summary built by hand (not by the compiler), for the renderings' tests and
 * anyone else's: week 47 of 2026 in Europe/Stockholm (CET, +01:00), two areas, three places, one
 * of them recurring, two observations (one note with markup, a comma, quotes and a line break; one
 * starting with "="), a sensor offline and one with a low battery.
 */
import type { IncidentKind } from "../../core/events";
import type { KindCounts, PlaceSummary, ReportRow, ReportSummary } from "../../core/report/types";
import type { Language } from "../../core/words";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Monday 16 November 2026 00:00 in Stockholm (23:00 UTC the day before). */
export const WEEK_START = Date.UTC(2026, 10, 15, 23, 0);
export const WEEK_END = WEEK_START + 7 * DAY;

/** Local (CET) day 0 = Monday, hour, minute → epoch ms. */
const at = (day: number, hour: number, minute = 0) => WEEK_START + day * DAY + hour * HOUR + minute * MIN;

export const XSS_NOTE = 'Klotter på väggen, "NN" <script>window.pwned=1</script>\nmer & mindre';
export const FORMULA_NOTE = '=HYPERLINK("x","klicka") låset bänt';

function counts(partial: Partial<KindCounts>): KindCounts {
  return { loitering: 0, "off-hours": 0, "visit-surge": 0, "sensor-offline": 0, tamper: 0, observation: 0, ...partial };
}

const CENTRUM = { site: "bostader-centrum", district: "Centrum", policeArea: "Centrum", area: "Centrum" };
const SODER = { site: "bostader-soder", district: "Södermalm", policeArea: "Söder", area: "Söder" };

const STORGATAN = { ...CENTRUM, address: "Storgatan 12", space: "stairwell" as const };
const KVARNGATAN = { ...SODER, address: "Kvarngatan 3", entrance: "B", space: "basement" as const };
const ASVAGEN = { ...SODER, address: "Åsvägen 7", space: "bike-room" as const };

function rows(): ReportRow[] {
  const row = (id: string, kind: IncidentKind, place: typeof STORGATAN | typeof KVARNGATAN | typeof ASVAGEN, start: number, minutes: number | undefined, rest: Partial<ReportRow>): ReportRow => ({
    id,
    kind,
    state: minutes === undefined ? "open" : "closed",
    severity: "medium",
    start,
    ...(minutes === undefined ? {} : { end: start + minutes * MIN, minutes }),
    ...place,
    ...rest,
  });
  return [
    row("inc-0001", "loitering", STORGATAN, at(0, 1, 30), 38, { sensor: "0x00158d0001a2b301" }),
    row("inc-0002", "off-hours", STORGATAN, at(1, 3, 10), 15, { severity: "low", sensor: "0x00158d0001a2b301" }),
    row("inc-0003", "loitering", KVARNGATAN, at(2, 23, 40), 55, { severity: "high", sensor: "0x00158d0001a2b302" }),
    row("inc-0004", "visit-surge", KVARNGATAN, at(3, 22, 15), 35, { sensor: "0x00158d0001a2b302" }),
    row("obs-0005", "observation", KVARNGATAN, at(4, 14, 0), 0, { category: "klotter", severity: "low", note: XSS_NOTE }),
    row("obs-0006", "observation", ASVAGEN, at(5, 10, 5), 0, { category: "trasigt-las", note: FORMULA_NOTE }),
    row("inc-0007", "sensor-offline", ASVAGEN, at(5, 12, 0), undefined, { severity: "low", sensor: "0x00158d0001a2b303" }),
    row("inc-0008", "loitering", ASVAGEN, at(6, 2, 0), 20, { sensor: "0x00158d0001a2b303" }),
  ];
}

function place(p: typeof STORGATAN | typeof KVARNGATAN | typeof ASVAGEN, rest: Omit<PlaceSummary, "key" | "site" | "address" | "entrance" | "space" | "district" | "policeArea" | "area">): PlaceSummary {
  const entrance = "entrance" in p ? p.entrance : undefined;
  return {
    key: `${p.site}|${p.address}|${entrance ?? ""}|${p.space}`,
    site: p.site,
    address: p.address,
    ...(entrance ? { entrance } : {}),
    space: p.space,
    district: p.district,
    policeArea: p.policeArea,
    area: p.area,
    ...rest,
  };
}

/** Place incidents and observations by local weekday and hour of start (CET: UTC+1 all week). */
function heatmap(all: ReportRow[]): number[][] {
  const heat = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const r of all) {
    if (r.kind === "sensor-offline" || r.kind === "tamper") continue;
    const local = new Date(r.start + HOUR);
    heat[(local.getUTCDay() + 6) % 7][local.getUTCHours()]++;
  }
  // Earlier in the week, too: a few more starts, so the scale has a range.
  heat[4][23] += 2;
  heat[5][0] += 3;
  return heat;
}

export function knownSummary(language: Language = "sv"): ReportSummary {
  const all = rows();
  const storgatan = place(STORGATAN, {
    counts: counts({ loitering: 1, "off-hours": 1 }),
    incidents: 2,
    loiteringMinutes: 38,
    nights: 2,
    observations: 0,
    score: 7,
    rank: 2,
    weeks: [0, 1, 0, 0, 2],
    weeksWithIncidents: 2,
    recurring: false,
  });
  const kvarngatan = place(KVARNGATAN, {
    counts: counts({ loitering: 1, "visit-surge": 1, observation: 1 }),
    incidents: 3,
    loiteringMinutes: 55,
    nights: 2,
    observations: 1,
    score: 11,
    rank: 1,
    weeks: [1, 2, 1, 2, 3],
    weeksWithIncidents: 4,
    recurring: true,
  });
  const asvagen = place(ASVAGEN, {
    counts: counts({ loitering: 1, observation: 1, "sensor-offline": 1 }),
    incidents: 2,
    loiteringMinutes: 20,
    nights: 1,
    observations: 1,
    score: 6,
    rank: 3,
    weeks: [0, 0, 0, 1, 2],
    weeksWithIncidents: 2,
    recurring: false,
  });
  const week = (n: number) => `2026-W${n}`;
  return {
    type: "report-summary",
    version: 1,
    language,
    period: { year: 2026, week: 47, label: week(47), start: WEEK_START, end: WEEK_END, timezone: "Europe/Stockholm" },
    totals: { counts: counts({ loitering: 3, "off-hours": 1, "visit-surge": 1, "sensor-offline": 1, observation: 2 }), incidents: 7, loiteringMinutes: 113, nights: 5, observations: 2 },
    trend: [43, 44, 45, 46, 47].map((n, i) => ({ label: week(n), start: WEEK_START - (4 - i) * 7 * DAY, incidents: [1, 3, 1, 3, 7][i], observations: [0, 1, 0, 1, 2][i] })),
    heatmap: heatmap(all),
    areas: [
      { area: "Centrum", counts: counts({ loitering: 1, "off-hours": 1 }), incidents: 2, loiteringMinutes: 38, nights: 2, observations: 0, weeks: [0, 1, 0, 0, 2], places: [storgatan] },
      {
        area: "Söder",
        counts: counts({ loitering: 2, "visit-surge": 1, observation: 2, "sensor-offline": 1 }),
        incidents: 5,
        loiteringMinutes: 75,
        nights: 3,
        observations: 2,
        weeks: [1, 2, 1, 3, 5],
        places: [kvarngatan, asvagen],
      },
    ],
    hotspots: [kvarngatan, storgatan, asvagen],
    recurrence: [kvarngatan],
    sensors: [
      { sensor: "0x00158d0001a2b303", location: { site: ASVAGEN.site, address: ASVAGEN.address, space: ASVAGEN.space, district: ASVAGEN.district, policeArea: ASVAGEN.policeArea }, problem: "offline", since: at(5, 12, 0) },
      { sensor: "0x00158d0001a2b301", location: { site: STORGATAN.site, address: STORGATAN.address, space: STORGATAN.space }, problem: "low-battery", since: at(2, 8, 0), battery: 8 },
    ],
    rows: all,
  };
}

/**
 * The known summary with n rows spread over the week (for pagination and benchmarks): the rows
 * cycle through the three places and kinds; each note says "rad <i>".
 */
export function largeSummary(n: number, language: Language = "sv"): ReportSummary {
  const summary = knownSummary(language);
  const templates = summary.rows;
  const step = Math.max(1, Math.floor((WEEK_END - WEEK_START) / Math.max(1, n)));
  const out: ReportRow[] = [];
  for (let i = 0; i < n; i++) {
    const t = templates[i % templates.length];
    const start = WEEK_START + Math.floor(i * step / MIN) * MIN;
    out.push({ ...t, id: `row-${String(i).padStart(6, "0")}`, start, ...(t.end !== undefined ? { end: start + (t.minutes ?? 0) * MIN } : {}), note: `rad ${i}` });
  }
  return { ...summary, rows: out };
}
