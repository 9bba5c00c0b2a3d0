/**
 * trappan-observation: staff report what they see (core/observation.ts). A small form in sv and en
 * on Node-RED's httpNode (default /trappan/observation), the same as JSON, CSV imports, and input
 * messages; each observation leaves as an Incident of kind "observation". Behind the access rule
 * (trappan-access); with none chosen, only this machine may open it.
 */
import type { NodeAPI, NodeDef, NodeMessageInFlow, Node } from "node-red";
import type { Incident } from "../../core/events";
import { FieldError, importObservationCsv, parseObservation, Place, placeKey, placeLabel, placesOf, severalSites } from "../../core/observation";
import { renderObservationForm, sayFieldError } from "../../core/observation-form";
import { admit, languageOf, mediaType, readBody, Request, Response, removeRoutes, ruleOf } from "../http";
import { statusTicker } from "../status";
import type { SiteNode } from "../types";

interface ObservationDef extends NodeDef {
  site: string;
  access: string;
  path: string;
  language: "" | "sv" | "en";
}

const DEFAULT_PATH = "/trappan/observation";

/** Paths served by observation nodes now: one form per path. */
const served = new Map<string, string>();

type Source = "form" | "json" | "csv" | "message";

export = function register(RED: NodeAPI) {
  function ObservationNode(this: Node, config: ObservationDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const site = config.site ? (RED.nodes.getNode(config.site) as SiteNode | null) : null;
    const timezone = site?.registry.timezone ?? "Europe/Stockholm";
    const language = config.language === "sv" || config.language === "en" ? config.language : site?.registry.language ?? "sv";
    const places: Place[] = placesOf(site?.registry.locations() ?? []);
    const access = ruleOf(RED, config.access, RED._("trappan-observation.errors.accessMissing"));
    if (access.problem) node.warn(access.problem);
    const route = "/" + (config.path || DEFAULT_PATH).trim().replace(/^\/+/, "").replace(/\/+$/, "");
    let accepted = 0;
    let refused = 0;
    let problem: string | undefined;
    if (!site) problem = RED._("trappan-observation.errors.noSite");
    else if (places.length === 0) problem = RED._("trappan-observation.errors.noPlaces");
    if (problem) node.error(problem);

    const status = statusTicker(node, () => {
      if (problem) return { fill: "red", shape: "ring", text: problem };
      const text = RED._("trappan-observation.status.counts", { accepted, refused });
      return { fill: refused ? "yellow" : "green", shape: "dot", text };
    });

    const say = (e: FieldError, lang: "sv" | "en") => (lang === "sv" ? sayFieldError(e, "sv") : e.text);
    const context = (source: Source) => ({ places, timezone, now: Date.now(), source });
    const emit = (incidents: Incident[], msg: Partial<NodeMessageInFlow> = {}) => {
      accepted += incidents.length;
      for (const incident of incidents) node.send({ ...msg, topic: `observation/${incident.id}`, payload: incident } as NodeMessageInFlow);
      status.soon();
    };
    /** One observation or an array of them (a JSON post, a message): the good ones and, by index, the refused. */
    const parseItems = (payload: unknown, source: Source) => {
      const incidents: Incident[] = [];
      const errors: { index: number; errors: FieldError[] }[] = [];
      (Array.isArray(payload) ? payload : [payload]).forEach((item: unknown, index) => {
        const result = item && typeof item === "object" ? parseObservation(item as Record<string, unknown>, context(source)) : undefined;
        if (result?.ok) incidents.push(result.incident);
        else errors.push({ index, errors: result ? result.errors : [{ field: "category", code: "notObject", params: {}, text: "expected an observation object" }] });
      });
      return { incidents, errors };
    };
    /** Refusals seen by Catch nodes, each naming its field, and counted. */
    const report = (errors: FieldError[], lang: "sv" | "en", where: string, msg?: object) => {
      refused++;
      status.soon();
      node.error(`${where}: ${errors.map((e) => `${e.field}: ${say(e, lang)}`).join("; ")}`, (msg ?? {}) as NodeMessageInFlow);
    };

    node.on("input", (msg: NodeMessageInFlow, _send: unknown, done: (err?: Error) => void) => {
      try {
        if (typeof msg.payload === "string") {
          const result = importObservationCsv(msg.payload, context("csv"));
          emit(result.incidents, msg);
          for (const line of result.errors) report(line.errors, language, RED._("trappan-observation.errors.line", { line: line.line }), msg);
        } else {
          const result = parseItems(msg.payload, "message");
          emit(result.incidents, msg);
          for (const e of result.errors) report(e.errors, language, RED._("trappan-observation.errors.item", { index: e.index }), msg);
        }
      } catch (error) {
        refused++;
        node.error(error as Error, msg);
      }
      done();
    });

    if (served.has(route) && served.get(route) !== node.id) {
      problem = RED._("trappan-observation.errors.pathTaken", { path: route });
      node.error(problem);
    } else if (!problem) {
      served.set(route, node.id);
      const refusal = RED._("trappan-observation.errors.refused");
      const page = (req: Request, res: Response, status: number, extra: { values?: Record<string, string>; errors?: FieldError[]; saved?: Incident }) => {
        const lang = languageOf(req, language);
        const token = typeof req.query?.token === "string" ? req.query.token : extra.values?.token;
        const saved = extra.saved;
        const place = saved?.location && places.find((p) => p.key === placeKey(saved.location!));
        const html = renderObservationForm({
          language: lang,
          places,
          action: (req.originalUrl ?? route).split("?")[0],
          values: extra.values,
          errors: extra.errors,
          translate: (e) => say(e, lang),
          saved: saved && {
            category: (saved.observed as { category: string }).category,
            place: place ? placeLabel(place, lang, severalSites(places)) : saved.location?.address ?? "",
            time: new Intl.DateTimeFormat(lang === "sv" ? "sv-SE" : "en-GB", { timeZone: timezone, dateStyle: "medium", timeStyle: "short" }).format(saved.start),
          },
          token,
          timezone,
          now: Date.now(),
        });
        res.setHeader("Cache-Control", "no-store");
        res.status(status).type("text/html; charset=utf-8").send(html);
      };

      RED.httpNode.get(route, (req: Request, res: Response) => {
        if (!admit(access.rule, req, res, refusal)) return;
        page(req, res, 200, {});
      });

      RED.httpNode.post(route, (req: Request, res: Response) => {
        readBody(req).then(
          (body) => {
            const type = mediaType(req);
            // The form's token travels in its body: read it before the access rule looks.
            let values: Record<string, string> | undefined;
            if (type === "application/x-www-form-urlencoded" || type === "") {
              values = typeof body === "string" ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, string>);
              req.body = values;
            } else if (type === "application/json" && typeof body === "string") {
              try {
                req.body = JSON.parse(body || "null");
              } catch {
                if (!admit(access.rule, req, res, refusal)) return;
                refused++;
                status.soon();
                node.error(RED._("trappan-observation.errors.json"), {} as NodeMessageInFlow);
                res.status(400).json({ error: RED._("trappan-observation.errors.json") });
                return;
              }
            } else req.body = body;
            if (!admit(access.rule, req, res, refusal)) return;
            const lang = languageOf(req, language);
            if (values) {
              const result = parseObservation(values, context("form"));
              if (result.ok) {
                emit([result.incident]);
                page(req, res, 200, { saved: result.incident, values: { token: values.token ?? "" } });
              } else {
                report(result.errors, lang, RED._("trappan-observation.errors.form"));
                // 200, as forms do: the page is a good answer (the errors are on it), and a 4xx would
                // read as a failure in the browser's console.
                page(req, res, 200, { values, errors: result.errors });
              }
              return;
            }
            const answer = (incidents: Incident[], errors: { at: Record<string, number>; errors: FieldError[] }[]) => {
              emit(incidents);
              for (const e of errors) report(e.errors, lang, JSON.stringify(e.at));
              const code = errors.length === 0 ? 201 : incidents.length === 0 ? 400 : 200;
              res.status(code).json({ accepted: incidents.map((i) => i.id), errors: errors.map((e) => ({ ...e.at, errors: e.errors.map((f) => ({ field: f.field, code: f.code, message: say(f, lang) })) })) });
            };
            if (type === "text/csv" || type === "text/plain") {
              const result = importObservationCsv(String(req.body ?? ""), context("csv"));
              answer(result.incidents, result.errors.map((e) => ({ at: { line: e.line }, errors: e.errors })));
              return;
            }
            const result = parseItems(req.body, "json");
            answer(result.incidents, result.errors.map((e) => ({ at: { index: e.index }, errors: e.errors })));
          },
          () => {
            if (!res.headersSent) res.status(413).type("text/plain; charset=utf-8").send(RED._("trappan-observation.errors.tooLarge"));
          },
        );
      });
    }

    node.on("close", (done: () => void) => {
      if (served.get(route) === node.id) {
        removeRoutes(RED, route);
        served.delete(route);
      }
      status.stop();
      done();
    });
  }

  RED.nodes.registerType("trappan-observation", ObservationNode as never);
};
