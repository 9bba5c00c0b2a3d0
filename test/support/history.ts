/**
 * A simulated estate's history written into a real InfluxDB by the real nodes, as a user's flow
 * does it: presence → trappan-baseline → trappan-anomaly → trappan-store (v1 mode), with health
 * events every 6 hours and one sensor going offline near the end. The estate is eval's generator
 * (residents, loiterers, stash visits). Used by the dashboard and warm-start tests.
 */
import assert from "node:assert/strict";
import type { EventEmitter } from "node:events";
import type { HealthEvent, Location } from "../../core/events";
import { Generated, GenerateOptions, generate } from "../../eval/generate";
import { eventually } from "./events";
import { NODES } from "./flows";
import type { Influx } from "./influxdb";
import { helper, tempUserDir } from "./node-red";

const HOUR = 3_600_000;
const BUCKET = 15 * 60_000;

export interface History extends Generated {
  where(sensor: string): Location;
}

/** Places for the generated sensors: two districts, coordinates for the map. */
function placed(data: Generated): (sensor: string) => Location {
  const index = new Map(data.sensors.map((s, i) => [s.sensor, i]));
  return (sensor) => {
    const i = index.get(sensor)!;
    const s = data.sensors[i];
    return { site: `Kv. ${s.address.split(" ")[0]}`, address: s.address, space: s.space, district: i % 2 ? "Skärholmen" : "Rinkeby", lat: 59.27 + (i % 5) * 0.01, lon: 17.88 + (i % 3) * 0.01 };
  };
}

function flow(influxUrl: string, db: string, learningDays: number) {
  return [
    { id: "tab", type: "tab", label: "history" },
    { id: "influx", type: "trappan-influx", name: "", url: influxUrl, mode: "v1", org: "", bucket: "", database: db, retentionPolicy: "", tls: "" },
    { id: "baseline", type: "trappan-baseline", z: "tab", x: 100, y: 100, name: "", slotMinutes: "30", halfLifeDays: "28", learningDays: String(learningDays), mergeGapSeconds: "60", blipSeconds: "20", store: "", wires: [["anomaly", "store"]] },
    { id: "anomaly", type: "trappan-anomaly", z: "tab", x: 300, y: 100, name: "", mode: "learned", floorMinutes: "15", spaceFloors: {}, maintenance: [], store: "", wires: [["store"], ["store"]] },
    { id: "store", type: "trappan-store", z: "tab", x: 500, y: 100, name: "", influx: "influx", bucketMinutes: "15", raw: false, bufferMegabytes: "200", batchSize: "5000", flushSeconds: "0.2", wires: [] },
  ];
}

/**
 * Generates the estate's history and writes it through the nodes in a Node-RED runtime of its
 * own (started and stopped here). Resolves once the last bucket of every sensor is in InfluxDB:
 * the store writes in order, so everything before it is there too.
 */
export async function writeHistory(influx: Influx, db: string, options: Partial<GenerateOptions> & { baselineLearningDays?: number; writeWeeks?: number }): Promise<History> {
  const data = generate(options);
  // Only the first weeks, when asked: the rest is for the test to play live.
  const end = options.writeWeeks === undefined ? data.to : data.from + options.writeWeeks * 7 * 86_400_000;
  const where = placed(data);
  const userDir = tempUserDir();
  // Synchronous delivery: when the last event has been received, the store has everything it caused.
  helper.settings({ userDir, runtimeSyncDelivery: true });
  await helper.startServer();
  try {
    await helper.load(NODES, flow(influx.url, db, options.baselineLearningDays ?? 0));
    const baseline = helper.getNode("baseline") as EventEmitter & { receive(msg: object): void };
    const store = helper.getNode("store") as EventEmitter & { receive(msg: object): void };
    let received = 0;
    store.on("input", () => received++);
    let nextHealth = data.from;
    for (const event of data.events) {
      if (event.ts >= end) break;
      while (event.ts >= nextHealth) {
        data.sensors.forEach((s, i) => {
          const health: HealthEvent = { type: "health", sensor: s.sensor, ts: nextHealth, battery: 90 - (nextHealth - data.from) / 86_400_000, linkquality: 100 + (i % 50), location: where(s.sensor) };
          baseline.receive({ payload: health });
        });
        nextHealth += 6 * HOUR;
      }
      baseline.receive({ payload: { ...event, location: where(event.sensor) } });
    }
    const offline = data.sensors[0].sensor;
    baseline.receive({ payload: { type: "health", sensor: offline, ts: end - HOUR, online: false, location: where(offline) } });
    // Delivered already (restored from an empty memory context at deploy, synchronously): else the watermark would overtake.
    assert.ok(received > 0, "the store has the baseline's messages before the final watermark");
    // Event time moves on past the end, so the last buckets close (a bucket is written 2 min after its end).
    store.receive({ payload: { type: "watermark", ts: end + HOUR } });
    const heard = new Set(data.events.filter((e) => e.ts < end).map((e) => e.sensor)).size;
    await eventually(
      "the history's last bucket in InfluxDB",
      async () => (await influx.rows(`SELECT count("visits") FROM "presence" WHERE time >= ${end}ms AND time < ${end + BUCKET}ms`, db))[0]?.count === heard,
      60_000,
    );
  } finally {
    await helper.unload();
    await helper.stopServer();
  }
  return { ...data, where };
}
