/**
 * A simulated coordinator: a subclass of zigbee-herdsman's abstract Adapter, so herdsman's real
 * Controller runs above it — its device database, the interview, ZCL parsing and the
 * converters' decoding. It stands in only for the radio and the stick's own memory (NVRAM).
 */
import fs from "node:fs";
import path from "node:path";
import { Zcl, Zdo, ZSpec } from "zigbee-herdsman";
import { Adapter } from "zigbee-herdsman/dist/adapter";
import type { Events as AdapterEvents, TsType } from "zigbee-herdsman/dist/adapter";
import type * as Models from "zigbee-herdsman/dist/models";
import { VirtualDevice } from "./device";
import { OutgoingFrame } from "./families";
import { VirtualBuilding } from "./building";

type ZclPayload = AdapterEvents.ZclPayload;

/** What a real stick keeps in its non-volatile memory: the network and who has joined it. */
interface Nvram {
  panId: number;
  extendedPanId: string;
  channel: number;
  networkKey: string;
  nwkUpdateId: number;
  coordinatorIeee: string;
  devices: { ieee: string; nwk: number }[];
}

/**
 * A simulated USB stick with the building around it. It outlives adapter instances: herdsman
 * creates a new adapter at every (re)connect, while the building and its devices go on.
 */
export class SimulatedStick {
  /** How long the stick takes to come up; real ones take a moment, tests of races use it. */
  static startDelayMs = 0;
  plugged = true;
  adapter: SimulatedAdapter | undefined;

  constructor(
    readonly building: VirtualBuilding,
    readonly nvramPath: string,
  ) {}

  /** Pulls the stick out: the running adapter reports a disconnect, and opening it fails. */
  unplug(): void {
    this.plugged = false;
    this.adapter?.emit("disconnected");
  }

  plugIn(): void {
    this.plugged = true;
  }
}

const sticks = new Map<string, SimulatedStick>();

export function registerStick(port: string, stick: SimulatedStick): void {
  sticks.set(port, stick);
}

export function unregisterStick(port: string, stick: SimulatedStick): void {
  if (sticks.get(port) === stick) sticks.delete(port);
}

let installed = false;

/**
 * Makes herdsman's `Adapter.create` build a SimulatedAdapter when the adapter type is
 * "simulated"; every other type goes to herdsman's own factory, untouched.
 */
export function installSimulatedAdapter(): void {
  if (installed) return;
  installed = true;
  const create = Adapter.create.bind(Adapter);
  Adapter.create = async (networkOptions, serialPortOptions, backupPath, adapterOptions) => {
    if ((serialPortOptions.adapter as string) !== "simulated") return create(networkOptions, serialPortOptions, backupPath, adapterOptions);
    const stick = sticks.get(serialPortOptions.path ?? "");
    if (!stick) throw new Error(`no simulated stick at '${serialPortOptions.path}'`);
    return new SimulatedAdapter(networkOptions, serialPortOptions, backupPath, adapterOptions, stick);
  };
}

const hex = (bytes: number[] | undefined) => Buffer.from(bytes ?? []).toString("hex");
const COORDINATOR_ENDPOINTS: Record<number, { profileId: number; deviceId: number; clusters: number[] }> = {
  1: { profileId: ZSpec.HA_PROFILE_ID, deviceId: 0x0005, clusters: [0x0000, 0x0003, 0x0006, 0x000a, 0x0019, 0x0500, 0xef00] },
  242: { profileId: ZSpec.GP_PROFILE_ID, deviceId: 0x0064, clusters: [0x0021] },
};

interface Waiter {
  matcher: { address: number; endpoint: number; clusterId: number; commandId: number; transactionSequenceNumber?: number; defaultRspCommandId?: number };
  resolve: (payload: ZclPayload) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class SimulatedAdapter extends Adapter {
  private nvram!: Nvram;
  private readonly joinTimers = new Set<NodeJS.Timeout>();
  private readonly settleTimers = new Map<VirtualDevice, NodeJS.Timeout>();
  private readonly rejected = new Set<VirtualDevice>();
  private readonly waiters = new Set<Waiter>();
  private permitJoinUntil = 0;

  constructor(
    networkOptions: TsType.NetworkOptions,
    serialPortOptions: TsType.SerialPortOptions,
    backupPath: string,
    adapterOptions: TsType.AdapterOptions,
    private readonly stick: SimulatedStick,
  ) {
    super(networkOptions, serialPortOptions, backupPath, adapterOptions);
    // ZDO payloads carry no transaction sequence number in front; we read them as they are.
    this.hasZdoMessageOverhead = false;
  }

  private get building(): VirtualBuilding {
    return this.stick.building;
  }

  async start(): Promise<TsType.StartResult> {
    if (SimulatedStick.startDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, SimulatedStick.startDelayMs));
    if (!this.stick.plugged) throw new Error(`Error: No such file or directory, cannot open ${this.serialPortOptions.path}`);
    const wanted = {
      panId: this.networkOptions.panID,
      extendedPanId: hex(this.networkOptions.extendedPanID),
      channel: this.networkOptions.channelList[0],
      networkKey: hex(this.networkOptions.networkKey),
    };
    const saved = this.readNvram();
    let result: TsType.StartResult;
    if (saved && saved.panId === wanted.panId && saved.extendedPanId === wanted.extendedPanId && saved.networkKey === wanted.networkKey) {
      this.nvram = { ...saved, channel: wanted.channel };
      result = "resumed";
    } else {
      // A new network: as a real stick would, it forgets every device that had joined another one.
      const ieee = `0x00124b00${Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, "0")}`;
      this.nvram = { ...wanted, nwkUpdateId: 0, coordinatorIeee: ieee, devices: [] };
      result = "reset";
    }
    this.writeNvram();
    for (const device of this.building.devices) {
      const entry = this.nvram.devices.find((d) => d.ieee === device.ieee);
      device.joined = entry !== undefined;
      device.nwk = entry?.nwk;
      device.radio = this;
    }
    this.stick.adapter = this;
    return result;
  }

  async stop(): Promise<void> {
    for (const timer of this.joinTimers) clearTimeout(timer);
    this.joinTimers.clear();
    for (const timer of this.settleTimers.values()) clearTimeout(timer);
    this.settleTimers.clear();
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error("adapter stopped"));
    }
    this.waiters.clear();
    this.permitJoinUntil = 0;
    for (const device of this.building.devices) if (device.radio === this) device.radio = undefined;
    if (this.stick.adapter === this) this.stick.adapter = undefined;
    this.removeAllListeners();
  }

  async getCoordinatorIEEE(): Promise<string> {
    return this.nvram.coordinatorIeee;
  }

  async getCoordinatorVersion(): Promise<TsType.CoordinatorVersion> {
    return { type: "Simulated", meta: { building: this.building.plan.key } };
  }

  async reset(): Promise<void> {}

  async supportsBackup(): Promise<boolean> {
    return true;
  }

  async backup(): Promise<Models.Backup> {
    return {
      networkOptions: {
        panId: this.nvram.panId,
        extendedPanId: Buffer.from(this.nvram.extendedPanId, "hex"),
        channelList: [this.nvram.channel],
        networkKey: Buffer.from(this.nvram.networkKey, "hex"),
        networkKeyDistribute: false,
      },
      logicalChannel: this.nvram.channel,
      networkKeyInfo: { sequenceNumber: 0, frameCounter: 0 },
      securityLevel: 5,
      networkUpdateId: this.nvram.nwkUpdateId,
      coordinatorIeeeAddress: Buffer.from(this.nvram.coordinatorIeee.slice(2), "hex"),
      devices: this.nvram.devices.map((d) => ({ networkAddress: d.nwk, ieeeAddress: Buffer.from(d.ieee.slice(2), "hex"), isDirectChild: true })),
    };
  }

  async getNetworkParameters(): Promise<TsType.NetworkParameters> {
    return { panID: this.nvram.panId, extendedPanID: `0x${this.nvram.extendedPanId}`, channel: this.nvram.channel, nwkUpdateID: this.nvram.nwkUpdateId };
  }

  async addInstallCode(): Promise<void> {}

  async permitJoin(seconds: number): Promise<void> {
    for (const timer of this.joinTimers) clearTimeout(timer);
    this.joinTimers.clear();
    this.rejected.clear();
    this.permitJoinUntil = seconds > 0 ? Date.now() + seconds * 1000 : 0;
    if (seconds <= 0) return;
    // Devices waiting to join find the open network one after another, as people power them on.
    let order = 0;
    for (const device of this.building.devices) {
      if (device.joined || !device.powered) continue;
      const delay = 500 + order++ * 700;
      if (delay >= seconds * 1000) break;
      const timer = setTimeout(() => {
        this.joinTimers.delete(timer);
        this.join(device);
      }, delay);
      this.joinTimers.add(timer);
    }
  }

  private join(device: VirtualDevice): void {
    if (device.joined || this.rejected.has(device) || Date.now() > this.permitJoinUntil) return;
    const used = new Set(this.nvram.devices.map((d) => d.nwk));
    let nwk: number;
    do nwk = 1 + Math.floor(Math.random() * 0xfff0);
    while (used.has(nwk));
    device.nwk = nwk;
    device.joined = true;
    this.nvram.devices = [...this.nvram.devices.filter((d) => d.ieee !== device.ieee), { ieee: device.ieee, nwk }];
    this.writeNvram();
    this.emit("deviceJoined", { networkAddress: nwk, ieeeAddr: device.ieee });
    const router = device.family.logicalType === "router";
    const capabilities = {
      alternatePANCoordinator: 0,
      deviceType: router ? 1 : 0,
      powerSource: router ? 1 : 0,
      rxOnWhenIdle: router ? 1 : 0,
      reserved1: 0,
      reserved2: 0,
      securityCapability: 0,
      allocateAddress: 1,
    };
    this.emit("zdoResponse", Zdo.ClusterId.END_DEVICE_ANNOUNCE, [Zdo.Status.SUCCESS, { nwkAddress: nwk, eui64: device.ieee, capabilities }]);
    this.settle(device);
  }

  /** The device is no longer part of the network: it was removed, rejected, or left by itself. */
  private forget(device: VirtualDevice): void {
    device.joined = false;
    device.occupied = false;
    this.nvram.devices = this.nvram.devices.filter((d) => d.ieee !== device.ieee);
    this.writeNvram();
  }

  /** Radio: the device leaves the network on its own (reset, or moved to another one). */
  leave(device: VirtualDevice): void {
    const nwk = device.nwk;
    this.forget(device);
    this.emit("deviceLeave", { networkAddress: nwk, ieeeAddr: device.ieee });
  }

  /**
   * Real devices report their state once the coordinator is done with them after joining
   * (interview, binding, reporting). We wait for a quiet moment after the last request.
   */
  private settle(device: VirtualDevice): void {
    clearTimeout(this.settleTimers.get(device));
    this.settleTimers.set(
      device,
      setTimeout(() => {
        this.settleTimers.delete(device);
        device.announceState();
      }, 2000),
    );
  }

  /** Radio: frames a device sends reach the coordinator. */
  transmit(device: VirtualDevice, frames: OutgoingFrame[]): void {
    for (const frame of frames) this.deliver(device, frame);
  }

  private deliver(device: VirtualDevice, { endpoint, clusterId, frame }: OutgoingFrame): ZclPayload {
    const data = frame.toBuffer();
    const payload: ZclPayload = {
      clusterID: clusterId,
      address: device.nwk!,
      header: Zcl.Header.fromBuffer(data),
      data,
      endpoint,
      linkquality: device.linkquality,
      groupID: 0,
      wasBroadcast: false,
      destinationEndpoint: 1,
    };
    process.nextTick(() => {
      this.emit("zclPayload", payload);
      for (const waiter of this.waiters) {
        if (payload.header && Adapter.zclWaitressValidator({ ...payload, header: payload.header }, waiter.matcher)) {
          clearTimeout(waiter.timer);
          this.waiters.delete(waiter);
          waiter.resolve(payload);
        }
      }
    });
    return payload;
  }

  private reachable(ieee: string, nwk: number): VirtualDevice {
    const device = this.building.devices.find((d) => d.nwk === nwk || d.ieee === ieee);
    if (!device || !device.reachable || device.nwk !== nwk) {
      throw new Error(`Delivery failed for '${ieee}/${nwk}': no acknowledgement (device unreachable)`);
    }
    if (this.settleTimers.has(device)) this.settle(device);
    return device;
  }

  waitFor(
    networkAddress: number,
    endpoint: number,
    _frameType: Zcl.FrameType,
    _direction: Zcl.Direction,
    transactionSequenceNumber: number | undefined,
    clusterId: number,
    commandId: number,
    defaultRspCommandId: number | undefined,
    timeout: number,
  ): { promise: Promise<ZclPayload>; cancel: () => void } {
    let waiter!: Waiter;
    const promise = new Promise<ZclPayload>((resolve, reject) => {
      const matcher = { address: networkAddress, endpoint, clusterId, commandId, transactionSequenceNumber, defaultRspCommandId };
      waiter = {
        matcher,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(Adapter.clusterWaitressTimeoutFormatter(matcher, timeout)));
        }, timeout),
      };
      this.waiters.add(waiter);
    });
    return {
      promise,
      cancel: () => {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
      },
    };
  }

  // biome-ignore lint: the overloads of the abstract method are met by this one implementation
  async sendZdo(ieeeAddress: string, networkAddress: number, clusterId: Zdo.ClusterId, payload: Buffer, disableResponse: boolean): Promise<any> {
    const { ClusterId, Status } = Zdo;
    if (networkAddress === ZSpec.COORDINATOR_ADDRESS) return this.coordinatorZdo(clusterId, payload);
    if (networkAddress >= ZSpec.BROADCAST_MIN) return disableResponse ? undefined : [Status.NOT_SUPPORTED, undefined];
    const device = this.reachable(ieeeAddress, networkAddress);
    const family = device.family;
    switch (clusterId) {
      case ClusterId.NODE_DESCRIPTOR_REQUEST:
        return [
          Status.SUCCESS,
          {
            nwkAddress: networkAddress,
            logicalType: family.logicalType === "router" ? 1 : 2,
            fragmentationSupported: undefined,
            apsFlags: 0,
            frequencyBand: 8,
            capabilities: {
              alternatePANCoordinator: 0,
              deviceType: family.logicalType === "router" ? 1 : 0,
              powerSource: family.logicalType === "router" ? 1 : 0,
              rxOnWhenIdle: family.logicalType === "router" ? 1 : 0,
              reserved1: 0,
              reserved2: 0,
              securityCapability: 0,
              allocateAddress: 1,
            },
            manufacturerCode: family.manufacturerCode,
            maxBufSize: 82,
            maxIncTxSize: 82,
            serverMask: {
              primaryTrustCenter: 0,
              backupTrustCenter: 0,
              deprecated1: 0,
              deprecated2: 0,
              deprecated3: 0,
              deprecated4: 0,
              networkManager: 0,
              reserved1: 0,
              reserved2: 0,
              stackComplianceRevision: 22,
            },
            maxOutTxSize: 82,
            deprecated1: 0,
            tlvs: [],
          },
        ];
      case ClusterId.ACTIVE_ENDPOINTS_REQUEST:
        return [Status.SUCCESS, { nwkAddress: networkAddress, endpointList: family.endpoints.map((e) => e.id) }];
      case ClusterId.SIMPLE_DESCRIPTOR_REQUEST: {
        const endpoint = family.endpoints.find((e) => e.id === payload.readUInt8(2));
        if (!endpoint) return [Status.NOT_ACTIVE, undefined];
        return [
          Status.SUCCESS,
          {
            nwkAddress: networkAddress,
            length: 8 + 2 * (endpoint.inputClusters.length + endpoint.outputClusters.length),
            endpoint: endpoint.id,
            profileId: endpoint.profileId,
            deviceId: endpoint.deviceId,
            deviceVersion: 1,
            inClusterList: endpoint.inputClusters,
            outClusterList: endpoint.outputClusters,
          },
        ];
      }
      case ClusterId.IEEE_ADDRESS_REQUEST:
        return [Status.SUCCESS, { eui64: device.ieee, nwkAddress: networkAddress, startIndex: 0, assocDevList: [] }];
      case ClusterId.BIND_REQUEST:
      case ClusterId.UNBIND_REQUEST:
        return [Status.SUCCESS, undefined];
      case ClusterId.LEAVE_REQUEST:
        // Removed or refused by the coordinator: a real device resets and waits to be paired again.
        this.rejected.add(device);
        this.forget(device);
        return disableResponse ? undefined : [Status.SUCCESS, undefined];
      default:
        return disableResponse ? undefined : [Status.NOT_SUPPORTED, undefined];
    }
  }

  private coordinatorZdo(clusterId: Zdo.ClusterId, payload: Buffer): unknown {
    const { ClusterId, Status } = Zdo;
    switch (clusterId) {
      case ClusterId.ACTIVE_ENDPOINTS_REQUEST:
        return [Status.SUCCESS, { nwkAddress: 0, endpointList: Object.keys(COORDINATOR_ENDPOINTS).map(Number) }];
      case ClusterId.SIMPLE_DESCRIPTOR_REQUEST: {
        const id = payload.readUInt8(2);
        const endpoint = COORDINATOR_ENDPOINTS[id];
        if (!endpoint) return [Status.NOT_ACTIVE, undefined];
        return [
          Status.SUCCESS,
          { nwkAddress: 0, length: 8, endpoint: id, profileId: endpoint.profileId, deviceId: endpoint.deviceId, deviceVersion: 0, inClusterList: endpoint.clusters, outClusterList: endpoint.clusters },
        ];
      }
      default:
        return [Status.SUCCESS, undefined];
    }
  }

  async sendZclFrameToEndpoint(
    ieeeAddr: string,
    networkAddress: number,
    endpoint: number,
    zclFrame: Zcl.Frame,
    _timeout: number,
    disableResponse: boolean,
  ): Promise<ZclPayload | undefined> {
    const device = this.reachable(ieeeAddr, networkAddress);
    const response = device.receive(endpoint, zclFrame.cluster.ID, zclFrame.toBuffer());
    const delivered = response ? this.deliver(device, response) : undefined;
    // As the real adapters do: wait for the command's response if it has one and one is wanted,
    // else for a default response unless the frame disabled it; otherwise do not wait at all.
    const waits = (zclFrame.command.response !== undefined && !disableResponse) || !zclFrame.header.frameControl.disableDefaultResponse;
    if (!waits) return undefined;
    if (!delivered) throw new Error(`Timeout: '${ieeeAddr}' did not answer ${zclFrame.cluster.name}.${zclFrame.command.name}`);
    return delivered;
  }

  async sendZclFrameToGroup(): Promise<void> {}

  async sendZclFrameToAll(): Promise<void> {}

  async setChannelInterPAN(): Promise<void> {
    throw new Error("InterPAN is not supported by the simulated coordinator");
  }

  async sendZclFrameInterPANToIeeeAddr(): Promise<void> {
    throw new Error("InterPAN is not supported by the simulated coordinator");
  }

  // biome-ignore lint: see sendZdo
  async sendZclFrameInterPANBroadcast(): Promise<any> {
    throw new Error("InterPAN is not supported by the simulated coordinator");
  }

  async restoreChannelInterPAN(): Promise<void> {}

  private readNvram(): Nvram | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.stick.nvramPath, "utf8")) as Nvram;
    } catch {
      return undefined;
    }
  }

  private writeNvram(): void {
    fs.mkdirSync(path.dirname(this.stick.nvramPath), { recursive: true });
    const tmp = `${this.stick.nvramPath}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.nvram, null, 2));
    fs.renameSync(tmp, this.stick.nvramPath);
  }
}
