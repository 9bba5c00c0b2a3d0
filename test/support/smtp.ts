/**
 * A real SMTP server (npm smtp-server) on a free loopback port, for tests: it asks for
 * authentication, keeps every message it accepts (subject and text decoded from MIME, so tests
 * read what a police officer's mail client shows), and answers DATA with scripted codes first
 * (451, 550, …) when a test queues them.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export const SMTP_USER = "trappan";
export const SMTP_PASSWORD = "smtp-test-lösen";

export interface Mail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

export interface Smtp {
  port: number;
  mails: Mail[];
  /** Answers the next DATA commands with these codes (4xx, 5xx), then accepts again. */
  script(...codes: number[]): void;
  /** Forgets what is scripted: accepts from now on. */
  reset(): void;
  /** Authentications tried, and whether they were right. */
  logins: { user: string; ok: boolean }[];
  close(): Promise<void>;
}

/** Quoted-printable and base64 bodies and RFC 2047 encoded words, as UTF-8. */
function decodeBody(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, "?==?").replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, how: string, text: string) =>
    how.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8"),
  );
}

export function parseMail(raw: string, from: string, to: string[]): Mail {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1] ?? "";
  return { from, to, subject: decodeWords(header("Subject")), text: decodeBody(raw.slice(split + 4), header("Content-Transfer-Encoding")).replace(/\r\n/g, "\n"), raw };
}

export async function startSmtp(): Promise<Smtp> {
  const mails: Mail[] = [];
  const scripted: number[] = [];
  const logins: Smtp["logins"] = [];
  const server = new SMTPServer({
    secure: false,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === SMTP_USER && auth.password === SMTP_PASSWORD;
      logins.push({ user: auth.username ?? "", ok });
      if (!ok) return callback(new Error("Invalid username or password"));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const code = scripted.shift();
        if (code !== undefined) {
          const error = new Error(code >= 500 ? "Mailbox unavailable" : "Try again later") as Error & { responseCode: number };
          error.responseCode = code;
          return callback(error);
        }
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        mails.push(parseMail(Buffer.concat(chunks).toString("latin1"), from, session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
  return {
    port,
    mails,
    logins,
    script: (...codes) => scripted.push(...codes),
    reset: () => void scripted.splice(0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
