import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const SENSOR = "0x00158d0001a2b3c4";
const OTHER = "0x00158d0001a2b3c5";

/** Runs the CLI from its source, as `trappan-eval` would run from dist/. */
function trappanEval(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "cli", "trappan-eval.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("trappan-eval (the evaluation CLI's contract)", function () {
  this.timeout(20_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "trappan-eval-"));
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes one JSON line per incident, with the documented keys and ISO times, and skips bad rows", () => {
    const start = Date.parse("2026-03-10T20:00:00+01:00");
    const csv = [
      "ts,sensor,occupied",
      `2026-03-10T19:00:00+01:00,${SENSOR},1`,
      `2026-03-10T19:01:30+01:00,${SENSOR},0`,
      `${start},${SENSOR},true`,
      `not-a-time,${SENSOR},1`,
      `2026-03-10T20:05:00+01:00,${SENSOR},maybe`,
      `2026-03-10T20:10:00+01:00,${OTHER},true`,
      `${start + 12 * 60_000},${OTHER},false`,
      `2026-03-10T20:25:00+01:00,${SENSOR},false`,
      "",
    ].join("\n");
    const events = path.join(dir, "events.csv");
    const sensors = path.join(dir, "sensors.json");
    const out = path.join(dir, "incidents.jsonl");
    fs.writeFileSync(events, csv);
    fs.writeFileSync(sensors, JSON.stringify({ [SENSOR]: { space: "basement", kind: "pir", address: "Storgatan 12" }, [OTHER]: { space: "stairwell", kind: "mmwave" } }));

    const result = trappanEval(["--events", events, "--sensors", sensors, "--detector", "fixed-15min", "--out", out]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "", "with --out nothing goes to stdout");
    assert.match(result.stderr, /line 5 skipped: 'not-a-time,/);
    assert.match(result.stderr, /line 6 skipped: '2026-03-10T20:05:00\+01:00,0x00158d0001a2b3c4,maybe'/);
    assert.match(result.stderr, /2 line\(s\) skipped/);

    const lines = fs.readFileSync(out, "utf8").split("\n").filter((line) => line !== "");
    assert.equal(lines.length, 1, lines.join("\n"));
    const incident = JSON.parse(lines[0]) as Record<string, unknown>;
    assert.deepEqual(Object.keys(incident).sort(), ["detectedAt", "end", "score", "sensor", "severity", "start", "type"]);
    assert.equal(incident.sensor, SENSOR);
    assert.equal(incident.type, "loitering");
    assert.equal(incident.start, "2026-03-10T19:00:00.000Z");
    assert.equal(incident.end, "2026-03-10T19:25:00.000Z");
    assert.equal(incident.detectedAt, "2026-03-10T19:15:00.000Z");
    for (const key of ["start", "end", "detectedAt"]) assert.match(String(incident[key]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, key);
    assert.equal(typeof incident.score, "number");
    assert.ok((incident.score as number) > 0 && (incident.score as number) <= 1);
    assert.ok(["low", "medium", "high"].includes(incident.severity as string));
  });

  it("writes an incident that reopens within the cooldown once, with its whole span, and each apart incident on its own line", () => {
    // Someone stays 20 min, steps out for 6 (the session ends), comes back for 20: the detector
    // reopens the same incident (one place acting up, one incident). A stay two hours later is another.
    const at = (minutes: number) => new Date(Date.parse("2026-03-10T21:00:00+01:00") + minutes * 60_000).toISOString();
    const csv = [
      "ts,sensor,occupied",
      `${at(0)},${SENSOR},1`,
      `${at(20)},${SENSOR},0`,
      `${at(26)},${SENSOR},1`,
      `${at(46)},${SENSOR},0`,
      `${at(180)},${SENSOR},1`,
      `${at(200)},${SENSOR},0`,
      `${at(300)},${OTHER},1`,
      `${at(301)},${OTHER},0`,
    ].join("\n");
    const events = path.join(dir, "reopened.csv");
    fs.writeFileSync(events, csv);
    const result = trappanEval(["--events", events, "--detector", "fixed-15min"]);
    assert.equal(result.status, 0, result.stderr);
    const incidents = result.stdout
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as { start: string; end: string; detectedAt: string });
    assert.deepEqual(
      incidents.map((i) => [i.start, i.end, i.detectedAt]),
      [
        [at(0), at(46), at(15)],
        [at(180), at(200), at(195)],
      ],
    );
  });

  it("exits with code 2 and the usage when --events is missing", () => {
    const result = trappanEval(["--detector", "fixed-15min"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--events is required/);
    assert.match(result.stderr, /usage: trappan-eval --events events\.csv/);
    assert.equal(result.stdout, "");
  });

  it("exits with code 2 for a detector it does not know", () => {
    const events = path.join(dir, "empty.csv");
    fs.writeFileSync(events, "ts,sensor,occupied\n");
    const result = trappanEval(["--events", events, "--detector", "fixed-10min"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--detector must be learned or fixed-15min, not 'fixed-10min'/);
  });
});
