/**
 * Channels that deliver over HTTP: SMS through 46elks or Twilio, and a JSON webhook.
 *
 * All three use Node's global fetch and classify the answer the same way (httpFailure):
 * 429 and 5xx are worth another try (honouring Retry-After), other 4xx are not (wrong
 * credentials, a bad number), the network and timeouts are. A 2xx we cannot read is not
 * retried: the provider may well have sent the SMS, and the police should not get it twice.
 *
 * Credentials go only into the Authorization header, never into logs or error messages.
 * Also here: parsers for the providers' delivery reports (46elks `whendelivered`, Twilio
 * `StatusCallback`), so whoever receives those posts gets one shape for both.
 */
import { Channel, Delivered, DeliveryError, OutgoingMessage, isNetworkError } from "./channel";

const DEFAULT_TIMEOUT_MS = 15_000;
/** How much of a provider's refusal goes into the error message. */
const EXCERPT_CHARS = 200;

// ---------------------------------------------------------------------------------------------
// 46elks

export interface ElksOptions {
  username: string;
  password: string;
  /** Up to 11 letters and digits starting with a letter ("Trappan"), or an E.164 number. */
  from: string;
  /** Default "https://api.46elks.com/a1". */
  apiUrl?: string;
  /** URL 46elks posts delivery reports to (see parseElksDeliveryReport). */
  whenDelivered?: string;
  /** Default 15000. */
  timeoutMs?: number;
}

const ALPHANUMERIC_SENDER = /^[A-Za-z][A-Za-z0-9]{0,10}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

export function elks46Channel(options: ElksOptions): Channel {
  // Checked here, not at send time: 46elks would refuse every message, and a typo in the
  // sender name should stop the flow from deploying rather than fill the dead letters.
  if (!ALPHANUMERIC_SENDER.test(options.from) && !E164.test(options.from)) {
    throw new Error(
      `46elks sender "${options.from}" is not valid: use up to 11 letters and digits (A-Z, a-z, 0-9, no spaces) starting with a letter, or a phone number in E.164 form such as +46700000000`,
    );
  }
  const url = `${trimSlash(options.apiUrl ?? "https://api.46elks.com/a1")}/sms`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: "sms",
    async send(message: OutgoingMessage): Promise<Delivered> {
      const form = new URLSearchParams({ from: options.from, to: message.recipient, message: message.text });
      if (options.whenDelivered) form.set("whendelivered", options.whenDelivered);
      const answer = await post(ELKS, url, { authorization: basicAuth(options.username, options.password), "content-type": FORM }, form.toString(), timeoutMs);
      const id = jsonField(answer.body, "id");
      if (!id) throw unexpected(ELKS, answer);
      return { providerId: id };
    },
    close: async () => {},
  };
}

// ---------------------------------------------------------------------------------------------
// Twilio

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** An E.164 number, an alphanumeric sender, or a Messaging Service SID ("MG…"). */
  from: string;
  /** Default "https://api.twilio.com/2010-04-01". */
  apiUrl?: string;
  /** URL Twilio posts status changes to (see parseTwilioStatusCallback). */
  statusCallback?: string;
  /** Default 15000. */
  timeoutMs?: number;
}

export function twilioChannel(options: TwilioOptions): Channel {
  const url = `${trimSlash(options.apiUrl ?? "https://api.twilio.com/2010-04-01")}/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // A Messaging Service picks the sender itself; Twilio wants its SID in a field of its own.
  const sender: Record<string, string> = options.from.startsWith("MG") ? { MessagingServiceSid: options.from } : { From: options.from };
  return {
    name: "sms",
    async send(message: OutgoingMessage): Promise<Delivered> {
      const form = new URLSearchParams({ To: message.recipient, Body: message.text, ...sender });
      if (options.statusCallback) form.set("StatusCallback", options.statusCallback);
      const answer = await post(TWILIO, url, { authorization: basicAuth(options.accountSid, options.authToken), "content-type": FORM }, form.toString(), timeoutMs);
      const sid = jsonField(answer.body, "sid");
      if (!sid) throw unexpected(TWILIO, answer);
      return { providerId: sid };
    },
    close: async () => {},
  };
}

// ---------------------------------------------------------------------------------------------
// Webhook

export interface WebhookOptions {
  /** Default 15000. */
  timeoutMs?: number;
  /** Sent with every post, e.g. an Authorization header the receiver expects. */
  headers?: Record<string, string>;
}

export function webhookChannel(options: WebhookOptions = {}): Channel {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: "webhook",
    async send(message: OutgoingMessage): Promise<Delivered> {
      // A malformed URL will not get better with time: fail it now rather than retry forever.
      if (!isHttpUrl(message.recipient)) throw new DeliveryError("the webhook's URL is not a valid http(s) URL", false);
      const body = JSON.stringify({ id: message.id, group: message.group, subject: message.subject, text: message.text, incidentIds: message.incidentIds, ...message.data });
      const headers = {
        ...options.headers,
        "content-type": "application/json",
        // The outbox may resend after a timeout; the receiver can drop what it has already seen.
        "idempotency-key": message.id,
      };
      const answer = await post(WEBHOOK, message.recipient, headers, body, timeoutMs);
      return { providerId: answer.headers.get("x-request-id") ?? undefined };
    },
    close: async () => {},
  };
}

// ---------------------------------------------------------------------------------------------
// Delivery reports

export interface DeliveryReport {
  providerId: string;
  status: "delivered" | "failed" | "sent";
  /** When the provider says it was delivered (ms since the epoch). */
  at?: number;
}

/** 46elks' `whendelivered` post: form fields id, status ("sent" | "delivered" | "failed"), delivered. */
export function parseElksDeliveryReport(form: Record<string, string>): DeliveryReport | undefined {
  const { id, status, delivered } = form;
  if (!id || (status !== "sent" && status !== "delivered" && status !== "failed")) return undefined;
  const report: DeliveryReport = { providerId: id, status };
  const at = delivered ? parseUtc(delivered) : undefined;
  if (at !== undefined) report.at = at;
  return report;
}

/** Twilio's StatusCallback post: form fields MessageSid and MessageStatus. */
export function parseTwilioStatusCallback(form: Record<string, string>): DeliveryReport | undefined {
  const { MessageSid: sid, MessageStatus: status } = form;
  if (!sid || !status) return undefined;
  return { providerId: sid, status: TWILIO_STATUS[status] ?? "sent" };
}

/** Twilio's final states; the rest (accepted, queued, sending, sent, …) are still on their way. */
const TWILIO_STATUS: Record<string, DeliveryReport["status"]> = {
  delivered: "delivered",
  read: "delivered",
  undelivered: "failed",
  failed: "failed",
  canceled: "failed",
};

/** 46elks writes "2026-03-10T18:04:05.123000" without a zone; it is UTC, Date.parse would take it as local. */
function parseUtc(text: string): number | undefined {
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : ms;
}

// ---------------------------------------------------------------------------------------------
// HTTP and the classification of failures, shared by the channels above

const FORM = "application/x-www-form-urlencoded";

/** Who answered, for error messages, and what to check when it refuses the credentials. */
interface Provider {
  name: string;
  credentials: string;
}
const ELKS: Provider = { name: "46elks", credentials: "the 46elks API username or password is wrong" };
const TWILIO: Provider = { name: "Twilio", credentials: "the Twilio Account SID or auth token is wrong" };
const WEBHOOK: Provider = { name: "the webhook", credentials: "the credentials in the webhook's headers are wrong or missing" };

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** POSTs and reads the whole answer; resolves on 2xx, throws a classified DeliveryError otherwise. */
async function post(provider: Provider, url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Answer> {
  let answer: Answer;
  try {
    // The timeout covers reading the body too. Redirects are not followed: a POST would turn
    // into a GET, and the Authorization header should not travel to another host.
    const response = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    answer = { status: response.status, headers: response.headers, body: await response.text() };
  } catch (error) {
    throw thrown(provider, error, timeoutMs);
  }
  if (answer.status >= 200 && answer.status < 300) return answer;
  throw httpFailure(provider, answer);
}

/** A provider's non-2xx answer, classified. */
function httpFailure(provider: Provider, answer: Answer): DeliveryError {
  const { status } = answer;
  const said = excerpt(answer.body);
  const tail = said ? `: ${said}` : "";
  if (status === 429 || status >= 500) {
    return new DeliveryError(`${provider.name} answered HTTP ${status}, will try again${tail}`, true, status, retryAfterMs(answer.headers.get("retry-after")));
  }
  if (status === 401 || status === 403) {
    return new DeliveryError(`${provider.name} refused the credentials (HTTP ${status}): ${provider.credentials}${tail}`, false, status);
  }
  return new DeliveryError(`${provider.name} refused the message (HTTP ${status})${tail}`, false, status);
}

/** What fetch threw: a timeout, the network, or something else; all worth another try. */
function thrown(provider: Provider, error: unknown, timeoutMs: number): DeliveryError {
  if ((error as Error | undefined)?.name === "TimeoutError") {
    return new DeliveryError(`${provider.name} did not answer within ${timeoutMs} ms`, true, "ETIMEDOUT");
  }
  const code = errorCode(error);
  if (isNetworkError(error)) return new DeliveryError(`could not reach ${provider.name}: ${code}`, true, code);
  const reason = error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
  return new DeliveryError(`sending to ${provider.name} failed: ${reason}`, true, code);
}

/** A 2xx we cannot read: the provider may have sent it, so it is not retried. */
function unexpected(provider: Provider, answer: Answer): DeliveryError {
  return new DeliveryError(`unexpected answer from ${provider.name} (HTTP ${answer.status}), not retried since the message may have been sent: ${excerpt(answer.body) || "(empty)"}`, false, answer.status);
}

/** The first string `code` along an error's causes (undici hides the socket's error in `cause`). */
function errorCode(error: unknown): string | undefined {
  let e = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === "string") return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

/** Retry-After is either seconds or an HTTP date. */
export function retryAfterMs(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** What the provider said, short: Twilio's JSON `message` (with its error code), else the text. */
function excerpt(body: string): string {
  let text = body;
  try {
    const json = JSON.parse(body) as { message?: unknown; code?: unknown };
    if (json && typeof json.message === "string") text = typeof json.code === "number" ? `${json.message} (code ${json.code})` : json.message;
  } catch {
    // Not JSON: 46elks answers refusals in plain text.
  }
  text = text.replace(/\s+/g, " ").trim();
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
}

/** A non-empty string field of a JSON object body, or undefined. */
function jsonField(body: string, field: string): string | undefined {
  try {
    const value = (JSON.parse(body) as Record<string, unknown> | null)?.[field];
    return typeof value === "string" && value ? value : undefined;
  } catch {
    return undefined;
  }
}

function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
