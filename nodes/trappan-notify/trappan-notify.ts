/**
 * trappan-notify: incidents in, email and SMS out to the recipient groups (core/notify/service.ts):
 * grouped, held in quiet hours, repeated, escalated and rate-limited; journaled on disk under
 * <userDir>/trappan/notify-<id>/ before done(), retried, dead-lettered, never sent twice.
 * Output 1: each message as it is made. Output 2: each delivery's outcome.
 */
import os from "node:os";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NodeAPI, NodeDef, NodeMessageInFlow, Node } from "node-red";
import { Channel } from "../../core/notify/channel";
import { emailChannel } from "../../core/notify/email";
import { fileChannel } from "../../core/notify/file";
import { elks46Channel, parseElksDeliveryReport, parseTwilioStatusCallback, twilioChannel, webhookChannel } from "../../core/notify/http-channels";
import { DEFAULT_NOTIFIER } from "../../core/notify/notifier";
import { DEFAULT_RETRY, Delivery, NotifyService, Routes } from "../../core/notify/service";
import { DEFAULT_TEMPLATES, Renderer } from "../../core/notify/templates";
import type { Incident } from "../../core/events";
import { sayer, translator } from "../i18n";
import { minimumSettings, settingLabel } from "../settings";
import { statusTicker } from "../status";
import type { RecipientsNode } from "../types";
import { fromEnvironment } from "../environment";
import { readBody, removeRoutes, type Request } from "../http";

interface NotifyDef extends NodeDef {
  groups: string[];
  timezone: string;
  emailVia: "smtp" | "file" | "off";
  smtpHost: string;
  smtpPort: string;
  smtpSecurity: "tls" | "starttls" | "none";
  smtpSelfSigned: boolean;
  emailFrom: string;
  smsVia: "46elks" | "twilio" | "file" | "off";
  smsFrom: string;
  smsApiUrl: string;
  publicUrl: string;
  link: string;
  subjectSv: string;
  emailSv: string;
  smsSv: string;
  subjectEn: string;
  emailEn: string;
  smsEn: string;
  groupWaitSeconds: string;
  groupIntervalMinutes: string;
  repeatHours: string;
  sendClosed: boolean;
  ratePerHour: string;
  maxAgeMinutes: string;
  smsMaxSegments: string;
  retrySeconds: string;
  giveUpHours: string;
}

interface NotifyCredentials {
  smtpUser?: string;
  smtpPassword?: string;
  smsUser?: string;
  smsPassword?: string;
}

export = function register(RED: NodeAPI) {
  function NotifyNodeConstructor(this: Node, config: NotifyDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const say = sayer(translator(RED, "trappan-notify.errors"));
    const credentials = (this.credentials ?? {}) as NotifyCredentials;
    const userDir = RED.settings.userDir ?? path.join(os.homedir(), ".node-red");
    const safeId = node.id.replace(/[^\w.-]/g, "_");
    const dir = path.join(userDir, "trappan", `notify-${safeId}`);
    const outboxDir = path.join(userDir, "trappan", "outbox");
    const deliveryPath = `/trappan/notify/${safeId}/delivery`;
    const label = settingLabel(RED, "trappan-notify");
    /** Settings the dialog got wrong, each said once the node is up (its default is used). */
    const settingProblems: string[] = [];
    const num = minimumSettings(RED, "trappan-notify", settingProblems);

    const problems: string[] = [];
    const groups = (Array.isArray(config.groups) ? config.groups : [])
      .map((id) => {
        const g = RED.nodes.getNode(id) as RecipientsNode | null;
        if (!g) problems.push(RED._("trappan-notify.errors.noGroup", { id }));
        return g;
      })
      .filter((g): g is RecipientsNode => !!g);
    if (groups.length === 0 && problems.length === 0) problems.push(RED._("trappan-notify.errors.noGroups"));
    for (const g of groups) problems.push(...g.problems);
    // Escalation groups take part even when not listed here.
    const byId = new Map(groups.map((g) => [g.group.id, g.group]));
    for (const g of groups) {
      const to = g.group.escalateTo;
      if (to && !byId.has(to)) {
        const target = RED.nodes.getNode(to) as RecipientsNode | null;
        if (target) {
          byId.set(to, target.group);
          problems.push(...target.problems);
        } else problems.push(RED._("trappan-notify.errors.noGroup", { id: to }));
      }
    }
    const groupProblems = problems.length;

    let files: Channel | undefined;
    const file = () => (files ??= fileChannel(outboxDir));
    const routes: Routes = { email: "off", sms: "off", webhook: webhookChannel({}) };
    try {
      if (config.emailVia === "smtp") {
        if (!config.smtpHost?.trim()) throw new Error(RED._("trappan-notify.errors.noSmtpHost"));
        if (!config.emailFrom?.trim()) throw new Error(RED._("trappan-notify.errors.noFrom"));
        const security = config.smtpSecurity === "none" || config.smtpSecurity === "starttls" ? config.smtpSecurity : "tls";
        routes.email = emailChannel({
          host: config.smtpHost.trim(),
          port: num(config.smtpPort, security === "tls" ? 465 : 587, 1, label("smtpPort")),
          security,
          user: fromEnvironment(credentials.smtpUser) || undefined,
          password: fromEnvironment(credentials.smtpPassword),
          from: config.emailFrom.trim(),
          allowSelfSigned: config.smtpSelfSigned === true,
        });
      } else if (config.emailVia === "file") routes.email = file();
      const report = config.publicUrl?.trim() ? `${config.publicUrl.trim().replace(/\/+$/, "")}${deliveryPath}` : undefined;
      if (config.smsVia === "46elks") {
        routes.sms = elks46Channel({ username: fromEnvironment(credentials.smsUser) ?? "", password: fromEnvironment(credentials.smsPassword) ?? "", from: (config.smsFrom ?? "").trim(), apiUrl: config.smsApiUrl?.trim() || undefined, whenDelivered: report });
      } else if (config.smsVia === "twilio") {
        routes.sms = twilioChannel({ accountSid: fromEnvironment(credentials.smsUser) ?? "", authToken: fromEnvironment(credentials.smsPassword) ?? "", from: (config.smsFrom ?? "").trim(), apiUrl: config.smsApiUrl?.trim() || undefined, statusCallback: report });
      } else if (config.smsVia === "file") routes.sms = file();
    } catch (error) {
      problems.push((error as Error).message);
    }

    const notifier = {
      groupWaitMs: num(config.groupWaitSeconds, 30, 0, label("groupWait")) * 1000,
      groupIntervalMs: num(config.groupIntervalMinutes, 5, 0, label("groupWait", "groupInterval")) * 60_000,
      repeatIntervalMs: num(config.repeatHours, 4, 0, label("repeat")) * 3_600_000,
      maxAgeMs: num(config.maxAgeMinutes, 60, 0, label("maxAge")) * 60_000,
    };
    const retry = { baseMs: num(config.retrySeconds, 10, 0.1, label("retry")) * 1000, giveUpAfterMs: num(config.giveUpHours, 24, 0.01, label("retry", "giveUp")) * 3_600_000 };
    const ratePerHour = num(config.ratePerHour, 20, 0, label("rate", "perHour"));
    const smsMaxSegments = Math.max(1, Math.round(num(config.smsMaxSegments, 3, 1, label("segments"))));
    // Settings the dialog got wrong count as errors from the start, as bad input does.
    let errors = settingProblems.length;
    let service: NotifyService | undefined;
    const status = statusTicker(node, () => {
      if (!service) return { fill: "red", shape: "ring", text: problems[0] ?? RED._("trappan-notify.status.stopped") };
      const c = service.counts;
      const parts = [RED._("trappan-notify.status.sent", { count: c.sent })];
      if (service.waiting > 0) parts.push(RED._("trappan-notify.status.waiting", { count: service.waiting }));
      if (c.dead > 0) parts.push(RED._("trappan-notify.status.dead", { count: c.dead }));
      if (c.stale > 0) parts.push(RED._("trappan-notify.status.stale", { count: c.stale }));
      if (errors > 0) parts.push(RED._("trappan-notify.status.errors", { count: errors }));
      const fill = c.dead > 0 ? "red" : errors > 0 || problems.length > 0 ? "yellow" : "green";
      return { fill, shape: service.waiting > 0 ? "ring" : "dot", text: parts.join(" · ") };
    });

    const timeZone = config.timezone?.trim() || "Europe/Stockholm";
    const templatesByLanguage = {
      sv: { subject: config.subjectSv, email: config.emailSv, sms: config.smsSv },
      en: { subject: config.subjectEn, email: config.emailEn, sms: config.smsEn },
    };
    try {
      new Intl.DateTimeFormat("en", { timeZone });
    } catch {
      problems.push(RED._("trappan-notify.errors.timezone", { zone: timeZone }));
    }
    for (const language of ["sv", "en"] as const) {
      try {
        new Renderer({ language, timeZone: "UTC", templates: templatesByLanguage[language], link: config.link?.trim() || undefined });
      } catch (error) {
        problems.push(RED._("trappan-notify.errors.template", { language, message: (error as Error).message }));
      }
    }
    // A group's bad entry fails only its own messages; without a way to write or send, nothing runs.
    const fatal = problems.length > groupProblems;
    if (groups.length > 0 && !fatal) {
      try {
        service = new NotifyService({
          dir,
          groups: [...byId.values()],
          routes,
          notifier: {
            ...DEFAULT_NOTIFIER,
            ...notifier,
            sendClosed: config.sendClosed === true,
            timeZone,
          },
          render: {
            timeZone,
            link: config.link?.trim() || undefined,
            templatesByLanguage,
          },
          retry: { ...DEFAULT_RETRY, ...retry },
          ratePerHour,
          smsMaxSegments,
          concurrency: 4,
          now: () => Date.now(),
          on: {
            made: (message) => node.send([{ payload: { type: "notification", ...message } }, null] as never),
            delivery: (delivery: Delivery) => node.send([null, { payload: delivery, topic: delivery.status }] as never),
            dead: (message, reason) => node.error(RED._("trappan-notify.errors.dead", { channel: message.channel, recipient: message.recipient, reason }), { payload: message } as never),
            failed: (error) => {
              errors++;
              node.error(RED._("trappan-notify.errors.journal", { message: error.message }));
            },
            changed: () => status.soon(),
          },
        });
      } catch (error) {
        problems.push(RED._("trappan-notify.errors.start", { dir, message: (error as Error).message }));
        service = undefined;
      }
    }
    for (const problem of [...problems, ...settingProblems]) node.error(problem);
    status.refresh();

    // Delivery reports from 46elks (whendelivered) and Twilio (StatusCallback).
    let route: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
    if (config.publicUrl?.trim() && (config.smsVia === "46elks" || config.smsVia === "twilio")) {
      route = (req, res) => {
        void readBody(req as Request, 16_384).then(
          (body) => {
            const form = typeof body === "string" ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, string>);
            const report = config.smsVia === "46elks" ? parseElksDeliveryReport(form) : parseTwilioStatusCallback(form);
            if (report) service?.report(report.providerId, report.status);
            res.statusCode = report ? 204 : 400;
            res.end();
          },
          () => {
            res.statusCode = 400;
            res.end();
          },
        );
      };
      RED.httpNode.post(deliveryPath, route);
    }

    node.on("input", (msg: NodeMessageInFlow, _send: unknown, done: (err?: Error) => void) => {
      if (!service) {
        errors++;
        status.refresh();
        done(new Error(problems[0] ?? RED._("trappan-notify.status.stopped")));
        return;
      }
      try {
        const payload = msg.payload as { type?: unknown };
        const { written } = payload && typeof payload === "object" && payload.type === "report" ? service.acceptReport(payload) : service.accept(payload as Incident);
        status.soon();
        written.then(
          () => done(),
          (error: Error) => {
            errors++;
            status.refresh();
            done(new Error(RED._("trappan-notify.errors.journal", { message: error.message })));
          },
        );
      } catch (error) {
        errors++;
        status.refresh();
        node.error(say(error as Error), msg);
        done();
      }
    });

    node.on("close", (done: () => void) => {
      if (route) {
        removeRoutes(RED, deliveryPath);
      }
      status.stop();
      void (service?.close() ?? Promise.resolve()).then(async () => {
        if (!service) await Promise.allSettled([routes.email, routes.sms, routes.webhook].map((c) => (c === "off" ? undefined : c.close())));
        done();
      });
    });
  }

  RED.httpAdmin.get("/trappan/notify/templates", RED.auth.needsPermission("trappan-notify.read"), (_req, res) => {
    res.json(DEFAULT_TEMPLATES);
  });

  RED.nodes.registerType("trappan-notify", NotifyNodeConstructor, {
    credentials: { smtpUser: { type: "text" }, smtpPassword: { type: "password" }, smsUser: { type: "text" }, smsPassword: { type: "password" } },
  });
};

