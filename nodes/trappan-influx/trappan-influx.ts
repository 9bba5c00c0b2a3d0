/**
 * trappan-influx: the config node for one InfluxDB (core/storage/influx.ts). The token, user and
 * password are credentials, never in flows.json; TLS comes from Node-RED's own tls-config node.
 * On deploy it checks the target once (reachable, credentials, bucket or database) so the store
 * nodes using it can say what is wrong.
 */
import type { Node, NodeAPI, NodeDef } from "node-red";
import { ApiMode, Health, InfluxTarget, checkHealth } from "../../core/storage/influx";
import type { InfluxNode } from "../types";
import { fromEnvironment } from "../environment";

interface InfluxDef extends NodeDef {
  url: string;
  mode: ApiMode;
  org: string;
  bucket: string;
  database: string;
  retentionPolicy: string;
  tls: string;
}

interface InfluxCredentials {
  token?: string;
  username?: string;
  password?: string;
}

interface TlsConfigNode extends Node {
  addTLSOptions(options: Record<string, unknown>): void;
}

export = function register(RED: NodeAPI) {
  function InfluxNodeConstructor(this: InfluxNode, config: InfluxDef) {
    RED.nodes.createNode(this, config);
    const credentials = (this.credentials ?? {}) as InfluxCredentials;
    const target: InfluxTarget = {
      url: (config.url || "http://localhost:8086").trim(),
      mode: config.mode === "v1" ? "v1" : "v2",
      org: config.org?.trim(),
      bucket: config.bucket?.trim(),
      token: fromEnvironment(credentials.token),
      database: config.database?.trim() || undefined,
      retentionPolicy: config.retentionPolicy?.trim() || undefined,
      username: fromEnvironment(credentials.username) || undefined,
      password: fromEnvironment(credentials.password) || undefined,
    };
    const tls = config.tls ? (RED.nodes.getNode(config.tls) as TlsConfigNode | null) : null;
    if (tls) {
      const options: Record<string, unknown> = {};
      tls.addTLSOptions(options);
      target.rejectUnauthorized = options.rejectUnauthorized !== false;
      if (options.ca) target.ca = String(options.ca);
    }
    this.target = target;

    const missing = target.mode === "v2" ? (!target.org ? "org" : !target.bucket ? "bucket" : undefined) : !target.database ? "database" : undefined;
    this.problem = missing ? RED._("trappan-influx.errors.missing", { field: RED._(`trappan-influx.label.${missing}`) }) : undefined;

    let checking: Promise<Health> | undefined;
    this.check = (again = false) => {
      if (this.problem) return Promise.resolve({ ok: false, problem: "error", message: this.problem } as Health);
      if (!checking || again) checking = checkHealth(target);
      return checking;
    };
  }

  RED.nodes.registerType("trappan-influx", InfluxNodeConstructor as never, {
    credentials: { token: { type: "password" }, username: { type: "text" }, password: { type: "password" } },
  });
};
