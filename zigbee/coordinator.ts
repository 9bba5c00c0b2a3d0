/**
 * The one zigbee-herdsman Controller of the process and everything around it: start and stop,
 * reconnect with backoff when the adapter goes away, pairing (permit join, allowlist), converter
 * `configure` once per device, decoding, and availability (a device not heard from in its
 * expected interval is offline). Node-RED's coordinator node is a thin face over this.
 */
import { EventEmitter } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { Controller } from "zigbee-herdsman";
import type { Events, Models } from "zigbee-herdsman";
import { DeviceInfo, normalizeIeee } from "../core/events";
import { CodedError, english, Message, Params, Translate } from "../core/messages";
import { DeviceDecoder, DeviceProfile } from "./decoder";
import { claimController, releaseController } from "./lease";
import { LogSink, routeZigbeeLogs } from "./logging";
import { resolveNetwork } from "./network";
import { installSimulatedAdapter, registerStick, SimulatedStick, unregisterStick } from "./simulator/adapter";
import type { Space } from "../core/events";
import { Activity, BUILDINGS, ScenarioRequest, VirtualBuilding } from "./simulator/building";

type Device = Models.Device;

export const ADAPTERS = ["zstack", "ember", "deconz", "zigate", "zboss", "simulated"] as const;
export type AdapterType = (typeof ADAPTERS)[number];

export const MAX_PERMIT_JOIN_SECONDS = 254;

export interface CoordinatorOptions {
  id: string;
  label: string;
  adapter: AdapterType;
  /** Serial path, tcp://host:port, or for the simulated adapter any name. */
  port: string;
  baudRate?: number;
  rtscts?: boolean;
  channel: number;
  panId?: string | number;
  extendedPanId?: string;
  networkKey?: string;
  /** Where the device database and backups live: <userDir>/trappan/zigbee/<id>. */
  dataDir: string;
  /** IEEE addresses allowed to join; empty allows any. */
  allowlist?: string[];
  availability?: { batteryHours?: number; mainsMinutes?: number };
  simulation?: { building?: string; activity?: Activity; seed?: number; timezone?: string; residents?: boolean };
  log: LogSink;
  /** Says the coordinator's messages in the user's language; English by default. */
  translate?: Translate;
}

export type CoordinatorStatus = "starting" | "ready" | "reconnecting" | "stopped";

export interface CoordinatorState {
  status: CoordinatorStatus;
  error?: string;
  retryInMs?: number;
  permitJoinUntil?: number;
}

/** A decoded message from a device, with the time it reached the coordinator. */
export interface DeviceReading {
  ieee: string;
  ts: number;
  payload: Record<string, unknown>;
  device: DeviceInfo;
  gives: DeviceProfile["gives"];
}

export interface AvailabilityChange {
  ieee: string;
  ts: number;
  online: boolean;
  device: DeviceInfo;
  /** Offline: when the device was last heard (it is found offline only a timeout later). */
  lastSeen?: number;
}

export interface DeviceSummary {
  ieee: string;
  name?: string;
  model?: string;
  vendor?: string;
  description?: string;
  modelId?: string;
  type: string;
  powerSource?: string;
  interviewState: string;
  configured: boolean;
  lastSeen?: number;
  linkquality?: number;
  battery?: number;
  online: boolean;
  gives?: "occupancy" | "presence";
}

interface CoordinatorEvents {
  state: [CoordinatorState];
  reading: [DeviceReading];
  availability: [AvailabilityChange];
  /** A device joined, finished its interview, was configured or left: lists should refresh. */
  devices: [];
  warning: [string];
}

/** What a caller did wrong or asked too early; `kind` maps to an HTTP status. */
export class CoordinatorError extends CodedError {
  override name = "CoordinatorError";

  constructor(
    code: string,
    params: Params,
    message: string,
    readonly kind: "bad-request" | "not-found" | "not-ready",
  ) {
    super(code, params, message);
  }
}

const CHECK_EVERY_MS = 60_000;
/** Node-RED gives a node 15 s to close; a stuck adapter must not take all of it. */
const STOP_WAIT_MS = 6_000;

/** Waits for `promise`, at most `ms`; true if it settled. */
async function bounded(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
const MAX_BACKOFF_MS = 60_000;
const CONFIGURE_ATTEMPTS = 3;

export class Coordinator extends EventEmitter<CoordinatorEvents> {
  private controller: Controller | undefined;
  private stick: SimulatedStick | undefined;
  private building: VirtualBuilding | undefined;
  private decoder: DeviceDecoder;
  private stopped = true;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private availabilityTimer: NodeJS.Timeout | undefined;
  private connectedAt = 0;
  private readonly offline = new Set<string>();
  private readonly configuring = new Map<string, number>();
  private stateValue: CoordinatorState = { status: "stopped" };
  private identity: ReturnType<typeof resolveNetwork> | undefined;
  private connecting: Promise<void> | undefined;
  private checking = false;
  private lastRetryError: string | undefined;

  constructor(readonly options: CoordinatorOptions) {
    super();
    this.decoder = new DeviceDecoder((device, payload) => void this.emitReading(device, payload));
  }

  get state(): CoordinatorState {
    return this.stateValue;
  }

  /** The network's identity as running, without the key: the editor shows it. */
  get network(): { panId: string; extendedPanId: string; networkKeyFrom: "settings" | "backup" | "new" } | undefined {
    const identity = this.identity;
    if (!identity) return undefined;
    return {
      panId: `0x${identity.panID.toString(16).padStart(4, "0")}`,
      extendedPanId: Buffer.from(identity.extendedPanID).toString("hex"),
      networkKeyFrom: identity.sources.networkKey,
    };
  }

  get simulator(): VirtualBuilding | undefined {
    return this.building;
  }

  /** The simulated stick, for tests that pull it out and plug it in. */
  get simulatedStick(): SimulatedStick | undefined {
    return this.stick;
  }

  /** The message in the user's words, from its code. */
  private t(code: string, params: Params, text: string): string {
    return (this.options.translate ?? english)(code, params, text);
  }

  private setState(state: CoordinatorState): void {
    this.stateValue = state;
    this.emit("state", state);
  }

  /**
   * Claims the process's controller (throws a LeaseError if another coordinator has it) and
   * starts connecting; failures are retried with backoff and reported through 'state'.
   */
  start(): void {
    // Everything that can refuse comes before the claim, so a refused start holds nothing.
    const sim = this.options.simulation ?? {};
    const plan = this.options.adapter === "simulated" ? BUILDINGS[sim.building ?? "demo"] : undefined;
    if (this.options.adapter === "simulated" && !plan) {
      throw new CoordinatorError("unknownBuilding", { building: sim.building }, `unknown simulated building '${sim.building}'`, "bad-request");
    }
    routeZigbeeLogs(this.options.log);
    fs.mkdirSync(this.options.dataDir, { recursive: true });
    const identity = this.resolveIdentity();
    claimController(this.options.id, this.options.label, this.options.port);
    this.identity = identity;
    this.stopped = false;
    if (plan) {
      installSimulatedAdapter();
      this.building = new VirtualBuilding(plan, sim);
      this.stick = new SimulatedStick(this.building, path.join(this.options.dataDir, "simulated-stick.json"));
      registerStick(this.options.port, this.stick);
      this.building.start();
    }
    this.attemptConnect();
  }

  /** Connects, remembering the attempt so that stop() can let it settle first. */
  private attemptConnect(): void {
    const attempt = this.connect().finally(() => {
      if (this.connecting === attempt) this.connecting = undefined;
    });
    this.connecting = attempt;
  }

  private async connect(): Promise<void> {
    this.retryTimer = undefined;
    if (this.stopped) return;
    this.setState({ status: this.attempt === 0 ? "starting" : "reconnecting" });
    const dir = this.options.dataDir;
    const controller = new Controller({
      network: { panID: this.identity!.panID, extendedPanID: this.identity!.extendedPanID, networkKey: this.identity!.networkKey, channelList: [this.options.channel] },
      serialPort: {
        path: this.options.port,
        adapter: this.options.adapter as never,
        baudRate: this.options.baudRate,
        rtscts: this.options.rtscts,
      },
      databasePath: path.join(dir, "database.db"),
      databaseBackupPath: path.join(dir, "database.db.backup"),
      backupPath: path.join(dir, "coordinator_backup.json"),
      adapter: { disableLED: false },
      acceptJoiningDeviceHandler: async (ieee) => this.accepts(ieee),
    });
    this.controller = controller;
    this.listen(controller);
    try {
      await controller.start();
    } catch (error) {
      controller.removeAllListeners();
      if (this.controller === controller) this.controller = undefined;
      await controller.stop().catch(() => {});
      if (!this.stopped) this.retry(error as Error);
      return;
    }
    if (this.stopped || this.controller !== controller) {
      await controller.stop().catch(() => {});
      return;
    }
    this.attempt = 0;
    this.lastRetryError = undefined;
    this.connectedAt = Date.now();
    this.setState({ status: "ready" });
    this.availabilityTimer = setInterval(() => void this.checkAvailability(), CHECK_EVERY_MS);
    for (const device of controller.getDevicesIterator((d) => d.type !== "Coordinator")) {
      await this.decoder.onEvent(device, "start").catch((e) => this.options.log.debug(`onEvent start of ${device.ieeeAddr}: ${(e as Error).message}`));
      // Mains devices are always awake, so a configure that never finished can run now.
      if (device.type === "Router") void this.configure(device);
    }
    this.emit("devices");
  }

  private resolveIdentity() {
    const resolved = resolveNetwork(
      { panId: this.options.panId, extendedPanId: this.options.extendedPanId, networkKey: this.options.networkKey },
      path.join(this.options.dataDir, "coordinator_backup.json"),
    );
    if (resolved.sources.networkKey !== "settings") {
      // Expected in the demo; for a real network it is worth an operator's attention.
      const say = this.options.adapter === "simulated" ? this.options.log.info : this.options.log.warn;
      say(
        resolved.sources.networkKey === "backup"
          ? this.t("keyFromBackup", {}, "no network key in the coordinator's credentials: using the key from its backup")
          : this.t("newKey", {}, "no network key in the coordinator's credentials and no backup: forming a network with a new random key"),
      );
    }
    return resolved;
  }

  private retry(error: Error): void {
    const retryInMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempt);
    this.attempt++;
    clearInterval(this.availabilityTimer);
    this.setState({ status: "reconnecting", error: error.message, retryInMs });
    const params = { port: this.options.port, error: error.message, seconds: retryInMs / 1000 };
    // Say it when it starts or changes; the status keeps showing it, the log need not every minute.
    const say = error.message === this.lastRetryError ? this.options.log.debug : this.options.log.warn;
    this.lastRetryError = error.message;
    say(this.t("retrying", params, `Zigbee adapter on ${params.port}: ${params.error}; retrying in ${params.seconds} s`));
    this.retryTimer = setTimeout(() => this.attemptConnect(), retryInMs);
  }

  private listen(controller: Controller): void {
    controller.on("message", (message) => void this.onMessage(message));
    controller.on("deviceInterview", (event) => void this.onInterview(event));
    controller.on("deviceJoined", ({ device }) => {
      this.options.log.info(this.t("joined", { ieee: device.ieeeAddr }, `Zigbee device ${device.ieeeAddr} joined`));
      this.emit("devices");
      void this.decoder.onEvent(device, "deviceJoined").catch(() => {});
    });
    controller.on("deviceAnnounce", ({ device }) => void this.decoder.onEvent(device, "deviceAnnounce").catch(() => {}));
    controller.on("deviceNetworkAddressChanged", ({ device }) => void this.decoder.onEvent(device, "deviceNetworkAddressChanged").catch(() => {}));
    controller.on("deviceLeave", ({ ieeeAddr }) => {
      this.options.log.info(this.t("left", { ieee: ieeeAddr }, `Zigbee device ${ieeeAddr} left the network`));
      this.decoder.forget(ieeeAddr);
      this.offline.delete(ieeeAddr);
      this.emit("devices");
    });
    controller.on("permitJoinChanged", ({ permitted, time }) => {
      this.setState({ ...this.stateValue, permitJoinUntil: permitted && time ? Date.now() + time * 1000 : undefined });
    });
    controller.on("adapterDisconnected", () => {
      if (this.stopped || this.controller !== controller) return;
      controller.removeAllListeners();
      this.controller = undefined;
      void controller.stop().catch(() => {});
      this.retry(new Error("adapter disconnected"));
    });
  }

  private accepts(ieee: string): boolean {
    const allowed = this.options.allowlist?.map((a) => normalizeIeee(a)).filter(Boolean) ?? [];
    if (allowed.length === 0 || allowed.includes(ieee)) return true;
    this.warn(this.t("refused", { ieee }, `refused ${ieee}: not on the coordinator's allowlist`));
    return false;
  }

  private warn(message: string): void {
    this.options.log.warn(message);
    this.emit("warning", message);
  }

  private async onInterview({ status, device }: Events.DeviceInterviewPayload): Promise<void> {
    this.emit("devices");
    if (status === "failed") {
      this.warn(this.t("interviewFailed", { ieee: device.ieeeAddr }, `interview of ${device.ieeeAddr} failed: it may need to be paired again, close to the coordinator`));
    }
    if (status !== "successful") return;
    this.decoder.forget(device.ieeeAddr); // the model is known now
    await this.decoder.onEvent(device, "deviceInterview", { status }).catch(() => {});
    await this.configure(device);
  }

  /** Runs the definition's configure once per device and definition version, and remembers it. */
  private async configure(device: Device): Promise<void> {
    const { definition } = await this.decoder.profile(device);
    if (!definition?.configure || device.interviewState !== "SUCCESSFUL") return;
    if (device.meta.configured === definition.version) return;
    const attempts = this.configuring.get(device.ieeeAddr) ?? 0;
    if (attempts < 0 || attempts >= CONFIGURE_ATTEMPTS) return; // < 0: under way
    this.configuring.set(device.ieeeAddr, -1);
    const coordinatorEndpoint = this.controller?.getDevicesByType("Coordinator")[0]?.getEndpoint(1);
    try {
      if (!coordinatorEndpoint) throw new Error("the coordinator's endpoint is not known yet");
      await this.decoder.onEvent(device, "start").catch(() => {});
      await definition.configure(device, coordinatorEndpoint, definition);
      device.meta.configured = definition.version;
      device.save();
      this.configuring.delete(device.ieeeAddr);
      const params = { vendor: definition.vendor, model: definition.model, ieee: device.ieeeAddr };
      this.options.log.info(this.t("configured", params, `configured ${params.vendor} ${params.model} ${params.ieee}`));
      this.emit("devices");
    } catch (error) {
      this.configuring.set(device.ieeeAddr, attempts + 1);
      const params = { ieee: device.ieeeAddr, attempt: attempts + 1, attempts: CONFIGURE_ATTEMPTS, reason: (error as Error).message };
      this.warn(this.t("configureFailed", params, `configure of ${params.ieee} failed (attempt ${params.attempt} of ${params.attempts}): ${params.reason}`));
    }
  }

  private deviceInfo(device: Device, profile: DeviceProfile): DeviceInfo {
    const info: DeviceInfo = { kind: profile.kind };
    if (profile.definition) {
      info.model = profile.definition.model;
      info.vendor = profile.definition.vendor;
    } else if (device.modelID) info.model = device.modelID;
    const name = device.meta.trappanName;
    if (typeof name === "string" && name) info.name = name;
    return info;
  }

  private async onMessage(message: Events.MessagePayload): Promise<void> {
    const device = message.device;
    const ts = Date.now();
    this.markOnline(device, ts);
    // A sleepy device that failed to configure is awake now that it talks.
    if (this.configuring.has(device.ieeeAddr)) void this.configure(device);
    let payload: Record<string, unknown> | undefined;
    try {
      payload = await this.decoder.decode(message);
    } catch (error) {
      const params = { cluster: String(message.cluster), type: message.type, ieee: device.ieeeAddr, reason: (error as Error).message };
      this.warn(this.t("decodeFailed", params, `could not decode ${params.cluster} ${params.type} from ${params.ieee}: ${params.reason}`));
      return;
    }
    if (!payload) return;
    await this.emitReading(device, { ...payload, linkquality: message.linkquality }, ts);
  }

  private async emitReading(device: Device, payload: Record<string, unknown>, ts = Date.now()): Promise<void> {
    const profile = await this.decoder.profile(device);
    this.emit("reading", { ieee: device.ieeeAddr, ts, payload, device: this.deviceInfo(device, profile), gives: profile.gives });
  }

  private markOnline(device: Device, ts: number): void {
    if (!this.offline.delete(device.ieeeAddr)) return;
    void this.decoder.profile(device).then((profile) => this.emit("availability", { ieee: device.ieeeAddr, ts, online: true, device: this.deviceInfo(device, profile) }));
  }

  private timeoutFor(device: Device): number {
    const battery = device.powerSource === "Battery" || (device.type === "EndDevice" && !device.powerSource?.startsWith("Mains"));
    const { batteryHours = 25, mainsMinutes = 10 } = this.options.availability ?? {};
    return battery ? batteryHours * 3_600_000 : mainsMinutes * 60_000;
  }

  /**
   * Marks devices offline that have not been heard from in their interval. Mains devices are
   * pinged first (they are always awake); the time before this start does not count against
   * anyone, since nobody was listening then.
   */
  async checkAvailability(): Promise<void> {
    const controller = this.controller;
    // Pings can take their time on a big network; never run two checks at once.
    if (!controller || this.checking) return;
    this.checking = true;
    try {
      await this.checkEach(controller);
    } finally {
      this.checking = false;
    }
  }

  private async checkEach(controller: Controller): Promise<void> {
    const now = Date.now();
    for (const device of controller.getDevicesIterator((d) => d.type !== "Coordinator" && d.interviewState === "SUCCESSFUL")) {
      if (this.offline.has(device.ieeeAddr)) continue;
      const lastSeen = Math.max(device.lastSeen ?? 0, this.connectedAt);
      if (now - lastSeen <= this.timeoutFor(device)) continue;
      if (device.type === "Router") {
        try {
          await device.ping(true);
          continue;
        } catch {
          // no answer: offline
        }
      }
      this.offline.add(device.ieeeAddr);
      const profile = await this.decoder.profile(device);
      this.emit("availability", { ieee: device.ieeeAddr, ts: now, online: false, device: this.deviceInfo(device, profile), ...(device.lastSeen ? { lastSeen: device.lastSeen } : {}) });
    }
  }

  isOnline(ieee: string): boolean {
    return !this.offline.has(ieee);
  }

  private requireController(): Controller {
    if (!this.controller || this.stateValue.status !== "ready") {
      const status = this.stateValue.status;
      throw new CoordinatorError("notReady", { status }, `the Zigbee adapter is not ready (${status})`, "not-ready");
    }
    return this.controller;
  }

  /** Opens the network for new devices, at most 254 s; 0 closes it. */
  async permitJoin(seconds: number): Promise<number> {
    if (!Number.isFinite(seconds) || seconds < 0) {
      const params = { max: MAX_PERMIT_JOIN_SECONDS, seconds: String(seconds) };
      throw new CoordinatorError("permitJoinSeconds", params, `permit join needs seconds from 0 to ${params.max}, got ${params.seconds}`, "bad-request");
    }
    const time = Math.min(Math.round(seconds), MAX_PERMIT_JOIN_SECONDS);
    await this.requireController().permitJoin(time);
    return time;
  }

  permitJoinRemaining(): number {
    const until = this.stateValue.permitJoinUntil;
    return until ? Math.max(0, Math.ceil((until - Date.now()) / 1000)) : 0;
  }

  async devices(): Promise<DeviceSummary[]> {
    const controller = this.controller;
    if (!controller) return [];
    const list: DeviceSummary[] = [];
    for (const device of controller.getDevicesIterator((d) => d.type !== "Coordinator")) {
      const profile = device.modelID ? await this.decoder.profile(device) : undefined;
      const state = this.decoder.state(device.ieeeAddr);
      list.push({
        ieee: device.ieeeAddr,
        name: typeof device.meta.trappanName === "string" ? device.meta.trappanName : undefined,
        model: profile?.definition?.model,
        vendor: profile?.definition?.vendor,
        description: profile?.definition?.description,
        modelId: device.modelID,
        type: device.type,
        powerSource: device.powerSource,
        interviewState: device.interviewState,
        configured: device.meta.configured !== undefined || !profile?.definition?.configure,
        lastSeen: device.lastSeen,
        linkquality: device.linkquality,
        battery: typeof state.battery === "number" ? state.battery : undefined,
        online: !this.offline.has(device.ieeeAddr),
        gives: profile?.gives,
      });
    }
    return list;
  }

  private device(ieee: string): Device {
    const normalized = normalizeIeee(ieee);
    const device = normalized ? this.requireController().getDeviceByIeeeAddr(normalized) : undefined;
    if (!device) throw new CoordinatorError("noDevice", { ieee }, `no device ${ieee} in this network`, "not-found");
    return device;
  }

  /** Asks the device to leave and forgets it, even if it does not answer (it may be gone). */
  async removeDevice(ieee: string): Promise<void> {
    const device = this.device(ieee);
    try {
      await device.removeFromNetwork();
    } catch (error) {
      const params = { ieee: device.ieeeAddr, reason: (error as Error).message };
      this.warn(this.t("removedAnyway", params, `${params.ieee} did not confirm leaving (${params.reason}); removed from the database anyway`));
      device.removeFromDatabase();
    }
    this.decoder.forget(device.ieeeAddr);
    this.offline.delete(device.ieeeAddr);
    this.emit("devices");
  }

  /** The friendly name shown in lists and carried in events as device.name; kept in the database. */
  renameDevice(ieee: string, name: string): void {
    const device = this.device(ieee);
    const trimmed = name.trim();
    if (trimmed.length > 64) throw new CoordinatorError("nameTooLong", { max: 64 }, "a friendly name has at most 64 characters", "bad-request");
    if (trimmed) device.meta.trappanName = trimmed;
    else delete device.meta.trappanName;
    device.save();
    this.emit("devices");
  }

  /**
   * Weeks of the simulated building's residents up to `to`, as its presence sensors would have
   * reported them, for fast-forwarding a baseline. `ongoing`: someone at that sensor (an IEEE
   * address or a space) since `since` who is still there.
   */
  simulatedHistory(from: number, to: number, ongoing?: { sensor?: string; space: Space; since: number }): { ieee: string; ts: number; occupied: boolean; kind: "pir" | "mmwave" | "other" }[] {
    if (!this.building) throw new CoordinatorError("noSimulator", {}, "scenarios need the simulated adapter", "bad-request");
    const device = ongoing ? this.building.target(ongoing.sensor, ongoing.space) : undefined;
    return this.building.history(from, to, device && ongoing ? { ieee: device.ieee, since: ongoing.since } : undefined);
  }

  /** Starts a scenario in the simulated building; returns what it does, to tell the user. */
  runScenario(request: ScenarioRequest): Message {
    if (!this.building) throw new CoordinatorError("noSimulator", {}, "scenarios need the simulated adapter", "bad-request");
    return this.building.runScenario(request);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.availabilityTimer);
    // A start under way would inject its adapter into herdsman's process-wide state after we
    // let the next coordinator in: let it finish (it stops itself, seeing `stopped`).
    if (this.connecting) await bounded(this.connecting, STOP_WAIT_MS);
    const controller = this.controller;
    this.controller = undefined;
    if (controller) {
      controller.removeAllListeners();
      const devices = [...controller.getDevicesIterator((d) => d.type !== "Coordinator")];
      await this.decoder.stop(devices).catch(() => {});
      const stopped = await bounded(
        controller.stop().catch((e) => this.options.log.warn(`stopping the Zigbee controller: ${(e as Error).message}`)),
        STOP_WAIT_MS,
      );
      if (!stopped) {
        const params = { port: this.options.port, seconds: STOP_WAIT_MS / 1000 };
        this.options.log.warn(this.t("stopTimeout", params, `the Zigbee adapter on ${params.port} did not stop within ${params.seconds} s`));
      }
    }
    this.building?.stop();
    if (this.stick) unregisterStick(this.options.port, this.stick);
    releaseController(this.options.id);
    this.offline.clear();
    this.configuring.clear();
    this.setState({ status: "stopped" });
    this.removeAllListeners();
  }
}
