/**
 * trappan-observation and trappan-report in a real Node-RED runtime: incidents and health kept in
 * the report's log across a restart; a week compiled into HTML, CSV, PDF and JSON files and a
 * message that trappan-notify sends as an email with attachments to a real SMTP server; staff
 * observations from the form (a bad field shown, then fixed), JSON and CSV reaching the report;
 * the access rules; the lägesbild page; bad input reported and counted.
 */
import assert from "node:assert/strict";
import type { EventEmitter } from "node:events";
import fs from "node:fs";
import type { Incident } from "../../core/events";
import type { ReportMessage } from "../../core/report/types";
import { periodOf } from "../../core/report/week";
import { SITE_ROWS, statusOf } from "../support/flows";
import { helper, useNodeRed } from "../support/node-red";
import { MODULES, collect, notifyFlow, waitFor } from "../support/notify";
import { SMTP_PASSWORD, SMTP_USER, Smtp, startSmtp } from "../support/smtp";

type Answer = { status: number; text: string; body: Record<string, unknown>; headers: Record<string, string> };
type Call = { set(name: string, value: string): Call; type(t: string): Call; send(body: string | object): Promise<Answer> } & Promise<Answer>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const supertest = require("supertest") as (app: unknown) => { get(path: string): Call; post(path: string): Call };
let httpNode: unknown;
const CAPTURE = (RED: { httpNode: unknown }) => {
  httpNode = RED.httpNode;
};
const http = () => supertest(httpNode);

const [STAIRWELL, BASEMENT] = SITE_ROWS;
const location = (row: typeof STAIRWELL) => ({ site: row.site, address: row.address, entrance: row.entrance, space: row.space as "stairwell", floor: row.floor, district: row.district });
const MIN = 60_000;
/** Monday 2 March 2026 00:00 in Stockholm (UTC+1): ISO week 2026-W10. */
const W10 = Date.UTC(2026, 2, 1, 23, 0);
const DAY = 86_400_000;

function incident(id: string, row: typeof STAIRWELL, start: number, extra: Partial<Incident> = {}): Incident {
  return { type: "incident", id, state: "closed", kind: "loitering", sensor: row.sensor, location: location(row), start, end: start + 20 * MIN, detectedAt: start + 15 * MIN, severity: "medium", score: 0.5, observed: { minutes: 20 }, expected: { thresholdMinutes: 15 }, ...extra };
}

const TOKEN = "a-long-random-token-for-the-tests-0123456789";

function reportFlow(report: Record<string, unknown> = {}, access?: Record<string, unknown>) {
  return [
    { id: "site", type: "trappan-site", name: "Kv. Test", timezone: "Europe/Stockholm", language: "sv", sensors: SITE_ROWS },
    ...(access ? [{ id: "access", type: "trappan-access", name: "", mode: "token", ...access }] : []),
    { id: "tab", type: "tab", label: "report" },
    { id: "observation", type: "trappan-observation", z: "tab", x: 100, y: 100, name: "", site: "site", access: access ? "access" : "", path: "/trappan/observation", language: "", wires: [["report", "observations"]] },
    { id: "report", type: "trappan-report", z: "tab", x: 300, y: 100, name: "", site: "site", access: access ? "access" : "", language: "", title: "", lagesbild: true, hotspots: "10", retentionWeeks: "8", wires: [["out"]], ...report },
    { id: "observations", type: "helper", z: "tab", x: 300, y: 200, wires: [] },
    { id: "out", type: "helper", z: "tab", x: 500, y: 100, wires: [] },
    { id: "catch", type: "catch", z: "tab", x: 100, y: 300, scope: null, uncaught: false, wires: [["caught"]] },
    { id: "caught", type: "helper", z: "tab", x: 300, y: 300, wires: [] },
  ];
}

const send = (id: string, msg: object) => (helper.getNode(id) as unknown as { receive(m: object): void }).receive(msg);

async function compile(period: string): Promise<ReportMessage> {
  const out = collect<ReportMessage>("out");
  send("report", { payload: "", period });
  await waitFor("the report", () => out.length === 1);
  return out[0];
}

describe("trappan-report and trappan-observation in Node-RED", function () {
  this.timeout(60_000);
  useNodeRed();
  const modules = [...MODULES, CAPTURE];

  it("keeps incidents and health across a restart and compiles the week into HTML, CSV, PDF and JSON files and a message for trappan-notify", async () => {
    const flow = reportFlow();
    await helper.load(modules, flow);
    send("report", { payload: incident("loiter-1", BASEMENT, W10 + DAY + 30 * MIN) }); // Tue 00:30: a night
    send("report", { payload: incident("loiter-2", BASEMENT, W10 + 3 * DAY + 14 * 60 * MIN, { severity: "high", end: W10 + 3 * DAY + 14 * 60 * MIN + 38 * MIN, observed: { minutes: 38 } }) });
    send("report", { payload: incident("surge-1", STAIRWELL, W10 + 4 * DAY + 20 * 60 * MIN, { kind: "visit-surge", severity: "low", end: undefined, state: "open" }) });
    send("report", { payload: { type: "health", sensor: STAIRWELL.sensor, ts: W10 + 5 * DAY, battery: 8, batteryLow: true } });
    send("report", { payload: { type: "presence", sensor: STAIRWELL.sensor, ts: W10 + 5 * DAY, occupied: true } });
    await new Promise((r) => setTimeout(r, 100));

    // A redeploy or restart: the log is read back from <userDir>/trappan/report-report/.
    await helper.unload();
    await helper.load(modules, flow);
    const report = await compile("2026-W10");
    assert.equal(report.type, "report");
    assert.equal(report.subject, "Veckorapport vecka 10, 2026");
    const s = report.summary;
    assert.equal(s.period.label, "2026-W10");
    assert.deepEqual([s.totals.incidents, s.totals.loiteringMinutes, s.totals.nights], [3, 58, 1]);
    // Basement: medium 2 + high 3 + ⌊58 / 15⌋ = 3 + 1 night = 9; stairwell: low 1.
    assert.deepEqual(s.hotspots.map((p) => [p.space, p.score, p.rank]), [["basement", 9, 1], ["stairwell", 1, 2]]);
    assert.deepEqual(s.sensors.map((p) => [p.sensor, p.problem, p.battery]), [[STAIRWELL.sensor, "low-battery", 8]]);
    assert.equal(s.rows.length, 3, "the presence event was not kept");
    for (const file of Object.values(report.files)) assert.ok(fs.statSync(file).size > 200, file);
    assert.equal(fs.readFileSync(report.files.pdf).subarray(0, 5).toString(), "%PDF-");
    assert.deepEqual(JSON.parse(fs.readFileSync(report.files.json, "utf8")).totals, s.totals);
    assert.deepEqual(report.attachments.map((a) => a.filename), ["trygga-trappan-2026-W10.pdf", "trygga-trappan-2026-W10.csv", "trygga-trappan-2026-W10.html"]);
    assert.match(report.text, /1\. Testgatan 1 A, Källare \(Skärholmen\) – 9 poäng/);

    // The lägesbild page (only this machine: supertest comes from 127.0.0.1) links the report and shows the open incident.
    const page = await http().get("/trappan/lagesbild");
    assert.equal(page.status, 200);
    assert.match(page.text, /href="lagesbild\/reports\/2026-W10\.pdf"/, "relative, so it holds under any httpNodeRoot");
    assert.match(page.text, /data-incident="surge-1"/);
    const pdf = await http().get("/trappan/lagesbild/reports/2026-W10.pdf");
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers["content-type"], "application/pdf");
    assert.equal((await http().get("/trappan/lagesbild/reports/..%2Fsecret.pdf")).status, 404);
  });

  it("sends the report through trappan-notify as one email with the HTML body and the PDF, CSV and HTML attached", async () => {
    const smtp: Smtp = await startSmtp();
    try {
      const { flow, credentials } = notifyFlow({ emailVia: "smtp", smtpPort: String(smtp.port) }, [{ emails: "samverkan@polisen.example", kinds: ["report"] }, { emails: "jour@bostadsbolaget.example", kinds: ["sensor-offline"] }], { notify: { smtpUser: SMTP_USER, smtpPassword: SMTP_PASSWORD } });
      // One catch node per flow: the helper registers a core node's module once per node of its type.
      const nodes = [...flow, ...reportFlow().filter((n) => !["tab", "catch", "caught"].includes(n.id)).map((n) => ("z" in n ? { ...n, z: "tab" } : n))];
      (nodes.find((n) => n.id === "report") as { wires: string[][] }).wires = [["notify"]];
      await helper.load(modules, nodes, credentials);
      send("report", { payload: incident("loiter-1", BASEMENT, W10 + DAY) });
      await new Promise((r) => setTimeout(r, 50));
      send("report", { payload: "", period: "2026-W10" });
      await waitFor("the report's email", () => smtp.mails.length === 1);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(smtp.mails.length, 1, "only the group that takes reports");
      const mail = smtp.mails[0];
      assert.deepEqual(mail.to, ["samverkan@polisen.example"]);
      assert.equal(mail.subject, "Veckorapport vecka 10, 2026");
      assert.match(mail.raw, /Content-Type: multipart\/mixed/);
      assert.match(mail.raw, /Content-Type: text\/html/);
      for (const ext of ["pdf", "csv", "html"]) assert.match(mail.raw, new RegExp(`filename=trygga-trappan-2026-W10\\.${ext}`));
      const pdfPart = /Content-Type: application\/pdf[^]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+)/.exec(mail.raw);
      assert.ok(pdfPart, "a PDF part");
      assert.equal(Buffer.from(pdfPart[1].replace(/\s+/g, ""), "base64").subarray(0, 5).toString(), "%PDF-");
    } finally {
      await helper.unload(); // first: notify's pooled connection closes, so the server need not wait for it
      await smtp.close();
    }
  });

  it("the observation form shows a bad field with what was typed, takes the corrected one, and the observation reaches the report", async () => {
    await helper.load(modules, reportFlow());
    const observations = collect<Incident>("observations");
    const form = await http().get("/trappan/observation");
    assert.equal(form.status, 200);
    const place = /<option value="([^"]*\|basement)"/.exec(form.text)?.[1];
    assert.ok(place, "the basement is offered as a place");
    const when = new Date(Date.now() - 60 * MIN);
    const local = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(when).replace(" ", "T");
    const body = (time: string) => new URLSearchParams({ category: "narkotikafynd", place: place.replace(/&amp;/g, "&"), time, note: "Påse med tabletter bakom elskåpet", lang: "sv" }).toString();

    const bad = await http().post("/trappan/observation").type("form").send(body("2099-01-01T10:00"));
    assert.equal(bad.status, 200, "a form's errors are a page, not a failure");
    assert.match(bad.text, /id="error-time"/);
    assert.match(bad.text, /Påse med tabletter bakom elskåpet/, "the note is kept");
    assert.equal(observations.length, 0);

    const good = await http().post("/trappan/observation").type("form").send(body(local));
    assert.equal(good.status, 200);
    assert.match(good.text, /Tack!/);
    await waitFor("the observation", () => observations.length === 1);
    assert.equal(observations[0].kind, "observation");
    assert.equal(observations[0].severity, "high");
    assert.deepEqual(observations[0].observed, { category: "narkotikafynd", note: "Påse med tabletter bakom elskåpet", source: "form" });

    await new Promise((r) => setTimeout(r, 50));
    const report = await compile(periodOf(when.getTime(), "Europe/Stockholm").label);
    assert.deepEqual(report.summary.rows.map((r) => [r.kind, r.category, r.note]), [["observation", "narkotikafynd", "Påse med tabletter bakom elskåpet"]]);
    assert.equal(report.summary.totals.observations, 1);
  });

  it("takes observations as JSON and as a CSV import, naming each refused one", async () => {
    await helper.load(modules, reportFlow());
    const status = statusOf("observation");
    const observations = collect<Incident>("observations");
    const caught = collect<unknown>("caught");
    const time = new Date(Date.now() - DAY).toISOString();
    const json = await http().post("/trappan/observation").type("json").send([{ category: "klotter", site: "Kv. Test", address: "Testgatan 1", entrance: "A", space: "trapphus", time }, { category: "fest", site: "Kv. Test", address: "Testgatan 1", space: "stairwell", time }]);
    assert.equal(json.status, 200);
    assert.equal((json.body.accepted as string[]).length, 1);
    assert.deepEqual((json.body.errors as { index: number; errors: { field: string }[] }[]).map((e) => [e.index, e.errors[0].field]), [[1, "category"]]);
    const csv = `tid;kategori;fastighet;adress;uppgång;utrymme;anteckning\r\n${time};Trasigt lås;Kv. Test;Testgatan 1;A;källare;Låset till källardörren är bortbrutet\r\n${time};klotter;Kv. Test;Okändgatan 9;;källare;\r\n`;
    const imported = await http().post("/trappan/observation").type("text/csv").send(csv);
    assert.equal(imported.status, 200);
    assert.deepEqual((imported.body.errors as { line: number }[]).map((e) => e.line), [3]);
    await waitFor("two observations", () => observations.length === 2);
    assert.deepEqual(observations.map((o) => (o.observed as { category: string }).category).sort(), ["klotter", "trasigt-las"]);
    await waitFor("errors seen by Catch", () => caught.length === 2);
    assert.equal(await status.next((t) => /2 received/.test(t)), "2 received · 2 refused");
  });

  it("lets only the token's holder in when a token is the rule, and no proxy when only this machine is", async () => {
    await helper.load(modules, reportFlow({}, { mode: "token" }), { access: { token: TOKEN } });
    assert.equal((await http().get("/trappan/observation")).status, 401);
    assert.equal((await http().get("/trappan/lagesbild?token=wrong")).status, 401);
    const withToken = await http().get(`/trappan/lagesbild?token=${TOKEN}`);
    assert.equal(withToken.status, 200);
    assert.match(withToken.text, new RegExp(`lang=en&amp;token=${TOKEN}`), "the language link keeps the token");
    assert.equal((await http().get("/trappan/observation").set("Authorization", `Bearer ${TOKEN}`)).status, 200);
    const form = await http().get(`/trappan/observation?token=${TOKEN}`);
    assert.match(form.text, new RegExp(`name="token" value="${TOKEN}"`), "the form posts the token back");

    await helper.unload();
    await helper.load(modules, reportFlow());
    assert.equal((await http().get("/trappan/lagesbild")).status, 200);
    assert.equal((await http().get("/trappan/lagesbild").set("X-Forwarded-For", "203.0.113.7")).status, 403);
  });

  it("reports bad input through Catch with a count, and keeps going", async () => {
    await helper.load(modules, reportFlow());
    const status = statusOf("report");
    const caught: { error: { message: string } }[] = [];
    (helper.getNode("caught") as unknown as EventEmitter).on("input", (m: { error: { message: string } }) => caught.push(m));
    send("report", { payload: { type: "incident", id: "x" } });
    send("report", { payload: { type: "episode-ish" } });
    send("report", { payload: "", period: "week 12" });
    send("report", { payload: { type: "health", sensor: STAIRWELL.sensor, ts: Date.UTC(2099, 0, 1), online: false } });
    send("report", { payload: incident("good", STAIRWELL, W10) });
    await waitFor("four errors", () => caught.length === 4);
    assert.deepEqual(
      caught.map((m) => m.error.message).sort(),
      [
        "the incident's kind is missing or not valid",
        'a message of type "episode-ish" is neither an incident, a health event nor a request for a report',
        'msg.period: expected "2026-W47" or { year, week }, got "week 12"',
        "the event time 2099-01-01T00:00:00.000Z is more than a day ahead of this machine's clock",
      ].sort(),
    );
    const report = await compile("2026-W10");
    assert.deepEqual(report.summary.rows.map((r) => r.id), ["good"]);
    assert.match(await status.next((t) => /4 errors/.test(t)), /^1 kept · 2026-W10 · 4 errors$/);
    assert.deepEqual(report.summary.sensors, [], "the far-future health was not kept");
  });
});
