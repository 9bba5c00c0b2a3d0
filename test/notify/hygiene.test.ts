/**
 * How often and when trappan-notify speaks, with sinon's fake clock (the outbox's journal and
 * the file channel run on real I/O): incidents gathered per group and area, later news after the
 * group interval, an update only when the severity rises, repeats while open, quiet hours held
 * to morning unless severe, escalation of what stays open, a rate limit that delays and never
 * drops, and old incidents (a replay) not sent at all.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import sinon from "sinon";
import type { OutgoingMessage } from "../../core/notify/channel";
import { statusOf } from "../support/flows";
import { helper, useNodeRed } from "../support/node-red";
import { BASEMENT, MIN, MODULES, STAIRWELL, collect, incident, notifyFlow, receive } from "../support/notify";

// Real time for real I/O, captured before sinon replaces it.
const realSetTimeout = globalThis.setTimeout;
const T0 = Date.parse("2026-11-23T10:00:00+01:00"); // a Monday morning
const VARBY = { site: "Kv. Annat", address: "Vårbyvägen 3", space: "basement" as const, district: "Vårby" };

describe("trappan-notify: grouping, repeats, quiet hours, escalation and rate limits (fake clock)", function () {
  this.timeout(30_000);
  let clock: sinon.SinonFakeTimers;
  // Before the runtime starts and after it stops, so Node-RED's own timers stay on one clock.
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  });
  afterEach(() => clock.restore());
  const userDir = useNodeRed();

  /** Lets fake time pass, then the real I/O (journal, files) and Node-RED's delivery catch up. */
  const pass = async (ms: number) => {
    await clock.tickAsync(ms);
    for (let i = 0; i < 10; i++) {
      await new Promise((resolve) => realSetTimeout(resolve, 3));
      await clock.tickAsync(0);
    }
  };
  const load = async (notify: Record<string, unknown>, groups: Record<string, unknown>[] = [{ emails: "polis@polisen.example" }]) => {
    const { flow } = notifyFlow({ emailVia: "file", groupWaitSeconds: "30", groupIntervalMinutes: "5", ...notify }, groups);
    await helper.load(MODULES, flow);
    return collect<OutgoingMessage & { type: string }>("made");
  };
  const open = (row: typeof STAIRWELL, id: string, extra: object = {}) => receive({ payload: incident(row, id, extra, Date.now()) });

  it("gathers a group's incidents per area for the group wait, and sends later news after the group interval", async () => {
    const made = await load({});
    open(STAIRWELL, "a1");
    await pass(10_000);
    open(BASEMENT, "a2");
    open(STAIRWELL, "b1", { location: VARBY });
    await pass(19_000);
    assert.equal(made.length, 0, "still gathering");
    await pass(1_000);
    assert.deepEqual(made.map((m) => [m.incidentIds, m.subject]), [[["a1", "a2"], "2 avvikelser i Skärholmen"]]);
    assert.match(made[0].text, /^2 avvikelser i Skärholmen:/);
    await pass(10_000); // Vårby's own group wait
    assert.deepEqual(made.map((m) => [m.incidentIds, m.subject])[1], [["b1"], "Medel: Uppehåll i källaren, Vårbyvägen 3"]);
    // The written files are what the demo shows.
    const files = fs.readdirSync(path.join(userDir(), "trappan", "outbox"));
    assert.equal(files.length, 2);
    open(BASEMENT, "a3");
    await pass(5 * MIN - 11_000); // 5:29 after the first message
    assert.equal(made.length, 2, "the group interval has not passed");
    await pass(2_000);
    assert.deepEqual(made[2]?.incidentIds, ["a3"]);
  });

  it("tells again only when the severity rises, and when it closes if asked to", async () => {
    const made = await load({ sendClosed: true });
    open(STAIRWELL, "s1");
    await pass(30_000);
    assert.equal(made.length, 1);
    open(STAIRWELL, "s1", { state: "update", observed: { minutes: 20 } });
    await pass(10 * MIN);
    assert.equal(made.length, 1, "an update of the same severity is not sent");
    open(STAIRWELL, "s1", { state: "update", severity: "high", observed: { minutes: 40 } });
    await pass(30_000);
    assert.equal(made[1]?.subject, "Hög: Uppehåll i trapphuset, Testgatan 1 A, plan 0 (allvarligare)");
    open(STAIRWELL, "s1", { state: "closed", severity: "high", end: Date.now() });
    await pass(5 * MIN);
    assert.match(made[2]?.subject ?? "", /\(avslutad\)$/);
    assert.equal(made.length, 3);
  });

  it("repeats an incident still open every repeat interval", async () => {
    const made = await load({ repeatHours: "1" });
    open(STAIRWELL, "r1", { kind: "sensor-offline", severity: "low", observed: { online: false }, summary: undefined });
    await pass(30_000);
    await pass(60 * MIN);
    assert.deepEqual(made.map((m) => m.subject), ["Låg: Sensor hörs inte i trapphuset, Testgatan 1 A, plan 0", "Låg: Sensor hörs inte i trapphuset, Testgatan 1 A, plan 0 (pågår fortfarande)"]);
    open(STAIRWELL, "r1", { kind: "sensor-offline", severity: "low", state: "closed", end: Date.now() });
    await pass(3 * 60 * MIN);
    assert.equal(made.length, 2, "no repeats after it closed");
  });

  it("holds what is not severe in quiet hours until they end, and sends what is", async () => {
    clock.setSystemTime(Date.parse("2026-11-24T02:00:00+01:00"));
    const made = await load({}, [{ emails: "polis@polisen.example", quiet: true, quietFrom: "22:00", quietTo: "07:00", quietUnless: "high" }]);
    open(STAIRWELL, "q-medium");
    open(BASEMENT, "q-high", { severity: "high", location: VARBY });
    await pass(30_000);
    assert.deepEqual(made.map((m) => m.incidentIds[0]), ["q-high"]);
    await pass(Date.parse("2026-11-24T06:59:00+01:00") - Date.now());
    assert.equal(made.length, 1, "still quiet at 06:59");
    await pass(61_000);
    assert.deepEqual(made.map((m) => m.incidentIds[0]), ["q-high", "q-medium"]);
  });

  it("escalates an incident still open after the escalation time to the other group, once", async () => {
    const made = await load({}, [
      { emails: "polis@polisen.example", escalateTo: "group1", escalateAfterMinutes: "60" },
      { name: "Fastighetsjour", emails: "jour@bostadsbolaget.example", escalationOnly: true, kinds: ["sensor-offline"] },
    ]);
    open(STAIRWELL, "e1");
    open(BASEMENT, "e2", { location: VARBY });
    await pass(30_000);
    open(BASEMENT, "e2", { state: "closed", location: VARBY, end: Date.now() });
    await pass(60 * MIN);
    const escalated = made.filter((m) => m.recipient === "jour@bostadsbolaget.example");
    assert.deepEqual(escalated.map((m) => [m.incidentIds, m.subject]), [[["e1"], "Medel: Uppehåll i trapphuset, Testgatan 1 A, plan 0 (eskalerad)"]]);
    await pass(3 * 60 * MIN);
    assert.equal(made.filter((m) => m.recipient === "jour@bostadsbolaget.example").length, 1);
  });

  it("keeps a recipient within the rate limit by delaying messages, never dropping them", async () => {
    const made = await load({ groupWaitSeconds: "0", groupIntervalMinutes: "0", ratePerHour: "2" });
    const deliveries = collect<{ status: string; incidentId: string; at: number }>("deliveries");
    for (const [i, district] of ["Skärholmen", "Vårby", "Sätra"].entries()) open(STAIRWELL, `l${i}`, { location: { ...VARBY, district } });
    await pass(1_000);
    assert.equal(made.length, 3, "all three messages are made");
    // The first two go out at once; which of them the outbox confirms first is up to the file system.
    assert.deepEqual(deliveries.map((d) => d.incidentId).sort(), ["l0", "l1"]);
    await pass(58 * MIN);
    assert.equal(deliveries.length, 2);
    await pass(2 * MIN);
    assert.deepEqual(deliveries.slice(0, 2).map((d) => [d.incidentId, d.status]).sort(), [["l0", "sent"], ["l1", "sent"]]);
    assert.deepEqual([deliveries[2].incidentId, deliveries[2].status], ["l2", "sent"]);
    assert.ok(deliveries[2].at - Math.min(deliveries[0].at, deliveries[1].at) >= 60 * MIN);
  });

  it("does not send incidents detected longer ago than the limit (a replay), and says so", async () => {
    const made = await load({});
    const status = statusOf("notify");
    receive({ payload: incident(STAIRWELL, "old", {}, Date.now() - 2 * 60 * MIN) });
    await pass(60_000);
    assert.equal(made.length, 0);
    await status.next((t) => /1 too old/.test(t));
  });
});
