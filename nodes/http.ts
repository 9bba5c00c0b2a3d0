/**
 * What the observation and report nodes share on Node-RED's httpNode: the access rule in front
 * of their pages, reading a small body, and taking their routes away again on close.
 */
import type { NodeAPI } from "node-red";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AccessRule, decide, LOCAL_ONLY } from "../core/access";
import type { AccessNode } from "./types";

export type Request = IncomingMessage & { body?: unknown; query?: Record<string, unknown>; params?: Record<string, string>; path?: string; originalUrl?: string };
export type Response = ServerResponse & { status(code: number): Response; json(body: unknown): void; type(t: string): Response; send(body: unknown): void; sendFile?(file: string, callback?: (error?: Error) => void): void };

/** The rule of the chosen access node; none chosen, or missing: this machine only. */
export function ruleOf(RED: NodeAPI, accessId: string | undefined, missing: string): { rule: AccessRule; problem?: string } {
  if (!accessId) return { rule: LOCAL_ONLY };
  const access = RED.nodes.getNode(accessId) as AccessNode | null;
  if (!access) return { rule: LOCAL_ONLY, problem: missing };
  return { rule: access.rule, problem: access.problem };
}

/** The token a request carries in its query string or its form/JSON body. */
export function tokenOf(req: Request): string | undefined {
  const fromQuery = req.query?.token;
  if (typeof fromQuery === "string") return fromQuery;
  const body = req.body as Record<string, unknown> | undefined;
  return body && typeof body === "object" && typeof body.token === "string" ? body.token : undefined;
}

/** Whether the request may pass; if not, the answer is sent (401 with a login challenge, or 403). */
export function admit(rule: AccessRule, req: Request, res: Response, refusal: string): boolean {
  const decision = decide(rule, { remoteAddress: req.socket.remoteAddress, headers: req.headers, token: tokenOf(req) });
  if (decision.ok) return true;
  if (decision.challenge) res.setHeader("WWW-Authenticate", decision.challenge);
  res.setHeader("Cache-Control", "no-store");
  res.status(decision.status).type("text/plain; charset=utf-8").send(refusal);
  return false;
}

/** Reads a body up to `limit` bytes as text, unless a parser before us already read it. */
export function readBody(req: Request, limit = 1024 * 1024): Promise<unknown> {
  const parsed = req.body;
  if (typeof parsed === "string" || (parsed && typeof parsed === "object" && Object.keys(parsed).length > 0)) return Promise.resolve(Buffer.isBuffer(parsed) ? parsed.toString("utf8") : parsed);
  if (req.readableEnded) return Promise.resolve("");
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
      if (text.length > limit) req.destroy(new Error(`the body is larger than ${limit} bytes`));
    });
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

/** The media type of a request, lower case, without parameters. */
export function mediaType(req: Request): string {
  return String(req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
}

/** Takes the routes of a path off httpNode (as Node-RED's own http-in node does on close). */
export function removeRoutes(RED: NodeAPI, path: string | RegExp): void {
  const router = (RED.httpNode as unknown as { _router?: { stack: Array<{ route?: { path: string | RegExp } }> } })._router;
  if (!router) return;
  router.stack = router.stack.filter((layer) => !layer.route || String(layer.route.path) !== String(path));
}

/** The user's language: ?lang=, else the browser's first choice when it is sv or en, else the fallback. */
export function languageOf(req: Request, fallback: "sv" | "en"): "sv" | "en" {
  const asked = req.query?.lang;
  if (asked === "sv" || asked === "en") return asked;
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body === "object" && (body.lang === "sv" || body.lang === "en")) return body.lang;
  const first = String(req.headers["accept-language"] ?? "").split(",")[0].trim().toLowerCase();
  return first.startsWith("sv") ? "sv" : first.startsWith("en") ? "en" : fallback;
}
