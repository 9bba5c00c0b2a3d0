/**
 * trappan-recipients + trappan-notify in a real Node-RED runtime against a real SMTP server
 * (smtp-server) and a local HTTP server speaking 46elks' and Twilio's request shapes: messages
 * arrive with Swedish text intact; transient failures are retried and permanent ones
 * dead-lettered with an error a Catch node sees; a restart sends what was pending exactly once;
 * delivery reports come out of the second output; bad input is reported and counted.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { EventEmitter } from "node:events";
import sinon from "sinon";
import type { Delivery } from "../../core/notify/service";
import { statusOf } from "../support/flows";
import { helper, translate, useNodeRed } from "../support/node-red";
import { BASEMENT, MODULES, STAIRWELL, collect, incident, notifyFlow, receive, waitFor } from "../support/notify";
import { SMTP_PASSWORD, SMTP_USER, Smtp, startSmtp } from "../support/smtp";

describe("trappan-notify → SMTP (smtp-server)", function () {
  this.timeout(30_000);
  const userDir = useNodeRed();
  let smtp: Smtp;
  beforeEach(async () => {
    smtp = await startSmtp();
  });
  afterEach(async () => {
    await smtp.close();
  });

  const email = (extra: Record<string, unknown> = {}) =>
    notifyFlow({ emailVia: "smtp", smtpPort: String(smtp.port), ...extra }, [{ emails: "polis.skarholmen@polisen.example\nvakthavande@polisen.example" }], { notify: { smtpUser: SMTP_USER, smtpPassword: SMTP_PASSWORD } });

  it("authenticates and sends each recipient one email whose Swedish subject and body arrive intact", async () => {
    const { flow, credentials } = email();
    await helper.load(MODULES, flow, credentials);
    const deliveries = collect<Delivery>("deliveries");
    receive({ payload: incident(BASEMENT, "inc-1") });
    await waitFor("two emails", () => smtp.mails.length === 2 && deliveries.length === 2);
    assert.ok(smtp.logins.length > 0 && smtp.logins.every((l) => l.ok && l.user === SMTP_USER));
    assert.deepEqual(smtp.mails.map((m) => m.to[0]).sort(), ["polis.skarholmen@polisen.example", "vakthavande@polisen.example"]);
    const mail = smtp.mails[0];
    assert.equal(mail.subject, `Medel: Uppehåll i källaren, ${BASEMENT.address} ${BASEMENT.entrance}`);
    assert.match(mail.text, /Närvaro i 16 min i källaren/);
    assert.match(mail.text, /Förväntat: gräns 15 min, normalt under 4 min/);
    assert.match(mail.text, /inte personer/);
    assert.deepEqual(deliveries.map((d) => [d.channel, d.status, d.incidentId, d.attempts]), [["email", "sent", "inc-1", 1], ["email", "sent", "inc-1", 1]]);
    assert.ok(deliveries.every((d) => typeof d.providerId === "string" && d.providerId.length > 0));
  });

  it("tries again after a 451 and delivers once", async () => {
    smtp.script(451, 451);
    const { flow, credentials } = email();
    await helper.load(MODULES, flow, credentials);
    const deliveries = collect<Delivery>("deliveries");
    receive({ payload: incident(STAIRWELL, "inc-451") });
    await waitFor("two emails", () => smtp.mails.length === 2 && deliveries.filter((d) => d.status === "sent").length === 2);
    assert.deepEqual(deliveries.filter((d) => d.status === "retrying").map((d) => d.error?.slice(0, 8)), ["SMTP 451", "SMTP 451"]);
    assert.deepEqual(deliveries.filter((d) => d.status === "sent").map((d) => d.attempts), [2, 2]);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.mails.length, 2, "nothing sent twice");
  });

  it("moves a message refused with 550 to the dead letters with an error a Catch node sees, and does not retry it", async () => {
    smtp.script(550);
    const { flow, credentials } = email();
    await helper.load(MODULES, flow, credentials);
    const deliveries = collect<Delivery>("deliveries");
    const caught = collect<unknown>("caught");
    const errors: string[] = [];
    (helper.getNode("caught") as EventEmitter).on("input", (msg: { error: { message: string } }) => errors.push(msg.error.message));
    const status = statusOf("notify");
    receive({ payload: incident(STAIRWELL, "inc-550") });
    await waitFor("one dead, one sent", () => deliveries.filter((d) => d.status === "dead").length === 1 && deliveries.filter((d) => d.status === "sent").length === 1);
    await waitFor("the error at the Catch node", () => caught.length === 1);
    assert.match(errors[0], /email to .* failed .*SMTP 550/);
    await status.next((t) => /1 sent · 1 failed/.test(t));
    // The dead-letter list keeps the message and why.
    const dir = fs.readdirSync(path.join(userDir(), "trappan")).find((d) => d.startsWith("notify-"))!;
    const [dead] = fs.readFileSync(path.join(userDir(), "trappan", dir, "dead-letters.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.match(dead.reason, /^SMTP 550/);
    assert.deepEqual([dead.channel, dead.incidentIds, dead.attempts], ["email", ["inc-550"], 1]);
    assert.match(dead.text, /Närvaro i 16 min/);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.mails.length, 1);
    assert.equal(deliveries.filter((d) => d.status === "retrying").length, 0);
  });

  it("sends nothing with a wrong password and says the server refused it", async () => {
    const { flow } = email();
    await helper.load(MODULES, flow, { notify: { smtpUser: SMTP_USER, smtpPassword: "fel" } });
    const deliveries = collect<Delivery>("deliveries");
    receive({ payload: incident(STAIRWELL, "inc-auth") });
    await waitFor("two dead", () => deliveries.filter((d) => d.status === "dead").length === 2);
    assert.match(deliveries[0].error ?? "", /SMTP 535|authentication/i);
    assert.equal(smtp.mails.length, 0);
  });

  it("after a restart sends what was pending exactly once", async function () {
    smtp.script(451, 451, 451, 451, 451, 451, 451, 451);
    const { flow, credentials } = email({ retrySeconds: "1", groupWaitSeconds: "0.5" });
    await helper.load(MODULES, flow, credentials);
    let deliveries = collect<Delivery>("deliveries");
    // Two incidents fail and wait to be tried again; a third is still gathering when Node-RED stops.
    receive({ payload: incident(STAIRWELL, "inc-a") });
    receive({ payload: incident(STAIRWELL, "inc-b") });
    await waitFor("the first attempts", () => deliveries.filter((d) => d.status === "retrying").length >= 4);
    receive({ payload: incident(BASEMENT, "inc-c", { location: { site: "Kv. Annat", address: "Annangatan 2", space: "basement", district: "Vårby" } }) });
    await new Promise((r) => setTimeout(r, 50)); // on disk (done), not yet sent
    assert.equal(smtp.mails.length, 0);
    await helper.unload();
    smtp.reset(); // the server accepts again
    const { flow: again } = email({ retrySeconds: "1", groupWaitSeconds: "0.5" });
    await helper.load(MODULES, again, credentials);
    deliveries = collect<Delivery>("deliveries");
    await waitFor("every recipient told of every incident", () => {
      const told = new Set(smtp.mails.flatMap((m) => (/X-Trappan-Incidents: (.*)/.exec(m.raw)?.[1] ?? "").trim().split(" ").map((id) => `${m.to[0]} ${id}`)));
      return told.size === 6;
    }, 20_000);
    await new Promise((r) => setTimeout(r, 1_500));
    const told = smtp.mails.flatMap((m) => (/X-Trappan-Incidents: (.*)/.exec(m.raw)?.[1] ?? "").trim().split(" ").map((id) => `${m.to[0]} ${id}`));
    assert.equal(told.length, 6, `each recipient and incident once: ${told.join(", ")}`);
  });
});

describe("trappan-notify: what is wrong with its configuration", function () {
  this.timeout(30_000);
  useNodeRed();

  // Real time for real I/O (the outbox journal), captured before sinon replaces it.
  const realSetTimeout = globalThis.setTimeout;
  /** Loads a notify node writing to files, then puts its timers on a fake clock, so the group wait in force can be checked exactly. */
  const onFakeClock = async (notify: Record<string, unknown>) => {
    const { flow } = notifyFlow({ emailVia: "file", ...notify }, [{ emails: "polis@polisen.example" }]);
    await helper.load(MODULES, flow);
    const made = collect<{ incidentIds: string[] }>("made");
    const status = statusOf("notify");
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    const pass = async (ms: number) => {
      await clock.tickAsync(ms);
      for (let i = 0; i < 10; i++) {
        await new Promise((resolve) => realSetTimeout(resolve, 3));
        await clock.tickAsync(0);
      }
    };
    return { made, status, clock, pass };
  };
  const loggedErrors = () => (helper.getNode("notify") as unknown as { error: { args: unknown[][] } }).error.args.map((a) => String(a[0]));

  it("takes a group wait written with a decimal comma: \"0,5\" s gathers for half a second", async () => {
    const { made, clock, pass } = await onFakeClock({ groupWaitSeconds: "0,5" });
    try {
      receive({ payload: incident(STAIRWELL, "inc-comma") });
      await pass(400);
      assert.equal(made.length, 0, "still gathering");
      await pass(100);
      assert.deepEqual(made.map((m) => m.incidentIds), [["inc-comma"]]);
    } finally {
      clock.restore();
    }
    assert.deepEqual(loggedErrors(), []);
  });

  it("says a setting that is not a number, or under its least, in the user's words, counts it in its status, and uses the default", async () => {
    const { made, status, clock, pass } = await onFakeClock({ groupWaitSeconds: "tio", smsMaxSegments: "0" });
    try {
      receive({ payload: incident(STAIRWELL, "inc-bad") });
      await pass(29_000);
      assert.equal(made.length, 0, "gathering for the default 30 s");
      assert.equal(status.current.fill, "yellow");
      assert.equal(status.current.text, "0 sent · 2 errors");
      await pass(1_000);
      assert.deepEqual(made.map((m) => m.incidentIds), [["inc-bad"]]);
    } finally {
      clock.restore();
    }
    assert.deepEqual(loggedErrors(), [
      translate("trappan-notify.errors.setting", { setting: translate("trappan-notify.label.groupWait"), value: "tio", min: 0, default: 30 }),
      translate("trappan-notify.errors.setting", { setting: translate("trappan-notify.label.segments"), value: "0", min: 1, default: 3 }),
    ]);
  });

  it("says which entry of a group is not valid, and still sends to the others", async () => {
    const { flow } = notifyFlow({ emailVia: "file", smsVia: "file" }, [{ emails: "polis@polisen.example\npolis-at-polisen", phones: "070-174 06 05\n12345" }]);
    await helper.load(MODULES, flow);
    const made = collect<{ recipient: string }>("made");
    const status = statusOf("notify");
    await status.next((t) => t.length > 0);
    const errors = (helper.getNode("notify") as unknown as { error: { args: unknown[][] } }).error.args.map((a) => String(a[0]));
    assert.deepEqual(errors, ['Polisen Skärholmen: "polis-at-polisen" is not an email address', 'Polisen Skärholmen: "12345" is not a phone number (E.164, e.g. +46701234567)']);
    receive({ payload: incident(STAIRWELL, "inc-1") });
    await waitFor("messages", () => made.length === 4);
    assert.deepEqual(made.map((m) => m.recipient).sort(), ["+46701740605", "12345", "polis-at-polisen", "polis@polisen.example"]);
  });

  it("does not run with a template that is not valid, and says why", async () => {
    const { flow } = notifyFlow({ emailVia: "file", smsSv: "{{#incidents}}{{summary}}" }, [{ emails: "polis@polisen.example" }]);
    await helper.load(MODULES, flow);
    const status = statusOf("notify");
    await status.next((t) => /sv template is not valid Mustache/.test(t));
    assert.equal(status.current.fill, "red");
  });
});
