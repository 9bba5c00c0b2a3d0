import { strict as assert } from "node:assert";
import { SensorNumbers } from "../../core/sensor-numbers";
import { SpanRings } from "../../core/spans";
import { seededRandom } from "../../core/random";

/** A sensor's spans as the rings hold them, oldest first. */
function spansOf(rings: SpanRings, n: number): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = 0; i < rings.length(n); i++) spans.push([rings.start(n, i), rings.end(n, i)]);
  return spans;
}

describe("core/spans", () => {
  it("keeps each sensor's spans oldest first, apart from every other sensor's, as rings wrap, grow and are packed together", () => {
    const sensors = new SensorNumbers();
    const rings = new SpanRings(sensors);
    const expected: [number, number][][] = [];
    const random = seededRandom(3);
    let t = 0;
    // 300 sensors numbered as they come (the rows grow meanwhile), some busy enough that their
    // rings grow several times and the shared array is packed and enlarged again and again.
    for (let step = 0; step < 60_000; step++) {
      const k = Math.floor(random() ** 2 * 300);
      const n = sensors.number(`0x${k}`);
      expected[n] ??= [];
      const spans = expected[n];
      if (random() < 0.55 || spans.length === 0) {
        t += 1 + Math.floor(random() * 10);
        rings.push(n, t, t + 5);
        spans.push([t, t + 5]);
      } else {
        rings.dropOldest(n);
        spans.shift();
      }
      if (step % 7_919 === 0) {
        for (let m = 0; m < sensors.size; m++) assert.deepEqual(spansOf(rings, m), expected[m] ?? [], `sensor ${sensors.names[m]} at step ${step}`);
      }
    }
    for (let m = 0; m < sensors.size; m++) assert.deepEqual(spansOf(rings, m), expected[m] ?? []);
    assert.ok(Math.max(...expected.map((s) => s?.length ?? 0)) > 100, "some rings grew well past their first size");
  });

  it("keeps the newest 16,384 spans of a sensor that sends more, dropping the oldest", () => {
    const sensors = new SensorNumbers();
    const rings = new SpanRings(sensors);
    const n = sensors.number("0xa");
    for (let i = 0; i < 20_000; i++) rings.push(n, i, i + 1);
    assert.equal(rings.length(n), 16_384);
    assert.equal(rings.start(n, 0), 20_000 - 16_384);
    assert.equal(rings.end(n, 16_383), 20_000);
  });

  it("holds nothing for a sensor before its first span and after it is cleared, and takes spans again after that", () => {
    const sensors = new SensorNumbers();
    sensors.reserve(1); // another component's column first, as in a pipeline
    const rings = new SpanRings(sensors);
    const n = sensors.number("0xa");
    assert.equal(rings.length(n), 0);
    rings.dropOldest(n); // nothing to drop: no harm
    assert.equal(rings.length(n), 0);
    for (let i = 0; i < 20; i++) rings.push(n, i, i + 1);
    rings.clear(n);
    assert.equal(rings.length(n), 0);
    rings.push(n, 100, 101);
    assert.deepEqual(spansOf(rings, n), [[100, 101]]);
  });
});
