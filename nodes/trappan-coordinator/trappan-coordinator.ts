/**
 * trappan-coordinator: the config node that owns the Zigbee coordinator (zigbee/coordinator.ts)
 * and its admin endpoints for the pairing panel.
 */
import os from "node:os";
import path from "node:path";
import type { NodeAPI, NodeDef } from "node-red";
import type { Request, Response } from "express";
import { normalizeIeee } from "../../core/events";
import { ADAPTERS, AdapterType, Coordinator, CoordinatorError, MAX_PERMIT_JOIN_SECONDS } from "../../zigbee/coordinator";
import type { Activity } from "../../zigbee/simulator/building";
import { sayer, translator } from "../i18n";
import { settingLabel, typedNumber } from "../settings";
import type { CoordinatorNode } from "../types";

interface CoordinatorDef extends NodeDef {
  adapter: AdapterType;
  port: string;
  baudRate: string;
  rtscts: boolean;
  channel: string;
  panId: string;
  extendedPanId: string;
  allowlist: string;
  batteryHours: string;
  mainsMinutes: string;
  building: string;
  activity: Activity;
}

export = function register(RED: NodeAPI) {
  function CoordinatorNodeConstructor(this: CoordinatorNode, config: CoordinatorDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const translate = translator(RED, "trappan-coordinator.messages", "trappan-coordinator.spaces");
    node.say = sayer(translate);
    const adapter = (ADAPTERS as readonly string[]).includes(config.adapter) ? config.adapter : "simulated";
    const userDir = RED.settings.userDir ?? path.join(os.homedir(), ".node-red");
    // Real networks keep one folder whatever the node's id, so a re-created node finds its backup.
    const dataDir = path.join(userDir, "trappan", "zigbee", ...(adapter === "simulated" ? ["simulated"] : []));
    const level = (RED.settings as { logging?: { console?: { level?: string } } }).logging?.console?.level ?? "info";
    const log = {
      debugEnabled: level === "debug" || level === "trace",
      debug: (m: string) => node.debug(m),
      info: (m: string) => node.log(m),
      warn: (m: string) => node.warn(m),
      error: (m: string) => node.error(m),
    };
    /** Settings the dialog got wrong, each said once (its default is used). */
    const settingProblems: string[] = [];
    const label = settingLabel(RED, "trappan-coordinator");
    const positive = (value: string | undefined, fallback: number, key: string, used: string): number =>
      typedNumber(value, fallback, (n) => n > 0, (typed) => settingProblems.push(RED._("trappan-coordinator.errors.setting", { setting: label(key), value: typed, default: used })));
    try {
      // A network on another channel than the user meant would never see the devices: refuse, do not guess.
      const channel = typedNumber(config.channel, 15, (n) => Number.isInteger(n) && n >= 11 && n <= 26, (typed) => {
        throw new Error(RED._("trappan-coordinator.errors.channel", { value: typed }));
      });
      const baudRate = positive(config.baudRate, NaN, "baudRate", RED._("trappan-coordinator.errors.adapterDefault"));
      const coordinator = new Coordinator({
        id: node.id,
        label: node.name || node.id,
        adapter,
        port: config.port || (adapter === "simulated" ? "simulated" : ""),
        baudRate: Number.isNaN(baudRate) ? undefined : Math.round(baudRate),
        rtscts: config.rtscts,
        channel,
        panId: config.panId,
        extendedPanId: config.extendedPanId,
        networkKey: node.credentials?.networkKey,
        dataDir,
        allowlist: (config.allowlist ?? "").split(/[\s,;]+/).filter(Boolean),
        availability: {
          batteryHours: positive(config.batteryHours, 25, "batteryHours", `25 ${label("hours")}`),
          mainsMinutes: positive(config.mainsMinutes, 10, "mainsMinutes", `10 ${label("minutes")}`),
        },
        simulation: { building: config.building || "demo", activity: ["busy", "none"].includes(config.activity) ? config.activity : "realistic" },
        log,
        translate,
      });
      if (!coordinator.options.port) throw new Error(RED._("trappan-coordinator.errors.noPort"));
      coordinator.start();
      node.coordinator = coordinator;
    } catch (error) {
      node.refusal = node.say(error as Error);
      node.error(RED._("trappan-coordinator.errors.refused", { reason: node.refusal }));
    }
    for (const problem of settingProblems) node.error(problem);

    node.on("close", (_removed: boolean, done: () => void) => {
      const coordinator = node.coordinator;
      node.coordinator = undefined;
      if (!coordinator) return done();
      coordinator.stop().then(done, (error) => {
        node.warn((error as Error).message);
        done();
      });
    });
  }

  RED.nodes.registerType("trappan-coordinator", CoordinatorNodeConstructor as never, {
    credentials: { networkKey: { type: "password" } },
  });

  const running = (req: Request, res: Response): CoordinatorNode | undefined => {
    const node = RED.nodes.getNode(String(req.params.id)) as CoordinatorNode | null;
    if (!node || node.type !== "trappan-coordinator") {
      res.status(404).json({ error: RED._("trappan-coordinator.errors.notDeployed") });
      return undefined;
    }
    if (!node.coordinator) {
      res.status(409).json({ error: node.refusal ?? RED._("trappan-coordinator.errors.notRunning") });
      return undefined;
    }
    return node;
  };
  const STATUS = { "bad-request": 400, "not-found": 404, "not-ready": 409 };
  const fail = (node: CoordinatorNode, res: Response, error: unknown) => {
    const status = error instanceof CoordinatorError ? STATUS[error.kind] : error instanceof RangeError ? 400 : 409;
    res.status(status).json({ error: node.say(error as Error) });
  };
  const read = RED.auth.needsPermission("trappan-coordinator.read");
  const write = RED.auth.needsPermission("trappan-coordinator.write");

  RED.httpAdmin.get("/trappan/coordinator/:id/state", read, (req, res) => {
    const coordinator = running(req, res)?.coordinator;
    if (!coordinator) return;
    res.json({ ...coordinator.state, permitJoinRemaining: coordinator.permitJoinRemaining(), network: coordinator.network });
  });

  RED.httpAdmin.get("/trappan/coordinator/:id/devices", read, async (req, res) => {
    const node = running(req, res);
    const coordinator = node?.coordinator;
    if (!node || !coordinator) return;
    try {
      res.json(await coordinator.devices());
    } catch (error) {
      fail(node, res, error);
    }
  });

  RED.httpAdmin.post("/trappan/coordinator/:id/permit-join", write, async (req, res) => {
    const node = running(req, res);
    const coordinator = node?.coordinator;
    if (!node || !coordinator) return;
    const seconds = Number((req.body as { seconds?: unknown } | undefined)?.seconds ?? MAX_PERMIT_JOIN_SECONDS);
    try {
      const granted = await coordinator.permitJoin(seconds);
      res.json({ seconds: granted, permitJoinRemaining: coordinator.permitJoinRemaining() });
    } catch (error) {
      fail(node, res, error);
    }
  });

  RED.httpAdmin.delete("/trappan/coordinator/:id/devices/:ieee", write, async (req, res) => {
    const node = running(req, res);
    const coordinator = node?.coordinator;
    if (!node || !coordinator) return;
    try {
      if (!normalizeIeee(String(req.params.ieee))) throw new RangeError(RED._("trappan-coordinator.errors.ieee", { ieee: String(req.params.ieee) }));
      await coordinator.removeDevice(String(req.params.ieee));
      res.status(204).end();
    } catch (error) {
      fail(node, res, error);
    }
  });

  RED.httpAdmin.put("/trappan/coordinator/:id/devices/:ieee", write, (req, res) => {
    const node = running(req, res);
    const coordinator = node?.coordinator;
    if (!node || !coordinator) return;
    try {
      const name = (req.body as { name?: unknown } | undefined)?.name;
      if (typeof name !== "string") throw new RangeError(RED._("trappan-coordinator.errors.name"));
      coordinator.renameDevice(String(req.params.ieee), name);
      res.status(204).end();
    } catch (error) {
      fail(node, res, error);
    }
  });
};
