/**
 * The email channel: nodemailer over SMTP, TLS by default (implicit TLS on 465, STARTTLS
 * required elsewhere), authentication from Node-RED credentials, plain UTF-8 text. Classifies
 * SMTP's answers for the outbox: 4xx and network trouble are worth another try, 5xx are not.
 */
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { Channel, DeliveryError, OutgoingMessage, isNetworkError } from "./channel";

export interface EmailOptions {
  host: string;
  port: number;
  /** "tls": implicit TLS (465); "starttls": upgrade required (587, 25); "none": plain, for a local relay or tests. */
  security: "tls" | "starttls" | "none";
  user?: string;
  password?: string;
  from: string;
  /** Accept a self-signed certificate (an internal relay). */
  allowSelfSigned?: boolean;
  /** Reuse connections: many messages over a few connections. */
  pool?: boolean;
  timeoutMs?: number;
}

export function emailChannel(options: EmailOptions): Channel {
  const timeout = options.timeoutMs ?? 30_000;
  const transportOptions: SMTPTransport.Options & { pool?: boolean; maxConnections?: number } = {
    host: options.host,
    port: options.port,
    secure: options.security === "tls",
    requireTLS: options.security === "starttls",
    ignoreTLS: options.security === "none",
    auth: options.user ? { user: options.user, pass: options.password ?? "" } : undefined,
    tls: options.allowSelfSigned ? { rejectUnauthorized: false } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    pool: options.pool ?? true,
    maxConnections: 2,
  };
  const transport = nodemailer.createTransport(transportOptions as SMTPTransport.Options);
  return {
    name: "email",
    async send(message: OutgoingMessage) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.recipient,
          subject: message.subject ?? "",
          text: message.text,
          textEncoding: "quoted-printable",
          html: message.htmlPath ? { path: message.htmlPath } : undefined,
          attachments: message.attachments,
          // The outbox's id makes a repeat recognisable to the receiving side.
          messageId: `<${message.id.replace(/[^\w.-]/g, "-")}@trygga-trappan>`,
          headers: { "X-Trappan-Incidents": message.incidentIds.join(" ") },
        });
        if (info.rejected && info.rejected.length > 0) throw new DeliveryError(`the server refused ${String(info.rejected[0])}`, false, 550);
        return { providerId: info.messageId };
      } catch (error) {
        throw classify(error);
      }
    },
    async close() {
      transport.close();
    },
  };
}

function classify(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  if (typeof e.responseCode === "number") {
    const text = (e.response ?? e.message ?? "").slice(0, 200);
    return new DeliveryError(`SMTP ${e.responseCode}: ${text}`, e.responseCode < 500, e.responseCode);
  }
  if (e.code === "EAUTH") return new DeliveryError(`SMTP authentication failed: ${e.message ?? ""}`.trim(), false, e.code);
  if (e.code === "ETLS") return new DeliveryError(`SMTP TLS failed: ${e.message ?? ""}`.trim(), true, e.code);
  if (isNetworkError(error)) return new DeliveryError(`SMTP server not reachable: ${e.message ?? e.code}`, true, e.code);
  return new DeliveryError(e.message ?? String(error), true, e.code);
}
