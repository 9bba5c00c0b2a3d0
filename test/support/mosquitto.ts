/**
 * A real Mosquitto broker (Debian's package) on a free loopback port, started by the test run.
 * .ci/run installs it; a missing broker fails the test, it does not skip it.
 */
import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort, withFreshPorts } from "./runtime";

const MOSQUITTO = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"].find((p) => fs.existsSync(p));

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface Broker {
  port: number;
  url: string;
  stop(): Promise<void>;
}

export async function startMosquitto(): Promise<Broker> {
  if (!MOSQUITTO) throw new Error("mosquitto is not installed (apt-get install mosquitto); .ci/run installs it");
  return withFreshPorts(async () => startOn(await freePort()));
}

async function startOn(port: number): Promise<Broker> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trappan-mosquitto-"));
  const config = path.join(dir, "mosquitto.conf");
  fs.writeFileSync(config, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const child: ChildProcess = spawn(MOSQUITTO!, ["-c", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited: ${stderr}`);
    if (await accepts(port)) {
      return {
        port,
        url: `mqtt://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`mosquitto did not listen on ${port}: ${stderr}`);
}
