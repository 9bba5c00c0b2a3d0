/**
 * Recipient groups: who gets which incidents ("Polisen Skärholmen" gets loitering, stash visits
 * and night disturbances in Skärholmen; "Fastighetsjour" gets sensor health), by which channels,
 * when (quiet hours), and to whom an incident goes when it stays open too long (escalation).
 */
import { areaOf as areaOfLocation, type Incident, type IncidentKind, type Severity } from "../events";
import { SEVERITIES, severityRank } from "./severity";

export interface QuietHours {
  /** "22:00": from this local time … */
  from: string;
  /** … to this one ("07:00"), in the site's time zone; may run over midnight. */
  to: string;
  /** Incidents of at least this severity are sent even in quiet hours. */
  unlessSeverity: Severity;
}

export interface RecipientGroup {
  id: string;
  name: string;
  emails: string[];
  /** E.164: +46701234567. */
  phones: string[];
  /** Webhook URLs. */
  webhooks: string[];
  /** Routing: empty lists mean all; "report" is the weekly report. */
  kinds: (IncidentKind | "report")[];
  minSeverity: Severity;
  districts: string[];
  policeAreas: string[];
  sites: string[];
  quietHours?: QuietHours;
  /** Another group that gets an incident still open this long after it was first sent here. */
  escalateTo?: string;
  escalateAfterMs?: number;
  language: "sv" | "en";
}

export const KINDS: (IncidentKind | "report")[] = ["loitering", "off-hours", "visit-surge", "sensor-offline", "tamper", "observation", "report"];

// E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
const E164 = /^\+[1-9]\d{6,14}$/;
// Deliberately plain: a local part, one @, a domain with a dot; no spaces, no display names.
const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]{2,}$/;

export const isE164 = (value: string) => E164.test(value);
export const isEmail = (value: string) => EMAIL.test(value);

/** Phone numbers as people write them ("070-123 45 67", "+46 70 123 45 67") in E.164, or undefined. */
export function toE164(value: string, countryCode = "46"): string | undefined {
  const compact = value.trim().replace(/[\s\-().]/g, "");
  const e164 = compact.startsWith("00") ? `+${compact.slice(2)}` : compact.startsWith("0") ? `+${countryCode}${compact.slice(1)}` : compact;
  return isE164(e164) ? e164 : undefined;
}

export interface GroupProblem {
  code: "noName" | "badEmail" | "badPhone" | "badWebhook" | "noRecipients" | "badQuietHours" | "badSeverity" | "badKind";
  value?: string;
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of "HH:MM", or undefined. */
export function minutesOfDay(value: string): number | undefined {
  const m = TIME.exec(value.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** What is wrong with a group, each problem naming the value; empty when it is fine. */
export function checkGroup(group: RecipientGroup): GroupProblem[] {
  const problems: GroupProblem[] = [];
  if (!group.name.trim()) problems.push({ code: "noName" });
  for (const email of group.emails) if (!isEmail(email)) problems.push({ code: "badEmail", value: email });
  for (const phone of group.phones) if (!isE164(phone)) problems.push({ code: "badPhone", value: phone });
  for (const url of group.webhooks) {
    let ok = false;
    try {
      ok = ["http:", "https:"].includes(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) problems.push({ code: "badWebhook", value: url });
  }
  if (group.emails.length + group.phones.length + group.webhooks.length === 0) problems.push({ code: "noRecipients" });
  if (group.quietHours) {
    const q = group.quietHours;
    if (minutesOfDay(q.from) === undefined) problems.push({ code: "badQuietHours", value: q.from });
    if (minutesOfDay(q.to) === undefined) problems.push({ code: "badQuietHours", value: q.to });
    if (!SEVERITIES.includes(q.unlessSeverity)) problems.push({ code: "badSeverity", value: String(q.unlessSeverity) });
  }
  if (!SEVERITIES.includes(group.minSeverity)) problems.push({ code: "badSeverity", value: String(group.minSeverity) });
  for (const kind of group.kinds) if (!KINDS.includes(kind)) problems.push({ code: "badKind", value: kind });
  return problems;
}

/** Whether an incident goes to a group by its routing (kinds, severity, district, police area, site). */
export function routes(group: RecipientGroup, incident: Incident): boolean {
  if (group.kinds.length > 0 && !group.kinds.includes(incident.kind)) return false;
  if (severityRank(incident.severity) < severityRank(group.minSeverity)) return false;
  const location = incident.location;
  const within = (list: string[], value: string | undefined) => list.length === 0 || (value !== undefined && list.some((v) => v.toLowerCase() === value.toLowerCase()));
  return within(group.districts, location?.district) && within(group.policeAreas, location?.policeArea) && within(group.sites, location?.site);
}

/** The area a group's messages are grouped by: the police area, else the district, else the site. */
export function areaOf(incident: Incident): string {
  return areaOfLocation(incident.location);
}
