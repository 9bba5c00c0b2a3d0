/**
 * Who may open the observation form and the lägesbild page (trappan-access). Three rules:
 * - "local": only this machine (the demo, or behind a reverse proxy that does its own login —
 *   but then the proxy's requests carry X-Forwarded-For and are refused, so a proxy cannot
 *   make the whole internet look local);
 * - "token": a long random token, in the link (`?token=…`, so a phone can bookmark it), in a
 *   form field, or as `Authorization: Bearer …`;
 * - "login": a user name and password (HTTP Basic, which every browser asks for by itself).
 * Secrets are compared in constant time.
 */
import crypto from "node:crypto";

export type AccessMode = "local" | "token" | "login";

export interface AccessRule {
  mode: AccessMode;
  token?: string;
  username?: string;
  password?: string;
}

/** What a request shows of itself. */
export interface AccessRequest {
  remoteAddress?: string;
  headers: Record<string, string | string[] | undefined>;
  /** The token from the query string or a form field, if any. */
  token?: string;
}

export type AccessDecision = { ok: true } | { ok: false; status: 401 | 403; challenge?: string; reason: "notLocal" | "proxied" | "token" | "login" | "notConfigured" };

export const LOCAL_ONLY: AccessRule = { mode: "local" };

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || /^(::ffff:)?127\./.test(address);
}

function same(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so timingSafeEqual neither throws nor leaks the length.
  const h = (s: string) => crypto.createHash("sha256").update(s, "utf8").digest();
  return crypto.timingSafeEqual(h(a), h(b));
}

function header(request: AccessRequest, name: string): string {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] ?? "" : v ?? "";
}

export function decide(rule: AccessRule, request: AccessRequest): AccessDecision {
  switch (rule.mode) {
    case "local":
      if (header(request, "x-forwarded-for") || header(request, "forwarded")) return { ok: false, status: 403, reason: "proxied" };
      return isLoopback(request.remoteAddress) ? { ok: true } : { ok: false, status: 403, reason: "notLocal" };
    case "token": {
      if (!rule.token) return { ok: false, status: 403, reason: "notConfigured" };
      const bearer = /^Bearer\s+(.+)$/i.exec(header(request, "authorization"))?.[1];
      const given = bearer ?? request.token;
      return given !== undefined && same(given.trim(), rule.token) ? { ok: true } : { ok: false, status: 401, reason: "token" };
    }
    case "login": {
      if (!rule.username || !rule.password) return { ok: false, status: 403, reason: "notConfigured" };
      const basic = /^Basic\s+(.+)$/i.exec(header(request, "authorization"))?.[1];
      const [user, ...rest] = basic ? Buffer.from(basic, "base64").toString("utf8").split(":") : [];
      // Both compared, always, so a wrong user name takes as long as a wrong password.
      const userOk = same(user ?? "", rule.username);
      const passwordOk = same(rest.join(":"), rule.password);
      return basic && userOk && passwordOk ? { ok: true } : { ok: false, status: 401, reason: "login", challenge: 'Basic realm="Trygga Trappan", charset="UTF-8"' };
    }
  }
}

/** A fresh token for the editor's "new token" button and for tests: 32 random bytes, URL-safe. */
export function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}
