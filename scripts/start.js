#!/usr/bin/env node
/**
 * `npm start`: Node-RED with this package's nodes and, on the very first start only, the demo
 * flow of the simulated building. The user's later edits are never overwritten: once
 * <userDir>/flows.json exists it is theirs.
 */
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const repository = path.resolve(__dirname, "..");
const userDir = path.resolve(process.env.TRAPPAN_USER_DIR || path.join(repository, ".node-red"));
const flowFile = path.join(userDir, "flows.json");
const demo = path.join(repository, "examples", "demo-simulated-building.json");

fs.mkdirSync(userDir, { recursive: true });
if (!fs.existsSync(flowFile)) {
  fs.copyFileSync(demo, flowFile);
  console.log(`First start: the demo flow is in ${path.relative(repository, flowFile)}`);
}

const red = require.resolve("node-red/red.js");
const child = spawn(process.execPath, [red, "--settings", path.join(__dirname, "settings.js"), "--userDir", userDir], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
