/**
 * The report's log on disk (latest state per incident, a closed incident stays closed, health
 * written only when it changes, old entries dropped by event time, a crash's half line
 * forgotten) and the access rules of the form and the page (this machine, token, login).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { decide } from "../../core/access";
import type { Incident } from "../../core/events";
import { ReportLog } from "../../core/report/log";
import { tempUserDir } from "../support/node-red";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2, 12);
const loitering = (id: string, start: number, state: Incident["state"] = "closed"): Incident => ({ type: "incident", id, state, kind: "loitering", sensor: "0x1", location: { site: "Kv. Test", address: "Testgatan 1", space: "basement" }, start, end: state === "closed" ? start + 20 * 60_000 : undefined, detectedAt: start + 15 * 60_000, severity: "medium", score: 0.5, observed: { minutes: 20 }, expected: {} });

describe("the report's log", () => {
  it("keeps the latest state of each incident across a reopening; a closed incident stays closed", async () => {
    const dir = tempUserDir();
    const log = new ReportLog({ dir });
    await log.add(loitering("a", T0, "open"));
    await log.add(loitering("a", T0, "closed"));
    await log.add(loitering("a", T0, "update")); // late, out of order
    await log.add(loitering("b", T0 + DAY, "open"));
    log.close();
    const again = new ReportLog({ dir });
    assert.deepEqual(again.input().incidents.map((i) => [i.id, i.state]).sort(), [["a", "closed"], ["b", "open"]]);
    assert.deepEqual(again.open().map((i) => i.id), ["b"]);
    again.close();
  });

  it("writes health only when it changes what a report shows, and refuses health without a sensor or time", async () => {
    const dir = tempUserDir();
    const log = new ReportLog({ dir });
    const file = path.join(dir, "log.jsonl");
    const before = fs.statSync(file).size;
    await log.addHealth({ type: "health", sensor: "0x1", ts: T0, battery: 80, online: true });
    const first = fs.statSync(file).size;
    assert.ok(first > before);
    await log.addHealth({ type: "health", sensor: "0x1", ts: T0 + 60_000, battery: 79, linkquality: 120 });
    assert.equal(fs.statSync(file).size, first, "a 1-point battery change is not written");
    await log.addHealth({ type: "health", sensor: "0x1", ts: T0 + 120_000, batteryLow: true, battery: 9 });
    assert.ok(fs.statSync(file).size > first);
    assert.deepEqual(log.input().health.map((h) => [h.sensor, h.battery, h.batteryLow, h.online]), [["0x1", 9, true, true]]);
    assert.throws(() => log.addHealth({ type: "health", ts: T0 } as never), /sensor is missing/);
    assert.throws(() => log.addHealth({ type: "health", sensor: "0x1", ts: Number.NaN }), /ts is missing/);
    log.close();
  });

  it("drops what was last heard of more than the retention before the newest event, and forgets a half-written line", async () => {
    const dir = tempUserDir();
    const log = new ReportLog({ dir, retentionWeeks: 5 });
    await log.add(loitering("old", T0 - 60 * DAY));
    await log.add(loitering("recent", T0 - 20 * DAY));
    await log.add(loitering("newest", T0));
    log.close();
    fs.appendFileSync(path.join(dir, "log.jsonl"), '{"i":{"type":"incident","id":"cut');
    const again = new ReportLog({ dir, retentionWeeks: 5 });
    assert.deepEqual(again.input().incidents.map((i) => i.id).sort(), ["newest", "recent"]);
    assert.equal(fs.readFileSync(path.join(dir, "log.jsonl"), "utf8").trim().split("\n").length, 2, "compacted to one line each");
    again.close();
  });

  it("refuses what is not an incident, naming the field", () => {
    const log = new ReportLog({ dir: tempUserDir() });
    assert.throws(() => log.add({ type: "incident", id: "x", kind: "loitering", state: "open", severity: "low", detectedAt: 1 }), /start is missing/);
    assert.throws(() => log.add({ type: "presence" }), /expected an incident/);
    log.close();
  });
});

describe("who may open the form and the page", () => {
  const local = { remoteAddress: "127.0.0.1", headers: {} };
  it("only this machine: loopback yes, others no, and nothing through a proxy", () => {
    assert.deepEqual(decide({ mode: "local" }, local), { ok: true });
    assert.deepEqual(decide({ mode: "local" }, { remoteAddress: "::ffff:127.0.0.1", headers: {} }), { ok: true });
    assert.deepEqual(decide({ mode: "local" }, { remoteAddress: "::1", headers: {} }), { ok: true });
    assert.equal(decide({ mode: "local" }, { remoteAddress: "192.168.1.20", headers: {} }).ok, false);
    assert.deepEqual(decide({ mode: "local" }, { remoteAddress: "127.0.0.1", headers: { "x-forwarded-for": "203.0.113.7" } }), { ok: false, status: 403, reason: "proxied" });
  });

  it("a token: in the link or as a bearer, never an empty or missing one", () => {
    const rule = { mode: "token" as const, token: "s3cret-token-0123456789" };
    assert.deepEqual(decide(rule, { ...local, token: "s3cret-token-0123456789" }), { ok: true });
    assert.deepEqual(decide(rule, { ...local, headers: { authorization: "Bearer s3cret-token-0123456789" } }), { ok: true });
    assert.equal(decide(rule, { ...local, token: "s3cret-token-012345678" }).ok, false);
    assert.equal(decide(rule, local).ok, false);
    assert.deepEqual(decide({ mode: "token" }, { ...local, token: "" }), { ok: false, status: 403, reason: "notConfigured" });
  });

  it("a login: HTTP Basic with the right user and password (a colon in the password too), else a challenge", () => {
    const rule = { mode: "login" as const, username: "vaktmästare", password: "lösen:ord" };
    const basic = (user: string, password: string) => ({ ...local, headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` } });
    assert.deepEqual(decide(rule, basic("vaktmästare", "lösen:ord")), { ok: true });
    const wrong = decide(rule, basic("vaktmästare", "lösen"));
    assert.equal(wrong.ok, false);
    assert.equal(!wrong.ok && wrong.status, 401);
    assert.match(!wrong.ok ? (wrong.challenge ?? "") : "", /^Basic realm="Trygga Trappan"/);
    assert.equal(decide(rule, basic("annan", "lösen:ord")).ok, false);
    assert.equal(decide(rule, local).ok, false);
  });
});
