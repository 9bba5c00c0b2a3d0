/**
 * The weekly report as a PDF (pdfkit): A4, the standard Helvetica fonts (WinAnsi: å ä ö é – are
 * there; nothing is embedded), the same content as the HTML, charts drawn from the same data with
 * vector primitives, the long table of rows paginated with its header repeated, and "Sida 1 av 3"
 * on every page. Text is laid out here (a width table per font, greedy wrapping, truncation) rather
 * than by pdfkit's line wrapper, so tens of thousands of rows stay fast. The document's dates come
 * from the period, not the clock: the same summary gives the same bytes.
 */
import PDFDocument from "pdfkit";
import type { Language } from "../words";
import {
  KIND_ORDER,
  LocalTimeFormat,
  ReportStrings,
  batteryText,
  rowDuration,
  formatNumber,
  heatColor,
  heatMax,
  kindWord,
  placeLabel,
  reportStrings,
  rowKindWord,
  severityWord,
  trendWeeks,
  weekdayNames,
} from "./strings";
import type { PlaceSummary, ReportSummary } from "./types";

export interface PdfOptions {
  /** Instead of "Veckorapport vecka 47, 2026". */
  title?: string;
}

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = 50;
const LEFT = MARGIN;
const WIDTH = PAGE_W - 2 * MARGIN;
const TOP = MARGIN;
/** Content stops here; the page footer sits below. */
const BOTTOM = PAGE_H - MARGIN - 8;
const FOOTER_Y = PAGE_H - MARGIN + 14;

const INK = "#1f2937";
const MUTED = "#6b7280";
const RULE = "#d1d5db";
const ZEBRA = "#f3f4f6";
const ACCENT = "#9f1239";
const BAR = "#94a3b8";

type Font = "Helvetica" | "Helvetica-Bold";
type Align = "left" | "right";

/** Code points above 255 that WinAnsi has (pdfkit maps them). */
const PLAIN = /^[\x20-\x7e\xa0-\xff]*$/;

/** Text the standard fonts can show: other characters become their base letter, or "?". */
export function winAnsi(text: string): string {
  if (PLAIN.test(text)) return text;
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_BYTES.has(c)) out += ch;
    else if (c === 0x2212 || c === 0x2010 || c === 0x2011) out += "-";
    else if (/\s/.test(ch)) out += " ";
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0xfe00 && c <= 0xfe0f) || c === 0x200b || c === 0x200d || c === 0xfeff) continue;
    else {
      const base = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      out += base.length > 0 && [...base].every((b) => b.charCodeAt(0) < 0x100) ? base : "?";
    }
  }
  return out;
}

interface Column {
  title: string;
  width: number;
  align?: Align;
  bold?: boolean;
  color?: string;
  /** Wrap to at most this many lines (else one line, truncated). */
  lines?: number;
}

class Layout {
  y = TOP;
  private font: Font | undefined;
  private size = 0;
  private color = "";
  /** Character widths at size 1, by char code (WinAnsi text only reaches 8482), NaN until measured. */
  private readonly widths: Record<Font, Float64Array> = { Helvetica: new Float64Array(8483).fill(NaN), "Helvetica-Bold": new Float64Array(8483).fill(NaN) };
  /** Called after a page break (the rows table repeats its header). */
  onPage: (() => void) | undefined;

  constructor(readonly doc: PDFKit.PDFDocument) {}

  private use(font: Font, size: number, color: string): void {
    if (font !== this.font) {
      this.doc.font(font);
      this.font = font;
      this.size = 0;
    }
    if (size !== this.size) {
      this.doc.fontSize(size);
      this.size = size;
    }
    if (color !== this.color) {
      this.doc.fillColor(color);
      this.color = color;
    }
  }

  /** Width of text (already WinAnsi) at a size, from a per-font table of character widths. */
  measure(text: string, font: Font, size: number): number {
    const table = this.widths[font];
    let w = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let cw = code < table.length ? table[code] : 0.6;
      if (Number.isNaN(cw)) {
        this.doc.font(font).fontSize(1);
        cw = this.doc.widthOfString(text[i]);
        this.ensureFresh();
        table[code] = cw;
      }
      w += cw;
    }
    return w * size;
  }

  /** The text cut to a width, with an ellipsis when cut. */
  fit(text: string, font: Font, size: number, width: number): string {
    if (this.measure(text, font, size) <= width) return text;
    const ellipsis = this.measure("…", font, size);
    let w = 0;
    let i = 0;
    for (; i < text.length; i++) {
      const cw = this.measure(text[i], font, size);
      if (w + cw + ellipsis > width) break;
      w += cw;
    }
    return `${text.slice(0, i).trimEnd()}…`;
  }

  /** Greedy word wrap to a width; at most maxLines (the last one cut with an ellipsis). */
  wrap(text: string, font: Font, size: number, width: number, maxLines = Infinity): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r\n|\r|\n/)) {
      const words = paragraph.split(/ +/).filter((w) => w.length > 0);
      let line = "";
      for (let word of words) {
        const candidate = line ? `${line} ${word}` : word;
        if (this.measure(candidate, font, size) <= width) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        // A word longer than the line is broken by characters.
        while (this.measure(word, font, size) > width && word.length > 1) {
          let i = 1;
          while (i < word.length && this.measure(word.slice(0, i + 1), font, size) <= width) i++;
          lines.push(word.slice(0, i));
          word = word.slice(i);
        }
        line = word;
      }
      lines.push(line);
      if (lines.length > maxLines) break;
    }
    while (lines.length > 1 && lines[lines.length - 1] === "" && lines.length > maxLines) lines.pop();
    if (lines.length > maxLines) {
      const kept = lines.slice(0, maxLines);
      kept[maxLines - 1] = this.fit(`${kept[maxLines - 1]} ${lines[maxLines]}`, font, size, width);
      return kept;
    }
    return lines;
  }

  /** One line of text at x (top of the line at y); cut to width when given. */
  text(raw: string, x: number, y: number, font: Font, size: number, color = INK, width?: number, align: Align = "left"): void {
    let text = winAnsi(raw);
    if (text.length === 0) return;
    if (width !== undefined) text = this.fit(text, font, size, width);
    const w = this.measure(text, font, size);
    this.draw(text, align === "right" && width !== undefined ? x + width - w : x, y, font, size, color, w);
  }

  /** Text already fitted, at x, y, by pdfkit. */
  private draw(text: string, x: number, y: number, font: Font, size: number, color: string, width: number): void {
    this.use(font, size, color);
    this.doc.text(text, x, y, { lineBreak: false, textWidth: width } as PDFKit.Mixins.TextOptions);
  }

  /** Forget the font and colour set: after switching to another page's content. */
  ensureFresh(): void {
    this.font = undefined;
    this.size = 0;
    this.color = "";
  }

  /** Room for h more points on this page, else a new page. True when a page was added. */
  ensure(h: number): boolean {
    if (this.y + h <= BOTTOM) return false;
    this.doc.addPage();
    this.ensureFresh();
    this.y = TOP;
    this.onPage?.();
    return true;
  }

  paragraph(raw: string, font: Font = "Helvetica", size = 9, color = INK, gap = 4): void {
    const lineH = size * 1.3;
    for (const line of this.wrap(winAnsi(raw), font, size, WIDTH)) {
      this.ensure(lineH);
      this.text(line, LEFT, this.y, font, size, color);
      this.y += lineH;
    }
    this.y += gap;
  }

  heading(raw: string, keepWith = 60): void {
    this.y += 10;
    this.ensure(22 + keepWith);
    this.text(raw, LEFT, this.y, "Helvetica-Bold", 13, INK);
    this.y += 19;
  }

  subheading(raw: string, keepWith = 40): void {
    this.y += 4;
    this.ensure(16 + keepWith);
    this.text(raw, LEFT, this.y, "Helvetica-Bold", 10.5, INK);
    this.y += 15;
  }

  rule(y: number, color = RULE, width = 0.6): void {
    this.doc.moveTo(LEFT, y).lineTo(LEFT + WIDTH, y).lineWidth(width).strokeColor(color).stroke();
  }

  rect(x: number, y: number, w: number, h: number, fill: string, stroke?: string): void {
    if (stroke) this.doc.rect(x, y, w, h).lineWidth(0.5).fillAndStroke(fill, stroke);
    else this.doc.rect(x, y, w, h).fill(fill);
    this.color = "";
  }

  private header(columns: Column[], size: number): void {
    let x = LEFT;
    for (const c of columns) {
      this.text(c.title, x + 2, this.y, "Helvetica-Bold", size, MUTED, c.width - 4, c.align);
      x += c.width;
    }
    this.y += size * 1.35;
    this.rule(this.y, "#9ca3af", 0.8);
    this.y += 3;
  }

  /**
   * A table over pages: the header again at the top of every page it runs onto. Cells are one
   * line, cut to their column, except columns with `lines` (wrapped).
   */
  table(columns: Column[], rows: string[][], size = 8, zebra = true): void {
    const lineH = size * 1.3;
    const pad = 2.5;
    const drawHeader = () => this.header(columns, size);
    this.ensure(size * 1.35 + 3 + lineH + 2 * pad);
    drawHeader();
    const previous = this.onPage;
    this.onPage = drawHeader;
    const pieces: Piece[] = [];
    rows.forEach((cells, index) => {
      pieces.length = 0;
      let height = lineH;
      let x = LEFT;
      for (let i = 0; i < columns.length; i++) {
        const c = columns[i];
        const cell = cells[i];
        if (cell) {
          const font: Font = c.bold ? "Helvetica-Bold" : "Helvetica";
          const text = winAnsi(cell);
          const lines = c.lines && c.lines > 1 ? this.wrap(text, font, size, c.width - 4, c.lines) : [this.fit(text, font, size, c.width - 4)];
          height = Math.max(height, lines.length * lineH);
          for (let k = 0; k < lines.length; k++) {
            if (!lines[k]) continue;
            const w = this.measure(lines[k], font, size);
            pieces.push({ text: lines[k], x: c.align === "right" ? x + c.width - 2 - w : x + 2, dy: pad + k * lineH, width: w, font, color: c.color ?? INK });
          }
        }
        x += c.width;
      }
      this.ensure(height + 2 * pad);
      const band = zebra && index % 2 === 1 ? height + 2 * pad : 0;
      if (!this.raw(pieces, size, band)) {
        if (band) this.rect(LEFT, this.y, WIDTH, band, ZEBRA);
        for (const p of pieces) this.draw(p.text, p.x, this.y + p.dy, p.font, size, p.color, p.width);
      }
      this.y += height + 2 * pad;
    });
    this.onPage = previous;
    this.y += 4;
  }

  /**
   * A table row's text (and its zebra band) as one piece of page content: what pdfkit's text()
   * writes per call, without its per-call cost (kerning and many small buffers), which counts
   * with tens of thousands of rows. Needs pdfkit's font objects (private); false when they are
   * not there, and the row is drawn with text() instead.
   */
  private raw(pieces: Piece[], size: number, band: number): boolean {
    const fonts = this.fontObjects();
    const page = (this.doc as unknown as { page?: { fonts?: Record<string, unknown>; height?: number } }).page;
    if (!fonts || !page?.fonts || typeof page.height !== "number") return false;
    const h = page.height;
    let out = "q\n";
    if (band) out += `${rgb(ZEBRA)} rg ${num(LEFT)} ${num(this.y)} ${num(WIDTH)} ${num(band)} re f\n`;
    out += `1 0 0 -1 0 ${num(h)} cm BT\n`;
    let font: Font | undefined;
    let color = "";
    for (const p of pieces) {
      const f = fonts[p.font];
      if (p.font !== font) {
        if (page.fonts[f.id] == null) page.fonts[f.id] = f.ref();
        out += `/${f.id} ${num(size)} Tf\n`;
        font = p.font;
      }
      if (p.color !== color) {
        out += `${rgb(p.color)} rg\n`;
        color = p.color;
      }
      out += `1 0 0 1 ${num(p.x)} ${num(h - (this.y + p.dy) - (f.ascender / 1000) * size)} Tm <${hexWinAnsi(p.text)}> Tj\n`;
    }
    out += "ET Q";
    this.doc.addContent(out);
    return true;
  }

  private fonts: Record<Font, PdfkitFont> | null | undefined;

  /** pdfkit's objects for the two fonts (id, ascender, ref), once; null if it has none such. */
  private fontObjects(): Record<Font, PdfkitFont> | null {
    if (this.fonts !== undefined) return this.fonts;
    const get = (name: Font): PdfkitFont | undefined => {
      this.doc.font(name);
      const f = (this.doc as unknown as { _font?: Partial<PdfkitFont> })._font;
      return f && typeof f.id === "string" && typeof f.ref === "function" && typeof f.ascender === "number" ? (f as PdfkitFont) : undefined;
    };
    const bold = get("Helvetica-Bold");
    const regular = get("Helvetica");
    this.ensureFresh();
    this.fonts = bold && regular ? { Helvetica: regular, "Helvetica-Bold": bold } : null;
    return this.fonts;
  }
}

interface Piece {
  text: string;
  x: number;
  dy: number;
  width: number;
  font: Font;
  color: string;
}

interface PdfkitFont {
  id: string;
  ascender: number;
  ref(): unknown;
}

const num = (v: number) => {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
};

const rgbCache = new Map<string, string>();
/** "#9f1239" → "0.624 0.071 0.224". */
function rgb(hex: string): string {
  let out = rgbCache.get(hex);
  if (out === undefined) {
    const v = parseInt(hex.slice(1), 16);
    out = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => num(Math.round((c / 255) * 1000) / 1000)).join(" ");
    rgbCache.set(hex, out);
  }
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
/** WinAnsi byte for each code point above 255 that it has (as pdfkit maps them). */
const WIN_ANSI_BYTES = new Map<number, number>([
  [402, 131], [8211, 150], [8212, 151], [8216, 145], [8217, 146], [8218, 130], [8220, 147], [8221, 148], [8222, 132], [8224, 134], [8225, 135], [8226, 149], [8230, 133],
  [8364, 128], [8240, 137], [8249, 139], [8250, 155], [710, 136], [8482, 153], [338, 140], [339, 156], [732, 152], [352, 138], [353, 154], [376, 159], [381, 142], [382, 158],
]);

/** Text already in WinAnsi's repertoire as a PDF hex string's digits. */
function hexWinAnsi(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += HEX[c < 256 ? c : WIN_ANSI_BYTES.get(c) ?? 63];
  }
  return out;
}

function placeColumns(s: ReportStrings, withArea: boolean): Column[] {
  const c = s.columns;
  const numbers: Column[] = [
    { title: c.incidents, width: 50, align: "right" },
    { title: c.loitering, width: 62, align: "right" },
    { title: c.nights, width: 36, align: "right" },
    { title: c.observations, width: 32, align: "right" },
    { title: c.score, width: 36, align: "right", bold: true },
  ];
  const fixed = 20 + numbers.reduce((a, b) => a + b.width, 0) + (withArea ? 88 : 0);
  return [{ title: c.rank, width: 20, align: "right", color: MUTED }, { title: c.place, width: WIDTH - fixed }, ...(withArea ? [{ title: c.area, width: 88 }] : []), ...numbers];
}

function placeCells(language: Language, p: PlaceSummary, withArea: boolean): string[] {
  const n = (v: number) => formatNumber(language, v);
  return [p.rank > 0 ? String(p.rank) : "", placeLabel(language, p), ...(withArea ? [p.area] : []), n(p.incidents), n(p.loiteringMinutes), n(p.nights), n(p.observations), n(p.score)];
}

function trendChart(l: Layout, summary: ReportSummary, s: ReportStrings): void {
  const weeks = trendWeeks(summary.trend ?? [], summary.period);
  const top = 14;
  const chart = 80;
  const h = top + chart + 28;
  l.ensure(h);
  const y0 = l.y;
  const max = Math.max(1, ...weeks.map((w) => w.incidents));
  const slot = weeks.length > 0 ? WIDTH / weeks.length : WIDTH;
  const barW = Math.min(56, slot * 0.55);
  weeks.forEach((week, i) => {
    const value = Math.max(0, week.incidents);
    const bh = value > 0 ? Math.max(1.5, (value / max) * chart) : 0.8;
    const x = LEFT + i * slot + (slot - barW) / 2;
    const y = y0 + top + chart - bh;
    l.rect(x, y, barW, bh, week.current ? ACCENT : BAR);
    const valueText = formatNumber(summary.language, value);
    const labelText = s.weekShort(week.week);
    l.text(valueText, x, y - 11, "Helvetica-Bold", 9, week.current ? ACCENT : INK, barW, "left");
    l.text(labelText, x, y0 + top + chart + 4, week.current ? "Helvetica-Bold" : "Helvetica", 8.5, INK, barW + 20);
    if (week.current) l.text(s.thisWeek, x, y0 + top + chart + 15, "Helvetica", 7.5, MUTED, slot - 4);
  });
  l.rule(y0 + top + chart + 0.3, "#9ca3af", 0.6);
  l.y = y0 + h;
}

function heatmapChart(l: Layout, summary: ReportSummary, s: ReportStrings, days: string[]): void {
  const heat = summary.heatmap ?? [];
  const max = heatMax(heat);
  const labelW = 30;
  const cell = (WIDTH - labelW) / 24;
  const cellH = 13;
  const top = 11;
  const h = top + 7 * cellH + 24;
  l.ensure(h);
  const y0 = l.y;
  for (const hour of [0, 6, 12, 18]) l.text(String(hour).padStart(2, "0"), LEFT + labelW + hour * cell, y0, "Helvetica", 7, MUTED);
  for (let d = 0; d < 7; d++) {
    const y = y0 + top + d * cellH;
    l.text(days[d], LEFT, y + 3, "Helvetica", 7.5, INK, labelW - 2);
    for (let hour = 0; hour < 24; hour++) {
      const v = Number(heat[d]?.[hour] ?? 0) || 0;
      l.rect(LEFT + labelW + hour * cell, y, cell, cellH, heatColor(v, max), "#e5e7eb");
    }
  }
  const ly = y0 + top + 7 * cellH + 8;
  l.text("0", LEFT + labelW, ly + 1, "Helvetica", 7, MUTED);
  for (let i = 0; i < 5; i++) l.rect(LEFT + labelW + 10 + i * 14, ly, 14, 9, heatColor(max > 0 ? (max * i) / 4 : 0, max), "#e5e7eb");
  l.text(s.legendMax(max), LEFT + labelW + 14 + 5 * 14, ly + 1, "Helvetica", 7, MUTED);
  l.y = y0 + h;
}

export function renderReportPdf(summary: ReportSummary, options: PdfOptions = {}): Promise<Buffer> {
  const language: Language = summary.language === "en" ? "en" : "sv";
  const s = reportStrings(language);
  const clock = new LocalTimeFormat(language, summary.period.timezone);
  const days = weekdayNames(language);
  const title = options.title?.trim() || s.title(summary.period.week, summary.period.year);
  const created = new Date(Number.isFinite(summary.period.end) ? summary.period.end : 0);

  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    compress: true,
    pdfVersion: "1.4",
    lang: s.locale,
    displayTitle: true,
    font: "Helvetica",
    info: { Title: title, Author: s.product, Creator: s.product, Subject: `${title} (${summary.period.label})`, CreationDate: created, ModDate: created },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  try {
    const l = new Layout(doc);
    const n = (v: number) => formatNumber(language, v);

    // Title and period.
    l.text(s.product.toUpperCase(), LEFT, l.y, "Helvetica", 8, MUTED);
    l.y += 12;
    for (const line of l.wrap(winAnsi(title), "Helvetica-Bold", 19, WIDTH, 2)) {
      l.text(line, LEFT, l.y, "Helvetica-Bold", 19, INK);
      l.y += 23;
    }
    l.text(`${s.period}: ${clock.period(summary.period)} (${summary.period.label})`, LEFT, l.y, "Helvetica", 10, INK, WIDTH);
    l.y += 14;
    l.text(s.timesIn(summary.period.timezone), LEFT, l.y, "Helvetica", 8, MUTED, WIDTH);
    l.y += 13;
    l.rule(l.y, ACCENT, 2);
    l.y += 6;

    // Totals: label and number in two columns.
    l.heading(s.summary);
    const t = summary.totals;
    const pairs: [string, number][] = [
      [s.totals.incidents, t.incidents],
      [s.totals.observations, t.observations],
      [s.totals.loiteringMinutes, t.loiteringMinutes],
      [s.totals.nights, t.nights],
    ];
    const half = WIDTH / 2;
    for (let i = 0; i < pairs.length; i += 2) {
      l.ensure(16);
      for (let k = 0; k < 2 && i + k < pairs.length; k++) {
        const [label, value] = pairs[i + k];
        const x = LEFT + k * half;
        l.text(label, x, l.y + 2, "Helvetica", 10, INK, half - 80);
        l.text(n(value), x + half - 90, l.y, "Helvetica-Bold", 13, INK, 70, "right");
      }
      l.y += 18;
    }
    const byKind = KIND_ORDER.filter((k) => (t.counts?.[k] ?? 0) > 0)
      .map((k) => `${kindWord(language, k)} ${n(t.counts[k])}`)
      .join(" · ");
    l.y += 2;
    l.paragraph(byKind ? `${s.byKind}: ${byKind}` : s.none, "Helvetica", 9, INK);
    l.paragraph(s.totalsNote, "Helvetica", 8, MUTED);

    // Trend and when.
    l.heading(s.trend, 130);
    trendChart(l, summary, s);
    l.heading(s.when, 140);
    l.paragraph(s.whenNote, "Helvetica", 8, MUTED);
    heatmapChart(l, summary, s, days);

    // Hot-spots.
    l.heading(s.hotspots);
    const hot = summary.hotspots ?? [];
    if (hot.length) l.table(placeColumns(s, true), hot.map((p) => placeCells(language, p, true)));
    else l.paragraph(s.none);
    l.paragraph(s.hotspotsNote, "Helvetica", 8, MUTED);

    // Recurrence: the place, its area and weeks, the flag beside it.
    l.heading(s.recurrence);
    l.paragraph(s.recurrenceNote, "Helvetica", 8, MUTED);
    const rec = summary.recurrence ?? [];
    if (!rec.length) l.paragraph(s.none);
    const flagW = l.measure(winAnsi(s.recurrenceFlag), "Helvetica-Bold", 8.5) + 4;
    for (const p of rec) {
      l.ensure(26);
      l.text(placeLabel(language, p), LEFT, l.y, "Helvetica-Bold", 9, INK, WIDTH - flagW - 8);
      l.text(s.recurrenceFlag, LEFT + WIDTH - flagW, l.y + 0.5, "Helvetica-Bold", 8.5, ACCENT, flagW, "right");
      l.y += 12;
      l.text(`${p.area} · ${s.weeksOf(p.weeksWithIncidents)} (${(p.weeks ?? []).join(", ")})`, LEFT, l.y, "Helvetica", 8, MUTED, WIDTH);
      l.y += 14;
    }

    // Per area.
    l.heading(s.areas);
    const areas = summary.areas ?? [];
    if (!areas.length) l.paragraph(s.none);
    for (const area of areas) {
      l.subheading(area.area);
      l.paragraph(
        `${s.totals.incidents} ${n(area.incidents)} · ${s.totals.observations} ${n(area.observations)} · ${s.totals.loiteringMinutes} ${n(area.loiteringMinutes)} · ${s.totals.nights} ${n(area.nights)}`,
        "Helvetica",
        9,
        INK,
        2,
      );
      l.paragraph(`${s.byKind}: ${KIND_ORDER.map((k) => `${kindWord(language, k)} ${n(area.counts?.[k] ?? 0)}`).join(" · ")}`, "Helvetica", 8.5, INK);
      if (area.places?.length) l.table(placeColumns(s, false), area.places.map((p) => placeCells(language, p, false)));
    }

    // Sensors.
    l.heading(s.sensors);
    const sensors = summary.sensors ?? [];
    const c = s.columns;
    if (sensors.length) {
      l.table(
        [
          { title: c.sensor, width: 120 },
          { title: c.place, width: 150 },
          { title: c.problem, width: 75, bold: true },
          { title: c.since, width: 100 },
          { title: c.battery, width: WIDTH - 445, align: "right" },
        ],
        sensors.map((p) => [p.sensor, p.location ? placeLabel(language, p.location) : "", s.problems[p.problem] ?? p.problem, clock.dateTime(p.since), batteryText(language, p.battery)]),
      );
    } else l.paragraph(s.none);

    // Every row.
    l.heading(s.rows);
    const rows = summary.rows ?? [];
    if (rows.length) {
      l.table(
        [
          { title: c.time, width: 72 },
          { title: c.kind, width: 92 },
          { title: c.severity, width: 38 },
          { title: c.place, width: 122 },
          { title: c.duration, width: 50, align: "right" },
          { title: c.note, width: WIDTH - 374, lines: 3 },
        ],
        rows.map((r) => [clock.dateTime(r.start), rowKindWord(language, r), severityWord(language, r.severity), placeLabel(language, r), rowDuration(language, r), r.note ?? ""]),
        7.5,
      );
    } else l.paragraph(s.none);

    // What is and is not recorded.
    l.heading(s.footerHeading, 50);
    for (const p of s.footer) l.paragraph(p, "Helvetica", 8.5, INK, 3);

    // Page footers, now that the number of pages is known.
    const range = doc.bufferedPageRange();
    const footerTitle = `${s.product} · ${title}`;
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      l.ensureFresh();
      l.rule(FOOTER_Y - 5, RULE, 0.5);
      l.text(footerTitle, LEFT, FOOTER_Y, "Helvetica", 7.5, MUTED, WIDTH - 90);
      l.text(s.page(i - range.start + 1, range.count), LEFT + WIDTH - 90, FOOTER_Y, "Helvetica", 7.5, MUTED, 90, "right");
    }
    doc.end();
  } catch (err) {
    return Promise.reject(err);
  }
  return done;
}
