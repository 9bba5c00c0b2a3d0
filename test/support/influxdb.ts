/**
 * A real InfluxDB (Debian's `influxdb` 1.6.7) on a free loopback port with a temporary data
 * directory, started by the test run; .ci/run installs it. A missing influxd fails the test, it
 * does not skip it. stop() and start() keep the data directory, so a test can take the server
 * away in the middle of a stream and bring it back.
 *
 * 1.6.7 speaks only the v1 API (/write, /query). v2Proxy() is a test-only proxy that maps
 * `/api/v2/write?org=&bucket=&precision=` onto `/write?db=&precision=` and passes everything
 * else through, so the v2 write path of @influxdata/influxdb-client runs against the same server.
 */
import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { freePort, withFreshPorts } from "./runtime";

const INFLUXD = ["/usr/bin/influxd", "/usr/sbin/influxd"].find((p) => fs.existsSync(p));

export interface Influx {
  url: string;
  port: number;
  /** Runs an InfluxQL statement as the admin (when auth is on); the parsed JSON answer. */
  query(q: string, db?: string): Promise<InfluxQLResult>;
  /** Rows of the first series of the first statement, as objects (empty when none). */
  rows(q: string, db: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops for good and removes the data directory. */
  destroy(): Promise<void>;
}

export interface InfluxQLResult {
  results: { statement_id: number; error?: string; series?: { name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }[] }[];
  error?: string;
}

export const ADMIN = { user: "admin", password: "admin-secret" };

async function pings(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/ping`);
    return res.status === 204;
  } catch {
    return false;
  }
}

export async function startInflux(options: { auth?: boolean } = {}): Promise<Influx> {
  if (!INFLUXD) throw new Error("influxd is not installed (apt-get install influxdb); .ci/run installs it");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trappan-influx-"));
  const config = path.join(dir, "influxdb.conf");
  let port = 0;
  let url = "";
  const configure = async () => {
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const rpcPort = await freePort();
    fs.writeFileSync(
      config,
      [
        "reporting-disabled = true",
        `bind-address = "127.0.0.1:${rpcPort}"`,
        "[meta]",
        `  dir = "${dir}/meta"`,
        "[data]",
        `  dir = "${dir}/data"`,
        `  wal-dir = "${dir}/wal"`,
        "  query-log-enabled = false",
        "[monitor]",
        "  store-enabled = false",
        "[http]",
        `  bind-address = "127.0.0.1:${port}"`,
        `  auth-enabled = ${options.auth ? "true" : "false"}`,
        "  log-enabled = false",
        "[continuous_queries]",
        "  enabled = false",
        "",
      ].join("\n"),
    );
  };
  let child: ChildProcess | undefined;
  let stderr = "";

  async function start(): Promise<void> {
    stderr = "";
    child = spawn(INFLUXD!, ["run", "-config", config], { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`influxd exited: ${stderr}`);
      if (await pings(url)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    throw new Error(`influxd did not answer on ${url}: ${stderr}`);
  }

  async function stop(): Promise<void> {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGTERM");
    });
  }

  async function query(q: string, db?: string): Promise<InfluxQLResult> {
    const params = new URLSearchParams({ q, epoch: "ms" });
    if (db) params.set("db", db);
    const headers: Record<string, string> = options.auth ? { authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString("base64")}` } : {};
    const res = await fetch(`${url}/query`, { method: "POST", body: params, headers });
    const json = (await res.json()) as InfluxQLResult;
    if (json.error) throw new Error(`${q}: ${json.error}`);
    const failed = json.results?.find((r) => r.error);
    if (failed) throw new Error(`${q}: ${failed.error}`);
    return json;
  }

  /**
   * With auth on and no users yet, InfluxDB 1.x lets exactly this statement through. A failed
   * statement still answers 200 (the error is in the body), so the admin is checked for, and
   * asked for again until it is there (once, in CI, a server had no admin after the first ask).
   */
  async function createAdmin(): Promise<void> {
    const params = new URLSearchParams({ q: `CREATE USER ${ADMIN.user} WITH PASSWORD '${ADMIN.password}' WITH ALL PRIVILEGES` });
    let answer = "";
    for (let attempt = 0; attempt < 20; attempt++) {
      answer = await (await fetch(`${url}/query`, { method: "POST", body: params })).text();
      if (await query("SHOW USERS").then(() => true, () => false)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`could not create the admin user: ${answer}`);
  }

  await withFreshPorts(async () => {
    await configure();
    await start();
  });
  if (options.auth) await createAdmin();
  return {
    url,
    port,
    query,
    async rows(q, db) {
      const series = (await query(q, db)).results[0]?.series ?? [];
      return series.flatMap((s) => s.values.map((v) => ({ ...s.tags, ...Object.fromEntries(s.columns.map((c, i) => [c, v[i]])) })));
    },
    stop,
    start,
    async destroy() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Proxy {
  url: string;
  /** Requests seen, by path (without the query string). */
  seen: string[];
  close(): Promise<void>;
}

/**
 * Test-only: InfluxDB 1.6.7 has no v2 API, so this maps the v2 write onto /write (the bucket
 * becomes the database; a "db/rp" bucket name gives a retention policy, as InfluxDB 1.8's own
 * compatibility API does) and passes every other request through unchanged.
 */
export async function v2Proxy(target: string): Promise<Proxy> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const incoming = new URL(req.url ?? "/", "http://proxy");
    seen.push(incoming.pathname);
    let pathAndQuery = incoming.pathname + incoming.search;
    if (incoming.pathname === "/api/v2/write") {
      const [db, rp] = (incoming.searchParams.get("bucket") ?? "").split("/");
      const params = new URLSearchParams({ db, precision: incoming.searchParams.get("precision") ?? "ns" });
      if (rp) params.set("rp", rp);
      pathAndQuery = `/write?${params}`;
    }
    const headers = { ...req.headers };
    delete headers.host;
    const upstream = http.request(`${target}${pathAndQuery}`, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      // What a v2 server's load balancer says when the database behind it is down.
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: "unavailable", message: "upstream unreachable" }));
    });
    req.pipe(upstream);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
