/**
 * Node-RED settings for `npm start`: the demo on 127.0.0.1, this package's nodes loaded straight
 * from the repository, telemetry and tours off, context kept on disk. Environment variables let
 * tests and integrators change what differs between machines.
 */
"use strict";
const path = require("node:path");

const repository = path.resolve(__dirname, "..");

module.exports = {
  uiHost: process.env.TRAPPAN_HOST || "127.0.0.1",
  uiPort: Number(process.env.TRAPPAN_PORT) || 1880,
  flowFile: "flows.json",
  flowFilePretty: true,
  // The package's own folder: Node-RED loads it as a module, with its nodes and examples.
  nodesDir: [repository],
  // Without a secret Node-RED makes one and keeps it in <userDir>/.config.runtime.json.
  credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET || undefined,
  telemetry: { enabled: false, updateNotification: false },
  diagnostics: { enabled: false, ui: false },
  contextStorage: {
    default: { module: "localfilesystem" },
  },
  logging: {
    console: { level: process.env.TRAPPAN_LOG_LEVEL || "info", metrics: false, audit: false },
  },
  editorTheme: {
    tours: false,
    palette: { categories: { order: ["trygga trappan", "common", "function", "network", "sequence", "parser", "storage"] } },
  },
};
