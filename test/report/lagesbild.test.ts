import assert from "node:assert/strict";
import type { Incident, Location } from "../../core/events";
import { renderLagesbild } from "../../core/report/lagesbild";
import type { KindCounts, PlaceSummary, ReportSummary } from "../../core/report/types";

const MIN = 60_000;
const HOUR = 60 * MIN;

// Week 47 of 2026: Monday 16 November 00:00 Stockholm (UTC+1) is 15 November 23:00 UTC.
const WEEK_START = Date.UTC(2026, 10, 15, 23, 0);
const WEEK_END = WEEK_START + 7 * 24 * HOUR;
// Wednesday 18 November 14:05 Stockholm.
const NOW = Date.UTC(2026, 10, 18, 13, 5);

const counts = (over: Partial<KindCounts> = {}): KindCounts => ({
  loitering: 0,
  "off-hours": 0,
  "visit-surge": 0,
  "sensor-offline": 0,
  tamper: 0,
  observation: 0,
  ...over,
});

const EVIL_ADDRESS = "Storgatan <b>&</b> 1";

const loc = (over: Partial<Location> = {}): Location => ({
  site: "hyresbolaget",
  address: "Björkvägen 12",
  entrance: "B",
  space: "basement",
  district: "Norra",
  policeArea: "LPO Centrum",
  ...over,
});

function place(over: Partial<PlaceSummary>): PlaceSummary {
  return {
    key: "hyresbolaget|Björkvägen 12|B|basement",
    site: "hyresbolaget",
    address: "Björkvägen 12",
    entrance: "B",
    space: "basement",
    district: "Norra",
    policeArea: "LPO Centrum",
    area: "LPO Centrum",
    counts: counts({ loitering: 3, "off-hours": 1 }),
    incidents: 4,
    loiteringMinutes: 95,
    nights: 2,
    observations: 0,
    score: 17,
    rank: 1,
    weeks: [1, 0, 2, 3, 4],
    weeksWithIncidents: 3,
    recurring: true,
    ...over,
  };
}

function incident(over: Partial<Incident>): Incident {
  return {
    type: "incident",
    id: "inc",
    state: "open",
    kind: "loitering",
    sensor: "0x00158d0001a2b3c4",
    location: loc(),
    start: NOW - 10 * MIN,
    detectedAt: NOW - 5 * MIN,
    severity: "medium",
    score: 1,
    observed: {},
    expected: {},
    ...over,
  };
}

const NOTE = "Hemlig anteckning om Kalle Anka";

function summary(over: Partial<ReportSummary> = {}): ReportSummary {
  const hot = place({});
  const second = place({
    key: "hyresbolaget|Storgatan|A|stairwell",
    address: EVIL_ADDRESS,
    entrance: "A",
    space: "stairwell",
    district: "Södra",
    policeArea: undefined,
    area: "Södra",
    incidents: 2,
    loiteringMinutes: 20,
    nights: 1,
    score: 5,
    rank: 2,
    weeksWithIncidents: 1,
    recurring: false,
  });
  return {
    type: "report-summary",
    version: 1,
    language: "sv",
    period: { year: 2026, week: 47, label: "2026-W47", start: WEEK_START, end: WEEK_END, timezone: "Europe/Stockholm" },
    totals: { counts: counts({ loitering: 3, "off-hours": 2, observation: 1 }), incidents: 6, loiteringMinutes: 115, nights: 3, observations: 1 },
    trend: [],
    heatmap: Array.from({ length: 7 }, () => new Array<number>(24).fill(0)),
    areas: [],
    hotspots: [hot, second],
    recurrence: [hot],
    sensors: [
      { sensor: "0xaaaa000000000001", location: loc({ space: "attic" }), problem: "offline", since: NOW - 3 * HOUR },
      { sensor: "trapp-b-pir", location: loc(), problem: "low-battery", since: NOW - 26 * HOUR, battery: 7 },
      { sensor: "0xaaaa000000000003", problem: "tamper", since: NOW - 30 * MIN },
    ],
    rows: [
      {
        id: "obs-1",
        kind: "observation",
        category: "klotter",
        state: "closed",
        severity: "low",
        start: NOW - 2 * HOUR,
        end: NOW - 2 * HOUR,
        minutes: 0,
        site: "hyresbolaget",
        address: "Björkvägen 12",
        space: "stairwell",
        area: "LPO Centrum",
        note: NOTE,
      },
    ],
    ...over,
  };
}

const loitering = incident({ id: "inc-loiter", kind: "loitering", severity: "high", start: NOW - 47 * MIN, location: loc() });
// Started yesterday 23:40 local time: shown with its date, 865 minutes so far.
const offHours = incident({
  id: "inc-night",
  kind: "off-hours",
  severity: "low",
  start: NOW - (14 * HOUR + 25 * MIN),
  location: loc({ address: EVIL_ADDRESS, entrance: "A", space: "stairwell", district: "Södra", policeArea: undefined }),
});

const REPORTS = [
  {
    label: "Vecka 46 (2026-W46)",
    links: [
      { format: "html" as const, href: "/trappan/reports/2026-W46.html" },
      { format: "pdf" as const, href: "/trappan/reports/2026-W46.pdf" },
      { format: "csv" as const, href: "/trappan/reports/2026-W46.csv" },
      { format: "json" as const, href: "/trappan/reports/2026-W46.json" },
    ],
  },
  { label: "Vecka 45 (2026-W45)", links: [{ format: "html" as const, href: "/trappan/reports/2026-W45.html" }] },
];

function render(over: Partial<Parameters<typeof renderLagesbild>[0]> = {}): string {
  return renderLagesbild({
    language: "sv",
    timezone: "Europe/Stockholm",
    now: NOW,
    // Given low first: the page must put the high one first.
    open: [offHours, loitering],
    week: summary(),
    reports: REPORTS,
    langHref: { sv: "/trappan/lagesbild?lang=sv", en: "/trappan/lagesbild?lang=en" },
    ...over,
  });
}

/** The body of the open-incidents section. */
function openSection(html: string): string {
  const match = /<section id="open"[\s\S]*?<\/section>/.exec(html);
  assert.ok(match, "the open section is there");
  return match[0];
}

describe("lägesbild page", () => {
  it("is one self-contained HTML document: lang, utf-8, viewport, refresh, no script, no external URLs", () => {
    const html = render();
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<html lang="sv">/);
    assert.match(html, /<meta charset="utf-8">/);
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(html, /<meta http-equiv="refresh" content="60">/);
    assert.match(html, /<style>[\s\S]+<\/style>/);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<link/i);
    assert.doesNotMatch(html, /\son\w+=/i, "no inline event handlers");
    assert.doesNotMatch(html, /(src|href)\s*=\s*["']?\s*(https?:)?\/\//i, "no http(s) or protocol-relative URL in src/href");
    assert.doesNotMatch(html, /url\(/i, "no URL in the CSS");
    assert.match(html, /<\/html>\s*$/);
  });

  it("takes the refresh interval from refreshSeconds", () => {
    assert.match(render({ refreshSeconds: 30 }), /<meta http-equiv="refresh" content="30">/);
    assert.match(render({ refreshSeconds: 0 }), /<meta http-equiv="refresh" content="60">/);
  });

  it("has the header: title, local update time and the ISO week", () => {
    const html = render();
    assert.match(html, /<h1>Lägesbild<\/h1>/);
    assert.match(html, /Uppdaterad <time datetime="2026-11-18T13:05:00.000Z">2026-11-18 14:05<\/time>/);
    assert.match(html, /vecka 47/);
  });

  it("lists the open incidents high first, with kind, severity, place, since and minutes so far", () => {
    const open = openSection(render());
    assert.match(open, /Öppna händelser nu/);
    const high = open.indexOf('data-incident="inc-loiter"');
    const low = open.indexOf('data-incident="inc-night"');
    assert.ok(high > 0 && low > 0, "both rows are there");
    assert.ok(high < low, "high before low");

    const rows = open.split("<tr data-incident=").slice(1);
    assert.equal(rows.length, 2);
    const [first, second] = rows;
    assert.match(first, /Uppehåll/);
    assert.match(first, /class="badge sev-high">Hög</, "severity as text in a coloured badge");
    assert.match(first, /Björkvägen 12 B/);
    assert.match(first, /Källare/);
    assert.match(first, /Norra · LPO Centrum/);
    assert.match(first, />13:18<\/time>/, "today: the clock only");
    assert.match(first, />47 min</);

    assert.match(second, /Aktivitet nattetid/);
    assert.match(second, /class="badge sev-low">Låg</);
    assert.match(second, /Trapphus/);
    assert.match(second, /Södra/);
    assert.match(second, />2026-11-17 23:40<\/time>/, "another day: the date too");
    assert.match(second, />865 min</);
  });

  it("sorts equal severities by start and leaves closed incidents out", () => {
    const a = incident({ id: "a-later", severity: "medium", start: NOW - 5 * MIN });
    const b = incident({ id: "b-earlier", severity: "medium", start: NOW - 50 * MIN });
    const c = incident({ id: "c-closed", severity: "high", state: "closed", start: NOW - 60 * MIN });
    const open = openSection(render({ open: [a, c, b] }));
    assert.ok(open.indexOf('"b-earlier"') < open.indexOf('"a-later"'));
    assert.doesNotMatch(open, /c-closed/);
  });

  it("shows hot-spots, recurrence, sensor health and reports", () => {
    const html = render();
    assert.match(html, /Veckans hot-spots/);
    const hot = /<section id="hotspots"[\s\S]*?<\/section>/.exec(html)![0];
    assert.ok(hot.indexOf("Björkvägen 12") < hot.indexOf("Storgatan"), "by rank");
    assert.match(hot, />95</, "loitering minutes");
    assert.match(hot, />17</, "score");

    assert.match(html, /Återkommande platser – rekommendera fördjupad analys/);
    assert.match(html, /3 av 4 veckor/);

    const sensors = /<section id="sensors"[\s\S]*?<\/section>/.exec(html)![0];
    assert.match(sensors, /Sensorhälsa/);
    assert.match(sensors, /0xaaaa000000000001[\s\S]*hörs inte/);
    assert.match(sensors, /trapp-b-pir[\s\S]*lågt batteri \(7 %\)/);
    assert.match(sensors, /0xaaaa000000000003[\s\S]*öppnad/);
    assert.match(sensors, /Vind/);

    const reports = /<section id="reports"[\s\S]*?<\/section>/.exec(html)![0];
    assert.match(reports, /Rapporter/);
    assert.ok(reports.indexOf("Vecka 46") < reports.indexOf("Vecka 45"), "in the order given");
    for (const ext of ["html", "pdf", "csv", "json"]) assert.match(reports, new RegExp(`href="/trappan/reports/2026-W46\\.${ext}">${ext.toUpperCase()}<`));
  });

  it("shows the empty states", () => {
    const html = render({ open: [], week: summary({ hotspots: [], recurrence: [], sensors: [] }), reports: [] });
    assert.match(html, /Inga öppna händelser/);
    assert.match(html, /Alla sensorer hörs/);
    assert.doesNotMatch(html, /data-incident=/);
    const en = render({ language: "en", open: [], week: summary({ sensors: [] }) });
    assert.match(en, /No open incidents/);
    assert.match(en, /All sensors heard/);
  });

  it("speaks English when asked", () => {
    const html = render({ language: "en" });
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<h1>Situation picture<\/h1>/);
    assert.match(html, /Updated <time/);
    assert.match(html, /week 47/);
    assert.match(html, /Open incidents now/);
    assert.match(html, /This week(?:'|&#39;)s hot-spots/);
    assert.match(html, /Recurring places – recommend a deeper analysis/);
    assert.match(html, /3 of 4 weeks/);
    assert.match(html, /Sensor health/);
    assert.match(html, /not heard/);
    assert.match(html, /low battery \(7 %\)/);
    assert.match(html, /opened/);
    assert.match(html, />Reports</);
    assert.match(html, /Loitering/);
    assert.match(html, /Night-time activity/);
    assert.match(html, /class="badge sev-high">High</);
    assert.match(html, /Basement/);
    assert.match(html, /never people/);
    assert.doesNotMatch(html, /Öppna händelser nu|Sensorhälsa|Uppehåll/);
  });

  it("says in the footer that it shows places and times, never people", () => {
    assert.match(render(), /<footer>[\s\S]*aldrig personer[\s\S]*<\/footer>/);
  });

  it("links the other language when langHref is given, and not otherwise", () => {
    const sv = render();
    assert.match(sv, /<a href="\/trappan\/lagesbild\?lang=en" hreflang="en" lang="en">English<\/a>/);
    assert.match(sv, /<strong aria-current="page" lang="sv">Svenska<\/strong>/);
    assert.doesNotMatch(render({ langHref: undefined }), /hreflang=/);
  });

  it("escapes every value: an address with <b>& comes out as text", () => {
    const html = render();
    assert.ok(!html.includes("<b>"), "no raw markup from data");
    assert.ok(html.includes("Storgatan &lt;b&gt;&amp;&lt;/b&gt; 1"), "escaped address");
    const injected = render({
      open: [incident({ id: 'x"><img src=x onerror=alert(1)>' })],
      reports: [{ label: "<i>R</i>", links: [{ format: "html", href: '/r"><script>' }] }],
    });
    assert.doesNotMatch(injected, /<img|<i>|<script/i);
    assert.match(injected, /data-incident="x&quot;&gt;&lt;img/);
  });

  it("keeps only links that stay on this host", () => {
    const html = render({
      reports: [
        {
          label: "R",
          links: [
            { format: "html", href: "https://evil.example/r.html" },
            { format: "pdf", href: "javascript:alert(1)" },
            { format: "csv", href: "//evil.example/r.csv" },
            { format: "json", href: "r.json" },
          ],
        },
      ],
      langHref: { sv: "?lang=sv", en: "http://evil.example/en" },
    });
    assert.doesNotMatch(html, /evil|javascript:/);
    assert.match(html, /href="r\.json">JSON</);
  });

  it("never shows an observation's note, only its category", () => {
    const observation = incident({
      id: "obs-open",
      kind: "observation",
      severity: "medium",
      sensor: undefined,
      observed: { category: "klotter", note: NOTE, source: "form" },
    });
    for (const language of ["sv", "en"] as const) {
      const html = render({ language, open: [observation, loitering] });
      assert.ok(!html.includes(NOTE), `${language}: no note`);
      assert.ok(!html.includes("Kalle"), `${language}: no name`);
    }
    assert.match(render({ open: [observation] }), /Observation: Klotter/);
  });
});
