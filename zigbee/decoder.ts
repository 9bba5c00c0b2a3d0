/**
 * Decodes what devices send with zigbee-herdsman-converters, as zigbee2mqtt does: the device's
 * definition (`findByDevice`), its fromZigbee converters for the message's cluster and type,
 * and `onEvent` for definitions that need to hear about starts, joins and interviews. A device
 * the converters do not know gets a definition generated from its clusters, as zigbee2mqtt does,
 * so any sensor with an occupancy cluster works.
 */
import * as zhc from "zigbee-herdsman-converters";
import type { Events, Models } from "zigbee-herdsman";
import { SensorKind } from "../core/events";
import { sensorKind } from "../core/sensors";

type Device = Models.Device;
type Definition = zhc.Definition;
type OnEventType = "start" | "deviceJoined" | "deviceInterview" | "deviceAnnounce" | "deviceNetworkAddressChanged";

export interface DeviceProfile {
  definition: Definition | undefined;
  /** Which presence key its converters expose, if any. */
  gives: "occupancy" | "presence" | undefined;
  kind: SensorKind;
}

export type Publish = (device: Device, payload: Record<string, unknown>) => void;

function exposedProperties(definition: Definition, device: Device): string[] {
  const exposes = typeof definition.exposes === "function" ? definition.exposes(device, {}) : definition.exposes;
  const names: string[] = [];
  for (const expose of exposes) {
    if (expose.property) names.push(expose.property);
    for (const feature of (expose as { features?: { property?: string }[] }).features ?? []) if (feature.property) names.push(feature.property);
  }
  return names;
}

export class DeviceDecoder {
  private readonly profiles = new Map<string, Promise<DeviceProfile>>();
  /** Converter state per device (some converters compare with what they said before). */
  private readonly states = new Map<string, Record<string, unknown>>();
  private readonly started = new Set<string>();

  constructor(private readonly publish: Publish) {}

  /**
   * The device's definition and what it gives, once its interview has told us what it is; until
   * then there is nothing to decode with (and generating a definition per message is costly).
   */
  profile(device: Device): Promise<DeviceProfile> {
    let profile = this.profiles.get(device.ieeeAddr);
    if (profile) return profile;
    if (device.interviewState !== "SUCCESSFUL") return Promise.resolve({ definition: undefined, gives: undefined, kind: "other" });
    profile = (async () => {
      const definition = await zhc.findByDevice(device, true);
      const properties = definition ? exposedProperties(definition, device) : [];
      const gives = properties.includes("presence") ? "presence" : properties.includes("occupancy") ? "occupancy" : undefined;
      return { definition, gives, kind: sensorKind(definition?.model, definition?.description, properties) } as DeviceProfile;
    })();
    this.profiles.set(device.ieeeAddr, profile);
    return profile;
  }

  state(ieee: string): Record<string, unknown> {
    let state = this.states.get(ieee);
    if (!state) this.states.set(ieee, (state = {}));
    return state;
  }

  private baseData(device: Device) {
    return { device, state: this.state(device.ieeeAddr), options: {}, deviceExposesChanged: () => {} };
  }

  /**
   * Tells the converters about an event of the device. 'start' comes first and once per session
   * for every device, also one that just joined: definitions add their custom clusters then.
   */
  async onEvent(device: Device, type: OnEventType, extra: { status?: "started" | "successful" | "failed" } = {}): Promise<void> {
    const definition = (await this.profile(device)).definition;
    const events: OnEventType[] = [];
    if (definition && !this.started.has(device.ieeeAddr)) {
      this.started.add(device.ieeeAddr);
      if (type !== "start") events.push("start");
    }
    events.push(type);
    for (const eventType of events) {
      const event = { type: eventType, data: { ...this.baseData(device), ...extra } } as zhc.OnEvent.Event;
      await zhc.onEvent(event);
      await definition?.onEvent?.(event);
    }
  }

  async stop(devices: Iterable<Device>): Promise<void> {
    for (const device of devices) {
      const definition = (await this.profiles.get(device.ieeeAddr))?.definition;
      const event = { type: "stop", data: { ieeeAddr: device.ieeeAddr } } as zhc.OnEvent.Event;
      await definition?.onEvent?.(event);
    }
    this.profiles.clear();
    this.states.clear();
    this.started.clear();
  }

  forget(ieee: string): void {
    this.profiles.delete(ieee);
    this.states.delete(ieee);
    this.started.delete(ieee);
  }

  /** Runs the definition's converters over one message; returns the converted key/values. */
  async decode(message: Events.MessagePayload): Promise<Record<string, unknown> | undefined> {
    const device = message.device;
    const { definition } = await this.profile(device);
    if (!definition) return undefined;
    if (!this.started.has(device.ieeeAddr)) await this.onEvent(device, "start");
    const state = this.state(device.ieeeAddr);
    const meta = { state, device, deviceExposesChanged: () => {} };
    const publish = (payload: Record<string, unknown>) => {
      Object.assign(state, payload);
      this.publish(device, payload);
    };
    const payload: Record<string, unknown> = {};
    for (const converter of definition.fromZigbee) {
      const types: readonly string[] = Array.isArray(converter.type) ? converter.type : [converter.type];
      if (converter.cluster !== message.cluster || !types.includes(message.type)) continue;
      const converted = await converter.convert(definition, message as never, publish, {}, meta);
      if (converted) Object.assign(payload, converted);
    }
    if (Object.keys(payload).length === 0) return undefined;
    zhc.postProcessConvertedFromZigbeeMessage(definition, payload, {}, device);
    Object.assign(state, payload);
    return payload;
  }
}
