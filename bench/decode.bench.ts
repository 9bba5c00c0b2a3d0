/**
 * Decoding throughput: occupancy reports from a Hue motion sensor, through the whole source path
 * (herdsman's Controller → converters → coordinator → EventMapper with the site registry),
 * against an anchor measured in the same run: the same frames parsed by herdsman's ZCL frame
 * parser and converted by the same fromZigbee converter, nothing else. The ratio is what the
 * path costs over the irreducible decode work.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import * as zhc from "zigbee-herdsman-converters";
import { Zcl } from "zigbee-herdsman";
import { EventMapper } from "../core/sensors";
import { SiteRegistry } from "../core/sites";
import { Coordinator } from "../zigbee/coordinator";
import { DEMO_BUILDING } from "../zigbee/simulator/building";

const FRAMES = Number(process.env.BENCH_FRAMES ?? 20_000);
const HUE = "0x001788010b2c3d41";

function frames(): Buffer[] {
  return Array.from({ length: FRAMES }, (_, i) =>
    Zcl.Frame.create(Zcl.FrameType.GLOBAL, Zcl.Direction.SERVER_TO_CLIENT, true, undefined, i & 0xff, "report", 0x0406, [{ attrId: 0, dataType: Zcl.DataType.BITMAP8, attrData: i % 2 }], {}).toBuffer(),
  );
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trappan-bench-"));
  const quiet = { debugEnabled: process.env.BENCH_DEBUG_LOG === "1", debug() {}, info() {}, warn() {}, error() {} };
  const coordinator = new Coordinator({ id: "bench", label: "bench", adapter: "simulated", port: "bench", channel: 15, dataDir, log: quiet, simulation: { residents: false } });
  coordinator.start();
  await new Promise<void>((resolve) => coordinator.on("state", (s) => s.status === "ready" && resolve()));
  await coordinator.permitJoin(30);
  await new Promise<void>((resolve) => {
    const check = async () => ((await coordinator.devices()).filter((d) => d.configured).length === DEMO_BUILDING.devices.length ? resolve() : undefined);
    coordinator.on("devices", () => void check());
  });
  const device = coordinator.simulator!.device(HUE)!;
  const adapter = coordinator.simulatedStick!.adapter!;
  const data = frames();

  // Anchor: parse each frame and run the converter the Hue motion sensor's definition uses for it.
  const converter = zhc.fromZigbee.occupancy;
  const meta = { state: {}, device: {} as never, deviceExposesChanged() {} };
  const endpoint = {};
  const anchorStart = performance.now();
  for (const buffer of data) {
    const frame = Zcl.Frame.fromBuffer(0x0406, Zcl.Header.fromBuffer(buffer), buffer, {});
    const payload: Record<string, unknown> = {};
    for (const record of frame.payload as { attrId: number; attrData: unknown }[]) payload[record.attrId === 0 ? "occupancy" : String(record.attrId)] = record.attrData;
    converter.convert({} as never, { data: payload, endpoint, device: {}, meta: {}, type: "attributeReport", cluster: "msOccupancySensing" } as never, () => {}, {}, meta);
  }
  const anchorMs = performance.now() - anchorStart;

  // The whole path, as the sensors node runs it.
  const registry = new SiteRegistry(DEMO_BUILDING.devices.map(({ ieee, family: _f, ...l }) => ({ sensor: ieee, ...l })));
  const mapped = new EventMapper((s) => registry.locate(s));
  let events = 0;
  (globalThis as { gc?: () => void }).gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const pathStart = performance.now();
  await new Promise<void>((resolve) => {
    coordinator.on("reading", (reading) => {
      if (mapped.fromReading({ sensor: reading.ieee, ts: reading.ts, payload: reading.payload, device: reading.device }, true).presence && ++events === FRAMES) resolve();
    });
    for (const buffer of data) {
      adapter.emit("zclPayload", { clusterID: 0x0406, address: device.nwk!, header: Zcl.Header.fromBuffer(buffer), data: buffer, endpoint: 2, linkquality: 100, groupID: 0, wasBroadcast: false, destinationEndpoint: 1 });
    }
  });
  const pathMs = performance.now() - pathStart;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  await coordinator.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const us = (ms: number) => ((ms * 1000) / FRAMES).toFixed(1);
  console.log(`decode: ${FRAMES} occupancy reports`);
  console.log(`  anchor (herdsman ZCL parse + converter):        ${us(anchorMs)} µs/frame`);
  console.log(`  source path (Controller → coordinator → event): ${us(pathMs)} µs/frame, ${Math.round(FRAMES / (pathMs / 1000))} events/s`);
  console.log(`  ratio path/anchor: ${(pathMs / anchorMs).toFixed(1)}×   heap retained ${heapMb.toFixed(1)} MB`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
