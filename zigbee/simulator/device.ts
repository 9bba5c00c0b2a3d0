/**
 * One simulated Zigbee device: it answers the coordinator's ZCL requests from its attribute table
 * (read, write, configure reporting, commands) and sends its family's frames when what it senses
 * changes. It only speaks when it has joined a network, is powered, and a coordinator listens.
 */
import { Zcl } from "zigbee-herdsman";
import { ClusterAttributes, Family, OutgoingFrame, SensedState } from "./families";

const { FrameType, Direction, Status } = Zcl;

/** The coordinator's radio, as a device sees it. */
export interface Radio {
  transmit(device: VirtualDevice, frames: OutgoingFrame[]): void;
  leave(device: VirtualDevice): void;
}

export class VirtualDevice implements SensedState {
  nwk: number | undefined;
  joined = false;
  /** False while its battery is out or it is unplugged: it neither sends nor answers. */
  powered = true;
  occupied = false;
  battery = 100;
  tamper = false;
  linkquality: number;
  readonly attributes: Record<number, ClusterAttributes>;
  private seq = 0;
  /** Set by the adapter while a coordinator is attached. */
  radio: Radio | undefined;

  constructor(
    readonly ieee: string,
    readonly family: Family,
    linkquality = 120,
  ) {
    this.attributes = structuredClone(family.attributes);
    this.linkquality = linkquality;
  }

  nextSeq(): number {
    this.seq = (this.seq + 1) & 0xff;
    return this.seq;
  }

  get reachable(): boolean {
    return this.joined && this.powered;
  }

  /** Sends frames if it can; a device with nobody to hear it just stays quiet. */
  send(frames: OutgoingFrame[]): void {
    if (this.reachable && frames.length > 0) this.radio?.transmit(this, frames);
  }

  /** The device leaves its network by itself (reset button, moved to another network). */
  leaveNetwork(): void {
    if (this.joined) this.radio?.leave(this);
  }

  setOccupied(occupied: boolean): void {
    this.occupied = occupied;
    this.setAttribute(0x0406, 0x0000, occupied ? 1 : 0);
    this.send(this.family.presenceFrames(this));
  }

  /** Motion again while already occupied: PIR-style devices send their frame again. */
  retrigger(): void {
    if (this.occupied) this.send(this.family.presenceFrames(this));
  }

  setBattery(percent: number): void {
    this.battery = Math.max(0, Math.min(100, percent));
    this.setAttribute(0x0001, 0x0021, Math.round(this.battery * 2));
    this.send(this.family.batteryFrames(this));
  }

  setTamper(tamper: boolean): void {
    this.tamper = tamper;
    this.send(this.family.presenceFrames(this));
  }

  /** What a device reports right after it is configured: its state and battery. */
  announceState(): void {
    if (!this.family.senses) {
      this.send(this.family.batteryFrames(this));
      return;
    }
    const frames = [...this.family.presenceFrames(this), ...this.family.batteryFrames(this)];
    this.send(frames);
  }

  private setAttribute(clusterId: number, attrId: number, value: unknown): void {
    for (const clusters of Object.values(this.attributes)) {
      const attribute = clusters[clusterId]?.[attrId];
      if (attribute) attribute.value = value;
    }
  }

  /**
   * Answers one ZCL request from the coordinator, given as the bytes on the air. Returns the
   * response frame the device sends back, if any.
   */
  receive(endpoint: number, clusterId: number, data: Buffer): OutgoingFrame | undefined {
    const header = Zcl.Header.fromBuffer(data);
    if (!header) return undefined;
    let request: Zcl.Frame;
    try {
      request = Zcl.Frame.fromBuffer(clusterId, header, data, {});
    } catch {
      return this.defaultResponse(endpoint, clusterId, header, Status.UNSUP_COMMAND);
    }
    const attributes = (this.attributes[endpoint] ??= {});
    const cluster = (attributes[clusterId] ??= {});
    const respond = (command: string, payload: unknown) => ({
      endpoint,
      clusterId,
      frame: Zcl.Frame.create(FrameType.GLOBAL, Direction.SERVER_TO_CLIENT, true, header.manufacturerCode, header.transactionSequenceNumber, command, clusterId, payload, {}),
    });

    if (header.isGlobal) {
      switch (request.command.name) {
        case "read":
          return respond(
            "readRsp",
            (request.payload as { attrId: number }[]).map(({ attrId }) => {
              const attribute = cluster[attrId];
              return attribute
                ? { attrId, status: Status.SUCCESS, dataType: attribute.type, attrData: attribute.value }
                : { attrId, status: Status.UNSUPPORTED_ATTRIBUTE };
            }),
          );
        case "write":
        case "writeUndiv":
          for (const { attrId, dataType, attrData } of request.payload as { attrId: number; dataType: number; attrData: unknown }[]) {
            cluster[attrId] = { type: dataType, value: attrData };
          }
          return respond("writeRsp", [{ status: Status.SUCCESS }]);
        case "configReport":
          return respond("configReportRsp", [{ status: Status.SUCCESS }]);
        default:
          return header.frameControl.disableDefaultResponse ? undefined : this.defaultResponse(endpoint, clusterId, header, Status.SUCCESS);
      }
    }
    this.family.onCommand?.(this.attributes, clusterId, request.command.name);
    return header.frameControl.disableDefaultResponse ? undefined : this.defaultResponse(endpoint, clusterId, header, Status.SUCCESS);
  }

  private defaultResponse(endpoint: number, clusterId: number, header: Zcl.Header, statusCode: number): OutgoingFrame {
    const frame = Zcl.Frame.create(
      FrameType.GLOBAL,
      header.frameControl.direction === Direction.CLIENT_TO_SERVER ? Direction.SERVER_TO_CLIENT : Direction.CLIENT_TO_SERVER,
      true,
      header.manufacturerCode,
      header.transactionSequenceNumber,
      "defaultRsp",
      clusterId,
      { cmdId: header.commandIdentifier, statusCode },
      {},
    );
    return { endpoint, clusterId, frame };
  }
}
