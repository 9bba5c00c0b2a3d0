import { strict as assert } from "node:assert";
import { SensorNumbers } from "../../core/sensor-numbers";

describe("core/sensor-numbers", () => {
  it("numbers each sensor once, and keeps each component's columns of a row apart", () => {
    const sensors = new SensorNumbers();
    const first = sensors.reserve(2);
    const second = sensors.reserve(3);
    assert.deepEqual([first, second], [0, 2]);
    const a = sensors.number("0xa");
    const b = sensors.number("0xb");
    assert.equal(sensors.number("0xa"), a, "a sensor keeps its number");
    assert.notEqual(a, b);
    assert.ok(Number.isNaN(sensors.rows[sensors.row(b) + second]), "nothing written is NaN");
    sensors.rows[sensors.row(a) + first + 1] = 7;
    sensors.rows[sensors.row(a) + second] = 8;
    assert.equal(sensors.rows[sensors.row(b) + first + 1], NaN, "another sensor's row is its own");
    assert.equal(sensors.rows[sensors.row(a) + first + 1], 7);
    assert.equal(sensors.rows[sensors.row(a) + second], 8);
  });

  it("keeps every row's numbers as the rows grow, and when columns are reserved after sensors were numbered", () => {
    const sensors = new SensorNumbers();
    const learner = sensors.reserve(2);
    for (let i = 0; i < 200; i++) {
      const n = sensors.number(`0x${i}`); // first: numbering a sensor may replace the rows
      sensors.rows[sensors.row(n) + learner + 1] = i;
    }
    // A detector given these numbers later (not the pipeline's order): the rows move apart.
    const detector = sensors.reserve(4);
    for (let i = 0; i < 200; i++) sensors.rows[sensors.row(i) + detector + 3] = -i;
    for (let i = 0; i < 300; i++) sensors.number(`0x${i}`);
    for (let i = 0; i < 200; i++) {
      assert.equal(sensors.rows[sensors.row(sensors.get(`0x${i}`)!) + learner + 1], i);
      assert.equal(sensors.rows[sensors.row(i) + detector + 3], -i);
      assert.ok(Number.isNaN(sensors.rows[sensors.row(i) + detector]));
    }
    assert.ok(Number.isNaN(sensors.rows[sensors.row(299) + learner + 1]), "a new sensor's row is empty");
  });
});
