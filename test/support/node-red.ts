/**
 * node-red-node-test-helper with what our nodes need: a userDir of their own, and real
 * messages (en-US unless a test asks for Swedish) instead of the helper's echo of message keys,
 * so tests read what users read.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { NodeAPI } from "node-red";
import helper from "node-red-node-test-helper";

helper.init(require.resolve("node-red"));

const NODES_DIR = path.resolve(__dirname, "../../nodes");

type Language = "en-US" | "sv";

function loadMessages(language: Language): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  for (const type of fs.readdirSync(NODES_DIR)) {
    const file = path.join(NODES_DIR, type, "locales", language, `${type}.json`);
    if (fs.existsSync(file)) Object.assign(messages, JSON.parse(fs.readFileSync(file, "utf8")));
  }
  return messages;
}

const catalogs: Record<Language, Record<string, unknown>> = { "en-US": loadMessages("en-US"), sv: loadMessages("sv") };

/** i18next-style lookup with __name__ substitution, as Node-RED does it. */
export function translate(key: string, params: Record<string, unknown> = {}, language: Language = "en-US"): string {
  const messages = catalogs[language];
  const lookup = (k: string) => k.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), messages);
  const plural = typeof params.count === "number" && params.count !== 1 ? lookup(`${key}_plural`) : undefined;
  const value = plural ?? lookup(key);
  if (typeof value !== "string") return key;
  return value.replace(/__(\w+)__/g, (_m, name: string) => String(params[name] ?? ""));
}

type NodeModule = (RED: NodeAPI) => void;

/** Wraps a node module so it registers with real messages, as a runtime in that language says them. */
export function withMessages(module: NodeModule, language: Language = "en-US"): NodeModule {
  return (RED) => {
    (RED as unknown as { _: typeof translate })._ = (key, params) => translate(key, params, language);
    return module(RED);
  };
}

export function tempUserDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "trappan-test-"));
}

/**
 * Mocha hooks for a test file: each test gets its own userDir and a fresh runtime; returns the
 * current userDir.
 */
export function useNodeRed(): () => string {
  let userDir = "";
  beforeEach(async () => {
    userDir = tempUserDir();
    helper.settings({ userDir });
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
    await helper.stopServer();
  });
  return () => userDir;
}

export { helper };
