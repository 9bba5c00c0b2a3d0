/**
 * What a notification says, in Swedish or English, from editable Mustache templates (the syntax
 * of Node-RED's own template node). The view offers each incident's place, time span, duration,
 * kind, severity, observed against expected and the detector's own sentence, already worded, so
 * a template never needs logic. Nothing about people: place, time, duration and kind only (email
 * to the police is a public document in Sweden).
 */
import Mustache from "mustache";
import { SPACE_WORDS } from "../anomaly";
import type { Incident } from "../events";
import { KIND_WORDS, SEVERITY_WORDS } from "../words";
import type { Flush, Reason } from "./notifier";

export type Language = "sv" | "en";

export interface Templates {
  subject: string;
  email: string;
  sms: string;
}

export const DEFAULT_TEMPLATES: Record<Language, Templates> = {
  sv: {
    subject: "{{#one}}{{severityWord}}: {{kindWord}} i {{where}}{{/one}}{{^one}}{{count}} avvikelser i {{area}}{{/one}}{{#reasonWord}} ({{reasonWord}}){{/reasonWord}}",
    email: [
      "{{heading}}",
      "",
      "{{#incidents}}",
      "{{kindWord}}, {{severityWord}}{{#reasonWord}} ({{reasonWord}}){{/reasonWord}}",
      "Plats: {{where}}",
      "Tid: {{span}}{{#duration}} ({{duration}}){{/duration}}",
      "Observerat: {{observed}}",
      "Förväntat: {{expected}}",
      "{{summary}}",
      "{{#link}}Mer: {{link}}{{/link}}",
      "",
      "{{/incidents}}",
      "-- ",
      "Trygga Trappan till {{group}}. Meddelandet beskriver platser och tider, inte personer.",
    ].join("\n"),
    sms: "{{#incidents}}{{summary}} ({{severityWord}}{{#reasonWord}}, {{reasonWord}}{{/reasonWord}}){{^last}}\n{{/last}}{{/incidents}}{{#link}}\n{{link}}{{/link}}",
  },
  en: {
    subject: "{{#one}}{{severityWord}}: {{kindWord}} in {{where}}{{/one}}{{^one}}{{count}} deviations in {{area}}{{/one}}{{#reasonWord}} ({{reasonWord}}){{/reasonWord}}",
    email: [
      "{{heading}}",
      "",
      "{{#incidents}}",
      "{{kindWord}}, {{severityWord}}{{#reasonWord}} ({{reasonWord}}){{/reasonWord}}",
      "Place: {{where}}",
      "Time: {{span}}{{#duration}} ({{duration}}){{/duration}}",
      "Observed: {{observed}}",
      "Expected: {{expected}}",
      "{{summary}}",
      "{{#link}}More: {{link}}{{/link}}",
      "",
      "{{/incidents}}",
      "-- ",
      "Trygga Trappan to {{group}}. This message describes places and times, not people.",
    ].join("\n"),
    sms: "{{#incidents}}{{summary}} ({{severityWord}}{{#reasonWord}}, {{reasonWord}}{{/reasonWord}}){{^last}}\n{{/last}}{{/incidents}}{{#link}}\n{{link}}{{/link}}",
  },
};

const WORDS = {
  sv: {
    kind: KIND_WORDS.sv,
    severity: SEVERITY_WORDS.sv,
    reason: { opened: "", severity: "allvarligare", repeat: "pågår fortfarande", escalated: "eskalerad", closed: "avslutad" } as Record<Reason, string>,
    place: "platsen",
    ongoing: "pågår",
    heading: (n: number, area: string) => (n === 1 ? `En avvikelse${area ? ` i ${area}` : ""}:` : `${n} avvikelser${area ? ` i ${area}` : ""}:`),
    entrance: "uppgång",
    floor: "plan",
    minutes: "min",
    hours: "tim",
    observed: { minutes: "närvaro {v} min", visits: "{v} besök", occupiedMinutes: "{v} min närvaro", windowMinutes: "på {v} min", nights: "{v} nätter på 7 dagar", online: "ej hörd", tamper: "öppnad" },
    expected: { thresholdMinutes: "gräns {v} min", usualMinutes: "normalt under {v} min", visits: "normalt {v} besök", learnedMinutes: "inlärt {v} min" },
  },
  en: {
    kind: KIND_WORDS.en,
    severity: SEVERITY_WORDS.en,
    reason: { opened: "", severity: "more severe", repeat: "still going on", escalated: "escalated", closed: "closed" } as Record<Reason, string>,
    place: "the place",
    ongoing: "ongoing",
    heading: (n: number, area: string) => (n === 1 ? `One deviation${area ? ` in ${area}` : ""}:` : `${n} deviations${area ? ` in ${area}` : ""}:`),
    entrance: "entrance",
    floor: "floor",
    minutes: "min",
    hours: "h",
    observed: { minutes: "present {v} min", visits: "{v} visits", occupiedMinutes: "{v} min present", windowMinutes: "in {v} min", nights: "{v} nights in 7 days", online: "not heard", tamper: "opened" },
    expected: { thresholdMinutes: "limit {v} min", usualMinutes: "usually under {v} min", visits: "usually {v} visits", learnedMinutes: "learned {v} min" },
  },
};

export interface RenderOptions {
  language: Language;
  timeZone: string;
  /** Overrides of the default templates; empty ones fall back to the default. */
  templates?: Partial<Templates>;
  /** A link per incident, itself a template over the incident's view (e.g. ".../lagesbild#{{id}}"). */
  link?: string;
}

export interface Rendered {
  subject: string;
  email: string;
  sms: string;
}

/** Observed or expected numbers in words ("närvaro 38 min, 12 besök"); keys without words are left out. */
function numbers(values: object, words: Record<string, string>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    const word = words[k];
    if (word === undefined || v === undefined || v === null) continue;
    if (typeof v === "boolean") {
      if ((k === "online" && !v) || (k === "tamper" && v)) parts.push(word);
      continue;
    }
    parts.push(word.replace("{v}", String(v)));
  }
  return parts.join(", ");
}

export class Renderer {
  private readonly date: Intl.DateTimeFormat;
  private readonly time: Intl.DateTimeFormat;
  private readonly templates: Templates;

  constructor(private readonly options: RenderOptions) {
    const locale = options.language === "sv" ? "sv-SE" : "en-GB";
    this.date = new Intl.DateTimeFormat(locale, { timeZone: options.timeZone, weekday: "short", day: "numeric", month: "short" });
    this.time = new Intl.DateTimeFormat(locale, { timeZone: options.timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const defaults = DEFAULT_TEMPLATES[options.language];
    const given = options.templates ?? {};
    this.templates = { subject: given.subject?.trim() || defaults.subject, email: given.email?.trim() || defaults.email, sms: given.sms?.trim() || defaults.sms };
    // Parse once, so a broken template is found on deploy, not at 3 a.m.
    for (const t of Object.values(this.templates)) Mustache.parse(t);
    if (options.link) Mustache.parse(options.link);
  }

  /** The view of one incident, every value already in words. */
  incidentView(incident: Incident & { summary?: { sv: string; en: string } }, reason: Reason) {
    const w = WORDS[this.options.language];
    const l = incident.location;
    const space = l ? SPACE_WORDS[l.space]?.[this.options.language] ?? l.space : w.place;
    const where = [l?.address ? `${space}, ${l.address}${l.entrance ? ` ${l.entrance}` : ""}` : space, l?.floor !== undefined && l.space === "stairwell" ? `${w.floor} ${l.floor}` : ""].filter(Boolean).join(", ");
    const from = this.time.format(incident.start);
    const to = incident.end !== undefined ? this.time.format(incident.end) : w.ongoing;
    const span = `${this.date.format(incident.start)} ${from}–${to}`;
    const minutes = incident.end !== undefined ? Math.round((incident.end - incident.start) / 60_000) : undefined;
    const duration = minutes === undefined ? "" : minutes < 120 ? `${minutes} ${w.minutes}` : `${Math.floor(minutes / 60)} ${w.hours} ${minutes % 60} ${w.minutes}`;
    const view = {
      id: incident.id,
      sensor: incident.sensor ?? "",
      kind: incident.kind,
      kindWord: w.kind[incident.kind] ?? incident.kind,
      severity: incident.severity,
      severityWord: w.severity[incident.severity] ?? incident.severity,
      state: incident.state,
      reason,
      reasonWord: w.reason[reason],
      site: l?.site ?? "",
      address: l?.address ?? "",
      entrance: l?.entrance ?? "",
      district: l?.district ?? "",
      policeArea: l?.policeArea ?? "",
      space,
      where,
      from,
      to,
      span,
      minutes: minutes ?? "",
      duration,
      observed: numbers(incident.observed ?? {}, w.observed),
      expected: numbers(incident.expected ?? {}, w.expected),
      summary: incident.summary?.[this.options.language] ?? `${w.kind[incident.kind] ?? incident.kind}, ${where}, ${span}`,
      link: "",
      last: false,
    };
    if (this.options.link) view.link = Mustache.render(this.options.link, view, {}, { escape: encodeURIComponent });
    return view;
  }

  /** The subject, email body and SMS of one group's message. Plain text: no HTML escaping. */
  render(flush: Flush): Rendered {
    const incidents = flush.items.map((item) => this.incidentView(item.incident, item.reason));
    if (incidents.length > 0) incidents[incidents.length - 1].last = true;
    const reasons = new Set(flush.items.map((i) => i.reason));
    const single = incidents.length === 1 ? incidents[0] : undefined;
    const view = {
      group: flush.group.name,
      area: flush.area,
      count: incidents.length,
      one: single ? [single] : false,
      reasonWord: reasons.size === 1 ? incidents[0].reasonWord : "",
      heading: WORDS[this.options.language].heading(incidents.length, flush.area),
      incidents,
      // One incident's link also for the whole message (an SMS has room for one).
      link: single?.link ?? "",
    };
    const plain = (template: string) => Mustache.render(template, view, {}, { escape: (s: string) => s });
    return { subject: plain(this.templates.subject).replace(/\s+/g, " ").trim(), email: plain(this.templates.email).replace(/\n{3,}/g, "\n\n"), sms: plain(this.templates.sms).trim() };
  }
}
