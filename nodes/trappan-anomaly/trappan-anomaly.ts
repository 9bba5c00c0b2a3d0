/**
 * trappan-anomaly: episodes from trappan-baseline (or raw presence events, for the fixed
 * 15-minute rule on its own) and health events become incidents (core/anomaly.ts): loitering,
 * off-hours and visit-surge on output 1 for the police, sensor-offline and tamper on output 2 for
 * caretakers. Open incidents, silences and the nights visit-surge remembers survive a restart;
 * maintenance windows and a silence message keep work and moving days from raising anything.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from "node-red";
import { AnomalyDetector, DEFAULT_ANOMALY_OPTIONS, ExplainedIncident } from "../../core/anomaly";
import type { Baseline, BaselineView } from "../../core/baseline";
import { HealthEvent, Incident, Space, SPACES } from "../../core/events";
import { checkHealth, checkTime, fromEpisodeMessage, InputError, Learner, SNAPSHOT_VERSION } from "../../core/learner";
import { MaintenanceSchedule, parseWindows } from "../../core/maintenance";
import { WeekClock } from "../../core/time";
import { sayer, translator } from "../i18n";
import { writtenNumber } from "../../core/words";
import { typedNumber } from "../settings";
import { statusTicker } from "../status";
import type { BaselineNode, SiteNode } from "../types";

interface AnomalyDef extends NodeDef {
  site: string;
  mode: "learned" | "fixed";
  floorMinutes: string;
  /** The off-hours tail level; empty for the default. */
  offHoursLevel?: string;
  /** A laundry room's booked pass, minutes; empty for the default, 0 for none. */
  laundryPassMinutes?: string;
  /** Local hours when loitering mostly happens, from and to (whole hours); empty for the default. */
  loiterFrom?: string;
  loiterTo?: string;
  spaceFloors: Partial<Record<Space, string | number>>;
  maintenance: unknown;
  store: string;
}

/** How often wall time moves event time on when raw presence comes without a baseline node. */
const TICK_MS = 5_000;
const HEALTH_KINDS = new Set(["sensor-offline", "tamper"]);

/**
 * The baseline the detector asks: the trappan-baseline node the episodes came from, looked up by
 * id once per input message (relink), so a redeployed baseline node is found again at the next.
 */
function linkedBaseline(RED: NodeAPI, linked: () => string | undefined): BaselineView & { relink(): void } {
  let current: Baseline | undefined;
  return {
    relink: () => {
      const id = linked();
      current = id ? (RED.nodes.getNode(id) as BaselineNode | null)?.baseline : undefined;
    },
    // Every argument passed on as given: the detector's questions reach the baseline whole.
    learned: (...args) => current?.learned(...args) ?? false,
    expectedVisits: (...args) => current?.expectedVisits(...args) ?? 0,
    dwellQuantile: (...args) => current?.dwellQuantile(...args),
    recurringLongStay: (...args) => current?.recurringLongStay(...args),
    sessionTail: (...args) => current?.sessionTail(...args),
    dwellFit: (...args) => current?.dwellFit(...args),
    nightDwellFit: (...args) => current?.nightDwellFit(...args),
    dwellBeyond: (...args) => current?.dwellBeyond(...args),
    shortestVisitSeconds: (...args) => current?.shortestVisitSeconds(...args) ?? 0,
    sessionGapMs: (...args) => current?.sessionGapMs(...args) ?? 3 * 60_000,
    meanVisitsPerHour: (...args) => current?.meanVisitsPerHour(...args) ?? 0,
    recentVisits: (...args) => current?.recentVisits(...args),
    expectedOccupiedMs: (...args) => current?.expectedOccupiedMs(...args) ?? 0,
    exclude: (...args) => current?.exclude(...args),
  };
}

export = function register(RED: NodeAPI) {
  function AnomalyNodeConstructor(this: Node, config: AnomalyDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const site = config.site ? (RED.nodes.getNode(config.site) as SiteNode | null) : null;
    const clock = new WeekClock(site?.registry.timezone ?? "Europe/Stockholm", 30);
    const say = sayer(translator(RED, "trappan-anomaly.errors"));
    const store = config.store || undefined;
    const context = node.context();

    let schedule = new MaintenanceSchedule([], clock);
    let configProblem = "";
    try {
      schedule = new MaintenanceSchedule(parseWindows(config.maintenance), clock);
    } catch (error) {
      configProblem = say(error as Error);
      node.error(RED._("trappan-anomaly.errors.maintenance", { message: configProblem }));
    }
    const written = (value: number) => writtenNumber(value, RED._("trappan-anomaly.decimalSeparator"));
    /** A number typed in the dialog: empty gives the default, and so does a bad value, which is reported. */
    const setting = (text: string | undefined, fallback: number, valid: (value: number) => boolean, error: string, about: Record<string, string> = {}): number =>
      typedNumber(text, fallback, valid, (typed) => {
        configProblem = RED._(`trappan-anomaly.errors.${error}`, { value: typed, default: written(fallback), ...about });
        node.error(configProblem);
      });
    const isFloor = (minutes: number) => minutes > 0;
    const floorMinutes: Partial<Record<Space, number>> & { default: number } = {
      default: setting(config.floorMinutes, DEFAULT_ANOMALY_OPTIONS.floorMinutes.default, isFloor, "floor"),
    };
    // A space's floor left empty, or not minutes, is the floor above.
    for (const space of SPACES) {
      const typed = config.spaceFloors?.[space];
      if (typed !== undefined) floorMinutes[space] = setting(String(typed), floorMinutes.default, isFloor, "spaceFloor", { space: RED._(`trappan-anomaly.spaces.${space}`) });
    }
    const offHoursAlpha = setting(config.offHoursLevel, DEFAULT_ANOMALY_OPTIONS.offHoursAlpha, (level) => level > 0 && level < 1, "offHoursLevel");
    const defaultPass = DEFAULT_ANOMALY_OPTIONS.passMinutes.laundry ?? 0;
    const passMinutes = { ...DEFAULT_ANOMALY_OPTIONS.passMinutes, laundry: setting(config.laundryPassMinutes, defaultPass, (minutes) => minutes >= 0, "laundryPass") };

    const isHour = (hour: number) => Number.isInteger(hour) && hour >= 0 && hour <= 23;
    const [defaultFrom, defaultTo] = DEFAULT_ANOMALY_OPTIONS.loiterHours;
    const loiterHours: [number, number] = [
      setting(config.loiterFrom, defaultFrom, isHour, "loiterHour"),
      setting(config.loiterTo, defaultTo, isHour, "loiterHour"),
    ];

    let baselineId: string | undefined;
    const linked = linkedBaseline(RED, () => baselineId);
    const detector = new AnomalyDetector(linked, clock, { floorMinutes, offHoursAlpha, passMinutes, loiterHours, fixedOnly: config.mode === "fixed" }, (_sensor, location, ts) =>
      schedule.covers(location, ts),
    );
    /** Raw presence, when no baseline node is in front: episodes made here, the floor alone. */
    let raw: Learner | undefined;

    let errors = 0;
    /** Incidents opened per local day (event time), for "n today". */
    let today = { day: "", count: 0 };
    let lastTs = -Infinity;
    let lastWall = 0;
    const now = () => (Number.isFinite(lastTs) ? lastTs + (Date.now() - lastWall) : Date.now());
    const seen = (ts: number) => {
      if (ts > lastTs) {
        lastTs = ts;
        lastWall = Date.now();
      }
    };

    const status = statusTicker(node, () => {
      const all = detector.open();
      const open = all.filter((i) => !HEALTH_KINDS.has(i.kind)).length;
      const health = all.length - open;
      const silences = detector.silences(now());
      const silenced = Object.keys(silences.sensors).length + Object.keys(silences.addresses).length;
      const parts = [RED._("trappan-anomaly.status.open", { count: open }), RED._("trappan-anomaly.status.today", { count: today.day === clock.day(now()) ? today.count : 0 })];
      if (health > 0) parts.push(RED._("trappan-anomaly.status.health", { count: health }));
      if (silenced > 0) parts.push(RED._("trappan-anomaly.status.silenced", { count: silenced }));
      if (errors > 0) parts.push(RED._("trappan-anomaly.status.errors", { count: errors }));
      const fill = errors > 0 || configProblem ? "yellow" : open > 0 ? "red" : "green";
      return { fill, shape: open > 0 ? "ring" : "dot", text: parts.join(" · ") };
    });

    const save = () => {
      clearTimeout(saveTimer);
      saveTimer = undefined;
      context.set("open", detector.open(), store);
      context.set("silences", detector.silences(now()), store);
      context.set("nights", detector.nights(now()), store);
    };
    // Incidents come in bursts (a replayed history): saved once a second at most, and at close.
    let saveTimer: NodeJS.Timeout | undefined;
    const saveSoon = () => {
      saveTimer ??= setTimeout(save, 1000);
    };

    /** Incidents out: presence kinds on output 1, health kinds on output 2. */
    const emit = (incidents: Incident[], send: (msgs: (NodeMessage[] | null)[]) => void, replay = false) => {
      if (incidents.length === 0) return;
      const police: NodeMessage[] = [];
      const caretakers: NodeMessage[] = [];
      for (const incident of incidents as ExplainedIncident[]) {
        // Found while a replayed past went through: marked, so live views and notifications can skip it.
        const msg = { topic: incident.kind, payload: incident, ...(replay ? { replay: true } : {}) } as NodeMessage;
        (HEALTH_KINDS.has(incident.kind) ? caretakers : police).push(msg);
        if (incident.state === "open" && !HEALTH_KINDS.has(incident.kind)) {
          const key = clock.day(incident.detectedAt);
          today = key === today.day ? { day: key, count: today.count + 1 } : { day: key, count: 1 };
        }
      }
      send([police.length ? police : null, caretakers.length ? caretakers : null]);
      // The status follows within its second; working it out per burst of incidents would cost more than the incidents.
      saveSoon();
    };

    const command = (payload: { command: string; sensor?: unknown; address?: unknown; minutes?: unknown; until?: unknown }, out: Incident[]): Incident[] => {
      const t = now();
      const until = payload.command === "unsilence" ? t : typeof payload.until === "number" ? payload.until : t + Number(payload.minutes) * 60_000;
      if (!Number.isFinite(until)) throw new InputError("badSilence", {}, "silence needs minutes (a number) or until (epoch ms)");
      if (typeof payload.sensor === "string" && payload.sensor) detector.silence(payload.sensor, until, t, out);
      else if (typeof payload.address === "string" && payload.address) detector.silenceAddress(payload.address, until, t, out);
      else throw new InputError("silenceWhom", {}, "silence needs a sensor or an address");
      save();
      return out;
    };

    /** Handles one message; what it found goes to `out`, which is sent even if it then throws (nothing found is lost). */
    const handle = (msg: NodeMessageInFlow, out: Incident[]): Incident[] => {
      linked.relink();
      const payload = msg.payload as { type?: string; command?: string; ts?: number };
      if (!payload || typeof payload !== "object") throw new InputError("notEvent", { got: typeof payload }, `expected an episode, presence or health event, got ${typeof payload}`);
      if (payload.command === "silence" || payload.command === "unsilence") return command(payload as never, out);
      switch (payload.type) {
        case "episode": {
          const note = fromEpisodeMessage(payload);
          checkTime(note.ts, note.sensor, Date.now());
          const from = (msg as { baseline?: unknown }).baseline;
          if (typeof from === "string" && from !== baselineId) {
            baselineId = from;
            linked.relink();
          }
          seen(note.ts);
          return detector.episode(note, out);
        }
        case "watermark": {
          const ts = checkTime(payload.ts, "watermark", Date.now());
          seen(ts);
          return detector.advance(ts, out);
        }
        case "health": {
          const health = checkHealth(payload as HealthEvent, Date.now());
          seen(health.ts);
          return detector.health(health, out);
        }
        case "presence": {
          const event = Learner.check(payload, Date.now());
          raw ??= new Learner(undefined);
          seen(event.ts);
          for (const note of raw.advance(event.ts)) detector.episode(note, out);
          for (const note of raw.push(event)) detector.episode(note, out);
          return out;
        }
        default:
          throw new InputError("unknownInput", { type: String(payload.type) }, `expected an episode (from trappan-baseline), presence or health event, or a silence command; got type ${JSON.stringify(payload.type)}`);
      }
    };

    // Open incidents and silences come back before anything else is handled.
    let restored = false;
    const waiting: Array<() => void> = [];
    // Node-RED calls back with one argument per key (its typings say an array).
    const restore = (err: Error | null | undefined, open: unknown, silences: unknown, nights: unknown) => {
      if (err) node.warn(RED._("trappan-anomaly.warnings.restore", { message: err.message }));
      if (Array.isArray(open)) detector.restore(open as Incident[]);
      if (silences && typeof silences === "object") detector.restoreSilences(silences as never);
      detector.restoreNights(nights);
      for (const incident of detector.open()) {
        seen(incident.end ?? incident.start);
        // Without a baseline node in front, this node makes the episodes: whoever was staying is
        // still there to it, until a clear ends their episode and the incident with it.
        if (incident.kind === "loitering" && incident.sensor) {
          raw ??= new Learner(undefined);
          const tracker = { start: incident.start, lastTs: incident.end ?? incident.start, lastOccupied: true };
          raw.restore(incident.sensor, { v: SNAPSHOT_VERSION, tracker, meta: { kind: "pir", ...(incident.location ? { location: incident.location } : {}) } });
        }
      }
      restored = true;
      status.refresh();
      for (const run of waiting.splice(0)) run();
    };
    context.get(["open", "silences", "nights"], store, restore as never);

    // Without a baseline node in front, wall time moves event time on (a loiterer standing still
    // sends nothing, yet the threshold must be crossed).
    const ticker = setInterval(() => {
      if (!restored || !raw) return;
      linked.relink();
      const t = now();
      const out: Incident[] = [];
      for (const note of raw.advance(t)) detector.episode(note, out);
      detector.advance(t, out);
      emit(out, (msgs) => node.send(msgs));
    }, TICK_MS);

    node.on("input", (msg: NodeMessageInFlow, send: (msgs: (NodeMessage[] | null)[]) => void, done: (err?: Error) => void) => {
      const run = () => {
        const out: Incident[] = [];
        try {
          handle(msg, out);
        } catch (error) {
          errors++;
          status.refresh();
          node.error(say(error as Error), msg);
        }
        // Before a bad event, raw presence may have finished other sensors' episodes: what they closed goes out.
        emit(out, send, (msg as { replay?: unknown }).replay === true);
        done();
      };
      if (restored) run();
      else waiting.push(run);
    });

    node.on("close", (done: () => void) => {
      clearInterval(ticker);
      clearTimeout(saveTimer);
      status.stop();
      if (restored) save();
      done();
    });
  }

  RED.nodes.registerType("trappan-anomaly", AnomalyNodeConstructor);
};
