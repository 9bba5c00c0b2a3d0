/**
 * trappan-site: the config node holding the site registry (core/sites.ts), its time zone and
 * language; and the admin endpoint the editor uses to import CSV or JSON with per-line errors.
 */
import type { NodeAPI, NodeDef } from "node-red";
import { isValidTimeZone, Language, parseSiteCsv, parseSiteJson, SiteRegistry, toSiteCsv } from "../../core/sites";
import { translator } from "../i18n";
import type { SiteNode } from "../types";

interface SiteDef extends NodeDef {
  timezone: string;
  language: Language;
  sensors: unknown;
}

export = function register(RED: NodeAPI) {
  function SiteNodeConstructor(this: SiteNode, config: SiteDef) {
    RED.nodes.createNode(this, config);
    let timezone = config.timezone || "Europe/Stockholm";
    if (!isValidTimeZone(timezone)) {
      this.error(RED._("trappan-site.errors.timezone", { timezone }));
      timezone = "Europe/Stockholm";
    }
    const { rows, errors } = parseSiteJson(config.sensors ?? []);
    const say = translator(RED, "trappan-site.rows");
    this.rowErrors = errors.map((e) => e.say(say));
    for (const message of this.rowErrors) this.error(RED._("trappan-site.errors.row", { message }));
    this.registry = new SiteRegistry(rows, timezone, config.language === "en" ? "en" : "sv");
  }

  RED.nodes.registerType("trappan-site", SiteNodeConstructor as never);

  /** Parses a CSV or JSON import for the editor, so the editor shows exactly what the runtime accepts. */
  RED.httpAdmin.post("/trappan/site/parse", RED.auth.needsPermission("trappan-site.write"), (req, res) => {
    const body = (req.body ?? {}) as { csv?: unknown; json?: unknown };
    if (typeof body.csv !== "string" && body.json === undefined) {
      res.status(400).json({ error: RED._("trappan-site.errors.importBody") });
      return;
    }
    const result = typeof body.csv === "string" ? parseSiteCsv(body.csv) : parseSiteJson(body.json);
    // The editor says the problems in its own language from their codes; message is English.
    res.json({ rows: result.rows, errors: result.errors.map((e) => ({ line: e.line, message: e.message, problems: e.problems })) });
  });

  /** Writes the editor's table as CSV with the documented columns; bad rows are left out. */
  RED.httpAdmin.post("/trappan/site/export", RED.auth.needsPermission("trappan-site.read"), (req, res) => {
    const { rows } = parseSiteJson((req.body as { rows?: unknown } | undefined)?.rows ?? []);
    res.type("text/csv; charset=utf-8").send(toSiteCsv(rows));
  });
};
