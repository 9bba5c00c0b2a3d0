import assert from "node:assert/strict";
import { DeadlineHeap } from "../../core/deadlines";

const [A, B, C, D] = [0, 1, 2, 3];

describe("deadlines by sensor number", () => {
  it("hands out due sensors earliest first, and only those due", () => {
    const d = new DeadlineHeap();
    d.set(C, 300);
    d.set(A, 100);
    d.set(D, 400);
    d.set(B, 200);
    assert.equal(d.size, 4);
    assert.equal(d.peek(), 100);
    assert.deepEqual(d.due(99), []);
    assert.deepEqual(d.due(250), [A, B]);
    assert.equal(d.size, 2);
    assert.equal(d.time(A), undefined, "due sensors are removed");
    assert.equal(d.peek(), 300);
    assert.deepEqual(d.due(400), [C, D], "a deadline at `now` is due");
    assert.equal(d.peek(), Infinity);
    assert.equal(d.size, 0);
  });

  it("moves a sensor's deadline when it is set again, earlier or later", () => {
    const d = new DeadlineHeap();
    d.set(A, 100);
    d.set(B, 200);
    d.set(A, 300);
    assert.equal(d.time(A), 300);
    assert.equal(d.size, 2);
    assert.equal(d.peek(), 200, "a's old deadline no longer counts");
    assert.deepEqual(d.due(250), [B]);
    d.set(A, 50);
    assert.equal(d.peek(), 50);
    assert.deepEqual(d.due(1000), [A], "once, at its newest deadline");
  });

  it("forgets a cleared deadline", () => {
    const d = new DeadlineHeap();
    d.set(1, 10);
    d.set(2, 20);
    d.clear(1);
    assert.equal(d.time(1), undefined);
    assert.equal(d.size, 1);
    assert.equal(d.peek(), 20);
    assert.equal(d.isSet(1), false);
    assert.equal(d.isSet(2), true);
    assert.deepEqual(d.due(100), [2]);
    d.clear(3); // not there: nothing happens
    d.clear(10_000); // never set, beyond any sensor seen: nothing happens either
    assert.equal(d.size, 0);
  });

  it("stays in order through many moves (as thousands of sensors re-arm)", () => {
    const d = new DeadlineHeap();
    let seed = 12345;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const expected = new Map<number, number>();
    for (let round = 0; round < 20; round++) {
      for (let key = 0; key < 200; key++) {
        if (random() < 0.1) {
          d.clear(key);
          expected.delete(key);
        } else {
          const time = Math.floor(random() * 1_000_000);
          d.set(key, time);
          expected.set(key, time);
        }
      }
    }
    assert.equal(d.size, expected.size);
    const order: number[] = [];
    for (let now = 0; now <= 1_000_000; now += 50_000) order.push(...d.due(now));
    const want = [...expected].sort((a, b) => a[1] - b[1]);
    // Within one call sensors come earliest first; across calls time only grows.
    assert.deepEqual(
      order.map((k) => expected.get(k)),
      want.map(([, t]) => t),
    );
    assert.deepEqual(new Set(order), new Set(expected.keys()));
    assert.equal(d.size, 0);
    assert.equal(d.peek(), Infinity);
  });
});
