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

/**
 * A loopback port nothing listens on, handed out once per test process. It is drawn below
 * Linux's ephemeral range (32768–60999), so an outgoing connection cannot take it as its own
 * source port between this check and the server that binds it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (handedOut.has(port)) continue;
    if (await bindable(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error("no free loopback port between 20000 and 32000");
}

const handedOut = new Set<number>();

/**
 * Runs `start` (which takes its ports from freePort()) again, up to three times in all, when
 * another process took a port first: between freePort() and a server's own bind, that can happen.
 */
export async function withFreshPorts<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt === 3 || !/address already in use/i.test(String(err))) throw err;
    }
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
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
