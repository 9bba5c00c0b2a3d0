/**
 * trappan-baseline → trappan-anomaly in a real Node-RED runtime: a loiterer's incident opens when
 * the floor is crossed, updates and closes with one id; health goes to the caretakers' output;
 * silences and maintenance windows keep incidents away; bad input is reported and counted; what
 * was learned and what is open survive a restart; the admin endpoint serves the learned week.
 */
import assert from "node:assert/strict";
import type { EventEmitter } from "node:events";
import fs from "node:fs";
import path from "node:path";
import sinon from "sinon";
import { DEFAULT_ANOMALY_OPTIONS } from "../../core/anomaly";
import type { BaselineNode } from "../../nodes/types";
import { NODES, NODES_IN_SWEDISH, SITE_ROWS, statusOf } from "../support/flows";
import { helper, tempUserDir, translate } from "../support/node-red";

const STAIRWELL = SITE_ROWS[0];
const BASEMENT = SITE_ROWS[1];
const location = (row: typeof STAIRWELL) => ({ site: row.site, address: row.address, entrance: row.entrance, space: row.space, floor: row.floor, district: row.district });
const T0 = Date.parse("2026-11-23T21:00:00+01:00"); // a Monday evening
const MIN = 60_000;

interface Captured {
  payload: Record<string, unknown> & { state?: string; kind?: string; id?: string; summary?: { sv: string; en: string } };
}

function flow(anomaly: Record<string, unknown> = {}, baseline: Record<string, unknown> = {}) {
  return [
    { id: "tab", type: "tab", label: "anomaly" },
    { id: "site", type: "trappan-site", name: "Kv. Test", timezone: "Europe/Stockholm", language: "sv", sensors: SITE_ROWS },
    { id: "baseline", type: "trappan-baseline", z: "tab", x: 100, y: 100, name: "", site: "site", slotMinutes: "30", halfLifeDays: "28", learningDays: "14", mergeGapSeconds: "60", blipSeconds: "20", store: "", wires: [["anomaly"]], ...baseline },
    { id: "anomaly", type: "trappan-anomaly", z: "tab", x: 300, y: 100, name: "", site: "site", mode: "learned", floorMinutes: "15", spaceFloors: {}, maintenance: [], store: "", wires: [["police"], ["caretakers"]], ...anomaly },
    { id: "police", type: "helper", z: "tab", x: 500, y: 80, wires: [] },
    { id: "caretakers", type: "helper", z: "tab", x: 500, y: 120, wires: [] },
    { id: "catch", type: "catch", z: "tab", x: 100, y: 200, scope: null, uncaught: false, wires: [["caught"]] },
    { id: "caught", type: "helper", z: "tab", x: 300, y: 200, wires: [] },
  ];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const CATCH = require("@node-red/nodes/core/common/25-catch.js");
const MODULES = [...NODES, CATCH];

describe("trappan-baseline → trappan-anomaly", function () {
  this.timeout(30_000);
  let clock: sinon.SinonFakeTimers;
  let userDir: string;

  /** Lets fake time pass, then lets Node-RED deliver what it sent (its delivery runs on real setImmediate). */
  const pass = async (ms: number) => {
    await clock.tickAsync(ms);
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  const collect = (id: string) => {
    const list: Captured[] = [];
    (helper.getNode(id) as EventEmitter).on("input", (msg: Captured) => list.push(msg));
    return list;
  };
  const presence = (row: typeof STAIRWELL, ts: number, occupied: boolean, kind: "pir" | "mmwave" = "pir") => ({
    payload: { type: "presence", sensor: row.sensor, ts, occupied, location: location(row), device: { kind } },
  });
  const send = (msg: object) => (helper.getNode("baseline") as EventEmitter & { receive(m: object): void }).receive(msg);
  /** Loads the flow with these anomaly settings, sends the messages, and returns the incidents of a kind that opened and the node's status. */
  const opened = async (anomaly: Record<string, unknown>, messages: object[], kind: string) => {
    await helper.load(MODULES, flow(anomaly));
    const police = collect("police");
    const status = statusOf("anomaly");
    await pass(0);
    for (const msg of messages) send(msg);
    await pass(5 * MIN);
    const found = police.filter((m) => m.payload.kind === kind && m.payload.state === "open");
    await helper.unload();
    return { found, status: status.current };
  };
  /** What the nodes reported with node.error (Node-RED's log level 20). */
  const loggedErrors = () => helper.log().args.filter(([entry]: [{ level: number }]) => entry.level === 20).map(([entry]: [{ msg: unknown }]) => String(entry.msg));

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: T0, toFake: ["setInterval", "clearInterval", "Date"] });
    userDir = tempUserDir();
    helper.settings({ userDir });
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
    await helper.stopServer();
    clock.restore();
  });

  it("opens a loitering incident when the floor is crossed, updates it while it goes on, closes it when it ends: one id, said in Swedish and English", async () => {
    await helper.load(MODULES, flow());
    const police = collect("police");
    await pass(0);
    send(presence(STAIRWELL, Date.now(), true));
    await pass(14 * MIN);
    assert.equal(police.length, 0, "nothing before 15 minutes");
    await pass(2 * MIN);
    assert.equal(police.length, 1);
    const open = police[0].payload;
    assert.equal(open.state, "open");
    assert.equal(open.kind, "loitering");
    assert.ok(Math.abs((open.detectedAt as number) - (T0 + 15 * MIN)) <= 10_000, "detected when the 15 minutes were up, not when the person left");
    assert.match(open.summary!.sv, /^Närvaro i 15 min i trapphuset, Testgatan 1, 21:00–21:15/);
    assert.match(open.summary!.en, /^Presence for 15 min in the stairwell, Testgatan 1/);

    await pass(16 * MIN);
    assert.ok(police.some((m) => m.payload.state === "update" && (m.payload.observed as { minutes: number }).minutes >= 30), "updates while it goes on");
    send(presence(STAIRWELL, Date.now(), false));
    await pass(4 * MIN);
    const closed = police.at(-1)!.payload;
    assert.equal(closed.state, "closed");
    assert.equal(closed.end, T0 + 32 * MIN);
    assert.deepEqual(new Set(police.map((m) => m.payload.id)), new Set([open.id]));
  });

  it("sends sensor-offline and tamper to the caretakers' output, opened and closed; the baseline knows the sensor is offline", async () => {
    await helper.load(MODULES, flow());
    const caretakers = collect("caretakers");
    const police = collect("police");
    await pass(0);
    send(presence(BASEMENT, Date.now() - 5 * MIN, true));
    send(presence(BASEMENT, Date.now() - 4 * MIN, false));
    const learned = (helper.getNode("baseline") as BaselineNode).baseline;
    send({ payload: { type: "health", sensor: BASEMENT.sensor, ts: Date.now(), online: false, location: location(BASEMENT) } });
    await pass(MIN);
    assert.equal(learned.get(BASEMENT.sensor)!.offline, true, "the baseline does not learn the silence of a sensor offline as quiet");
    send({ payload: { type: "health", sensor: BASEMENT.sensor, ts: Date.now(), online: true, tamper: true, location: location(BASEMENT) } });
    await pass(MIN);
    assert.equal(learned.get(BASEMENT.sensor)!.offline, false);
    assert.deepEqual(
      caretakers.map((m) => `${m.payload.kind} ${m.payload.state}`),
      ["sensor-offline open", "sensor-offline closed", "tamper open"],
    );
    assert.match(caretakers[0].payload.summary!.sv, /Sensorn i källaren, Testgatan 1 hörs inte sedan 21:00/);
    assert.equal(police.length, 0);
  });

  it("keeps a silenced sensor quiet until the silence ends, and a maintenance window quiet every week", async () => {
    await helper.load(MODULES, flow({ maintenance: [{ days: [0], from: "20:30", to: "23:00", address: "Testgatan 1" }] }));
    const police = collect("police");
    await pass(0);
    send(presence(STAIRWELL, Date.now(), true));
    await pass(30 * MIN);
    assert.equal(police.length, 0, "Monday 21:00 is in the maintenance window");

    await helper.unload();
    await helper.load(MODULES, flow());
    const again = collect("police");
    await pass(0);
    const status = statusOf("anomaly");
    (helper.getNode("anomaly") as EventEmitter & { receive(m: object): void }).receive({ payload: { command: "silence", sensor: BASEMENT.sensor, minutes: 60 } });
    send(presence(BASEMENT, Date.now(), true, "mmwave"));
    await pass(30 * MIN);
    assert.equal(again.length, 0, "silenced");
    assert.match(status.current.text ?? "", /1 silenced/);
    await pass(40 * MIN);
    assert.equal(again[0]?.payload.kind, "loitering", "after the silence the floor applies again");
  });

  it("reports bad input to Catch nodes in the user's words, counts it, and goes on", async () => {
    await helper.load(MODULES, flow());
    const caught = collect("caught");
    const police = collect("police");
    const status = statusOf("baseline");
    await pass(0);
    send({ payload: "occupied" });
    send({ payload: { type: "presence", sensor: STAIRWELL.sensor, occupied: true } });
    send({ payload: { type: "presence", sensor: STAIRWELL.sensor, ts: Date.now() + 60 * MIN, occupied: true } });
    send(presence(STAIRWELL, Date.now(), true));
    send(presence(STAIRWELL, Date.now() - MIN, false));
    await pass(1000);
    assert.deepEqual(
      caught.map((m) => (m as unknown as { error: { message: string } }).error.message),
      [
        translate("trappan-baseline.errors.notEvent", { got: "string" }),
        translate("trappan-baseline.errors.noTime", { sensor: STAIRWELL.sensor }),
        translate("trappan-baseline.errors.future", { sensor: STAIRWELL.sensor, minutes: 60 }),
        translate("trappan-baseline.errors.outOfOrder", { sensor: STAIRWELL.sensor, behind: 60 }),
      ],
    );
    await pass(5_000);
    assert.match(status.current.text ?? "", /4 errors/);
    await pass(16 * MIN);
    assert.equal(police[0]?.payload.kind, "loitering", "the good event after the bad ones still counts");
  });

  it("refuses times that would carry the nodes' event time decades away (epoch seconds, a health event or watermark from 2099, an episode from 1996), and the good events after them still count", async () => {
    await helper.load(MODULES, flow());
    const caught = collect("caught");
    const police = collect("police");
    const baselineStatus = statusOf("baseline");
    const anomalyStatus = statusOf("anomaly");
    const anomaly = helper.getNode("anomaly") as EventEmitter & { receive(m: object): void };
    await pass(0);
    const seconds = Math.floor(Date.now() / 1000);
    const in2099 = Date.parse("2099-01-01T00:00:00Z");
    send({ payload: { type: "presence", sensor: BASEMENT.sensor, ts: seconds, occupied: true, location: location(BASEMENT) } });
    send({ payload: { type: "health", sensor: BASEMENT.sensor, ts: in2099, battery: 50 } });
    anomaly.receive({ payload: { type: "watermark", ts: in2099 } });
    anomaly.receive({ payload: { type: "health", sensor: 5, ts: Date.now(), online: false } });
    // An episode from 30 years back would be as many 15-minute updates.
    anomaly.receive({ payload: { type: "episode", sensor: BASEMENT.sensor, ts: Date.now(), change: { type: "opened", start: Date.parse("1996-03-17T19:00:00Z") } } });
    send(presence(STAIRWELL, Date.now(), true));
    await pass(1000);
    const minutes = Math.round((in2099 - Date.now()) / MIN);
    assert.deepEqual(
      caught.map((m) => (m as unknown as { error: { message: string } }).error.message),
      [
        translate("trappan-baseline.errors.past", { sensor: BASEMENT.sensor, ts: String(seconds) }),
        translate("trappan-baseline.errors.future", { sensor: BASEMENT.sensor, minutes }),
        translate("trappan-anomaly.errors.future", { sensor: "watermark", minutes }),
        translate("trappan-anomaly.errors.noSensor", {}),
        translate("trappan-anomaly.errors.badEpisode", {}),
      ],
    );
    await pass(5_000);
    assert.match(baselineStatus.current.text ?? "", /2 errors/);
    assert.match(anomalyStatus.current.text ?? "", /3 errors/);
    await pass(16 * MIN);
    assert.deepEqual(
      police.map((m) => `${m.payload.kind} ${m.payload.state} ${m.payload.sensor}`),
      [`loitering open ${STAIRWELL.sensor}`],
      "the stairwell's stay is judged on today's time",
    );
  });

  it("passes on the episodes that ended before a duplicate event, so another sensor's incident still closes", async () => {
    await helper.load(MODULES, flow());
    const police = collect("police");
    const caught = collect("caught");
    await pass(0);
    send(presence(STAIRWELL, T0 - 30 * MIN, true));
    send(presence(BASEMENT, T0 - 8 * MIN, true));
    // The stairwell's clear comes late (in order for its sensor): its episode ends a merge gap after it.
    send(presence(STAIRWELL, T0 - 10 * MIN, false));
    send(presence(BASEMENT, T0 - 8 * MIN, true));
    await pass(1000);
    assert.equal(caught.length, 1, "the duplicate is reported");
    await pass(20 * MIN);
    const stairwell = police.filter((m) => m.payload.sensor === STAIRWELL.sensor);
    assert.deepEqual(
      stairwell.map((m) => m.payload.state),
      ["open", "closed"],
    );
    assert.equal(stairwell[1].payload.end, T0 - 10 * MIN);
  });

  it("keeps what was learned and what is open across a restart", async () => {
    helper.settings({ userDir, contextStorage: { default: { module: "memory" } } });
    await helper.load(MODULES, flow());
    // The helper does not load configured context stores itself; Node-RED's start does.
    const contexts = (helper as unknown as { _context: { load(): Promise<void> } })._context;
    await contexts.load();
    await pass(0);
    send(presence(BASEMENT, Date.now() - 20 * MIN, true, "mmwave"));
    send(presence(BASEMENT, Date.now() - 18 * MIN, false, "mmwave"));
    send(presence(STAIRWELL, Date.now(), true));
    const police = collect("police");
    await pass(16 * MIN);
    const open = police.find((m) => m.payload.state === "open")!.payload;
    await pass(70_000); // saved every minute
    // Node-RED stops and starts the flows (helper.unload would also wipe the context store).
    const red = (helper as unknown as { _redNodes: { stopFlows(): Promise<void>; startFlows(): Promise<void> } })._redNodes;
    const context = (helper.getNode("baseline") as BaselineNode).context();
    await red.stopFlows();
    const keys = context.keys() as string[];
    assert.equal(keys.length, 2, "one record per sensor");
    for (const key of keys) assert.ok(JSON.stringify(context.get(key)).length <= 8192, "at most 8 KB per sensor");
    await red.startFlows();
    const after = collect("police");
    await pass(1000);
    const baseline = helper.getNode("baseline") as BaselineNode;
    assert.deepEqual([...baseline.baseline.sensorIds()].sort(), [STAIRWELL.sensor, BASEMENT.sensor].sort());
    send(presence(STAIRWELL, Date.now(), false));
    await pass(5 * MIN);
    const closed = after.find((m) => m.payload.state === "closed")?.payload;
    assert.ok(closed, "closed after the restart");
    assert.equal(closed.id, open.id, "the incident open before the restart is closed after it, with its id");
    assert.equal(closed.end, T0 + 16 * MIN + 71_000, "at the time the person left");

    // The nights visit-surge judges together come back too: put in while stopped, kept through a restart.
    const anomalyContext = helper.getNode("anomaly").context();
    await red.stopFlows();
    const tonight = Math.floor((Date.now() - 12 * 60 * MIN) / (24 * 60 * MIN));
    const nights = { [BASEMENT.sensor]: { flagged: [tonight - 2], noted: [tonight - 1, 0.01, tonight, 0.03] } };
    anomalyContext.set("nights", nights);
    await red.startFlows();
    await pass(1000);
    await red.stopFlows();
    assert.deepEqual(anomalyContext.get("nights"), nights);
    await red.startFlows();
  });

  it("raises off-hours at the level the user sets: the same night visit alerts at a higher level, not at the default; a level that is not a probability is reported and the default used", async () => {
    const HOUR = 60 * MIN;
    // Two weeks and more of a resident's visit every hour, night and day: 2 minutes at the full hour.
    const firstNight = T0 - 20 * HOUR; // Monday 01:00
    const history = (): object[] => {
      const messages: object[] = [];
      for (let t = firstNight - 16 * 24 * HOUR; t < firstNight; t += HOUR) messages.push(presence(BASEMENT, t, true), presence(BASEMENT, t + 2 * MIN, false));
      // At 01:30, four minutes: long for a visit here, but a resident's visit at that hour could last that long (p ≈ 0.02).
      messages.push(presence(BASEMENT, firstNight + 30 * MIN, true), presence(BASEMENT, firstNight + 34 * MIN, false));
      return messages;
    };
    const offHours = (level: string) => opened({ offHoursLevel: level }, history(), "off-hours");

    const sensitive = await offHours("0,2");
    assert.equal(sensitive.found.length, 1, "at level 0.2 (written with a decimal comma) the visit is off-hours");
    assert.equal(sensitive.found[0].payload.start, firstNight + 30 * MIN);
    assert.ok(((sensitive.found[0].payload.expected as { p: number }).p) < 0.2);
    assert.equal((await offHours("")).found.length, 0, "at the default level it is a resident's visit");

    const bad = await offHours("2");
    assert.equal(bad.found.length, 0, "a level that is not a probability leaves the default in force");
    const errors = loggedErrors();
    assert.ok(errors.includes(translate("trappan-anomaly.errors.offHoursLevel", { value: "2", default: "0.00008" })), errors.join("\n"));
    assert.equal(bad.status.fill, "yellow");
  });

  it("says a bad setting's numbers in Swedish with a decimal comma, in a Swedish runtime: the default level 0,00008 is used", async () => {
    await helper.load([...NODES_IN_SWEDISH, CATCH], flow({ offHoursLevel: "2" }));
    await pass(0);
    const errors = loggedErrors();
    assert.ok(errors.includes("nivån för nattaktivitet '2' är inte ett tal mellan 0 och 1: 0,00008 används"), errors.join("\n"));
  });

  it("the dialog's off-hours placeholder is the detector's default level", () => {
    const html = fs.readFileSync(path.join(__dirname, "../../nodes/trappan-anomaly/trappan-anomaly.html"), "utf8");
    assert.equal(Number(/id="node-input-offHoursLevel" placeholder="([^"]+)"/.exec(html)?.[1]), DEFAULT_ANOMALY_OPTIONS.offHoursAlpha);
  });

  it("lets a resident sit through a booked laundry pass by day, as long as the user sets it; a pass that is not minutes is reported and the default used", async () => {
    const HOUR = 60 * MIN;
    const LAUNDRY = { ...BASEMENT, sensor: "0x00158d0000aa0042", space: "laundry" as const };
    const noon = T0 - 9 * HOUR; // Monday 12:00
    const history = (): object[] => {
      const messages: object[] = [];
      // Over two weeks of quick visits (load, move to the dryer, collect), then a whole pass, 12–15.
      for (let day = noon - 16 * 24 * HOUR; day < noon - 12 * HOUR; day += 24 * HOUR) {
        for (const t of [day - 3 * HOUR, day + HOUR, day + 5 * HOUR]) messages.push(presence(LAUNDRY, t, true), presence(LAUNDRY, t + 4 * MIN, false));
      }
      messages.push(presence(LAUNDRY, noon, true), presence(LAUNDRY, noon + 3 * HOUR, false));
      return messages;
    };
    const loitering = (laundryPassMinutes: string) => opened({ laundryPassMinutes }, history(), "loitering");

    assert.equal((await loitering("")).found.length, 0, "the default pass, 180 minutes");
    const none = await loitering("0");
    assert.equal(none.found.length, 1, "no pass: three hours in the laundry room is loitering");
    assert.equal(none.found[0].payload.start, noon);
    assert.equal((await loitering("120")).found.length, 1, "a pass of two hours");

    const bad = await loitering("lång");
    assert.equal(bad.found.length, 0, "a pass that is not minutes leaves the default in force");
    const errors = loggedErrors();
    assert.ok(errors.includes(translate("trappan-anomaly.errors.laundryPass", { value: "lång", default: "180" })), errors.join("\n"));
    assert.equal(bad.status.fill, "yellow");
  });

  it("baseline: takes its settings with a decimal comma; one that is not a number is reported, counted in its status, and its default used", async () => {
    // Two short visits to the stairwell 75 s apart: one episode if pauses up to 90 s are joined, two at the default 60 s.
    const t = T0 - 30 * MIN;
    const visits = [presence(STAIRWELL, t, true), presence(STAIRWELL, t + 30_000, false), presence(STAIRWELL, t + 105_000, true), presence(STAIRWELL, t + 135_000, false)];
    const episodes = async (mergeGapSeconds: string) => {
      await helper.load(MODULES, flow({}, { mergeGapSeconds }));
      const seen = collect("anomaly");
      const status = statusOf("baseline");
      await pass(0);
      for (const msg of visits) send(msg);
      await pass(5 * MIN);
      const finished = seen.map((m) => m.payload).filter((p) => p.type === "episode" && (p.change as { type: string }).type === "finished");
      const starts = finished.map((p) => (p.change as { start: number }).start);
      await helper.unload();
      return { starts, status: status.current };
    };

    assert.deepEqual((await episodes("90,0")).starts, [t], "pauses up to 90,0 s joined: one episode");
    assert.deepEqual((await episodes("")).starts, [t, t + 105_000], "the default, 60 s: two");
    const bad = await episodes("nittio");
    assert.deepEqual(bad.starts, [t, t + 105_000], "a setting that is not a number leaves the default in force");
    const errors = loggedErrors();
    assert.ok(errors.includes(translate("trappan-baseline.errors.setting", { setting: translate("trappan-baseline.label.mergeGap"), value: "nittio", min: 0, default: 60 })), errors.join("\n"));
    assert.equal(bad.status.fill, "yellow");
  });

  it("takes floors written with a decimal comma; a floor that is not minutes is reported, and the floor above it used", async () => {
    // A first stay in the basement, 20 minutes: nothing learned yet, so the floor alone judges it.
    const start = T0 - 60 * MIN;
    const stay = [presence(BASEMENT, start, true), presence(BASEMENT, start + 20 * MIN, false)];
    const loitering = (floorMinutes: string, spaceFloors: Record<string, string> = {}) => opened({ floorMinutes, spaceFloors }, stay, "loitering");

    assert.equal((await loitering("25")).found.length, 0, "under a floor of 25 minutes");
    const comma = await loitering("17,5");
    assert.equal(comma.found.length, 1, "over a floor of 17,5 minutes");
    assert.equal((comma.found[0].payload.detectedAt as number) - start, 17.5 * MIN, "found when the stay reached 17.5 minutes");
    assert.equal((await loitering("25", { basement: "12,5" })).found.length, 1, "over the basement's own floor");

    const badSpace = await loitering("25", { basement: "tjugo" });
    assert.equal(badSpace.found.length, 0, "the basement floor that is not minutes leaves the floor above, 25, in force");
    let errors = loggedErrors();
    assert.ok(errors.includes(translate("trappan-anomaly.errors.spaceFloor", { space: translate("trappan-anomaly.spaces.basement"), value: "tjugo", default: "25" })), errors.join("\n"));
    assert.equal(badSpace.status.fill, "yellow");

    const badFloor = await loitering("0");
    assert.equal(badFloor.found.length, 1, "a floor of 0 leaves the default, 15 minutes, in force");
    errors = loggedErrors();
    assert.ok(errors.includes(translate("trappan-anomaly.errors.floor", { value: "0", default: "15" })), errors.join("\n"));
    assert.equal(badFloor.status.fill, "yellow");
  });

  it("judges a stay by the loitering hours the user sets: 39 minutes in a storage room at 20:00 is loitering in them, not outside them", async () => {
    const HOUR = 60 * MIN;
    const STORAGE = { ...BASEMENT, sensor: "0x00158d0000aa0043", space: "storage" as const };
    const evening = T0 - HOUR; // Monday 20:00
    const history = (): object[] => {
      // Three weeks of residents sorting their storage every hour from 07 to 22, 2–12 minutes a visit.
      const messages: object[] = [];
      let state = 31;
      const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
      for (let hour = evening - 20 * HOUR - 21 * 24 * HOUR; hour < evening - 20 * HOUR; hour += HOUR) {
        const local = new Date(hour + HOUR).getUTCHours(); // CET all through November
        if (local < 7 || local >= 22) continue;
        const start = Math.round(hour + random() * 10 * MIN);
        messages.push(presence(STORAGE, start, true), presence(STORAGE, Math.round(start + 2 * Math.pow(6, random()) * MIN), false));
      }
      messages.push(presence(STORAGE, evening, true), presence(STORAGE, evening + 39 * MIN, false));
      return messages;
    };
    const loitering = (loiterFrom: string, loiterTo: string) => opened({ loiterFrom, loiterTo }, history(), "loitering");

    assert.equal((await loitering("", "")).found.length, 1, "the default hours, 18–06");
    assert.equal((await loitering("10", "16")).found.length, 0, "outside the hours set, residents may stay that long");
    assert.equal((await loitering("0", "0")).found.length, 0, "every hour alike");

    const bad = await loitering("kväll", "6");
    assert.equal(bad.found.length, 1, "an hour that is not one leaves the default in force");
    const errors = loggedErrors();
    assert.ok(errors.includes(translate("trappan-anomaly.errors.loiterHour", { value: "kväll", default: "18" })), errors.join("\n"));
    assert.equal(bad.status.fill, "yellow");
  });

  it("the dialog's loitering hours placeholders are the detector's default hours", () => {
    const html = fs.readFileSync(path.join(__dirname, "../../nodes/trappan-anomaly/trappan-anomaly.html"), "utf8");
    const placeholder = (id: string) => Number(new RegExp(`id="node-input-${id}" placeholder="([^"]+)"`).exec(html)?.[1]);
    assert.deepEqual([placeholder("loiterFrom"), placeholder("loiterTo")], DEFAULT_ANOMALY_OPTIONS.loiterHours);
  });

  it("the dialog's laundry pass placeholder is the detector's default pass", () => {
    const html = fs.readFileSync(path.join(__dirname, "../../nodes/trappan-anomaly/trappan-anomaly.html"), "utf8");
    assert.equal(Number(/id="node-input-laundryPassMinutes" placeholder="([^"]+)"/.exec(html)?.[1]), DEFAULT_ANOMALY_OPTIONS.passMinutes.laundry);
  });

  it("serves a sensor's learned week to the editor behind the admin permission", async () => {
    await helper.load(MODULES, flow());
    await pass(0);
    for (let k = 0; k < 5; k++) {
      send(presence(STAIRWELL, Date.now() - (60 - 10 * k) * MIN, true));
      send(presence(STAIRWELL, Date.now() - (59 - 10 * k) * MIN, false));
    }
    await pass(5 * 3_600_000);
    const sensors = await helper.request().get("/trappan/baseline/baseline/sensors").expect(200);
    assert.deepEqual(sensors.body.sensors.map((s: { sensor: string }) => s.sensor), [STAIRWELL.sensor]);
    const week = await helper.request().get("/trappan/baseline/baseline/week").query({ sensor: STAIRWELL.sensor }).expect(200);
    assert.equal(week.body.visitsPerHour.length, 168);
    assert.equal(week.body.learned, false);
    const monday20 = week.body.visitsPerHour[20];
    assert.ok(monday20 > week.body.visitsPerHour[3], "Monday 20:00 is busier than Monday 03:00");
    await helper.request().get("/trappan/baseline/nope/week").query({ sensor: STAIRWELL.sensor }).expect(404);
  });

  it("without a baseline node, closes a loitering incident open across a restart when the person leaves", async () => {
    helper.settings({ userDir, contextStorage: { default: { module: "memory" } } });
    const f = flow({ mode: "fixed" });
    f.splice(2, 1);
    await helper.load(MODULES, f);
    const contexts = (helper as unknown as { _context: { load(): Promise<void> } })._context;
    await contexts.load();
    await pass(0);
    const anomaly = () => helper.getNode("anomaly") as EventEmitter & { receive(m: object): void };
    anomaly().receive(presence(STAIRWELL, Date.now(), true));
    const police = collect("police");
    await pass(16 * MIN);
    const open = police.find((m) => m.payload.state === "open")!.payload;
    await pass(2_000); // saved within a second of an incident
    const red = (helper as unknown as { _redNodes: { stopFlows(): Promise<void>; startFlows(): Promise<void> } })._redNodes;
    await red.stopFlows();
    await red.startFlows();
    const after = collect("police");
    await pass(1000);
    anomaly().receive(presence(STAIRWELL, Date.now(), false));
    await pass(5 * MIN);
    assert.deepEqual(
      after.map((m) => `${m.payload.id} ${m.payload.state}`),
      [`${open.id} closed`],
    );
    assert.equal(after[0].payload.end, T0 + 16 * MIN + 3_000, "at the time the person left");
  });

  it("without a baseline node, applies the fixed floor to raw presence on its own clock", async () => {
    const f = flow();
    f.splice(2, 1);
    await helper.load(MODULES, f);
    const police = collect("police");
    await pass(0);
    (helper.getNode("anomaly") as EventEmitter & { receive(m: object): void }).receive(presence(BASEMENT, Date.now(), true, "mmwave"));
    await pass(16 * MIN);
    assert.equal(police[0]?.payload.kind, "loitering");
    assert.match(police[0].payload.summary!.sv, /källaren/);
  });
});
