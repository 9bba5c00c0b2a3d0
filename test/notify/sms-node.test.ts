/**
 * trappan-notify's SMS through 46elks and Twilio, against a local server that speaks their
 * request shapes: form fields and Basic auth as the providers expect them, Swedish text intact in
 * one GSM-7 segment, a 401 dead-lettered, a 429 and a 500 tried again, and 46elks' delivery
 * report coming out of the second output. Also webhooks, and bad input counted and reported.
 */
import assert from "node:assert/strict";
import type { EventEmitter } from "node:events";
import type { Delivery } from "../../core/notify/service";
import { statusOf } from "../support/flows";
import { helper, useNodeRed } from "../support/node-red";
import { MODULES, STAIRWELL, collect, incident, notifyFlow, receive, waitFor } from "../support/notify";
import { ELKS_PASSWORD, ELKS_USER, SmsProviders, TWILIO_SID, TWILIO_TOKEN, startSmsProviders } from "../support/sms-providers";

const PHONE = "+46701740605";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const supertest = require("supertest") as (app: unknown) => { post(path: string): { type(t: string): { send(body: object): Promise<{ status: number }> } } };
/** Node-RED's httpNode app (where providers post delivery reports), caught as the nodes register. */
let httpNode: unknown;
const CAPTURE = (RED: { httpNode: unknown }) => {
  httpNode = RED.httpNode;
};

describe("trappan-notify → SMS (46elks, Twilio) and webhooks", function () {
  this.timeout(30_000);
  useNodeRed();
  let providers: SmsProviders;
  beforeEach(async () => {
    providers = await startSmsProviders();
  });
  afterEach(async () => {
    await providers.close();
  });

  const elks = (extra: Record<string, unknown> = {}, password = ELKS_PASSWORD) =>
    notifyFlow({ smsVia: "46elks", smsApiUrl: providers.elksUrl, smsFrom: "Trappan", ...extra }, [{ phones: "070-174 06 05" }], { notify: { smsUser: ELKS_USER, smsPassword: password } });

  it("46elks: posts from, to and message with Basic auth, the Swedish text in one segment", async () => {
    const { flow, credentials } = elks();
    await helper.load(MODULES, flow, credentials);
    const deliveries = collect<Delivery>("deliveries");
    receive({ payload: incident(STAIRWELL, "inc-sms") });
    await waitFor("a delivery", () => deliveries.length === 1);
    const [request] = providers.requests;
    assert.equal(request.path, "/a1/sms");
    assert.deepEqual(request.auth, { user: ELKS_USER, password: ELKS_PASSWORD });
    assert.equal(request.form?.from, "Trappan");
    assert.equal(request.form?.to, PHONE, "070-174 06 05 is sent as E.164");
    assert.equal(request.form?.message, `Närvaro i 16 min i trapphuset, ${STAIRWELL.address}; normalt under 4 min (Medel)`);
    assert.equal(request.form?.whendelivered, undefined);
    assert.deepEqual([deliveries[0].status, deliveries[0].segments, deliveries[0].recipient, deliveries[0].channel], ["sent", 1, PHONE, "sms"]);
    assert.match(deliveries[0].providerId ?? "", /^s[0-9a-f]{32}$/);
  });

  it("46elks: a 429 and a 500 are tried again, and the message goes once", async () => {
    providers.script("46elks", 429, 500);
    const { flow, credentials } = elks();
    await helper.load(MODULES, flow, credentials);
    const deliveries = collect<Delivery>("deliveries");
    receive({ payload: incident(STAIRWELL, "inc-429") });
    await waitFor("sent", () => deliveries.some((d) => d.status === "sent"), 20_000);
    assert.deepEqual(providers.requests.map((r) => r.status), [429, 500, 200]);
    assert.deepEqual(deliveries.map((d) => [d.status, d.attempts]), [["retrying", 1], ["retrying", 2], ["sent", 3]]);
    assert.equal(providers.received("46elks").length, 1);
  });

  it("46elks: a 401 is not tried again; the error says the credentials are wrong and does not show them", async () => {
    const { flow, credentials } = elks({}, "wrong-password");
    await helper.load(MODULES, flow, credentials);
    const deliveries = collect<Delivery>("deliveries");
    const errors: string[] = [];
    (helper.getNode("caught") as EventEmitter).on("input", (msg: { error: { message: string } }) => errors.push(msg.error.message));
    const status = statusOf("notify");
    receive({ payload: incident(STAIRWELL, "inc-401") });
    await waitFor("the error", () => errors.length === 1);
    assert.match(errors[0], /username or password is wrong/);
    assert.doesNotMatch(errors[0], /wrong-password/);
    assert.deepEqual(deliveries.map((d) => d.status), ["dead"]);
    await status.next((t) => /1 failed/.test(t));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(providers.requests.length, 1);
  });

  it("46elks: asks for delivery reports and passes one on from the second output", async () => {
    const { flow, credentials } = elks({ publicUrl: "http://127.0.0.1:1880/" });
    await helper.load([...MODULES, CAPTURE] as typeof MODULES, flow, credentials);
    const deliveries = collect<Delivery>("deliveries");
    receive({ payload: incident(STAIRWELL, "inc-dlr") });
    await waitFor("sent", () => deliveries.length === 1);
    assert.equal(providers.requests[0].form?.whendelivered, "http://127.0.0.1:1880/trappan/notify/notify/delivery");
    const response = await supertest(httpNode)
      .post("/trappan/notify/notify/delivery")
      .type("form")
      .send({ id: deliveries[0].providerId, status: "delivered", delivered: "2026-11-22 10:00:00.000" });
    assert.equal(response.status, 204);
    await waitFor("the report", () => deliveries.length === 2);
    assert.deepEqual([deliveries[1].status, deliveries[1].providerId, deliveries[1].incidentId], ["delivered", deliveries[0].providerId, "inc-dlr"]);
  });

  it("Twilio: posts To, From and Body to the account's Messages with Basic auth", async () => {
    const { flow, credentials } = notifyFlow({ smsVia: "twilio", smsApiUrl: providers.twilioUrl, smsFrom: "+46766861004" }, [{ phones: PHONE }], { notify: { smsUser: TWILIO_SID, smsPassword: TWILIO_TOKEN } });
    await helper.load(MODULES, flow, credentials);
    const deliveries = collect<Delivery>("deliveries");
    receive({ payload: incident(STAIRWELL, "inc-twilio", { severity: "high" }) });
    await waitFor("sent", () => deliveries.length === 1);
    const [request] = providers.requests;
    assert.equal(request.path, `/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`);
    assert.deepEqual(request.auth, { user: TWILIO_SID, password: TWILIO_TOKEN });
    assert.deepEqual([request.form?.To, request.form?.From], [PHONE, "+46766861004"]);
    assert.match(request.form?.Body ?? "", /^Närvaro i 16 min i trapphuset.*\(Hög\)$/);
    assert.match(deliveries[0].providerId ?? "", /^SM[0-9a-f]{32}$/);
  });

  it("webhook: posts the incidents as JSON with an idempotency key", async () => {
    const { flow, credentials } = notifyFlow({}, [{ emails: "" }], { group0: { webhooks: providers.webhookUrl } });
    await helper.load(MODULES, flow, credentials);
    const deliveries = collect<Delivery>("deliveries");
    receive({ payload: incident(STAIRWELL, "inc-hook") });
    await waitFor("sent", () => deliveries.length === 1);
    const [request] = providers.requests;
    const body = request.json as { id: string; group: string; incidents: { id: string; reason: string }[]; text: string };
    assert.equal(request.headers["idempotency-key"], body.id);
    assert.equal(body.group, "Polisen Skärholmen");
    assert.deepEqual(body.incidents.map((i) => [i.id, i.reason]), [["inc-hook", "opened"]]);
  });

  it("webhook: a weekly report goes as its summary without the rows, never by SMS", async () => {
    const { flow, credentials } = notifyFlow({ smsVia: "46elks", smsApiUrl: providers.elksUrl }, [{ emails: "", phones: PHONE, kinds: ["report"] }], { group0: { webhooks: providers.webhookUrl }, notify: { smsUser: ELKS_USER, smsPassword: ELKS_PASSWORD } });
    await helper.load(MODULES, flow, credentials);
    const deliveries = collect<Delivery>("deliveries");
    const summary = { type: "report-summary", period: { label: "2026-W47" }, totals: { incidents: 3 }, rows: [{ id: "inc-1", note: "Klotter vid hissen" }] };
    const report = { type: "report", id: "report-2026-W47-sv", subject: "Veckorapport vecka 47, 2026", text: "3 händelser", html: "<p>3</p>", files: { html: "/nonexistent.html" }, attachments: [], summary, period: summary.period };
    (helper.getNode("notify") as unknown as { receive(m: object): void }).receive({ payload: report });
    await waitFor("sent", () => deliveries.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(providers.requests.map((r) => r.provider), ["webhook"], "no SMS for a report");
    const body = providers.requests[0].json as { id: string; type: string; reportId: string; summary: { totals: object; rows?: unknown }; subject: string };
    assert.equal(providers.requests[0].headers["idempotency-key"], body.id);
    assert.deepEqual([body.type, body.reportId, body.subject, body.summary.totals], ["report", "report-2026-W47-sv", "Veckorapport vecka 47, 2026", { incidents: 3 }]);
    assert.equal(body.summary.rows, undefined, "no rows, so no single incident and no note");
    assert.equal(deliveries[0].incidentId, "report-2026-W47-sv");
  });

  it("reports bad input through Catch, counts it, and goes on", async () => {
    const { flow, credentials } = elks();
    await helper.load(MODULES, flow, credentials);
    const deliveries = collect<Delivery>("deliveries");
    const errors: string[] = [];
    (helper.getNode("caught") as EventEmitter).on("input", (msg: { error: { message: string } }) => errors.push(msg.error.message));
    const status = statusOf("notify");
    receive({ payload: { type: "presence", sensor: "x", ts: 1, occupied: true } });
    receive({ payload: { ...incident(STAIRWELL, "inc-bad"), severity: "extreme" } });
    receive({ payload: incident(STAIRWELL, "inc-good") });
    await waitFor("two errors and a delivery", () => errors.length === 2 && deliveries.length === 1);
    assert.deepEqual(errors, ['expected an incident (from trappan-anomaly) or a report (from trappan-report); got presence', "the incident's severity is missing or not valid"]);
    await status.next((t) => /1 sent.*2 errors/.test(t));
  });
});
