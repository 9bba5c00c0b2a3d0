/**
 * trappan-baseline: presence events become presence episodes and each sensor's learned normal
 * week (core/learner.ts, core/baseline.ts). Episodes, health events and watermarks (event time
 * has reached ts) go on to trappan-anomaly. Every sensor's state is kept in Node-RED's context
 * store, versioned, and restored after a restart. The edit dialog draws a sensor's learned week
 * from the admin endpoints below.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from "node-red";
import { Baseline } from "../../core/baseline";
import { DEFAULT_EPISODE_OPTIONS } from "../../core/episodes";
import type { HealthEvent } from "../../core/events";
import { checkHealth, EpisodeNote, InputError, Learner, SensorSnapshot, toEpisodeMessage, Watermark } from "../../core/learner";
import { seedFromInflux } from "../../core/storage/warmstart";
import type { SlotMinutes } from "../../core/time";
import { sayer, translator } from "../i18n";
import { minimumSettings, settingLabel } from "../settings";
import { statusTicker } from "../status";
import type { BaselineNode, InfluxNode, SiteNode } from "../types";

interface BaselineDef extends NodeDef {
  site: string;
  slotMinutes: string;
  halfLifeDays: string;
  learningDays: string;
  mergeGapSeconds: string;
  blipSeconds: string;
  /** Missing in flows saved before it was a setting: the default then. */
  silentTimeouts?: string;
  store: string;
  /** A trappan-influx node to warm-start from (stored aggregates), and how many days back. */
  influx?: string;
  warmStartDays?: string;
}

/** How often quiet time is let pass (episodes finish, watermarks go out), and state is saved. */
const TICK_MS = 5_000;
const SAVE_EVERY_MS = 60_000;
/** Context keys are property paths (dots nest): sensor ids are kept out of them. */
const KEY_PREFIX = "sensor_";
const keyOf = (sensor: string) => KEY_PREFIX + Buffer.from(sensor).toString("base64url");
const sensorOf = (key: string) => Buffer.from(key.slice(KEY_PREFIX.length), "base64url").toString();

export = function register(RED: NodeAPI) {
  function BaselineNodeConstructor(this: BaselineNode, config: BaselineDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const site = config.site ? (RED.nodes.getNode(config.site) as SiteNode | null) : null;
    const slotMinutes = ([15, 30, 60].includes(Number(config.slotMinutes)) ? Number(config.slotMinutes) : 30) as SlotMinutes;
    /** Settings the dialog got wrong, each said once the node is up (its default is used). */
    const settingProblems: string[] = [];
    const number = minimumSettings(RED, "trappan-baseline", settingProblems);
    const label = settingLabel(RED, "trappan-baseline");
    const baseline = new Baseline({
      timezone: site?.registry.timezone ?? "Europe/Stockholm",
      slotMinutes,
      halfLifeDays: number(config.halfLifeDays, 28, 1, label("halfLife")),
      learningDays: number(config.learningDays, 14, 0, label("learning")),
    });
    const episodeDefaults = DEFAULT_EPISODE_OPTIONS;
    const learner = new Learner(baseline, {
      mergeGapMs: number(config.mergeGapSeconds, episodeDefaults.mergeGapMs / 1000, 0, label("mergeGap")) * 1000,
      blipMs: number(config.blipSeconds, episodeDefaults.blipMs / 1000, 0, label("blip")) * 1000,
      silentTimeouts: number(config.silentTimeouts, episodeDefaults.silentTimeouts, 0, label("silentTimeouts")),
    });
    const warmStartDays = number(config.warmStartDays, 56, 1, label("warmStartDays"));
    node.baseline = baseline;
    node.learner = learner;
    const say = sayer(translator(RED, "trappan-baseline.errors"));
    const store = config.store || undefined;
    const context = node.context();

    let restored = false;
    let closed = false;
    /** The warm start's progress while it reads, then what it did (shown in the status). */
    let warming: string | undefined;
    let warmed: { text: string; ok: boolean } | undefined;
    // Settings the dialog got wrong count as errors from the start, as bad input does.
    for (const problem of settingProblems) node.error(problem);
    let errors = settingProblems.length;
    let events = 0;
    const dirty = new Set<string>();
    // Event time: the latest event's, plus the wall time since it came (quiet nights pass too).
    let lastTs = -Infinity;
    let lastWall = 0;
    let watermarkSent = -Infinity;
    const now = () => (Number.isFinite(lastTs) ? lastTs + (Date.now() - lastWall) : Date.now());

    const status = statusTicker(node, () => {
      let learning = 0;
      for (const sensor of baseline.sensorIds()) if (!baseline.learned(sensor, now())) learning++;
      const text = `${RED._("trappan-baseline.status.sensors", { count: baseline.size })}${learning > 0 ? ` · ${RED._("trappan-baseline.status.learning", { count: learning })}` : ""} · ${RED._("trappan-baseline.status.events", { count: events })}`;
      if (warming) return { fill: "blue", shape: "ring", text: warming };
      if (!restored) return { fill: "grey", shape: "ring", text: RED._("trappan-baseline.status.restoring") };
      const shown = warmed ? `${text} · ${warmed.text}` : text;
      if (errors > 0) return { fill: "yellow", shape: "dot", text: `${shown} · ${RED._("trappan-baseline.status.errors", { count: errors })}` };
      return { fill: warmed && !warmed.ok ? "yellow" : "green", shape: "dot", text: shown };
    });

    // A replayed past (msg.replay) stays marked as such downstream, so live views can leave it out.
    // Messages made from an input keep its _msgid, as Node-RED's split node does: traceable, and no new id each.
    const message = (payload: object, topic?: string, replay?: boolean, msgid?: string): NodeMessage => {
      const msg = { topic, payload, baseline: node.id } as NodeMessage & { replay?: boolean };
      if (replay) msg.replay = true;
      if (msgid) msg._msgid = msgid;
      return msg;
    };
    const episodes = (notes: EpisodeNote[], replay?: boolean, msgid?: string, out: NodeMessage[] = []): NodeMessage[] => {
      for (const note of notes) out.push(message(toEpisodeMessage(note), note.sensor, replay, msgid));
      return out;
    };

    const handle = (msg: NodeMessageInFlow, send: (msgs: NodeMessage[]) => void) => {
      const replay = (msg as { replay?: unknown }).replay === true;
      const payload = msg.payload as { type?: string; ts?: number; sensor?: string; command?: string };
      if (payload && typeof payload === "object" && payload.command === "forget") {
        // A sensor moved or replaced: what it learned no longer holds.
        if (typeof payload.sensor !== "string" || !payload.sensor) throw new InputError("noSensor", {}, "the event has no sensor");
        learner.forget(payload.sensor);
        dirty.delete(payload.sensor);
        context.set(keyOf(payload.sensor), undefined, store);
        return;
      }
      if (payload && typeof payload === "object" && payload.type === "health") {
        const health = checkHealth(payload as HealthEvent, Date.now());
        const out = episodes(learner.advance(health.ts), replay, msg._msgid);
        learner.health(health);
        // Only availability changes what is saved (a battery report does not).
        if (typeof health.online === "boolean" && baseline.get(health.sensor)) dirty.add(health.sensor);
        out.push(message(health, health.sensor, replay, msg._msgid));
        send(out);
        return;
      }
      const event = Learner.check(payload, Date.now());
      // Episodes that ended before this event go out first, in time order.
      const out = episodes(learner.advance(event.ts), replay, msg._msgid);
      try {
        episodes(learner.push(event), replay, msg._msgid, out);
      } catch (error) {
        // Other sensors' episodes that ended before this event have left the learner: they go on all the same.
        if (out.length > 0) send(out);
        // A replayed history (msg.replay) overlapping what was already learned is skipped quietly.
        const code = (error as InputError).code;
        if (!replay || (code !== "outOfOrder" && code !== "duplicate")) throw error;
        return;
      }
      events++;
      dirty.add(event.sensor);
      if (event.ts > lastTs) {
        lastTs = event.ts;
        lastWall = Date.now();
      }
      if (out.length > 0) send(out);
    };

    /** Quiet time passes: episodes whose merge gap ran out finish, and a watermark says the time. */
    const tick = () => {
      if (!restored || !Number.isFinite(lastTs)) return;
      const t = now();
      const out = episodes(learner.advance(t));
      for (const sensor of baseline.sensorIds()) baseline.commit(sensor, t);
      if (out.length > 0 || t - watermarkSent >= TICK_MS) {
        out.push(message({ type: "watermark", ts: t } satisfies Watermark));
        watermarkSent = t;
      }
      for (const m of out) node.send(m);
    };

    const save = (done?: () => void) => {
      const sensors = [...dirty];
      dirty.clear();
      if (sensors.length === 0) return done?.();
      let left = sensors.length;
      for (const sensor of sensors) {
        context.set(keyOf(sensor), learner.snapshot(sensor), store, (err?: Error) => {
          if (err) node.warn(RED._("trappan-baseline.warnings.save", { message: err.message }));
          if (--left === 0) done?.();
        });
      }
    };

    /**
     * Sensors with nothing saved learn their week from the aggregates already in InfluxDB, before
     * any input is taken (so nothing is learned twice). A failure is said and live learning goes on.
     */
    const influx = config.influx ? (RED.nodes.getNode(config.influx) as InfluxNode | null) : null;
    const warmStart = async () => {
      if (!influx || influx.problem) {
        if (influx?.problem) node.warn(RED._("trappan-baseline.warnings.warmStart", { message: influx.problem }));
        return;
      }
      warming = RED._("trappan-baseline.status.warming", { done: 0, of: "…" });
      status.refresh();
      try {
        const registry = site?.registry;
        const result = await seedFromInflux(influx.target, learner, Date.now(), {
          days: warmStartDays,
          sensors: registry && registry.size > 0 ? (sensor) => registry.locate(sensor) !== undefined : undefined,
          progress: (done, of) => {
            warming = RED._("trappan-baseline.status.warming", { done, of });
            status.refresh();
          },
        });
        for (const sensor of result.seeded) dirty.add(sensor);
        save();
        const text = RED._("trappan-baseline.warm.done", { count: result.seeded.length, episodes: result.episodes, skipped: result.skipped.length, excluded: result.excluded });
        node.log(text);
        warmed = { text: RED._("trappan-baseline.status.warmed", { count: result.seeded.length }), ok: true };
      } catch (error) {
        node.warn(RED._("trappan-baseline.warnings.warmStart", { message: (error as Error).message }));
        warmed = { text: RED._("trappan-baseline.status.warmFailed"), ok: false };
      } finally {
        warming = undefined;
      }
    };

    // Inputs wait until the saved state is back, so nothing is learned twice or lost.
    const waiting: Array<() => void> = [];
    context.keys(store, (err: Error | null | undefined, keys: unknown[]) => {
      if (err) node.warn(RED._("trappan-baseline.warnings.restore", { message: err.message }));
      const ours = (keys ?? []).filter((k): k is string => typeof k === "string" && k.startsWith(KEY_PREFIX));
      let left = ours.length;
      const release = () => {
        if (closed) return;
        restored = true;
        lastTs = learner.lastEventTs;
        lastWall = Date.now();
        status.refresh();
        for (const run of waiting.splice(0)) run();
      };
      const finish = () => (influx ? warmStart().finally(release) : release());
      if (left === 0) return finish();
      for (const key of ours) {
        context.get(key, store, (getErr: Error | null | undefined, snapshot: unknown) => {
          const sensor = sensorOf(key);
          try {
            if (getErr) throw getErr;
            if (snapshot) learner.restore(sensor, snapshot as SensorSnapshot);
          } catch (error) {
            node.warn(RED._("trappan-baseline.warnings.stale", { sensor, message: (error as Error).message }));
          }
          if (--left === 0) finish();
        });
      }
    });

    const ticker = setInterval(tick, TICK_MS);
    const saver = setInterval(() => save(), SAVE_EVERY_MS);

    node.on("input", (msg: NodeMessageInFlow, send: (msgs: NodeMessage | NodeMessage[] | NodeMessage[][]) => void, done: (err?: Error) => void) => {
      const run = () => {
        try {
          // One send per message: Node-RED copies every message after the first of one send.
          handle(msg, (out) => {
            for (const m of out) send(m);
          });
        } catch (error) {
          errors++;
          status.refresh();
          node.error(say(error as Error), msg);
        }
        done();
      };
      if (restored) run();
      else waiting.push(run);
    });

    node.on("close", (done: () => void) => {
      closed = true;
      clearInterval(ticker);
      clearInterval(saver);
      status.stop();
      save(done);
    });
  }

  RED.nodes.registerType("trappan-baseline", BaselineNodeConstructor as never);

  const baselineNode = (id: string) => {
    const node = RED.nodes.getNode(id) as BaselineNode | null;
    return node && node.type === "trappan-baseline" ? node : null;
  };

  /** The sensors a deployed baseline node knows, for the editor's heatmap picker. */
  RED.httpAdmin.get("/trappan/baseline/:id/sensors", RED.auth.needsPermission("trappan-baseline.read"), (req, res) => {
    const node = baselineNode(String(req.params.id));
    if (!node) {
      res.status(404).json({ error: RED._("trappan-baseline.errors.notDeployed") });
      return;
    }
    const sensors = [...node.baseline.sensorIds()].sort().map((sensor) => ({ sensor, location: node.learner.meta(sensor)?.location }));
    res.json({ sensors });
  });

  /** A sensor's learned week: expected visits and occupied minutes per hour of the week. */
  RED.httpAdmin.get("/trappan/baseline/:id/week", RED.auth.needsPermission("trappan-baseline.read"), (req, res) => {
    const node = baselineNode(String(req.params.id));
    const sensor = String(req.query.sensor ?? "");
    const week = node?.baseline.week(sensor);
    if (!node || !week) {
      res.status(404).json({ error: RED._(node ? "trappan-baseline.errors.unknownSensor" : "trappan-baseline.errors.notDeployed", { sensor }) });
      return;
    }
    res.json({ sensor, ...week });
  });
};
