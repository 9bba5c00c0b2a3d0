/**
 * The weekly report's renderings, each checked against the JSON summary it was made from: the PDF
 * read back with poppler (pdftotext, pdfinfo), the CSV parsed with csv-parse, the HTML checked as
 * text (nothing external, nothing executable) and in Chromium (no request made, both charts drawn).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { Browser } from "playwright-core";
import { CSV_HEADER, csvField, neutraliseFormula, renderReportCsv } from "../../core/report/csv";
import { renderReportHtml } from "../../core/report/html";
import { renderReportPdf, winAnsi } from "../../core/report/pdf";
import { heatColor, heatMax, LocalTimeFormat, placeLabel, REPORT_STRINGS } from "../../core/report/strings";
import type { ReportSummary } from "../../core/report/types";
import { launchChromium } from "../support/browser";
import { FORMULA_NOTE, knownSummary, largeSummary, XSS_NOTE } from "./fixtures";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trappan-report-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function pdfFile(summary: ReportSummary, name: string): Promise<{ file: string; bytes: Buffer; text: string; info: string }> {
  const bytes = await renderReportPdf(summary);
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, bytes);
  const text = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return { file, bytes, text, info };
}

const lines = (text: string) => text.split(/\r?\n/);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** pdftotext -layout pads columns with runs of spaces: one or more between words of a cell too. */
const spaced = (s: string) => s.split(/\s+/).map(escapeRe).join("\\s+");
const pagesOf = (info: string) => Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);

describe("report renderings", function () {
  this.timeout(120_000);

  describe("PDF (read back with pdftotext)", () => {
    const summary = knownSummary("sv");
    const s = REPORT_STRINGS.sv;
    let sv: Awaited<ReturnType<typeof pdfFile>>;
    let en: Awaited<ReturnType<typeof pdfFile>>;

    before(async () => {
      sv = await pdfFile(summary, "sv");
      en = await pdfFile(knownSummary("en"), "en");
    });

    it("has the title with the week, the period in local time and the totals", () => {
      assert.match(sv.text, /Veckorapport vecka 47, 2026/);
      assert.match(sv.text, /Period: mån 16 nov\. – sön 22 nov\. 2026 \(2026-W47\)/);
      const t = summary.totals;
      for (const [label, value] of [
        [s.totals.incidents, t.incidents],
        [s.totals.observations, t.observations],
        [s.totals.loiteringMinutes, t.loiteringMinutes],
        [s.totals.nights, t.nights],
      ] as const) {
        assert.match(sv.text, new RegExp(`${spaced(label)}\\s+${value}(\\s|$)`, "m"), `${label} ${value}`);
      }
      assert.match(sv.text, /Per typ: Uppehåll 3 · Aktivitet nattetid 1 · Upprepade korta besök 1 · Observation 2 · Sensor hörs inte 1/);
    });

    it("lists every hot-spot by rank with its place, area and score on one line", () => {
      const all = lines(sv.text);
      let previous = -1;
      for (const p of summary.hotspots) {
        const index = all.findIndex((l) => new RegExp(`^\\s*${p.rank}\\s+${spaced(placeLabel("sv", p))}\\s+${spaced(p.area)}\\s+${p.incidents}\\s+${p.loiteringMinutes}\\s+${p.nights}\\s+${p.observations}\\s+${p.score}\\s*$`).test(l));
        assert.ok(index >= 0, `no hot-spot line for ${placeLabel("sv", p)} with score ${p.score}`);
        assert.ok(index > previous, "hot-spots in rank order");
        previous = index;
      }
    });

    it("puts the recurrence flag beside the recurring place, and nowhere else", () => {
      const flagged = lines(sv.text).filter((l) => l.includes(s.recurrenceFlag));
      assert.equal(flagged.length, summary.recurrence.length);
      for (const p of summary.recurrence) {
        assert.ok(
          flagged.some((l) => new RegExp(`${spaced(placeLabel("sv", p))}\\s+${spaced(s.recurrenceFlag)}`).test(l)),
          `flag beside ${placeLabel("sv", p)}`,
        );
      }
      assert.match(sv.text, /Söder · 4 av 4 veckor \(1, 2, 1, 2, 3\)/);
    });

    it("has every row with its local time, kind and place on one line", () => {
      const clock = new LocalTimeFormat("sv", summary.period.timezone);
      const all = lines(sv.text);
      assert.equal(clock.dateTime(summary.rows[0].start), "mån 16 nov. 01:30");
      for (const r of summary.rows) {
        const re = new RegExp(`^${spaced(clock.dateTime(r.start))}\\s+.*${spaced(placeLabel("sv", r))}`);
        assert.ok(all.some((l) => re.test(l)), `row ${r.id}: ${clock.dateTime(r.start)} ${placeLabel("sv", r)}`);
      }
      assert.match(sv.text, /Klotter på väggen, "NN"/);
      assert.match(sv.text, /<script>window\.pwned=1<\/script>/);
      assert.match(sv.text, /lör 21 nov\. 12:00\s+Sensor hörs inte\s+Låg\s+Åsvägen 7, Cykelrum\s+pågår/);
    });

    it("numbers every page and ends with what is and is not recorded", () => {
      const pages = pagesOf(sv.info);
      assert.ok(pages >= 2, `pages: ${pages}`);
      const numbers = [...sv.text.matchAll(/Sida (\d+) av (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      assert.deepEqual(
        numbers,
        Array.from({ length: pages }, (_, i) => [i + 1, pages]),
      );
      // One page per form feed: each has its own number.
      sv.text
        .split("\f")
        .filter((p) => p.trim())
        .forEach((page, i) => assert.match(page, new RegExp(`Sida ${i + 1} av ${pages}`)));
      for (const p of s.footer) assert.match(sv.text.replace(/\s+/g, " "), new RegExp(spaced(p)));
      assert.match(sv.text, /allmän handling/);
      assert.match(sv.text, /inga bilder, inget ljud, inga personuppgifter/);
    });

    it("is A4 with its document info from the period", () => {
      assert.match(sv.info, /^Page size:\s+595\.28 x 841\.89 pts \(A4\)/m);
      assert.match(sv.info, /^Title:\s+Veckorapport vecka 47, 2026$/m);
      assert.match(sv.info, /^Author:\s+Trygga Trappan$/m);
      assert.match(sv.info, /^CreationDate:\s+Sun Nov 22 23:00:00 2026 UTC$/m);
      // Standard fonts only, nothing embedded.
      const fonts = execFileSync("pdffonts", [sv.file], { encoding: "utf8" });
      assert.match(fonts, /Helvetica\b/);
      assert.doesNotMatch(fonts, /\byes\s+yes\s+yes\b/);
      for (const line of lines(fonts).slice(2).filter((l) => l.trim())) assert.match(line, /Type 1\s+WinAnsi\s+no\s+no\s+no/, line);
    });

    it("gives the same bytes for the same summary", async () => {
      const again = await renderReportPdf(knownSummary("sv"));
      assert.ok(again.equals(sv.bytes), "two renderings of one summary differ");
      const other = await renderReportPdf({ ...knownSummary("sv"), period: { ...summary.period, end: summary.period.end + 1000 } });
      assert.ok(!other.equals(sv.bytes));
    });

    it("is in English for an English summary", () => {
      assert.match(en.text, /Weekly report week 47, 2026/);
      assert.match(en.text, /Period: Mon 16 Nov – Sun 22 Nov 2026/);
      assert.match(en.text, /Kvarngatan 3 B, Basement\s+Recurring – recommend a deeper analysis/);
      assert.match(en.text, /Page 1 of \d+/);
      assert.match(en.text, /Sensors to look at/);
      assert.match(en.text, /public document \(allmän handling\)/);
      assert.doesNotMatch(en.text, /Sida \d|Sammanfattning|Återkommande –/);
    });

    it("repeats the header of a long table on every page it runs onto, and keeps every row", async () => {
      const n = 1500;
      const big = await pdfFile(largeSummary(n), "big");
      const pages = pagesOf(big.info);
      const text = big.text.split("\f").filter((p) => p.trim());
      assert.equal(text.length, pages);
      const header = /^\s*Tid\s+Typ\s+Allvar\s+Plats\s+Längd\s+Anteckning\s*$/m;
      const withRows = text.filter((p) => /rad \d+/.test(p));
      assert.ok(withRows.length >= 10, `pages with rows: ${withRows.length}`);
      for (const page of withRows) assert.match(page, header);
      const seen = [...big.text.matchAll(/rad (\d+)\s*$/gm)].map((m) => Number(m[1]));
      assert.deepEqual(seen, Array.from({ length: n }, (_, i) => i));
      assert.match(big.text, new RegExp(`Sida ${pages} av ${pages}`));
    });

    it("shows characters outside WinAnsi as '?', keeping the rest of the line", async () => {
      assert.equal(winAnsi("Trasig dörr 🚪 ≥ 2 ggr – ok"), "Trasig dörr ? ? 2 ggr – ok");
      assert.equal(winAnsi("Łódź Čačak\u00a0é\u2212"), "?ódz Cacak\u00a0é-");
      const odd = knownSummary("sv");
      odd.rows = [{ ...odd.rows[4], note: "Trasig dörr 🚪 ≥ 2 ggr – ok" }];
      const { text } = await pdfFile(odd, "odd");
      assert.match(text, /Trasig dörr \? \? 2 ggr – ok/);
    });
  });

  describe("CSV", () => {
    const summary = knownSummary("sv");
    const csv = renderReportCsv(summary);

    it("starts with a BOM and the fixed header, ends every line with CRLF", () => {
      assert.ok(csv.startsWith("\uFEFFid,kind,category,state,severity,start,end,minutes,site,address,entrance,space,district,police_area,area,sensor,note\r\n"));
      assert.equal(CSV_HEADER.join(","), "id,kind,category,state,severity,start,end,minutes,site,address,entrance,space,district,police_area,area,sensor,note");
      assert.ok(csv.endsWith("\r\n"));
      // Outside quoted fields every line break is CRLF (the note with a newline is quoted).
      const unquoted = csv.replace(/"(?:[^"]|"")*"/g, "");
      assert.doesNotMatch(unquoted, /[^\r]\n/);
    });

    it("parses back to the summary's rows, one to one", () => {
      const records = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
      assert.equal(records.length, summary.rows.length);
      assert.deepEqual(Object.keys(records[0]), [...CSV_HEADER]);
      const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00$/;
      summary.rows.forEach((r, i) => {
        const c = records[i];
        assert.equal(c.id, r.id);
        assert.equal(c.kind, r.kind);
        assert.equal(c.category, r.category ?? "");
        assert.equal(c.state, r.state);
        assert.equal(c.severity, r.severity);
        assert.match(c.start, iso);
        assert.equal(Date.parse(c.start), r.start);
        if (r.end === undefined) assert.equal(c.end, "");
        else {
          assert.match(c.end, iso);
          assert.equal(Date.parse(c.end), r.end);
        }
        assert.equal(c.minutes, r.minutes === undefined ? "" : String(r.minutes));
        assert.equal(c.site, r.site);
        assert.equal(c.address, r.address);
        assert.equal(c.entrance, r.entrance ?? "");
        assert.equal(c.space, r.space ?? "");
        assert.equal(c.district, r.district ?? "");
        assert.equal(c.police_area, r.policeArea ?? "");
        assert.equal(c.area, r.area);
        assert.equal(c.sensor, r.sensor ?? "");
        assert.equal(c.note, r.note === FORMULA_NOTE ? `'${FORMULA_NOTE}` : r.note ?? "");
      });
      assert.equal(records[0].start, "2026-11-16T01:30:00+01:00");
      assert.equal(records[4].note, XSS_NOTE, "comma, quotes, markup and the line break intact");
      assert.equal(records[1].address, "Storgatan 12");
      assert.equal(records[2].address, "Kvarngatan 3");
      assert.equal(records[2].entrance, "B");
      assert.equal(records[5].address, "Åsvägen 7");
    });

    it("neutralises spreadsheet formulas but not negative numbers", () => {
      assert.equal(neutraliseFormula("=1+1"), "'=1+1");
      assert.equal(neutraliseFormula("+46701234567"), "'+46701234567");
      assert.equal(neutraliseFormula("@SUM(A1:A3)"), "'@SUM(A1:A3)");
      assert.equal(neutraliseFormula("-x"), "'-x");
      assert.equal(neutraliseFormula("-2+3"), "'-2+3");
      assert.equal(neutraliseFormula("\t=1"), "'\t=1");
      assert.equal(neutraliseFormula("-5"), "-5");
      assert.equal(neutraliseFormula("-1.5"), "-1.5");
      assert.equal(neutraliseFormula("Storgatan 12"), "Storgatan 12");
      assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
      assert.equal(csvField(7), "7");
      assert.equal(csvField(undefined), "");
      const evil = knownSummary("sv");
      evil.rows = [{ ...evil.rows[0], address: "=cmd|' /C calc'!A0", sensor: "@sensor", note: "-12" }];
      const [record] = parse(renderReportCsv(evil), { bom: true, columns: true }) as Record<string, string>[];
      assert.equal(record.address, "'=cmd|' /C calc'!A0");
      assert.equal(record.sensor, "'@sensor");
      assert.equal(record.note, "-12");
    });

    it("writes times with the offset of their own date (summer time +02:00)", () => {
      const summer = knownSummary("sv");
      const start = Date.UTC(2026, 6, 1, 22, 30); // 00:30 on 2 July in Stockholm
      summer.rows = [{ ...summer.rows[0], start, end: start + 38 * 60_000 }];
      const [record] = parse(renderReportCsv(summer), { bom: true, columns: true }) as Record<string, string>[];
      assert.equal(record.start, "2026-07-02T00:30:00+02:00");
      assert.equal(record.end, "2026-07-02T01:08:00+02:00");
    });
  });

  describe("HTML", () => {
    const summary = knownSummary("sv");
    const links = [
      { label: "Lägesbild", href: "../lagesbild?week=2026-W47&lang=sv" },
      { label: "PDF", href: "report-2026-W47.pdf" },
      { label: "Ond", href: "javascript:alert(1)" },
    ];
    const html = renderReportHtml(summary, { links });
    let browser: Browser | undefined;

    after(async () => {
      await browser?.close();
    });

    it("is one self-contained document: no scripts, no external resources", () => {
      assert.match(html, /^<!doctype html>\n<html lang="sv">/);
      assert.match(html, /<meta charset="utf-8">/);
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(html, /@import/i);
      assert.doesNotMatch(html, /<(link|img|iframe|object|embed|video|audio|source|base|form)\b/i);
      assert.doesNotMatch(html, /\son[a-z]+\s*=/i, "no event handlers");
      assert.doesNotMatch(html, /javascript:/i);
      const targets = [...html.matchAll(/\s(?:src|href|xlink:href|action|background|poster|srcset|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)].map((m) => m[1] ?? m[2] ?? m[3]);
      assert.deepEqual(targets, ["../lagesbild?week=2026-W47&amp;lang=sv", "report-2026-W47.pdf"]);
      for (const t of targets) assert.doesNotMatch(t, /^\s*(https?:|\/\/)/i);
      for (const m of html.matchAll(/url\(\s*['"]?([^'")]*)/gi)) assert.match(m[1], /^#/, `url(${m[1]})`);
      assert.doesNotMatch(html, /https?:\/\//i, "no absolute URL anywhere (not even an SVG namespace)");
      // Layout: tables and inline styles, 680 px at most.
      assert.match(html, /max-width:680px/);
      assert.doesNotMatch(html, /<style/i);
      // The note is escaped.
      assert.ok(html.includes("Klotter på väggen, &quot;NN&quot; &lt;script&gt;window.pwned=1&lt;/script&gt;\nmer &amp; mindre"));
    });

    it("escapes addresses and every other text from the summary", () => {
      const evil = knownSummary("en");
      const bad = `Storgatan <b>12</b> & "A" 'B'`;
      evil.hotspots = [{ ...evil.hotspots[0], address: bad, area: "<i>Söder</i>" }];
      evil.rows = [{ ...evil.rows[0], address: bad }];
      evil.sensors = [{ ...evil.sensors[0], sensor: "<svg onload=alert(1)>" }];
      const out = renderReportHtml(evil, { title: "<Week & report>" });
      assert.ok(!out.includes("<b>12</b>") && !out.includes("<i>Söder</i>") && !out.includes("<svg onload"));
      assert.ok(out.includes("Storgatan &lt;b&gt;12&lt;/b&gt; &amp; &quot;A&quot; &#39;B&#39;"));
      assert.ok(out.includes("<title>&lt;Week &amp; report&gt;</title>"));
    });

    it("draws both charts in Chromium without a single request or console error", async () => {
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.route("**/*", (route) => {
        requests.push(route.request().url());
        return route.abort();
      });
      await page.setContent(html, { waitUntil: "load" });
      await page.waitForTimeout(200);
      assert.deepEqual(requests, []);
      assert.deepEqual(errors, []);
      assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);

      // The trend: five bars, visible, this week's the highest here.
      const trend = page.locator('svg[data-chart="trend"]');
      assert.ok(await trend.isVisible());
      assert.equal(await trend.getAttribute("role"), "img");
      assert.match((await trend.getAttribute("aria-label")) ?? "", /vecka 47: 7/);
      const bars = trend.locator("rect[data-bar]");
      assert.equal(await bars.count(), 5);
      const heights: number[] = [];
      for (let i = 0; i < 5; i++) {
        const box = await bars.nth(i).boundingBox();
        assert.ok(box && box.width > 0 && box.height > 0, `bar ${i} visible`);
        heights.push(box.height);
      }
      assert.equal(Math.max(...heights), heights[4]);
      assert.ok(heights[1] > heights[0]);
      const trendText = await trend.textContent();
      for (const w of ["v. 43", "v. 44", "v. 45", "v. 46", "v. 47", "denna vecka"]) assert.ok(trendText?.includes(w), w);

      // The heatmap: 7 × 24 cells, white where nothing happened, the darkest where most did.
      const heat = page.locator('svg[data-chart="heatmap"]');
      assert.ok(await heat.isVisible());
      const cells = heat.locator("rect[data-cell]");
      assert.equal(await cells.count(), 168);
      const max = heatMax(summary.heatmap);
      const fills = await cells.evaluateAll((els) => els.map((e) => [e.getAttribute("data-cell"), e.getAttribute("fill")]));
      for (const [cell, fill] of fills) {
        const [d, h] = String(cell).split("-").map(Number);
        assert.equal(fill, heatColor(summary.heatmap[d][h], max), `cell ${cell}`);
      }
      assert.equal(heatColor(max, max), "#800010");
      assert.equal(heatColor(0, max), "#ffffff");
      const box = await cells.first().boundingBox();
      assert.ok(box && box.width > 10 && box.height > 10);
      const heatText = await heat.textContent();
      for (const w of ["mån", "tis", "ons", "tors", "fre", "lör", "sön", "00", "06", "12", "18", `max ${max}`]) assert.ok(heatText?.includes(w), w);

      // The document: at most 680 px wide, the note shown as text.
      const width = await page.evaluate(() => Math.max(...Array.from(document.querySelectorAll("table")).map((t) => t.getBoundingClientRect().width).filter((w) => w < 1000)));
      assert.ok(width <= 680, `width ${width}`);
      const note = await page.locator('tr[data-row="obs-0005"]').innerText();
      assert.match(note, /<script>window\.pwned=1<\/script>/);
      const hot = await page.locator("table").filter({ hasText: "Poäng" }).first().innerText();
      for (const p of summary.hotspots) assert.ok(hot.includes(placeLabel("sv", p)), placeLabel("sv", p));
      assert.deepEqual(await page.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href"))), ["../lagesbild?week=2026-W47&lang=sv", "report-2026-W47.pdf"]);
      assert.deepEqual(requests, []);
      await page.close();
    });

    it("speaks Swedish for a Swedish summary and English for an English one", () => {
      const en = renderReportHtml(knownSummary("en"));
      for (const w of ["Veckorapport vecka 47, 2026", "Sammanfattning", "Trend de fyra veckorna före", "När", "Hot-spots", "Återkommande – rekommendera fördjupad analys", "Sensorer att se över", "Alla händelser och observationer", "Källare", "Lågt batteri", "Hörs inte", "allmän handling", "mån 16 nov. 01:30"]) {
        assert.ok(html.includes(w), `sv: ${w}`);
      }
      assert.match(en, /<html lang="en">/);
      for (const w of ["Weekly report week 47, 2026", "Summary", "Trend the four weeks before", "When", "Hot-spots", "Recurring – recommend a deeper analysis", "Sensors to look at", "All incidents and observations", "Basement", "Low battery", "Offline", "public document", "Mon 16 Nov 01:30"]) {
        assert.ok(en.includes(w), `en: ${w}`);
      }
      for (const w of ["Sammanfattning", "Källare", "Sensorer att se över"]) assert.ok(!en.includes(w), `en has ${w}`);
      for (const w of ["Summary", "Basement", "Sensors to look at"]) assert.ok(!html.includes(w), `sv has ${w}`);
    });
  });
});
