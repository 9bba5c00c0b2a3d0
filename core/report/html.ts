/**
 * The weekly report as one email-safe HTML document: tables for layout, inline styles only,
 * system fonts, no scripts and nothing fetched (the charts are inline SVG). Every text from the
 * summary is escaped: addresses and notes are typed by people.
 */
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
import type { KindCounts, PlaceSummary, ReportSummary } from "./types";
import { escapeHtml } from "../escape";

export interface HtmlOptions {
  /** Instead of "Veckorapport vecka 47, 2026". */
  title?: string;
  /** Shown near the top: relative or http(s)/mailto hrefs; anything else is dropped. */
  links?: { label: string; href: string }[];
}

/** A link's href if it is safe to show: relative, or http(s) or mailto. */
function safeHref(href: string): string | undefined {
  const h = String(href ?? "").trim();
  if (!h || /[\u0000-\u001f\u007f]/.test(h)) return undefined;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(h);
  if (scheme && !["http", "https", "mailto"].includes(scheme[1].toLowerCase())) return undefined;
  return h;
}

const FONT = "-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica Neue,Helvetica,Arial,sans-serif";
const INK = "#1f2937";
const MUTED = "#6b7280";
const RULE = "#e5e7eb";
const ACCENT = "#9f1239";
const BAR = "#94a3b8";
const BAR_NOW = "#9f1239";
const WIDTH = 680;
const INNER = WIDTH - 48;

const th = (align: "left" | "right" = "left") =>
  `style="text-align:${align};padding:6px 8px;border-bottom:2px solid ${RULE};font-size:12px;font-weight:600;color:${MUTED};white-space:nowrap;"`;
const td = (align: "left" | "right" = "left", extra = "") =>
  `style="text-align:${align};padding:6px 8px;border-bottom:1px solid ${RULE};font-size:13px;vertical-align:top;${extra}"`;
const tableOpen = `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:collapse;">`;

function heading(text: string, id?: string): string {
  return `<h2${id ? ` id="${escapeHtml(id)}"` : ""} style="margin:0 0 8px 0;font-size:17px;line-height:1.3;font-weight:700;color:${INK};">${escapeHtml(text)}</h2>`;
}

function note(text: string): string {
  return `<p style="margin:0 0 10px 0;font-size:12px;line-height:1.45;color:${MUTED};">${escapeHtml(text)}</p>`;
}

function section(inner: string): string {
  return `<tr><td style="padding:18px 24px 6px 24px;">${inner}</td></tr>`;
}

function table(head: { text: string; align?: "left" | "right" }[], rows: string[]): string {
  return `${tableOpen}<thead><tr>${head.map((h) => `<th ${th(h.align)}>${escapeHtml(h.text)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function countsLine(language: Language, counts: KindCounts): string {
  return KIND_ORDER.filter((k) => (counts?.[k] ?? 0) > 0)
    .map((k) => `${kindWord(language, k)} ${formatNumber(language, counts[k])}`)
    .join(" · ");
}

/** The trend as an inline SVG bar chart: one bar per week, this week in the accent colour. */
function trendSvg(summary: ReportSummary, s: ReportStrings): string {
  const weeks = trendWeeks(summary.trend ?? [], summary.period);
  const w = INNER;
  const h = 170;
  const top = 22;
  const bottom = 34;
  const chart = h - top - bottom;
  const max = Math.max(1, ...weeks.map((x) => x.incidents));
  const slot = weeks.length > 0 ? w / weeks.length : w;
  const barW = Math.min(72, slot * 0.6);
  const label = s.trendLabel(weeks);
  const parts: string[] = [];
  parts.push(`<line x1="0" y1="${top + chart + 0.5}" x2="${w}" y2="${top + chart + 0.5}" stroke="#cbd5e1" stroke-width="1"/>`);
  weeks.forEach((week, i) => {
    const value = Math.max(0, week.incidents);
    const bh = value > 0 ? Math.max(2, (value / max) * chart) : 1;
    const x = i * slot + (slot - barW) / 2;
    const y = top + chart - bh;
    const cx = i * slot + slot / 2;
    const fill = week.current ? BAR_NOW : BAR;
    const weekText = s.weekShort(week.week);
    parts.push(
      `<rect data-bar="${i}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${bh.toFixed(1)}" fill="${fill}" rx="2"><title>${escapeHtml(`${weekText}: ${value}`)}</title></rect>`,
      `<text x="${cx.toFixed(1)}" y="${(y - 6).toFixed(1)}" text-anchor="middle" font-size="13" font-weight="700" fill="${week.current ? BAR_NOW : INK}">${escapeHtml(formatNumber(summary.language, value))}</text>`,
      `<text x="${cx.toFixed(1)}" y="${top + chart + 16}" text-anchor="middle" font-size="12" fill="${INK}"${week.current ? ' font-weight="700"' : ""}>${escapeHtml(weekText)}</text>`,
    );
    if (week.current) parts.push(`<text x="${cx.toFixed(1)}" y="${top + chart + 30}" text-anchor="middle" font-size="11" fill="${MUTED}">${escapeHtml(s.thisWeek)}</text>`);
  });
  return `<svg data-chart="trend" role="img" aria-label="${escapeHtml(label)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" style="display:block;max-width:100%;height:auto;font-family:${escapeHtml(FONT)};"><title>${escapeHtml(label)}</title>${parts.join("")}</svg>`;
}

/** The hour-of-week heatmap: seven rows (Monday first) of 24 hours, white to dark red. */
function heatmapSvg(summary: ReportSummary, s: ReportStrings, days: string[]): string {
  const heat = summary.heatmap ?? [];
  const max = heatMax(heat);
  const labelW = 44;
  const top = 18;
  const cell = Math.floor((INNER - labelW) / 24);
  const cellH = 20;
  const gridW = cell * 24;
  const legendY = top + 7 * cellH + 14;
  const w = labelW + gridW;
  const h = legendY + 26;
  const label = s.heatmapLabel(max);
  const parts: string[] = [];
  for (const hour of [0, 6, 12, 18]) {
    parts.push(`<text x="${labelW + hour * cell}" y="${top - 6}" font-size="11" fill="${MUTED}">${String(hour).padStart(2, "0")}</text>`);
  }
  for (let d = 0; d < 7; d++) {
    const y = top + d * cellH;
    parts.push(`<text x="0" y="${y + cellH / 2 + 4}" font-size="12" fill="${INK}">${escapeHtml(days[d])}</text>`);
    for (let hour = 0; hour < 24; hour++) {
      const v = Number(heat[d]?.[hour] ?? 0) || 0;
      parts.push(
        `<rect data-cell="${d}-${hour}" x="${labelW + hour * cell}" y="${y}" width="${cell}" height="${cellH}" fill="${heatColor(v, max)}" stroke="#e5e7eb" stroke-width="1"><title>${escapeHtml(s.cellLabel(days[d], hour, v))}</title></rect>`,
      );
    }
  }
  // Legend: five swatches from 0 to the week's maximum.
  const sw = 18;
  parts.push(`<text x="${labelW}" y="${legendY + 13}" font-size="11" fill="${MUTED}">0</text>`);
  for (let i = 0; i < 5; i++) {
    parts.push(`<rect x="${labelW + 14 + i * sw}" y="${legendY}" width="${sw}" height="16" fill="${heatColor(max > 0 ? (max * i) / 4 : 0, max)}" stroke="#e5e7eb" stroke-width="1"/>`);
  }
  parts.push(`<text x="${labelW + 20 + 5 * sw}" y="${legendY + 13}" font-size="11" fill="${MUTED}">${escapeHtml(s.legendMax(max))}</text>`);
  return `<svg data-chart="heatmap" role="img" aria-label="${escapeHtml(label)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" style="display:block;max-width:100%;height:auto;font-family:${escapeHtml(FONT)};"><title>${escapeHtml(label)}</title>${parts.join("")}</svg>`;
}

function placeRows(language: Language, places: PlaceSummary[], s: ReportStrings, withRank: boolean, withArea: boolean): string[] {
  return places.map((p) => {
    const flag = p.recurring ? `<div style="font-size:11px;color:${ACCENT};font-weight:600;">${escapeHtml(s.recurrenceFlag)}</div>` : "";
    return `<tr>${withRank ? `<td ${td("right", `color:${MUTED};`)}>${p.rank > 0 ? p.rank : ""}</td>` : ""}<td ${td()}><strong>${escapeHtml(placeLabel(language, p))}</strong>${flag}</td>${
      withArea ? `<td ${td()}>${escapeHtml(p.area)}</td>` : ""
    }<td ${td("right")}>${formatNumber(language, p.incidents)}</td><td ${td("right")}>${formatNumber(language, p.loiteringMinutes)}</td><td ${td("right")}>${formatNumber(language, p.nights)}</td><td ${td("right")}>${formatNumber(
      language,
      p.observations,
    )}</td><td ${td("right", "font-weight:700;")}>${formatNumber(language, p.score)}</td></tr>`;
  });
}

function placeHead(s: ReportStrings, withRank: boolean, withArea: boolean) {
  const c = s.columns;
  return [
    ...(withRank ? [{ text: c.rank, align: "right" as const }] : []),
    { text: c.place },
    ...(withArea ? [{ text: c.area }] : []),
    { text: c.incidents, align: "right" as const },
    { text: c.loitering, align: "right" as const },
    { text: c.nights, align: "right" as const },
    { text: c.observations, align: "right" as const },
    { text: c.score, align: "right" as const },
  ];
}

export function renderReportHtml(summary: ReportSummary, options: HtmlOptions = {}): string {
  const language: Language = summary.language === "en" ? "en" : "sv";
  const s = reportStrings(language);
  const clock = new LocalTimeFormat(language, summary.period.timezone);
  const days = weekdayNames(language);
  const title = options.title?.trim() || s.title(summary.period.week, summary.period.year);
  const out: string[] = [];

  // Title, period, links.
  const links = (options.links ?? []).map((l) => ({ label: String(l.label ?? ""), href: safeHref(l.href) })).filter((l) => l.href && l.label);
  const linkHtml = links.length
    ? `<p style="margin:10px 0 0 0;font-size:13px;">${links
        .map((l) => `<a href="${escapeHtml(l.href)}" style="color:${ACCENT};text-decoration:underline;">${escapeHtml(l.label)}</a>`)
        .join(`<span style="color:${MUTED};"> · </span>`)}</p>`
    : "";
  out.push(
    `<tr><td style="padding:22px 24px 14px 24px;border-bottom:4px solid ${ACCENT};"><div style="font-size:12px;letter-spacing:0.06em;text-transform:uppercase;color:${MUTED};">${escapeHtml(s.product)}</div><h1 style="margin:4px 0 6px 0;font-size:24px;line-height:1.25;font-weight:700;color:${INK};">${escapeHtml(
      title,
    )}</h1><p style="margin:0;font-size:14px;color:${INK};">${escapeHtml(s.period)}: ${escapeHtml(clock.period(summary.period))} <span style="color:${MUTED};">(${escapeHtml(summary.period.label)})</span></p><p style="margin:2px 0 0 0;font-size:12px;color:${MUTED};">${escapeHtml(
      s.timesIn(summary.period.timezone),
    )}</p>${linkHtml}</td></tr>`,
  );

  // Totals.
  const t = summary.totals;
  const boxes = [
    [s.totals.incidents, t.incidents],
    [s.totals.observations, t.observations],
    [s.totals.loiteringMinutes, t.loiteringMinutes],
    [s.totals.nights, t.nights],
  ] as const;
  const byKind = countsLine(language, t.counts);
  out.push(
    section(
      `${heading(s.summary)}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:separate;border-spacing:6px 0;"><tr>${boxes
        .map(
          ([label, value]) =>
            `<td data-total width="25%" style="width:25%;background:#f8fafc;border:1px solid ${RULE};border-radius:6px;padding:10px 8px;text-align:center;vertical-align:top;"><div style="font-size:26px;font-weight:700;color:${INK};line-height:1.1;">${escapeHtml(
              formatNumber(language, value),
            )}</div><div style="font-size:12px;color:${MUTED};margin-top:4px;">${escapeHtml(label)}</div></td>`,
        )
        .join("")}</tr></table><p style="margin:10px 0 0 0;font-size:13px;color:${INK};">${byKind ? `<strong>${escapeHtml(s.byKind)}:</strong> ${escapeHtml(byKind)}` : escapeHtml(s.none)}</p>${note(s.totalsNote)}`,
    ),
  );

  // Trend.
  const weeks = trendWeeks(summary.trend ?? [], summary.period);
  out.push(section(`${heading(s.trend)}${trendSvg(summary, s)}${note(weeks.map((w) => `${s.weekShort(w.week)}: ${w.incidents}${w.current ? ` (${s.thisWeek})` : ""}`).join(" · "))}`));

  // When.
  out.push(section(`${heading(s.when)}${note(s.whenNote)}${heatmapSvg(summary, s, days)}`));

  // Hot-spots.
  const hot = summary.hotspots ?? [];
  out.push(section(`${heading(s.hotspots)}${hot.length ? table(placeHead(s, true, true), placeRows(language, hot, s, true, true)) : note(s.none)}${note(s.hotspotsNote)}`));

  // Recurrence.
  const rec = summary.recurrence ?? [];
  const recRows = rec.map(
    (p) =>
      `<tr data-recurring><td ${td()}><strong>${escapeHtml(placeLabel(language, p))}</strong><div style="font-size:12px;color:${MUTED};">${escapeHtml(p.area)} · ${escapeHtml(s.weeksOf(p.weeksWithIncidents))} (${escapeHtml(
        (p.weeks ?? []).join(", "),
      )})</div></td><td ${td("right", `color:${ACCENT};font-weight:700;`)}>${escapeHtml(s.recurrenceFlag)}</td></tr>`,
  );
  out.push(section(`${heading(s.recurrence)}${note(s.recurrenceNote)}${rec.length ? `${tableOpen}<tbody>${recRows.join("")}</tbody></table>` : note(s.none)}`));

  // Per area.
  const areaParts: string[] = [heading(s.areas)];
  for (const area of summary.areas ?? []) {
    const kindCell = `style="text-align:center;padding:5px 4px;border:1px solid ${RULE};font-size:11px;color:${MUTED};vertical-align:bottom;"`;
    const countCell = `style="text-align:center;padding:5px 4px;border:1px solid ${RULE};font-size:14px;font-weight:700;color:${INK};"`;
    areaParts.push(
      `<h3 style="margin:14px 0 4px 0;font-size:15px;font-weight:700;color:${INK};">${escapeHtml(area.area)}</h3><p style="margin:0 0 6px 0;font-size:13px;color:${INK};">${escapeHtml(s.totals.incidents)} ${formatNumber(language, area.incidents)} · ${escapeHtml(
        s.totals.observations,
      )} ${formatNumber(language, area.observations)} · ${escapeHtml(s.totals.loiteringMinutes)} ${formatNumber(language, area.loiteringMinutes)} · ${escapeHtml(s.totals.nights)} ${formatNumber(language, area.nights)}</p>` +
        `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:collapse;margin:0 0 8px 0;table-layout:fixed;"><tr>${KIND_ORDER.map((k) => `<td ${kindCell}>${escapeHtml(kindWord(language, k))}</td>`).join(
          "",
        )}</tr><tr>${KIND_ORDER.map((k) => `<td data-kind="${k}" ${countCell}>${formatNumber(language, area.counts?.[k] ?? 0)}</td>`).join("")}</tr></table>` +
        (area.places?.length ? table(placeHead(s, true, false), placeRows(language, area.places, s, true, false)) : note(s.none)),
    );
  }
  if (!(summary.areas ?? []).length) areaParts.push(note(s.none));
  out.push(section(areaParts.join("")));

  // Sensors.
  const sensors = summary.sensors ?? [];
  const c = s.columns;
  out.push(
    section(
      `${heading(s.sensors)}${
        sensors.length
          ? table(
              [{ text: c.sensor }, { text: c.place }, { text: c.problem }, { text: c.since }, { text: c.battery, align: "right" }],
              sensors.map(
                (p) =>
                  `<tr><td ${td("left", "font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;")}>${escapeHtml(p.sensor)}</td><td ${td()}>${escapeHtml(p.location ? placeLabel(language, p.location) : "")}</td><td ${td(
                    "left",
                    p.problem === "low-battery" ? "" : `color:${ACCENT};font-weight:600;`,
                  )}>${escapeHtml(s.problems[p.problem] ?? p.problem)}</td><td ${td("left", "white-space:nowrap;")}>${escapeHtml(clock.dateTime(p.since))}</td><td ${td("right")}>${escapeHtml(batteryText(language, p.battery))}</td></tr>`,
              ),
            )
          : note(s.none)
      }`,
    ),
  );

  // Every row.
  const rows = summary.rows ?? [];
  out.push(
    section(
      `${heading(s.rows)}${
        rows.length
          ? table(
              [{ text: c.time }, { text: c.kind }, { text: c.severity }, { text: c.place }, { text: c.duration, align: "right" }, { text: c.note }],
              rows.map(
                (r) =>
                  `<tr data-row="${escapeHtml(r.id)}"><td ${td("left", "white-space:nowrap;")}>${escapeHtml(clock.dateTime(r.start))}</td><td ${td()}>${escapeHtml(rowKindWord(language, r))}</td><td ${td()}>${escapeHtml(
                    severityWord(language, r.severity),
                  )}</td><td ${td()}>${escapeHtml(placeLabel(language, r))}<div style="font-size:11px;color:${MUTED};">${escapeHtml(r.area)}</div></td><td ${td("right", "white-space:nowrap;")}>${escapeHtml(
                    rowDuration(language, r),
                  )}</td><td ${td("left", "word-break:break-word;white-space:pre-line;")}>${escapeHtml(r.note ?? "")}</td></tr>`,
              ),
            )
          : note(s.none)
      }`,
    ),
  );

  // Footer.
  out.push(
    `<tr><td style="padding:18px 24px 22px 24px;border-top:1px solid ${RULE};background:#f8fafc;"><p style="margin:0 0 6px 0;font-size:13px;font-weight:700;color:${INK};">${escapeHtml(s.footerHeading)}</p>${s.footer
      .map((p) => `<p style="margin:0 0 4px 0;font-size:12px;line-height:1.45;color:${MUTED};">${escapeHtml(p)}</p>`)
      .join("")}</td></tr>`,
  );

  return (
    `<!doctype html>\n<html lang="${language}">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light">\n<title>${escapeHtml(title)}</title>\n</head>\n` +
    `<body style="margin:0;padding:0;background:#eef0f3;font-family:${escapeHtml(FONT)};color:${INK};">\n` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;background:#eef0f3;"><tr><td align="center" style="padding:16px 8px;">\n` +
    `<table role="presentation" width="${WIDTH}" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:${WIDTH}px;background:#ffffff;border-collapse:collapse;font-family:${escapeHtml(FONT)};color:${INK};">\n` +
    out.join("\n") +
    `\n</table>\n</td></tr></table>\n</body>\n</html>\n`
  );
}
