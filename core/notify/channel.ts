/**
 * What a notification channel is: something that hands one message to one recipient to a
 * provider (an SMTP server, an SMS gateway, a webhook, a folder) and says whether it took it.
 * A failure says whether trying again later may help (SMTP 4xx, HTTP 5xx and 429, the network)
 * or not (SMTP 5xx, HTTP 4xx): the outbox retries the first kind and dead-letters the second.
 */

export type ChannelName = "email" | "sms" | "webhook" | "file";

/** One message for one recipient, as the outbox keeps it. */
export interface OutgoingMessage {
  /** Stable over restarts: the outbox's key, and the idempotency key where a provider takes one. */
  id: string;
  channel: ChannelName;
  /** An email address, an E.164 phone number, a URL or a file name, depending on the channel. */
  recipient: string;
  /** The recipient group's name ("Polisen Skärholmen"). */
  group: string;
  /** Email only. */
  subject?: string;
  /** The text: an email body, an SMS, the webhook's `text`. */
  text: string;
  /** The incidents this message tells about. */
  incidentIds: string[];
  /** For the webhook: the structured content it posts as JSON. */
  data?: object;
  /** Email only: an HTML body read from this file when sent (a weekly report), `text` its plain part. */
  htmlPath?: string;
  /** Email only: files attached when sent (read then, so the journal stays small). */
  attachments?: { filename: string; path: string; contentType: string }[];
}

export interface Delivered {
  /** The provider's id of the message (SMTP message id, 46elks/Twilio id, file name). */
  providerId?: string;
}

/** A channel's failure, classified. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** Whether trying again later may succeed. */
    readonly transient: boolean,
    /** The provider's status (SMTP reply code, HTTP status) or the network error's code. */
    readonly code?: string | number,
    /** How long the provider asked us to wait (HTTP Retry-After), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

export interface Channel {
  readonly name: ChannelName;
  /** Resolves when the provider accepted the message; rejects with a DeliveryError when not. */
  send(message: OutgoingMessage): Promise<Delivered>;
  /** Frees what the channel opened (pooled connections). */
  close(): Promise<void>;
}

/** Network errors of Node (and undici's fetch) that are worth another try. */
const TRANSIENT_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ESOCKET", "ECONNECTION", "EDNS"]);

/** Whether an error thrown below a channel (not a provider's answer) is a network error. */
export function isNetworkError(error: unknown): boolean {
  let e = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === "string" && TRANSIENT_CODES.has(e.code)) return true;
    e = e.cause as typeof e;
  }
  return false;
}
