/**
 * The SMS (46elks, Twilio) and webhook channels against a local stand-in for the providers
 * (test/support/sms-providers.ts): what goes over the wire, and how each answer is classified.
 */
import assert from "node:assert/strict";
import http from "node:http";
import { AddressInfo } from "node:net";
import { DeliveryError, OutgoingMessage } from "../../core/notify/channel";
import { elks46Channel, parseElksDeliveryReport, parseTwilioStatusCallback, retryAfterMs, twilioChannel, webhookChannel } from "../../core/notify/http-channels";
import { ELKS_PASSWORD, ELKS_USER, SmsProviders, TWILIO_SID, TWILIO_TOKEN, startSmsProviders } from "../support/sms-providers";

const TEXT = "Närvaro i 38 min i källaren, Storgatan 12";
const POLICE = "+46700000000";

function sms(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return { id: "msg-2026-03-10-0001", channel: "sms", recipient: POLICE, group: "Polisen Skärholmen", text: TEXT, incidentIds: ["inc-1"], ...overrides };
}

/** The DeliveryError a send rejects with (fails the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DeliveryError, `expected a DeliveryError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the send to fail");
}

/** A one-off server for answers the stand-in does not give. */
async function oneOff(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("HTTP notification channels", () => {
  let providers: SmsProviders;
  beforeEach(async () => {
    providers = await startSmsProviders();
  });
  afterEach(async () => {
    await providers.close();
  });

  const elks = (options: Partial<Parameters<typeof elks46Channel>[0]> = {}) =>
    elks46Channel({ username: ELKS_USER, password: ELKS_PASSWORD, from: "Trappan", apiUrl: providers.elksUrl, ...options });
  const twilio = (options: Partial<Parameters<typeof twilioChannel>[0]> = {}) =>
    twilioChannel({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, from: "+46766860000", apiUrl: providers.twilioUrl, ...options });

  describe("46elks", () => {
    it("posts from, to and the Swedish text with Basic auth, and returns 46elks' id", async () => {
      const channel = elks();
      assert.equal(channel.name, "sms");
      const delivered = await channel.send(sms());
      const [request] = providers.received("46elks");
      assert.equal(providers.requests.length, 1);
      assert.equal(request.path, "/a1/sms");
      assert.deepEqual(request.auth, { user: ELKS_USER, password: ELKS_PASSWORD });
      assert.deepEqual(request.form, { from: "Trappan", to: POLICE, message: TEXT }, "no whendelivered unless configured; å and ä intact");
      assert.match(delivered.providerId!, /^s[0-9a-f]{32}$/);
      await channel.close();
    });

    it("asks for delivery reports when whenDelivered is configured", async () => {
      await elks({ whenDelivered: "https://trappan.example.se/notify/46elks" }).send(sms());
      assert.equal(providers.received("46elks")[0].form!.whendelivered, "https://trappan.example.se/notify/46elks");
    });

    it("accepts a phone number as sender", async () => {
      await elks({ from: "+46766860000" }).send(sms());
      assert.equal(providers.received("46elks")[0].form!.from, "+46766860000");
    });

    it("says the credentials are wrong on 401, does not retry, and does not reveal the password", async () => {
      const error = await failure(elks({ password: "wrong-secret-42" }).send(sms()));
      assert.equal(error.transient, false);
      assert.equal(error.code, 401);
      assert.match(error.message, /username or password is wrong/);
      assert.match(error.message, /Unauthorized/, "what 46elks said");
      assert.ok(!error.message.includes("wrong-secret-42"));
      assert.ok(!error.message.includes(ELKS_PASSWORD));
    });

    it("retries on 429 after the Retry-After 46elks asked for, then gets through", async () => {
      providers.script("46elks", 429, 200);
      const channel = elks();
      const error = await failure(channel.send(sms()));
      assert.equal(error.transient, true);
      assert.equal(error.code, 429);
      assert.equal(error.retryAfterMs, 1000);
      const delivered = await channel.send(sms());
      assert.ok(delivered.providerId);
      assert.equal(providers.received("46elks").length, 1);
    });

    it("retries on 500", async () => {
      providers.script("46elks", 500);
      const error = await failure(elks().send(sms()));
      assert.equal(error.transient, true);
      assert.equal(error.code, 500);
      assert.equal(error.retryAfterMs, undefined);
    });

    it("does not retry a 400 and says what 46elks said", async () => {
      const error = await failure(elks().send(sms({ recipient: "0700000000" })));
      assert.equal(error.transient, false);
      assert.equal(error.code, 400);
      assert.match(error.message, /Invalid to number/);
    });

    it("refuses at construction a sender 46elks would refuse", () => {
      assert.throws(() => elks({ from: "Trygga Trappan AB" }), /46elks sender "Trygga Trappan AB" is not valid/);
      assert.throws(() => elks({ from: "TryggaTrappa" }), /not valid/, "12 letters");
      assert.throws(() => elks({ from: "1Trappan" }), /not valid/, "must start with a letter");
      assert.throws(() => elks({ from: "0700000000" }), /not valid/, "not E.164");
      assert.doesNotThrow(() => elks({ from: "TryggTrappa" }), "11 letters");
    });
  });

  describe("Twilio", () => {
    it("posts To, From and Body with Basic auth and returns Twilio's sid", async () => {
      const delivered = await twilio().send(sms());
      const [request] = providers.received("twilio");
      assert.equal(request.path, `/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`);
      assert.deepEqual(request.auth, { user: TWILIO_SID, password: TWILIO_TOKEN });
      assert.deepEqual(request.form, { To: POLICE, Body: TEXT, From: "+46766860000" });
      assert.equal(request.status, 201);
      assert.match(delivered.providerId!, /^SM[0-9a-f]{32}$/);
    });

    it("sends a Messaging Service SID as MessagingServiceSid, and the status callback when configured", async () => {
      const service = "MG0123456789abcdef0123456789abcdef";
      await twilio({ from: service, statusCallback: "https://trappan.example.se/notify/twilio" }).send(sms());
      assert.deepEqual(providers.received("twilio")[0].form, { To: POLICE, Body: TEXT, MessagingServiceSid: service, StatusCallback: "https://trappan.example.se/notify/twilio" });
    });

    it("says the credentials are wrong on 401 with Twilio's message, without the token", async () => {
      const error = await failure(twilio({ authToken: "not-the-token" }).send(sms()));
      assert.equal(error.transient, false);
      assert.equal(error.code, 401);
      assert.match(error.message, /Account SID or auth token is wrong/);
      assert.match(error.message, /Authenticate \(code 20003\)/);
      assert.ok(!error.message.includes("not-the-token"));
    });

    it("retries on 503 with Retry-After", async () => {
      providers.script("twilio", 503);
      const error = await failure(twilio().send(sms()));
      assert.equal(error.transient, true);
      assert.equal(error.code, 503);
      assert.equal(error.retryAfterMs, 1000);
    });
  });

  describe("webhook", () => {
    it("posts the message as JSON with an Idempotency-Key and returns X-Request-Id", async () => {
      const channel = webhookChannel({ headers: { authorization: "Bearer hook-token" } });
      assert.equal(channel.name, "webhook");
      const message = sms({ channel: "webhook", recipient: providers.webhookUrl, data: { site: "Storgatan 12", minutes: 38 } });
      const delivered = await channel.send(message);
      const [request] = providers.received("webhook");
      assert.equal(request.headers["content-type"], "application/json");
      assert.equal(request.headers["idempotency-key"], message.id);
      assert.equal(request.headers.authorization, "Bearer hook-token");
      assert.deepEqual(request.json, { id: message.id, group: "Polisen Skärholmen", text: TEXT, incidentIds: ["inc-1"], site: "Storgatan 12", minutes: 38 });
      assert.match(delivered.providerId!, /^req-[0-9a-f]{16}$/);
    });

    it("fails a malformed URL without retrying", async () => {
      const error = await failure(webhookChannel({}).send(sms({ channel: "webhook", recipient: "not a url" })));
      assert.equal(error.transient, false);
    });
  });

  describe("network and odd answers", () => {
    it("retries when nothing listens on the port, with the network error's code", async () => {
      const closed = await oneOff(() => {});
      await closed.close();
      const error = await failure(elks({ apiUrl: `${closed.url}/a1` }).send(sms()));
      assert.equal(error.transient, true);
      assert.equal(error.code, "ECONNREFUSED");
      assert.ok(!error.message.includes(ELKS_PASSWORD));
    });

    it("retries when the provider does not answer in time", async () => {
      const silent = await oneOff(() => {});
      try {
        const error = await failure(twilio({ apiUrl: silent.url, timeoutMs: 200 }).send(sms()));
        assert.equal(error.transient, true);
        assert.equal(error.code, "ETIMEDOUT");
        assert.match(error.message, /did not answer within 200 ms/);
      } finally {
        await silent.close();
      }
    });

    it("does not resend when a 2xx is not the JSON expected, since the SMS may have gone out", async () => {
      const odd = await oneOff((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>Welcome to the captive portal</html>"));
      try {
        const error = await failure(elks({ apiUrl: odd.url }).send(sms()));
        assert.equal(error.transient, false);
        assert.match(error.message, /unexpected answer from 46elks/);
      } finally {
        await odd.close();
      }
    });

    it("reads Retry-After as seconds or as an HTTP date", () => {
      assert.equal(retryAfterMs("120"), 120_000);
      const inAMinute = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000).toUTCString();
      const ms = retryAfterMs(inAMinute)!;
      assert.ok(ms > 58_000 && ms <= 60_000, `${ms}`);
      assert.equal(retryAfterMs("Tue, 10 Mar 2020 18:00:00 GMT"), 0, "a date in the past: now");
      assert.equal(retryAfterMs("soon"), undefined);
      assert.equal(retryAfterMs(null), undefined);
    });
  });

  describe("delivery reports", () => {
    it("reads 46elks' whendelivered post, taking its zoneless time as UTC", () => {
      assert.deepEqual(parseElksDeliveryReport({ id: "s17a6dafb12d6b1cabc053d57dac2b9d8", status: "delivered", delivered: "2026-03-10T17:04:05.123000" }), {
        providerId: "s17a6dafb12d6b1cabc053d57dac2b9d8",
        status: "delivered",
        at: Date.parse("2026-03-10T17:04:05.123Z"),
      });
      assert.deepEqual(parseElksDeliveryReport({ id: "s1", status: "failed" }), { providerId: "s1", status: "failed" });
      assert.equal(parseElksDeliveryReport({ status: "delivered" }), undefined);
      assert.equal(parseElksDeliveryReport({ id: "s1" }), undefined);
      assert.equal(parseElksDeliveryReport({ id: "s1", status: "exploded" }), undefined);
    });

    it("reads Twilio's status callback", () => {
      const report = (status: string) => parseTwilioStatusCallback({ MessageSid: "SM1", MessageStatus: status, AccountSid: TWILIO_SID })?.status;
      assert.equal(report("delivered"), "delivered");
      assert.equal(report("undelivered"), "failed");
      assert.equal(report("failed"), "failed");
      assert.equal(report("queued"), "sent");
      assert.equal(report("sending"), "sent");
      assert.equal(report("sent"), "sent");
      assert.deepEqual(parseTwilioStatusCallback({ MessageSid: "SM1", MessageStatus: "delivered" }), { providerId: "SM1", status: "delivered" });
      assert.equal(parseTwilioStatusCallback({ MessageStatus: "delivered" }), undefined);
      assert.equal(parseTwilioStatusCallback({ MessageSid: "SM1" }), undefined);
    });
  });
});
