/**
 * trappan-store: writes what Grafana and the reports need to InfluxDB, and by default nothing
 * about when residents come and go. Presence becomes per-sensor aggregates per bucket (visits,
 * occupied seconds, and the baseline's expectation), incidents and health are stored as they come,
 * raw presence events only when the user turns that on.
 *
 * Everything accepted is appended to a journal under <userDir>/trappan/store-<id>/ before done():
 * while InfluxDB is away, or Node-RED restarts, it waits there and is written in order later.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { NodeAPI, NodeDef, NodeMessageInFlow, Node } from "node-red";
import type { BaselineView } from "../../core/baseline";
import type { HealthEvent, Incident, PresenceEvent } from "../../core/events";
import { EpisodeNote, InputError, Learner, fromEpisodeMessage } from "../../core/learner";
import { Aggregate, aggregateLine, healthLine, incidentLine, isIncidentLine, rawLine } from "../../core/storage/points";
import { Aggregator, AggregatorSnapshot } from "../../core/storage/aggregates";
import { FailureKind, Health, createWriter } from "../../core/storage/influx";
import { Journal } from "../../core/storage/journal";
import { Shipper, ShipperState } from "../../core/storage/shipper";
import { sayer, translator } from "../i18n";
import { minimumSettings, settingLabel } from "../settings";
import { statusTicker } from "../status";
import type { BaselineNode, InfluxNode } from "../types";

interface StoreDef extends NodeDef {
  influx: string;
  bucketMinutes: string;
  raw: boolean;
  bufferMegabytes: string;
  batchSize: string;
  flushSeconds: string;
}

/** How often wall time moves event time on when raw presence comes without a baseline node. */
const TICK_MS = 5_000;
const OPEN_BUCKETS = "open-buckets.json";
/** What the deploy-time check found, said as the status says a failing write. */
const HEALTH_STATUS: Record<Exclude<Health, { ok: true }>["problem"], FailureKind> = { unreachable: "retry", unauthorised: "unauthorised", missing: "missing", error: "bad-data" };

export = function register(RED: NodeAPI) {
  function StoreNodeConstructor(this: Node, config: StoreDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const say = sayer(translator(RED, "trappan-store.errors"));
    const influx = config.influx ? (RED.nodes.getNode(config.influx) as InfluxNode | null) : null;
    /** Settings the dialog got wrong, each said once the node is up (its default is used). */
    const settingProblems: string[] = [];
    const setting = minimumSettings(RED, "trappan-store", settingProblems);
    /** A number above 0 typed in the dialog: empty gives the default, and so does a bad value, which is reported. */
    const positive = (text: string | undefined, fallback: number, name: string): number => setting(text, fallback, 0, name, true);
    const label = settingLabel(RED, "trappan-store");
    const bufferMegabytes = positive(config.bufferMegabytes, 100, label("buffer"));
    const batchSize = Math.max(1, Math.min(5000, Math.round(positive(config.batchSize, 1000, label("batch")))));
    const flushSeconds = positive(config.flushSeconds, 1, label("batch", "orAfter"));

    let baselineId: string | undefined;
    const baseline = (): BaselineView | undefined => (baselineId ? (RED.nodes.getNode(baselineId) as BaselineNode | null)?.baseline : undefined);
    const bucketMinutes = [5, 10, 15, 30, 60].includes(Number(config.bucketMinutes)) ? Number(config.bucketMinutes) : 15;
    const aggregator = new Aggregator({ bucketMs: bucketMinutes * 60_000 }, baseline);
    const storeRaw = config.raw === true;
    /** Raw presence, when no baseline node is in front: episodes made here. */
    let learner: Learner | undefined;

    const userDir = RED.settings.userDir ?? path.join(os.homedir(), ".node-red");
    const dir = path.join(userDir, "trappan", `store-${node.id.replace(/[^\w.-]/g, "_")}`);
    let journal: Journal | undefined;
    let shipper: Shipper | undefined;
    let shipped: ShipperState | undefined;
    /** What the check on deploy found wrong; shown until a write goes through. */
    let deployProblem: FailureKind | undefined;
    let configProblem = influx ? influx.problem : RED._("trappan-store.errors.noInflux");
    // Settings the dialog got wrong count as errors from the start, as bad input does.
    for (const problem of settingProblems) node.error(problem);
    let errors = settingProblems.length;
    let rejected = 0;
    let warnedDrop = false;

    try {
      journal = new Journal(dir, { maxBytes: bufferMegabytes * 1024 * 1024, droppable: (line) => !isIncidentLine(line) });
      const snapshotFile = path.join(dir, OPEN_BUCKETS);
      if (fs.existsSync(snapshotFile)) {
        aggregator.restore(JSON.parse(fs.readFileSync(snapshotFile, "utf8")) as AggregatorSnapshot);
        fs.rmSync(snapshotFile);
      }
    } catch (error) {
      configProblem = RED._("trappan-store.errors.journal", { dir, message: (error as Error).message });
      node.error(configProblem);
    }

    const status = statusTicker(node, () => {
      if (configProblem) return { fill: "red", shape: "ring", text: configProblem };
      const backlog = journal?.size ?? 0;
      const parts: string[] = [];
      const failing = shipped?.failing?.kind ?? (shipped?.written ? undefined : deployProblem);
      if (failing) parts.push(RED._(`trappan-store.status.${failing}`));
      parts.push(RED._("trappan-store.status.written", { count: shipped?.written ?? 0 }));
      parts.push(RED._("trappan-store.status.waiting", { count: backlog }));
      if (journal?.dropped) parts.push(RED._("trappan-store.status.dropped", { count: journal.dropped }));
      if (rejected > 0) parts.push(RED._("trappan-store.status.rejected", { count: rejected }));
      if (errors > 0) parts.push(RED._("trappan-store.status.errors", { count: errors }));
      const fill = failing ? "red" : rejected > 0 || errors > 0 || journal?.dropped ? "yellow" : "green";
      return { fill, shape: failing || backlog > 0 ? "ring" : "dot", text: parts.join(" · ") };
    });

    if (influx && journal && !influx.problem) {
      shipper = new Shipper(
        journal,
        createWriter(influx.target, batchSize),
        {
          rejected: (line, failure) => {
            rejected++;
            node.error(RED._("trappan-store.errors.rejected", { message: failure.message, line: line.length > 300 ? `${line.slice(0, 300)}…` : line }));
          },
          changed: (state) => {
            shipped = state;
            status.soon();
          },
        },
        { batchSize, flushIntervalMs: flushSeconds * 1000 },
      );
      shipped = shipper.state;
      void influx.check().then((health) => {
        if (health.ok) return;
        deployProblem = HEALTH_STATUS[health.problem];
        node.warn(RED._(`trappan-store.health.${health.problem}`, { message: health.message }));
        status.refresh();
      });
      shipper.poke(); // what waited since the last run
    }

    /**
     * Lines accepted in one turn of the event loop go to disk in one write (a write per message
     * was the store's main cost); each input's done() waits for that write.
     */
    let batch: string[] = [];
    let batchDone: Array<(err?: Error) => void> = [];
    let scheduled = false;
    const commit = () => {
      scheduled = false;
      const [lines, dones] = [batch, batchDone];
      batch = [];
      batchDone = [];
      let failure: Error | undefined;
      try {
        if (lines.length > 0 && journal) {
          const dropped = journal.append(lines);
          if (dropped > 0 && !warnedDrop) {
            warnedDrop = true;
            node.warn(RED._("trappan-store.warnings.dropped", { count: dropped }));
          }
          shipper?.poke();
          status.soon();
        }
      } catch (error) {
        // The disk refused (full, gone): these messages were not accepted, and each says so.
        errors += dones.length;
        status.refresh();
        failure = new Error(RED._("trappan-store.errors.append", { message: (error as Error).message }));
      }
      for (const done of dones) done(failure);
    };
    const append = (lines: string[], done?: (err?: Error) => void) => {
      for (const line of lines) batch.push(line);
      if (done) batchDone.push(done);
      if (!scheduled) {
        scheduled = true;
        setImmediate(commit);
      }
    };

    const aggregates: Aggregate[] = [];
    const advance = (now: number, lines: string[]) => {
      aggregator.advance(now, aggregates);
      for (const a of aggregates) lines.push(aggregateLine(a));
      aggregates.length = 0;
    };

    let lastTs = -Infinity;
    let lastWall = 0;
    const seen = (ts: number) => {
      if (ts > lastTs) {
        lastTs = ts;
        lastWall = Date.now();
      }
    };
    const changes = (notes: EpisodeNote[]) => {
      for (const n of notes) aggregator.change(n.sensor, n.meta.kind, n.meta.location, n.change);
      notes.length = 0;
    };

    const handle = (msg: NodeMessageInFlow): string[] => {
      const payload = msg.payload as { type?: string; ts?: number } | undefined;
      if (!payload || typeof payload !== "object") throw new InputError("notEvent", { got: typeof payload }, `expected an episode, presence or health event, or an incident; got ${typeof payload}`);
      const lines: string[] = [];
      switch (payload.type) {
        case "episode": {
          const note = fromEpisodeMessage(payload);
          if (typeof (msg as { baseline?: unknown }).baseline === "string") baselineId = (msg as { baseline?: string }).baseline;
          seen(note.ts);
          advance(note.ts, lines);
          changes([note]);
          return lines;
        }
        case "watermark":
          if (typeof payload.ts !== "number" || !Number.isFinite(payload.ts)) throw new InputError("noTime", { sensor: "watermark" }, "a watermark needs ts");
          seen(payload.ts);
          advance(payload.ts, lines);
          return lines;
        case "presence": {
          const event = Learner.check(payload, Date.now()) as PresenceEvent;
          learner ??= new Learner(undefined);
          const notes: EpisodeNote[] = [];
          changes(learner.advance(event.ts, notes));
          advance(event.ts, lines);
          changes(learner.push(event, notes));
          seen(event.ts);
          if (storeRaw) lines.push(rawLine(event));
          return lines;
        }
        case "health": {
          const event = payload as HealthEvent;
          if (typeof event.sensor !== "string" || !Number.isFinite(event.ts)) throw new InputError("noTime", { sensor: String(event.sensor) }, "a health event needs sensor and ts");
          const line = healthLine(event);
          if (line) lines.push(line);
          return lines;
        }
        case "incident": {
          const incident = payload as Incident;
          if (typeof incident.id !== "string" || !Number.isFinite(incident.start) || !Number.isFinite(incident.detectedAt) || typeof incident.kind !== "string" || typeof incident.state !== "string") {
            throw new InputError("badIncident", {}, "an incident needs id, kind, state, start and detectedAt");
          }
          lines.push(incidentLine(incident));
          return lines;
        }
        default:
          throw new InputError("unknownInput", { type: String(payload.type) }, `expected an episode (from trappan-baseline), presence or health event, or an incident; got type ${JSON.stringify(payload.type)}`);
      }
    };

    // Without a baseline node in front, wall time moves event time on, so quiet buckets are written.
    const ticker = setInterval(() => {
      if (!learner || !Number.isFinite(lastTs)) return;
      const now = lastTs + (Date.now() - lastWall);
      const lines: string[] = [];
      changes(learner.advance(now, []));
      advance(now, lines);
      append(lines);
    }, TICK_MS);

    node.on("input", (msg: NodeMessageInFlow, _send: unknown, done: (err?: Error) => void) => {
      let lines: string[];
      try {
        if (!journal) throw new Error(configProblem);
        lines = handle(msg);
      } catch (error) {
        errors++;
        status.refresh();
        node.error(say(error as Error), msg);
        done();
        return;
      }
      append(lines, done);
    });

    node.on("close", (done: () => void) => {
      clearInterval(ticker);
      if (scheduled) commit(); // what was accepted this turn goes to disk before the journal closes
      status.stop();
      void (async () => {
        await shipper?.close();
        if (journal) {
          try {
            fs.writeFileSync(path.join(dir, OPEN_BUCKETS), JSON.stringify(aggregator.snapshot()));
          } catch (error) {
            node.warn(RED._("trappan-store.warnings.save", { message: (error as Error).message }));
          }
          journal.close();
        }
        done();
      })();
    });
  }

  RED.nodes.registerType("trappan-store", StoreNodeConstructor);
};
