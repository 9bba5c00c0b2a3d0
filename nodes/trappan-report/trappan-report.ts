/**
 * trappan-report: keeps its own log of incidents, observations and sensor health
 * (core/report/log.ts, under <userDir>/trappan/report-<id>/), compiles a week on an input
 * message (core/report/compile.ts), writes it as HTML, CSV, PDF and JSON and sends a message
 * ready for trappan-notify; and serves the lägesbild page at /trappan/lagesbild.
 */
import os from "node:os";
import path from "node:path";
import type { NodeAPI, NodeDef, NodeMessageInFlow, Node } from "node-red";
import type { HealthEvent, Incident } from "../../core/events";
import { compileReport } from "../../core/report/compile";
import { renderLagesbild } from "../../core/report/lagesbild";
import { ReportLog } from "../../core/report/log";
import { FORMATS, Format, listReports, publishReport, pruneReports, REPORT_FILE } from "../../core/report/publish";
import type { Period } from "../../core/report/types";
import { lastWholeWeek, periodOf, weekPeriod } from "../../core/report/week";
import { sayer, translator } from "../i18n";
import { admit, languageOf, Request, Response, removeRoutes, ruleOf } from "../http";
import { statusTicker } from "../status";
import type { SiteNode } from "../types";

interface ReportDef extends NodeDef {
  site: string;
  access: string;
  language: "" | "sv" | "en";
  title: string;
  lagesbild: boolean;
  hotspots: string;
  retentionWeeks: string;
}

/** The paths served by report nodes now: one page per path. */
const served = new Map<string, string>();

const LAGESBILD_PATH = "/trappan/lagesbild";
/** Report files (which hold staff notes) are kept a year, then deleted when a report is made. */
const REPORT_FILES_WEEKS = 52;
/** How far ahead of this machine's clock an event may be (clocks of gateways drift a little). */
const FUTURE_MS = 86_400_000;

/** "2026-W47", or { year, week }: the week a message asks for; undefined: the default. */
function askedPeriod(value: unknown, timezone: string): Period | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") {
    const m = /^(\d{4})-?W(\d{1,2})$/i.exec(value.trim());
    if (m) return weekPeriod(Number(m[1]), Number(m[2]), timezone);
  } else if (typeof value === "object" && Number.isInteger((value as { year?: unknown }).year) && Number.isInteger((value as { week?: unknown }).week)) {
    const { year, week } = value as { year: number; week: number };
    return weekPeriod(year, week, timezone);
  }
  throw new Error(`msg.period: expected "2026-W47" or { year, week }, got ${JSON.stringify(value)}`);
}

export = function register(RED: NodeAPI) {
  function ReportNode(this: Node, config: ReportDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const site = config.site ? (RED.nodes.getNode(config.site) as SiteNode | null) : null;
    const timezone = site?.registry.timezone ?? "Europe/Stockholm";
    const language = config.language === "sv" || config.language === "en" ? config.language : site?.registry.language ?? "sv";
    const hotspots = Math.max(1, Math.min(100, Number(config.hotspots) || 10));
    const userDir = RED.settings.userDir ?? path.join(os.homedir(), ".node-red");
    const dir = path.join(userDir, "trappan", `report-${node.id.replace(/[^\w-]/g, "_")}`);
    const reportsDir = path.join(dir, "reports");
    const say = sayer(translator(RED, "trappan-report.errors"));
    const access = ruleOf(RED, config.access, RED._("trappan-report.errors.accessMissing"));
    if (access.problem) node.warn(access.problem);

    let log: ReportLog | undefined;
    let problem: string | undefined;
    try {
      log = new ReportLog({ dir, retentionWeeks: Number(config.retentionWeeks) || 8 });
    } catch (error) {
      problem = RED._("trappan-report.errors.log", { message: (error as Error).message });
      node.error(problem);
    }
    let errors = 0;
    let lastReport: string | undefined;
    const status = statusTicker(node, () => {
      if (problem || !log) return { fill: "red", shape: "ring", text: problem ?? "" };
      const text = RED._("trappan-report.status.logged", { n: log.size }) + (lastReport ? ` · ${lastReport}` : "") + (errors ? ` · ${RED._("trappan-report.status.errors", { n: errors })}` : "");
      return { fill: errors ? "yellow" : "green", shape: "dot", text };
    });

    async function compile(msg: NodeMessageInFlow & { period?: unknown; now?: unknown }, send: (m: NodeMessageInFlow) => void): Promise<void> {
      const now = typeof msg.now === "number" ? msg.now : Date.now();
      const period = askedPeriod(msg.period, timezone) ?? lastWholeWeek(now, timezone);
      const summary = compileReport(log!.input(), { period, language, hotspots, healthAsOf: now });
      const report = await publishReport(summary, { dir: reportsDir, title: config.title || undefined });
      pruneReports(reportsDir, period, REPORT_FILES_WEEKS);
      lastReport = period.label;
      send({ ...msg, topic: report.subject, payload: report, attachments: report.attachments } as unknown as NodeMessageInFlow);
    }

    node.on("input", (msg: NodeMessageInFlow & { period?: unknown; now?: unknown }, send: (m: NodeMessageInFlow) => void, done: (err?: Error) => void) => {
      if (!log) {
        errors++;
        done(new Error(problem));
        return;
      }
      const payload = msg.payload as { type?: unknown } | undefined;
      const type = payload && typeof payload === "object" && !Array.isArray(payload) ? payload.type : undefined;
      const failed = (error: Error) => {
        errors++;
        status.refresh();
        node.error(say(error), msg);
        done();
      };
      try {
        if (type === "incident" || type === "health") {
          // Event time far ahead of this machine's clock would age everything else out of the log.
          const ts = type === "health" ? (payload as HealthEvent).ts : Math.max(Number((payload as Incident).start), Number((payload as Incident).detectedAt));
          if (ts > Date.now() + FUTURE_MS) throw new Error(RED._("trappan-report.errors.future", { ts: new Date(ts).toISOString() }));
          (type === "incident" ? log.add(payload) : log.addHealth(payload as HealthEvent)).then(() => (status.soon(), done()), failed);
        } else if (type === "presence" || type === "episode" || type === "watermark") {
          // Comings and goings are never a report's business: not kept, not counted as errors.
          done();
        } else if (typeof type === "string" && type !== "compile") {
          failed(new Error(RED._("trappan-report.errors.unknown", { type })));
        } else {
          compile(msg, send).then(() => (status.refresh(), done()), failed);
        }
      } catch (error) {
        failed(error as Error);
      }
    });

    // The lägesbild page and the report files, behind the access rule.
    const page = config.lagesbild === false ? undefined : LAGESBILD_PATH;
    const filesPath = `${LAGESBILD_PATH}/reports/:file`;
    if (page && served.has(page) && served.get(page) !== node.id) {
      problem = RED._("trappan-report.errors.pathTaken", { path: page });
      node.error(problem);
    } else if (page && log) {
      served.set(page, node.id);
      const refusal = RED._("trappan-report.errors.refused");
      RED.httpNode.get(page, (req: Request, res: Response) => {
        if (!admit(access.rule, req, res, refusal)) return;
        const now = Date.now();
        const lang = languageOf(req, language);
        const token = typeof req.query?.token === "string" ? `token=${encodeURIComponent(req.query.token)}` : "";
        const q = (extra: string) => [extra, token].filter(Boolean).join("&");
        const week = compileReport(log!.input(), { period: periodOf(now, timezone), language: lang, hotspots });
        const reports = listReports(reportsDir)
          .slice(0, 12)
          // Relative links: they hold under any httpNodeRoot.
          .map((r) => ({ label: r.label, links: r.formats.map((format) => ({ format, href: `lagesbild/reports/${r.label}.${format}${token ? `?${token}` : ""}` })) }));
        const html = renderLagesbild({ language: lang, timezone, now, open: log!.open(), week, reports, langHref: { sv: `lagesbild?${q("lang=sv")}`, en: `lagesbild?${q("lang=en")}` } });
        res.setHeader("Cache-Control", "no-store");
        res.status(200).type("text/html; charset=utf-8").send(html);
      });
      RED.httpNode.get(filesPath, (req: Request, res: Response) => {
        if (!admit(access.rule, req, res, refusal)) return;
        const m = REPORT_FILE.exec(req.params?.file ?? "");
        if (!m) {
          res.status(404).type("text/plain; charset=utf-8").send("not found");
          return;
        }
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Content-Type", FORMATS[m[2] as Format]);
        // Only names the pattern allows, in the node's own folder: no path from the request is used.
        res.sendFile!(path.join(reportsDir, m[0]), (error?: Error) => {
          if (error && !res.headersSent) res.status(404).type("text/plain; charset=utf-8").send("not found");
        });
      });
    }

    node.on("close", (done: () => void) => {
      if (page && served.get(page) === node.id) {
        removeRoutes(RED, page);
        removeRoutes(RED, filesPath);
        served.delete(page);
      }
      status.stop();
      log?.close();
      done();
    });
  }

  RED.nodes.registerType("trappan-report", ReportNode as never);
};

