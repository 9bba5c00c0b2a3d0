/**
 * The notify node's engine: incidents in, messages out, nothing lost and nothing twice.
 *
 *   accept(incident) → journal "in" → Notifier (grouping, quiet hours, repeat, escalation)
 *   wake → Notifier.due(now) → Renderer → one message per recipient and channel → journal "due"
 *   pump → Channel.send → journal "ok" | "try" (backoff) | "dead" → delivery events
 *
 * The journal is replayed on open: the same calls at the same times rebuild the Notifier, and
 * messages without "ok" or "dead" are sent. Wall time comes in through `now`; core never reads
 * the clock itself.
 */
import fs from "node:fs";
import path from "node:path";
import { checkIncident, Incident, IncidentError } from "../events";
import type { ReportMessage } from "../report/types";
import { Channel, ChannelName, DeliveryError, OutgoingMessage } from "./channel";
import { Accepted, Flush, Notifier, NotifierOptions, NotifierSnapshot } from "./notifier";
import { AppendLog } from "../append-log";
import type { RecipientGroup } from "./recipients";
import { fitSms, smsParts } from "./sms";
import { Language, Renderer, RenderOptions, Templates } from "./templates";

export interface RetryOptions {
  /** The first wait after a transient failure; doubles each time, with jitter. */
  baseMs: number;
  maxMs: number;
  /** A message still failing this long after it was made is dead-lettered. */
  giveUpAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { baseMs: 10_000, maxMs: 10 * 60_000, giveUpAfterMs: 24 * 3_600_000 };

export type DeliveryStatus = "sent" | "retrying" | "dead" | "delivered" | "failed";

/** What the node's second output says, once per incident in a message. */
export interface Delivery {
  type: "delivery";
  channel: ChannelName;
  recipient: string;
  group: string;
  incidentId: string;
  messageId: string;
  status: DeliveryStatus;
  attempts: number;
  providerId?: string;
  /** SMS: how many segments the operator charges. */
  segments?: number;
  error?: string;
  at: number;
}

/** Which channel carries which kind of address; "off" sends none. */
export interface Routes {
  email: Channel | "off";
  sms: Channel | "off";
  webhook: Channel | "off";
}

export interface ServiceOptions {
  dir: string;
  groups: RecipientGroup[];
  routes: Routes;
  notifier: NotifierOptions;
  render: Omit<RenderOptions, "language" | "templates"> & { templatesByLanguage?: Partial<Record<Language, Partial<Templates>>> };
  retry: RetryOptions;
  /** Messages per recipient per hour; 0: no limit. Over it, messages wait (they are never dropped). */
  ratePerHour: number;
  /** An SMS longer than this many segments is cut. */
  smsMaxSegments: number;
  /** Messages in flight at once. */
  concurrency: number;
  now: () => number;
  random?: () => number;
  on: {
    /** A message made and journaled, before it is sent. */
    made?(message: OutgoingMessage): void;
    delivery(delivery: Delivery): void;
    /** A message given up: its reason, for node.error. */
    dead(message: OutgoingMessage, reason: string): void;
    /** The journal could not be written (a full disk): what was being made is not sent. */
    failed(error: Error): void;
    /** Something changed that the status shows. */
    changed(): void;
  };
}

interface Pending {
  message: OutgoingMessage;
  createdAt: number;
  attempts: number;
  nextAt: number;
  lastError?: string;
}

type Record_ =
  | { t: "in"; at: number; i: Incident }
  | { t: "due"; at: number; m: OutgoingMessage[] }
  /** Messages made outside the notifier (a weekly report): pending, nothing to replay in it. */
  | { t: "made"; at: number; m: OutgoingMessage[] }
  | { t: "try"; at: number; id: string; n: number; next: number; err: string }
  | { t: "ok"; at: number; id: string; n: number; p?: string }
  | { t: "dead"; at: number; id: string; n: number; err: string }
  | { t: "snap"; at: number; notifier: NotifierSnapshot; pending: Pending[]; sent: [string, number[]][] };

const HOUR = 3_600_000;
/** Compact the journal when it grows past this. */
const COMPACT_BYTES = 8 * 1024 * 1024;

export interface Counts {
  accepted: number;
  sent: number;
  retrying: number;
  dead: number;
  stale: number;
  unrouted: number;
}

export class NotifyService {
  private readonly notifier: Notifier;
  private readonly renderers: Record<"sv" | "en", Renderer>;
  private readonly log: AppendLog;
  private readonly pending = new Map<string, Pending>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Send times per recipient in the last hour, for the rate limit. */
  private readonly sentAt = new Map<string, number[]>();
  /** Recently sent messages by the provider's id, for delivery reports. */
  private readonly byProviderId = new Map<string, { message: OutgoingMessage; attempts: number }>();
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;
  private closing = false;
  private sequence = 0;
  readonly counts: Counts = { accepted: 0, sent: 0, retrying: 0, dead: 0, stale: 0, unrouted: 0 };

  constructor(private readonly options: ServiceOptions) {
    this.notifier = new Notifier(options.groups, options.notifier);
    const { templatesByLanguage, ...render } = options.render;
    this.renderers = { sv: new Renderer({ ...render, language: "sv", templates: templatesByLanguage?.sv }), en: new Renderer({ ...render, language: "en", templates: templatesByLanguage?.en }) };
    this.log = new AppendLog(options.dir, "outbox.jsonl");
    this.replay();
    this.schedule();
  }

  /** Messages waiting to be sent (including those waiting for another try). */
  get waiting(): number {
    return this.pending.size;
  }

  get following(): number {
    return this.notifier.following;
  }

  /** Takes an incident; resolves when it is safely on disk. Throws IncidentError for a malformed one. */
  accept(incident: Incident): { accepted: Accepted; written: Promise<void> } {
    checkIncident(incident);
    const now = this.options.now();
    const accepted = this.notifier.receive(incident, now);
    if (accepted !== "told") {
      this.counts[accepted]++;
      return { accepted, written: Promise.resolve() };
    }
    this.counts.accepted++;
    const written = this.log.append({ t: "in", at: now, i: incident });
    this.schedule();
    return { accepted, written };
  }

  /**
   * Takes a weekly report (trappan-report's message): one email with the HTML body and the files
   * attached to each address of the groups that take reports ("report" among their kinds, or no
   * kinds chosen), and the summary to each webhook. No SMS: a report does not fit one. It skips the
   * notifier (no grouping, quiet hours or repeats: a report is asked for) but not the journal,
   * retries or rate limit.
   */
  acceptReport(report: unknown): { accepted: "told" | "unrouted"; written: Promise<void> } {
    checkReport(report);
    const now = this.options.now();
    const base = `${report.id.replace(/[^\w-]/g, "")}-${now.toString(36)}-${(this.sequence++).toString(36)}`;
    const messages: OutgoingMessage[] = [];
    const { email, webhook } = this.options.routes;
    for (const group of this.options.groups) {
      if (group.kinds.length > 0 && !group.kinds.includes("report")) continue;
      const add = (channel: Channel | "off", recipient: string, m: Partial<OutgoingMessage>) => {
        if (channel !== "off") messages.push({ id: `${base}-${messages.length}`, channel: channel.name, recipient, group: group.name, incidentIds: [report.id], text: report.text, subject: report.subject, ...m });
      };
      for (const address of group.emails) add(email, address, { htmlPath: report.files.html, attachments: report.attachments });
      const { rows: _rows, ...summary } = report.summary;
      for (const url of group.webhooks) add(webhook, url, { data: { type: "report", reportId: report.id, period: report.period, summary } });
    }
    if (messages.length === 0) {
      this.counts.unrouted++;
      return { accepted: "unrouted", written: Promise.resolve() };
    }
    this.counts.accepted++;
    const written = this.log.append({ t: "made", at: now, m: messages }).then(() => {
      for (const m of messages) {
        this.pending.set(m.id, { message: m, createdAt: now, attempts: 0, nextAt: now });
        this.options.on.made?.(m);
      }
      this.pump();
      this.schedule();
    });
    return { accepted: "told", written };
  }

  /** A provider's delivery report (46elks `whendelivered`, Twilio's status callback). */
  report(providerId: string, status: "delivered" | "failed" | "sent", at = this.options.now()): boolean {
    const sent = this.byProviderId.get(providerId);
    if (!sent) return false;
    if (status !== "sent") this.emit(sent.message, status, sent.attempts, at, providerId);
    return true;
  }

  private replay(): void {
    const records = this.log.read() as Record_[];
    for (const r of records) {
      switch (r.t) {
        case "snap":
          this.notifier.restore(r.notifier);
          for (const p of r.pending) this.pending.set(p.message.id, p);
          for (const [recipient, times] of r.sent) this.sentAt.set(recipient, times);
          break;
        case "in":
          this.notifier.receive(r.i, r.at);
          break;
        case "due":
          this.notifier.due(r.at);
          for (const m of r.m) this.pending.set(m.id, { message: m, createdAt: r.at, attempts: 0, nextAt: r.at });
          break;
        case "made":
          for (const m of r.m) this.pending.set(m.id, { message: m, createdAt: r.at, attempts: 0, nextAt: r.at });
          break;
        case "try": {
          const p = this.pending.get(r.id);
          if (p) Object.assign(p, { attempts: r.n, nextAt: r.next, lastError: r.err });
          break;
        }
        case "ok": {
          const p = this.pending.get(r.id);
          if (p) this.sentAt.set(p.message.recipient, [...(this.sentAt.get(p.message.recipient) ?? []), r.at]);
          this.pending.delete(r.id);
          break;
        }
        case "dead":
          this.pending.delete(r.id);
          break;
      }
    }
    this.compact();
  }

  private compact(): void {
    const now = this.options.now();
    for (const [recipient, times] of this.sentAt) {
      const recent = times.filter((t) => t > now - HOUR);
      if (recent.length > 0) this.sentAt.set(recipient, recent);
      else this.sentAt.delete(recipient);
    }
    this.log.rewrite([{ t: "snap", at: now, notifier: this.notifier.snapshot(), pending: [...this.pending.values()], sent: [...this.sentAt] }]);
  }

  /** One timer for the earliest of: the notifier's next message, the next attempt. */
  private schedule(): void {
    if (this.closing) return;
    let next = this.notifier.nextWake() ?? Infinity;
    const busy = this.inFlightPerRecipient();
    const now = this.options.now();
    for (const p of this.pending.values()) if (!this.inFlight.has(p.message.id)) next = Math.min(next, Math.max(p.nextAt, this.rateFree(p.message.recipient, busy.get(p.message.recipient) ?? 0, now)));
    if (next === this.wakeAt && this.timer) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.wakeAt = next;
    if (!Number.isFinite(next)) return;
    // setTimeout's limit is 2^31-1 ms; a wake further away than that is re-armed on the way.
    const delay = Math.min(Math.max(0, next - now), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wakeAt = Infinity;
      this.wake();
    }, delay);
  }

  private wake(): void {
    if (this.closing) return;
    const now = this.options.now();
    const wakeBefore = this.notifier.nextWake();
    if (wakeBefore !== undefined && wakeBefore <= now) {
      const messages = this.notifier.due(now).flatMap((flush) => this.messagesOf(flush, now));
      // Journal first: a message is sent only once it is on disk, so a crash cannot make it twice.
      void this.log.append({ t: "due", at: now, m: messages }).then(
        () => {
          for (const m of messages) {
            this.pending.set(m.id, { message: m, createdAt: now, attempts: 0, nextAt: now });
            this.options.on.made?.(m);
          }
          if (this.log.size > COMPACT_BYTES) this.compact();
          this.pump();
        },
        (error: Error) => this.options.on.failed(error),
      );
    } else this.pump();
    this.schedule();
  }

  private messagesOf(flush: Flush, now: number): OutgoingMessage[] {
    const rendered = this.renderers[flush.group.language].render(flush);
    const incidentIds = flush.items.map((i) => i.incident.id);
    const base = `${flush.group.id.replace(/[^\w-]/g, "")}-${now.toString(36)}-${(this.sequence++).toString(36)}`;
    const out: OutgoingMessage[] = [];
    const routes = this.options.routes;
    let n = 0;
    const add = (channel: Channel | "off", recipient: string, m: Pick<OutgoingMessage, "subject" | "text" | "data">) => {
      if (channel === "off") return;
      out.push({ id: `${base}-${n++}`, channel: channel.name, recipient, group: flush.group.name, incidentIds, ...m });
    };
    for (const email of flush.group.emails) add(routes.email, email, { subject: rendered.subject, text: rendered.email });
    const sms = fitSms(rendered.sms, this.options.smsMaxSegments);
    for (const phone of flush.group.phones) add(routes.sms, phone, { text: sms });
    for (const url of flush.group.webhooks) add(routes.webhook, url, { subject: rendered.subject, text: rendered.sms, data: { area: flush.area, incidents: flush.items.map((i) => ({ ...i.incident, reason: i.reason })) } });
    return out;
  }

  private inFlightPerRecipient(): Map<string, number> {
    const busy = new Map<string, number>();
    for (const id of this.inFlight.keys()) {
      const recipient = this.pending.get(id)?.message.recipient;
      if (recipient !== undefined) busy.set(recipient, (busy.get(recipient) ?? 0) + 1);
    }
    return busy;
  }

  /**
   * When the recipient may get another message under the rate limit, counting sends in flight as
   * sent; Infinity when only those block it (the end of a send looks again).
   */
  private rateFree(recipient: string, inFlight: number, now = this.options.now()): number {
    const limit = this.options.ratePerHour;
    if (limit <= 0) return -Infinity;
    const times = (this.sentAt.get(recipient) ?? []).filter((t) => t > now - HOUR);
    if (times.length + inFlight < limit) return -Infinity;
    if (times.length < limit) return Infinity;
    return times[times.length - limit] + HOUR;
  }

  private channelOf(message: OutgoingMessage): Channel | undefined {
    const { routes } = this.options;
    for (const c of [routes.email, routes.sms, routes.webhook]) if (c !== "off" && c.name === message.channel) return c;
    return undefined;
  }

  /** Starts the sends that are due, within the concurrency and each recipient's rate limit. */
  private pump(): void {
    if (this.closing) return;
    const now = this.options.now();
    const due = [...this.pending.values()].filter((p) => !this.inFlight.has(p.message.id) && p.nextAt <= now).sort((a, b) => a.nextAt - b.nextAt);
    // Sends in flight count against the rate limit as if they were sent.
    const busy = this.inFlightPerRecipient();
    for (const p of due) {
      if (this.inFlight.size >= this.options.concurrency) break;
      const recipient = p.message.recipient;
      if (this.rateFree(recipient, busy.get(recipient) ?? 0, now) > now) continue;
      busy.set(recipient, (busy.get(recipient) ?? 0) + 1);
      this.inFlight.set(p.message.id, this.attempt(p));
    }
    this.schedule();
  }

  private async attempt(p: Pending): Promise<void> {
    const { message } = p;
    const channel = this.channelOf(message);
    p.attempts++;
    try {
      if (!channel) throw new DeliveryError(`no ${message.channel} channel is configured`, false);
      const { providerId } = await channel.send(message);
      const at = this.options.now();
      const times = (this.sentAt.get(message.recipient) ?? []).filter((t) => t > at - HOUR);
      times.push(at);
      this.sentAt.set(message.recipient, times);
      this.pending.delete(message.id);
      await this.log.append({ t: "ok", at, id: message.id, n: p.attempts, ...(providerId ? { p: providerId } : {}) });
      this.counts.sent++;
      if (providerId) {
        this.byProviderId.set(providerId, { message, attempts: p.attempts });
        if (this.byProviderId.size > 10_000) this.byProviderId.delete(this.byProviderId.keys().next().value!);
      }
      this.emit(message, "sent", p.attempts, at, providerId);
    } catch (error) {
      const at = this.options.now();
      const e = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message, true);
      p.lastError = e.message;
      if (e.transient && at - p.createdAt < this.options.retry.giveUpAfterMs) {
        const backoff = Math.min(this.options.retry.maxMs, this.options.retry.baseMs * 2 ** (p.attempts - 1)) * (0.5 + (this.options.random ?? Math.random)());
        p.nextAt = at + Math.max(backoff, e.retryAfterMs ?? 0);
        this.counts.retrying++;
        await this.log.append({ t: "try", at, id: message.id, n: p.attempts, next: p.nextAt, err: e.message }).catch(() => undefined);
        this.emit(message, "retrying", p.attempts, at, undefined, e.message);
      } else {
        const reason = e.transient ? `gave up after ${p.attempts} attempts: ${e.message}` : e.message;
        this.pending.delete(message.id);
        this.counts.dead++;
        await this.log.append({ t: "dead", at, id: message.id, n: p.attempts, err: reason }).catch(() => undefined);
        this.deadLetter(message, reason, p.attempts, at);
        this.options.on.dead(message, reason);
        this.emit(message, "dead", p.attempts, at, undefined, reason);
      }
    } finally {
      this.inFlight.delete(message.id);
      this.options.on.changed();
      this.pump();
    }
  }

  /** The dead-letter list: one JSON line per message given up, kept apart from the journal for people to read. */
  private deadLetter(message: OutgoingMessage, reason: string, attempts: number, at: number): void {
    try {
      fs.appendFileSync(path.join(this.options.dir, "dead-letters.jsonl"), JSON.stringify({ at: new Date(at).toISOString(), reason, attempts, ...message }) + "\n");
    } catch {
      // The journal has the dead record and node.error says it; a second disk error adds nothing.
    }
  }

  private emit(message: OutgoingMessage, status: DeliveryStatus, attempts: number, at: number, providerId?: string, error?: string): void {
    const segments = message.channel === "sms" || (message.channel === "file" && message.subject === undefined) ? smsParts(message.text).segments.length : undefined;
    for (const incidentId of message.incidentIds) {
      this.options.on.delivery({
        type: "delivery",
        channel: message.channel,
        recipient: message.recipient,
        group: message.group,
        incidentId,
        messageId: message.id,
        status,
        attempts,
        ...(providerId ? { providerId } : {}),
        ...(segments !== undefined ? { segments } : {}),
        ...(error ? { error } : {}),
        at,
      });
    }
  }

  /** Stops: waits up to `graceMs` for sends in flight (their outcome is journaled), then closes. */
  async close(graceMs = 5_000): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight.values()]), new Promise<void>((resolve) => (timeout = setTimeout(resolve, graceMs)))]);
    if (timeout) clearTimeout(timeout);
    this.log.close();
    const channels = new Set([this.options.routes.email, this.options.routes.sms, this.options.routes.webhook].filter((c): c is Channel => c !== "off"));
    await Promise.allSettled([...channels].map((c) => c.close()));
  }
}

/** Refuses what is not a report the node can send, naming what is wrong. */
export function checkReport(report: unknown): asserts report is ReportMessage {
  const r = report as Partial<ReportMessage> | undefined;
  const missing = typeof r?.id !== "string" || !r.id ? "id" : typeof r.subject !== "string" ? "subject" : typeof r.text !== "string" ? "text" : typeof r.files?.html !== "string" ? "files.html" : !Array.isArray(r.attachments) ? "attachments" : !r.summary || typeof r.summary !== "object" ? "summary" : !r.period ? "period" : undefined;
  if (missing) throw new IncidentError("badReport", { field: missing }, `the report's ${missing} is missing or not valid`);
}
