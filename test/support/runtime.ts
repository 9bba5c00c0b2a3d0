/** A whole Node-RED process, as `npm start` runs it, for end-to-end tests. */
import { ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

const REPOSITORY = path.resolve(__dirname, "../..");

export interface NodeRed {
  url: string;
  port: number;
  output(): string;
  /** Resolves when the output has a line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs `node scripts/start.js` (the README's `npm start` after its build) or Node-RED with other settings. */
export async function startNodeRed(userDir: string, options: { settings?: string; env?: Record<string, string> } = {}): Promise<NodeRed> {
  const port = await freePort();
  const args = options.settings
    ? [require.resolve("node-red/red.js"), "--settings", options.settings, "--userDir", userDir, "--port", String(port)]
    : [path.join(REPOSITORY, "scripts", "start.js")];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPOSITORY,
    env: { ...process.env, TRAPPAN_USER_DIR: userDir, TRAPPAN_PORT: String(port), ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const check of waiters) check();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const runtime: NodeRed = {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(match[0]);
          } else if (child.exitCode !== null) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`Node-RED exited (${child.exitCode}):\n${output}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} in Node-RED's output within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        waiters.add(check);
        child.once("exit", check);
        check();
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGINT");
      }),
  };
  await runtime.waitFor(/Started flows/);
  return runtime;
}
