/**
 * Device families of the simulated building: what each real device says about itself during the
 * interview (node and simple descriptors, Basic cluster attributes) and the raw ZCL frames it
 * sends when what it senses changes. Values follow the real devices' database entries in
 * zigbee2mqtt, so zigbee-herdsman-converters recognises and decodes them as the real thing.
 */
import { Zcl } from "zigbee-herdsman";

const { DataType, FrameType, Direction, ManufacturerCode, PowerSource } = Zcl;

export type AttributeValue = { type: number; value: unknown };
/** cluster id → attribute id → value */
export type ClusterAttributes = Record<number, Record<number, AttributeValue>>;

export interface EndpointSpec {
  id: number;
  profileId: number;
  deviceId: number;
  inputClusters: number[];
  outputClusters: number[];
}

/** A frame a device sends: its endpoint, the cluster and the frame. */
export interface OutgoingFrame {
  endpoint: number;
  clusterId: number;
  frame: Zcl.Frame;
}

/** What the device's sensor is doing, as the family's frames need it. */
export interface SensedState {
  occupied: boolean;
  battery: number;
  tamper: boolean;
  /** A sequence number the device keeps for its own frames. */
  nextSeq(): number;
}

export interface Family {
  key: string;
  label: string;
  modelId: string;
  manufacturerName: string;
  manufacturerCode: number;
  logicalType: "router" | "end-device";
  powerSource: number;
  swBuildId: string;
  endpoints: EndpointSpec[];
  /** Attributes per endpoint that the device answers reads with. */
  attributes: Record<number, ClusterAttributes>;
  /** Gives presence (occupancy); false for devices the building has for other reasons. */
  senses: boolean;
  /** How it senses: a PIR sees motion, a radar (mmWave) sees a still person too. */
  kind: "pir" | "mmwave" | "other";
  /** PIR sensors need motion again to stay occupied; radar sees a still person. */
  retriggerSeconds?: number;
  /** Seconds a PIR stays occupied after the last motion before it reports clear. */
  clearDelaySeconds: number;
  presenceFrames(state: SensedState): OutgoingFrame[];
  batteryFrames(state: SensedState): OutgoingFrame[];
  /** A specific command the coordinator sends, e.g. the IAS enroll response. */
  onCommand?(attributes: Record<number, ClusterAttributes>, clusterId: number, command: string): void;
}

const HA = 0x0104;
const ZLL = 0xc05e;
const C = {
  basic: 0x0000,
  power: 0x0001,
  identify: 0x0003,
  groups: 0x0004,
  scenes: 0x0005,
  onOff: 0x0006,
  level: 0x0008,
  alarms: 0x0009,
  time: 0x000a,
  pollCtrl: 0x0020,
  ota: 0x0019,
  illuminance: 0x0400,
  temperature: 0x0402,
  humidity: 0x0405,
  occupancy: 0x0406,
  iasZone: 0x0500,
  diagnostics: 0x0b05,
  touchlink: 0x1000,
  tuya: 0xef00,
  lumi: 0xfcc0,
};

function basic(f: { modelId: string; manufacturerName: string; powerSource: number; swBuildId: string }): Record<number, AttributeValue> {
  return {
    0x0000: { type: DataType.UINT8, value: 8 },
    0x0001: { type: DataType.UINT8, value: 1 },
    0x0002: { type: DataType.UINT8, value: 2 },
    0x0003: { type: DataType.UINT8, value: 1 },
    0x0004: { type: DataType.CHAR_STR, value: f.manufacturerName },
    0x0005: { type: DataType.CHAR_STR, value: f.modelId },
    0x0006: { type: DataType.CHAR_STR, value: "20240101" },
    0x0007: { type: DataType.ENUM8, value: f.powerSource },
    0x4000: { type: DataType.CHAR_STR, value: f.swBuildId },
  };
}

function report(
  endpoint: number,
  clusterId: number,
  seq: number,
  records: { attrId: number; dataType: number; attrData: unknown }[],
  manufacturerCode?: number,
): OutgoingFrame {
  const frame = Zcl.Frame.create(FrameType.GLOBAL, Direction.SERVER_TO_CLIENT, true, manufacturerCode, seq, "report", clusterId, records, {});
  return { endpoint, clusterId, frame };
}

/** ZCL batteryPercentageRemaining is in half percent. */
const batteryReport = (endpoint: number) => (s: SensedState) => [
  report(endpoint, C.power, s.nextSeq(), [{ attrId: 0x0021, dataType: DataType.UINT8, attrData: Math.round(s.battery * 2) }]),
];
const occupancyReport = (endpoint: number) => (s: SensedState) => [
  report(endpoint, C.occupancy, s.nextSeq(), [{ attrId: 0x0000, dataType: DataType.BITMAP8, attrData: s.occupied ? 1 : 0 }]),
];

function hueMotion(modelId: string, label: string): Family {
  const f = { modelId, manufacturerName: "Signify Netherlands B.V.", powerSource: PowerSource.Battery, swBuildId: "6.1.1.27575" };
  return {
    key: `hue-${modelId.toLowerCase()}`,
    label,
    ...f,
    manufacturerCode: ManufacturerCode.SIGNIFY_NETHERLANDS_B_V,
    logicalType: "end-device",
    endpoints: [
      { id: 1, profileId: ZLL, deviceId: 0x0850, inputClusters: [C.basic], outputClusters: [C.basic, C.identify, C.groups, C.onOff, C.level, 0x0300, C.scenes] },
      { id: 2, profileId: HA, deviceId: 0x0107, inputClusters: [C.basic, C.power, C.identify, C.illuminance, C.temperature, C.occupancy], outputClusters: [C.ota] },
    ],
    attributes: {
      1: { [C.basic]: basic(f) },
      2: {
        [C.basic]: basic(f),
        [C.power]: { 0x0021: { type: DataType.UINT8, value: 200 } },
        [C.occupancy]: {
          0x0000: { type: DataType.BITMAP8, value: 0 },
          0x0010: { type: DataType.UINT16, value: 0 }, // pirOToUDelay
          0x0030: { type: DataType.UINT8, value: 2 }, // Philips motion sensitivity
        },
        [C.temperature]: { 0x0000: { type: DataType.INT16, value: 1850 } },
        [C.illuminance]: { 0x0000: { type: DataType.UINT16, value: 12000 } },
      },
    },
    senses: true,
    kind: "pir",
    retriggerSeconds: 30,
    clearDelaySeconds: 10,
    presenceFrames: occupancyReport(2),
    batteryFrames: batteryReport(2),
  };
}

const ikeaBasics = { manufacturerName: "IKEA of Sweden", powerSource: PowerSource.Battery, swBuildId: "24.4.5" };

const vallhorn: Family = (() => {
  const f = { ...ikeaBasics, modelId: "VALLHORN Wireless Motion Sensor" };
  return {
    key: "ikea-vallhorn",
    label: "IKEA VALLHORN E2134",
    ...f,
    manufacturerCode: ManufacturerCode.IKEA_OF_SWEDEN,
    logicalType: "end-device",
    endpoints: [
      { id: 1, profileId: HA, deviceId: 0x0107, inputClusters: [C.basic, C.power, C.identify, C.diagnostics, 0xfc7c, 0xfc81], outputClusters: [C.identify, C.groups, C.onOff, C.ota] },
      { id: 2, profileId: HA, deviceId: 0x0107, inputClusters: [C.identify, C.occupancy], outputClusters: [] },
      { id: 3, profileId: HA, deviceId: 0x0106, inputClusters: [C.identify, C.illuminance], outputClusters: [] },
    ],
    attributes: {
      1: {
        [C.basic]: basic(f),
        [C.power]: { 0x0020: { type: DataType.UINT8, value: 30 }, 0x0021: { type: DataType.UINT8, value: 200 } },
        0xfc81: { 0x0000: { type: DataType.BOOLEAN, value: 0 }, 0x0002: { type: DataType.UINT16, value: 60 } }, // IKEA: on only when dark, on time
      },
      2: { [C.occupancy]: { 0x0000: { type: DataType.BITMAP8, value: 0 } } },
      3: { [C.illuminance]: { 0x0000: { type: DataType.UINT16, value: 9000 } } },
    },
    senses: true,
    kind: "pir",
    retriggerSeconds: 30,
    clearDelaySeconds: 60,
    presenceFrames: occupancyReport(2),
    batteryFrames: batteryReport(1),
  };
})();

/** IKEA TRÅDFRI motion sensor: no occupancy attribute; it commands On with timed off. */
const tradfriMotion: Family = (() => {
  const f = { ...ikeaBasics, modelId: "TRADFRI motion sensor" };
  const onTimeSeconds = 180;
  return {
    key: "ikea-e1525",
    label: "IKEA TRÅDFRI E1525",
    ...f,
    manufacturerCode: ManufacturerCode.IKEA_OF_SWEDEN,
    logicalType: "end-device",
    endpoints: [
      {
        id: 1,
        profileId: HA,
        deviceId: 0x0850,
        inputClusters: [C.basic, C.power, C.identify, C.alarms, C.diagnostics, C.touchlink],
        outputClusters: [C.identify, C.groups, C.onOff, C.level, C.ota, C.touchlink],
      },
    ],
    attributes: {
      1: {
        [C.basic]: basic(f),
        [C.power]: { 0x0021: { type: DataType.UINT8, value: 200 } },
      },
    },
    senses: true,
    kind: "pir",
    // It sends On-with-timed-off again while motion continues; zigbee-herdsman-converters clears
    // occupancy when the on-time ends without a new command.
    retriggerSeconds: 120,
    clearDelaySeconds: onTimeSeconds,
    presenceFrames: (s) => {
      if (!s.occupied) return []; // the converter's timer clears it
      const frame = Zcl.Frame.create(FrameType.SPECIFIC, Direction.CLIENT_TO_SERVER, true, undefined, s.nextSeq(), "onWithTimedOff", C.onOff, { ctrlbits: 0, ontime: onTimeSeconds * 10, offwaittime: 0 }, {});
      return [{ endpoint: 1, clusterId: C.onOff, frame }];
    },
    batteryFrames: batteryReport(1),
  };
})();

function sonoff(modelId: string, label: string, logicalType: Family["logicalType"], powerSource: number, retrigger?: number): Family {
  const f = { modelId, manufacturerName: "SONOFF", powerSource, swBuildId: "1.0.7" };
  return {
    key: `sonoff-${modelId.toLowerCase()}`,
    label,
    ...f,
    manufacturerCode: ManufacturerCode.SHENZHEN_COOLKIT_TECHNOLOGY_CO_LTD,
    logicalType,
    endpoints: [{ id: 1, profileId: HA, deviceId: 0x0107, inputClusters: [C.basic, C.power, C.identify, C.occupancy, 0xfc11], outputClusters: [C.ota] }],
    attributes: {
      1: {
        [C.basic]: basic(f),
        [C.power]: { 0x0021: { type: DataType.UINT8, value: 200 }, 0x0020: { type: DataType.UINT8, value: 30 } },
        [C.occupancy]: {
          0x0000: { type: DataType.BITMAP8, value: 0 },
          0x0020: { type: DataType.UINT16, value: 30 },
          0x0022: { type: DataType.ENUM8, value: 2 },
        },
        0xfc11: { 0x2001: { type: DataType.ENUM8, value: 0 } },
      },
    },
    senses: true,
    kind: retrigger ? "pir" : "mmwave",
    retriggerSeconds: retrigger,
    clearDelaySeconds: retrigger ? 30 : 15,
    presenceFrames: occupancyReport(1),
    batteryFrames: powerSource === PowerSource.Battery ? batteryReport(1) : () => [],
  };
}

/** Aqara FP1E: presence on the Lumi manufacturer cluster 0xFCC0, attribute 0x0142. */
const aqaraFp1e: Family = (() => {
  const f = { modelId: "lumi.sensor_occupy.agl1", manufacturerName: "Aqara", powerSource: PowerSource["Mains (single phase)"], swBuildId: "0.0.0_0036" };
  const lumiCode = ManufacturerCode.LUMI_UNITED_TECHOLOGY_LTD_SHENZHEN;
  return {
    key: "aqara-fp1e",
    label: "Aqara FP1E",
    ...f,
    manufacturerCode: lumiCode,
    logicalType: "router",
    endpoints: [{ id: 1, profileId: HA, deviceId: 0x0107, inputClusters: [C.basic, C.identify, C.lumi], outputClusters: [C.identify, C.ota] }],
    attributes: {
      1: {
        [C.basic]: basic(f),
        [C.lumi]: {
          0x010c: { type: DataType.UINT8, value: 2 }, // motion sensitivity
          0x0142: { type: DataType.UINT8, value: 0 }, // presence
        },
      },
    },
    senses: true,
    kind: "mmwave",
    clearDelaySeconds: 5,
    presenceFrames: (s) => [
      report(1, C.lumi, s.nextSeq(), [{ attrId: 0x0142, dataType: DataType.UINT8, attrData: s.occupied ? 1 : 0 }], lumiCode),
    ],
    batteryFrames: () => [],
  };
})();

/** Tuya ZY-M100 mmWave radar: everything travels as datapoints on cluster 0xEF00. */
const tuyaMmwave: Family = (() => {
  const f = { modelId: "TS0601", manufacturerName: "_TZE204_sxm7l9xa", powerSource: PowerSource["Mains (single phase)"], swBuildId: "0122052017" };
  return {
    key: "tuya-zy-m100",
    label: "Tuya ZY-M100 mmWave",
    ...f,
    manufacturerCode: 0x1002,
    logicalType: "router",
    endpoints: [{ id: 1, profileId: HA, deviceId: 0x0051, inputClusters: [C.basic, C.groups, C.scenes, C.tuya], outputClusters: [C.time, C.ota] }],
    attributes: {
      1: {
        [C.basic]: { ...basic(f), 0x0001: { type: DataType.UINT8, value: 74 }, 0xfffe: { type: DataType.ENUM8, value: 0 } },
      },
    },
    senses: true,
    kind: "mmwave",
    clearDelaySeconds: 5,
    presenceFrames: (s) => {
      const seq = s.nextSeq();
      const frame = Zcl.Frame.create(
        FrameType.SPECIFIC,
        Direction.SERVER_TO_CLIENT,
        true,
        undefined,
        seq & 0xff,
        "dataReport",
        C.tuya,
        // Presence is datapoint 105, sent as an enum (datatype 4): 1 present, 0 absent.
        { seq, dpValues: [{ dp: 105, datatype: 4, data: Buffer.from([s.occupied ? 1 : 0]) }] },
        {},
      );
      return [{ endpoint: 1, clusterId: C.tuya, frame }];
    },
    batteryFrames: () => [],
  };
})();

/** frient (Develco) MOSZB-140: an IAS zone with tamper and low battery, common in Nordic homes. */
const frientMotion: Family = (() => {
  const f = { modelId: "MOSZB-140", manufacturerName: "frient A/S", powerSource: PowerSource.Battery, swBuildId: "2.5.3" };
  const zoneStatus = (s: SensedState) => (s.occupied ? 1 : 0) | (s.tamper ? 4 : 0) | (s.battery < 10 ? 8 : 0);
  const notification = (s: SensedState): OutgoingFrame => ({
    endpoint: 35,
    clusterId: C.iasZone,
    frame: Zcl.Frame.create(FrameType.SPECIFIC, Direction.SERVER_TO_CLIENT, true, undefined, s.nextSeq(), "statusChangeNotification", C.iasZone, { zonestatus: zoneStatus(s), extendedstatus: 0, zoneID: 23, delay: 0 }, {}),
  });
  return {
    key: "frient-moszb140",
    label: "frient MOSZB-140",
    ...f,
    manufacturerCode: ManufacturerCode.DEVELCO,
    logicalType: "end-device",
    endpoints: [
      { id: 35, profileId: HA, deviceId: 0x0402, inputClusters: [C.basic, C.power, C.identify, C.iasZone], outputClusters: [C.ota] },
      { id: 38, profileId: HA, deviceId: 0x0302, inputClusters: [C.identify, C.temperature], outputClusters: [] },
      { id: 39, profileId: HA, deviceId: 0x0106, inputClusters: [C.identify, C.illuminance], outputClusters: [] },
    ],
    attributes: {
      35: {
        [C.basic]: basic(f),
        [C.power]: { 0x0020: { type: DataType.UINT8, value: 30 } },
        [C.iasZone]: {
          0x0000: { type: DataType.ENUM8, value: 0 }, // zoneState: not enrolled
          0x0001: { type: DataType.ENUM16, value: 0x000d }, // zoneType: motion sensor
          0x0002: { type: DataType.BITMAP16, value: 0 },
          0x0010: { type: DataType.IEEE_ADDR, value: "0x0000000000000000" },
        },
      },
      38: { [C.temperature]: { 0x0000: { type: DataType.INT16, value: 1900 } } },
      39: { [C.illuminance]: { 0x0000: { type: DataType.UINT16, value: 8000 } } },
    },
    senses: true,
    kind: "pir",
    retriggerSeconds: 30,
    clearDelaySeconds: 30,
    presenceFrames: (s) => [notification(s)],
    // Battery voltage in 100 mV, and the zone status again: its low-battery bit may have changed.
    batteryFrames: (s) => [report(35, C.power, s.nextSeq(), [{ attrId: 0x0020, dataType: DataType.UINT8, attrData: Math.round(20 + s.battery * 0.1) }]), notification(s)],
    onCommand(attributes, clusterId, command) {
      if (clusterId === C.iasZone && command === "enrollRsp") attributes[35][C.iasZone][0x0000].value = 1;
    },
  };
})();

/** SONOFF SNZB-02 temperature sensor: no presence, so health only. */
const sonoffTemperature: Family = (() => {
  const f = { modelId: "TH01", manufacturerName: "eWeLink", powerSource: PowerSource.Battery, swBuildId: "1.0.0" };
  return {
    key: "sonoff-snzb02",
    label: "SONOFF SNZB-02 temperature",
    ...f,
    manufacturerCode: 0x0000,
    logicalType: "end-device",
    endpoints: [{ id: 1, profileId: HA, deviceId: 0x0302, inputClusters: [C.basic, C.identify, C.temperature, C.humidity, C.power], outputClusters: [C.identify] }],
    attributes: {
      1: {
        [C.basic]: basic(f),
        [C.power]: { 0x0020: { type: DataType.UINT8, value: 30 }, 0x0021: { type: DataType.UINT8, value: 200 } },
        [C.temperature]: { 0x0000: { type: DataType.INT16, value: 1400 } },
        [C.humidity]: { 0x0000: { type: DataType.UINT16, value: 6500 } },
      },
    },
    senses: false,
    kind: "other",
    clearDelaySeconds: 0,
    presenceFrames: () => [],
    batteryFrames: batteryReport(1),
  };
})();

export const FAMILIES: Record<string, Family> = Object.fromEntries(
  [
    hueMotion("SML001", "Philips Hue motion SML001"),
    hueMotion("SML002", "Philips Hue outdoor motion SML002"),
    vallhorn,
    tradfriMotion,
    sonoff("SNZB-06P", "SONOFF SNZB-06P mmWave", "router", PowerSource["DC Source"]),
    sonoff("SNZB-03P", "SONOFF SNZB-03P PIR", "end-device", PowerSource.Battery, 30),
    aqaraFp1e,
    tuyaMmwave,
    frientMotion,
    sonoffTemperature,
  ].map((family) => [family.key, family]),
);
