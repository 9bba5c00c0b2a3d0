/**
 * `npm run bench`: every benchmark, each in a process of its own (a fresh heap and JIT, so one
 * does not pay for another's garbage or memory), then which targets are met.
 *
 *   decode     Zigbee occupancy reports through the whole source path, against parse + convert
 *   core       the learned pipeline against the fixed 15-minute rule, events/s; memory per sensor
 *   node-red   trappan-baseline → trappan-anomaly in a Node-RED runtime, against change nodes
 *   influx     points written to a real influxd by trappan-store in Node-RED, against the bare client
 *   notify     incident to SMTP accepted (p50, p99) through trappan-notify in Node-RED, against nodemailer
 *   report     a week's report from the log of 50,000 incidents of 10,000 sensors, against read + sort; PDF apart
 *
 * `npm run bench -- core node-red` runs only those. Targets are measurements, not assertions: a
 * missed target is printed as ✗ and the exit code stays 0 (it is 1 only if a benchmark fails to run).
 */
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Target } from "./report";

const BENCHES: Record<string, string> = {
  decode: "decode.bench.ts",
  core: "pipeline.bench.ts",
  "node-red": "node-red.bench.ts",
  influx: "influx-write.bench.ts",
  notify: "notify.bench.ts",
  report: "report.bench.ts",
};

function runOne(file: string, targets: Target[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", path.join(__dirname, file)], { stdio: ["inherit", "inherit", "inherit", "ipc"] });
    child.on("message", (message: { targets?: Target[] }) => targets.push(...(message.targets ?? [])));
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((name) => !BENCHES[name]);
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(", ")}; there are ${Object.keys(BENCHES).join(", ")}`);
    process.exit(2);
  }
  const names = chosen.length > 0 ? chosen : Object.keys(BENCHES);
  const started = performance.now();
  const targets: Target[] = [];
  const failed: string[] = [];
  console.log(`Node ${process.version} on ${os.cpus()[0]?.model ?? "?"}, ${os.cpus().length} cores; each target is measured beside its anchor, in the same run\n`);
  for (const name of names) {
    const code = await runOne(BENCHES[name], targets);
    if (code !== 0) failed.push(`${name} (exit ${code})`);
    console.log();
  }
  const met = targets.filter((t) => t.met).length;
  console.log(`Targets: ${met} of ${targets.length} met`);
  for (const t of targets) console.log(`  ${t.met ? "✓" : "✗"} ${`${t.bench}: ${t.name.trim()}`.padEnd(56)} ${t.value.padStart(14)}   ${t.target}`);
  if (failed.length > 0) console.log(`Did not run to the end: ${failed.join(", ")}`);
  console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
  process.exit(failed.length > 0 ? 1 : 0);
}

main();
