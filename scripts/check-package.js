#!/usr/bin/env node
/**
 * Packs the package as npm would publish it, installs the tarball into a fresh Node-RED user
 * directory (as `npm install` there, or the palette manager, does), starts Node-RED on it with
 * the demo flow, and waits for the simulated building's devices to join and be configured.
 */
"use strict";
const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const repository = path.resolve(__dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "trappan-package-"));

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

// Below Linux's ephemeral range (32768–60999), so no outgoing connection takes it before Node-RED binds it.
async function freePort() {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

async function main() {
  const [packed] = JSON.parse(run(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", work], repository));
  const shipped = packed.files.map((f) => f.path);
  for (const must of ["dist/nodes/trappan-coordinator/trappan-coordinator.js", "dist/nodes/trappan-sensors/locales/sv/trappan-sensors.json", "dist/nodes/trappan-site/icons/trappan.svg", "examples/demo-simulated-building.json"]) {
    if (!shipped.includes(must)) throw new Error(`the package does not ship ${must}`);
  }
  for (const mustNot of shipped.filter((f) => /^(test|scratch|\.node-red)\//.test(f) || f.endsWith(".ts"))) throw new Error(`the package ships ${mustNot}`);
  console.log(`packed ${packed.filename}: ${shipped.length} files, ${Math.round(packed.size / 1024)} kB`);

  const userDir = path.join(work, "userDir");
  fs.mkdirSync(userDir);
  fs.writeFileSync(path.join(userDir, "package.json"), JSON.stringify({ name: "node-red-project", private: true }));
  run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", path.join(work, packed.filename)], userDir);
  fs.copyFileSync(path.join(repository, "examples", "demo-simulated-building.json"), path.join(userDir, "flows.json"));
  fs.writeFileSync(path.join(userDir, "settings.js"), `module.exports = { flowFile: "flows.json", uiHost: "127.0.0.1", telemetry: { enabled: false } };`);

  const port = await freePort();
  const red = spawn(process.execPath, [require.resolve("node-red/red.js"), "--userDir", userDir, "--settings", path.join(userDir, "settings.js"), "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the installed package did not pair the demo building within 60 s:\n${output}`)), 60_000);
    const check = (chunk) => {
      output += chunk;
      if ((output.match(/\] configured /g) ?? []).length >= 8) {
        clearTimeout(timer);
        resolve();
      }
    };
    red.stdout.on("data", check);
    red.stderr.on("data", check);
    red.on("exit", (code) => reject(new Error(`Node-RED exited (${code}):\n${output}`)));
  });
  try {
    await done;
    console.log("installed into a fresh Node-RED user directory: the demo building paired and configured its 8 devices");
  } finally {
    red.removeAllListeners("exit");
    red.kill("SIGINT");
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
