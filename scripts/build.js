#!/usr/bin/env node
// Compiles the TypeScript to dist/ and copies what Node-RED loads beside each node's .js:
// the editor .html, locales/ (messages and translated help) and icons/.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const tsc = require.resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.json")], { stdio: "inherit" });

const nodesDir = path.join(root, "nodes");
for (const type of fs.readdirSync(nodesDir)) {
  const src = path.join(nodesDir, type);
  if (!fs.statSync(src).isDirectory()) continue;
  const dest = path.join(root, "dist", "nodes", type);
  fs.mkdirSync(dest, { recursive: true });
  for (const entry of fs.readdirSync(src)) {
    if (entry.endsWith(".html") || entry === "locales") {
      fs.cpSync(path.join(src, entry), path.join(dest, entry), { recursive: true });
    }
  }
  fs.cpSync(path.join(root, "icons"), path.join(dest, "icons"), { recursive: true });
}
