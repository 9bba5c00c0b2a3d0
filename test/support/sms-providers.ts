/**
 * A stand-in for 46elks, Twilio and a webhook receiver on a free loopback port, for tests.
 * It answers the way the real APIs answer their request shapes: Basic auth checked (401),
 * required form fields checked (400), otherwise 46elks' 200 or Twilio's 201 JSON. Tests can
 * queue other answers (429, 500, …) per provider with script(), and read every request back.
 */
import { randomBytes } from "node:crypto";
import http, { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";

export const ELKS_USER = "u1a2b3c4d5e6f708192a3b4c5d6e7f801";
export const ELKS_PASSWORD = "ELKS-TEST-PASSWORD-5f1c";
export const TWILIO_SID = "AC0123456789abcdef0123456789abcdef";
export const TWILIO_TOKEN = "twilio-test-token-9e8d7c";

export type Provider = "46elks" | "twilio" | "webhook";

export interface RecordedRequest {
  provider: Provider;
  method: string;
  path: string;
  /** The Basic auth credentials, decoded, if any were sent. */
  auth?: { user: string; password: string };
  /** The form fields (46elks, Twilio). */
  form?: Record<string, string>;
  /** The JSON body (webhook). */
  json?: unknown;
  headers: IncomingHttpHeaders;
  /** What the fake answered. */
  status: number;
}

export interface SmsProviders {
  /** Pass as the 46elks channel's apiUrl. */
  elksUrl: string;
  /** Pass as the Twilio channel's apiUrl. */
  twilioUrl: string;
  /** A webhook receiver's URL. */
  webhookUrl: string;
  /** Every request, in order. */
  requests: RecordedRequest[];
  /**
   * Queues the answers to the next requests of a provider: an error status is answered as the
   * provider answers it (429 and 503 with Retry-After: 1); a 2xx means "behave normally".
   */
  script(provider: Provider, ...statuses: number[]): void;
  /** The requests the provider accepted. */
  received(provider: Provider): RecordedRequest[];
  close(): Promise<void>;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export async function startSmsProviders(): Promise<SmsProviders> {
  const requests: RecordedRequest[] = [];
  const scripts: Record<Provider, number[]> = { "46elks": [], twilio: [], webhook: [] };

  const server = http.createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const path = (req.url ?? "/").split("?")[0];
    const provider: Provider | undefined =
      req.method !== "POST" ? undefined
      : path === "/a1/sms" ? "46elks"
      : /^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/.test(path) ? "twilio"
      : path === "/hook" || path.startsWith("/hook/") ? "webhook"
      : undefined;
    if (!provider) return answer(res, { status: 404, body: "Not found" });

    const recorded: RecordedRequest = { provider, method: req.method!, path, auth: basicAuth(req.headers.authorization), headers: req.headers, status: 0 };
    const type = req.headers["content-type"] ?? "";
    if (type.startsWith("application/x-www-form-urlencoded")) recorded.form = Object.fromEntries(new URLSearchParams(raw));
    else if (type.startsWith("application/json")) recorded.json = parseJson(raw);
    requests.push(recorded);

    const scripted = scripts[provider].shift();
    const reply = scripted !== undefined && !(scripted >= 200 && scripted < 300) ? refusal(provider, scripted) : behave(provider, recorded);
    recorded.status = reply.status;
    answer(res, reply);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    elksUrl: `${base}/a1`,
    twilioUrl: `${base}/2010-04-01`,
    webhookUrl: `${base}/hook`,
    requests,
    script: (provider, ...statuses) => void scripts[provider].push(...statuses),
    received: (provider) => requests.filter((r) => r.provider === provider && r.status >= 200 && r.status < 300),
    close: () =>
      new Promise<void>((resolve) => {
        // fetch keeps connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Normal behaviour: credentials, then required fields, then accepted. */
function behave(provider: Provider, request: RecordedRequest): Reply {
  if (provider === "webhook") return { status: 200, headers: { "x-request-id": `req-${hex(8)}` }, body: "ok" };
  const form = request.form ?? {};
  if (provider === "46elks") {
    if (request.auth?.user !== ELKS_USER || request.auth.password !== ELKS_PASSWORD) return refusal(provider, 401);
    for (const key of ["from", "to", "message"]) if (!form[key]) return { status: 400, body: `Missing key ${key}` };
    if (!/^\+[1-9]\d{6,14}$/.test(form.to)) return { status: 400, body: "Invalid to number" };
    const parts = Math.max(1, Math.ceil(form.message.length / 153));
    const body = { id: `s${hex(16)}`, status: "created", from: form.from, to: form.to, message: form.message, created: new Date().toISOString(), parts, cost: 3500 * parts, direction: "outgoing" };
    return json(200, body);
  }
  if (request.auth?.user !== TWILIO_SID || request.auth.password !== TWILIO_TOKEN) return refusal(provider, 401);
  if (!form.To) return json(400, { code: 21604, message: "A 'To' phone number is required.", more_info: "https://www.twilio.com/docs/errors/21604", status: 400 });
  if (!form.Body) return json(400, { code: 21602, message: "Message body is required.", more_info: "https://www.twilio.com/docs/errors/21602", status: 400 });
  if (!form.From && !form.MessagingServiceSid) return json(400, { code: 21603, message: "A 'From' phone number is required.", more_info: "https://www.twilio.com/docs/errors/21603", status: 400 });
  const sid = `SM${hex(16)}`;
  return json(201, {
    sid,
    account_sid: TWILIO_SID,
    to: form.To,
    from: form.From ?? null,
    messaging_service_sid: form.MessagingServiceSid ?? null,
    body: form.Body,
    status: "queued",
    num_segments: "1",
    date_created: new Date().toUTCString(),
    uri: `/2010-04-01/Accounts/${TWILIO_SID}/Messages/${sid}.json`,
  });
}

/** An error answer in the provider's own shape: 46elks in plain text, Twilio in JSON. */
function refusal(provider: Provider, status: number): Reply {
  const headers: Record<string, string> = status === 429 || status === 503 ? { "retry-after": "1" } : {};
  const text = status === 401 ? "Unauthorized" : status === 429 ? "Too Many Requests" : status >= 500 ? "Internal Server Error" : "Bad Request";
  if (provider === "twilio") {
    const code = status === 401 ? 20003 : status === 429 ? 20429 : status >= 500 ? 20500 : 21211;
    const message = status === 401 ? "Authenticate" : status === 429 ? "Too Many Requests" : status >= 500 ? "An internal server error has occurred" : "Invalid 'To' Phone Number";
    return { ...json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }), headers: { ...headers, "content-type": "application/json" } };
  }
  return { status, headers, body: text };
}

function answer(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { "content-type": "text/plain; charset=utf-8", ...reply.headers });
  res.end(reply.body);
}

function json(status: number, body: object): Reply {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

function basicAuth(header: string | undefined): RecordedRequest["auth"] {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The body as UTF-8 (whole, so a multi-byte å split across chunks survives). */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}
