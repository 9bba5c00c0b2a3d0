import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const SENSOR = "0x00158d0001a2b3c4";
const OTHER = "0x00158d0001a2b3c5";

/** Runs the CLI from its source, as `trappan-eval` would run from dist/. */
function trappanEval(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "cli", "trappan-eval.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 20_000, env: { ...process.env, ...env } });
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
      `2026-02-30T20:30:00+01:00,${OTHER},1`,
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
    assert.match(result.stderr, /line 10 skipped: '2026-02-30T20:30:00\+01:00,/, "30 February is no date (Date.UTC would read 2 March)");
    assert.match(result.stderr, /3 line\(s\) skipped/);

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

  /** Incidents written to stdout, as [sensor, type, start, end, detectedAt]. */
  const lines = (stdout: string) =>
    stdout
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Record<string, string>)
      .map((i) => [i.sensor, i.type, i.start, i.end, i.detectedAt]);
  const file = (name: string, rows: string[]) => {
    const events = path.join(dir, name);
    fs.writeFileSync(events, ["ts,sensor,occupied", ...rows].join("\n") + "\n");
    return events;
  };

  it("ends a stay that ends just before the data does when the person left, not at the data's last row", () => {
    const result = trappanEval(["--events", file("tail.csv", [`2026-03-10T00:00:00Z,${SENSOR},1`, `2026-03-10T00:30:00Z,${SENSOR},0`, `2026-03-10T00:30:50Z,${OTHER},1`]), "--detector", "fixed-15min"]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(lines(result.stdout), [[SENSOR, "loitering", "2026-03-10T00:00:00.000Z", "2026-03-10T00:30:00.000Z", "2026-03-10T00:15:00.000Z"]]);
  });

  it("reads a sensor with motions only (never a clear) as a PIR reports them: occupied for 90 s after each motion, and says so", () => {
    const start = Date.parse("2026-03-10T19:00:00Z");
    // Someone moving about for 20 minutes (a motion every 30 s), then two passers-by an hour apart.
    const motions = [...Array.from({ length: 41 }, (_, k) => start + k * 30_000), start + 2 * 3_600_000, start + 3 * 3_600_000];
    const result = trappanEval(["--events", file("motions.csv", motions.map((ts) => `${ts},${SENSOR},1`)), "--detector", "fixed-15min"]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /1 sensor\(s\) have motions only \(occupied, never a clear\): each motion is read as occupied for 90 s/);
    assert.doesNotMatch(result.stderr, /not sorted/);
    assert.deepEqual(lines(result.stdout), [[SENSOR, "loitering", "2026-03-10T19:00:00.000Z", "2026-03-10T19:21:30.000Z", "2026-03-10T19:15:00.000Z"]]);
  });

  it("sorts rows that are not in time order before running them, and says so", () => {
    // Rows grouped by sensor, as an export per device writes them: OTHER's half hour at 19:00 comes
    // after SENSOR's rows of 20:00. Run as they stand, the detector would already be past 19:15.
    const at = (hhmm: string) => `2026-03-10T${hhmm}:00Z`;
    const grouped = [`${at("20:00")},${SENSOR},1`, `${at("20:05")},${SENSOR},0`, `${at("19:00")},${OTHER},1`, `${at("19:30")},${OTHER},0`];
    const result = trappanEval(["--events", file("grouped.csv", grouped), "--detector", "fixed-15min"]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /rows are not sorted by ts \(1 row\(s\) earlier than the row before them, the first at line 4\): sorted before running/);
    assert.deepEqual(lines(result.stdout), [[OTHER, "loitering", "2026-03-10T19:00:00.000Z", "2026-03-10T19:30:00.000Z", "2026-03-10T19:15:00.000Z"]]);
    const sorted = trappanEval(["--events", file("sorted.csv", [grouped[2], grouped[3], grouped[0], grouped[1]]), "--detector", "fixed-15min"]);
    assert.equal(sorted.stdout, result.stdout);
    assert.doesNotMatch(sorted.stderr, /not sorted/);
  });

  it("reads times without an offset as local time in --timezone, whatever the machine's zone, and writes incidents' times the same way", () => {
    // The night clocks go back in Stockholm (2026-10-25): 02:00–03:00 happens twice. Someone comes
    // at 02:50 summer time and leaves at 02:10 winter time, 20 minutes later.
    const rows = [`2026-10-25T02:50:00,${SENSOR},1`, `2026-10-25T02:10:00,${SENSOR},0`, `2026-10-25 04:00:00,${OTHER},1`, `2026-10-25 04:01:00,${OTHER},0`];
    const events = file("local.csv", rows);
    const expected = [[SENSOR, "loitering", "2026-10-25T02:50:00.000", "2026-10-25T02:10:00.000", "2026-10-25T02:05:00.000"]];
    for (const TZ of ["UTC", "Asia/Tokyo", "America/New_York"]) {
      const result = trappanEval(["--events", events, "--detector", "fixed-15min"], { TZ });
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(lines(result.stdout), expected, `on a machine in ${TZ}`);
      assert.match(result.stderr, /4 time\(s\) without an offset read as local time in Europe\/Stockholm; incidents' times are written the same way/);
    }
    // The same instants with their offsets: the incident's times in UTC.
    const offsets = trappanEval(["--events", file("offsets.csv", [`2026-10-25T02:50:00+02:00,${SENSOR},1`, `2026-10-25T02:10:00+01:00,${SENSOR},0`]), "--detector", "fixed-15min"]);
    assert.deepEqual(lines(offsets.stdout), [[SENSOR, "loitering", "2026-10-25T00:50:00.000Z", "2026-10-25T01:10:00.000Z", "2026-10-25T01:05:00.000Z"]]);
  });

  it("reads epoch seconds as seconds, and occupied written as on/off, yes/no or 1.0/0.0", () => {
    const start = Date.parse("2026-03-10T19:00:00Z");
    const ms = trappanEval(["--events", file("ms.csv", [`${start},${SENSOR},1`, `${start + 20 * 60_000},${SENSOR},0`]), "--detector", "fixed-15min"]);
    assert.deepEqual(lines(ms.stdout), [[SENSOR, "loitering", "2026-03-10T19:00:00.000Z", "2026-03-10T19:20:00.000Z", "2026-03-10T19:15:00.000Z"]]);
    for (const [on, off] of [["on", "off"], ["yes", "no"], ["1.0", "0.0"], ["TRUE", "False"]]) {
      const seconds = trappanEval(["--events", file("seconds.csv", [`${start / 1000},${SENSOR},${on}`, `${start / 1000 + 1200},${SENSOR},${off}`]), "--detector", "fixed-15min"]);
      assert.equal(seconds.status, 0, seconds.stderr);
      assert.equal(seconds.stdout, ms.stdout, `${on}/${off}`);
      assert.match(seconds.stderr, /2 epoch time\(s\) too small to be ms read as seconds/);
      assert.doesNotMatch(seconds.stderr, /skipped/);
    }
  });

  it("reads cells separated by semicolons or tabs, as a spreadsheet set to Swedish saves them, and says so", () => {
    const start = Date.parse("2026-03-10T19:00:00Z");
    const comma = trappanEval(["--events", file("comma.csv", [`${start},${SENSOR},1`, `${start + 20 * 60_000},${SENSOR},0`]), "--detector", "fixed-15min"]);
    assert.equal(lines(comma.stdout).length, 1, comma.stderr);
    for (const [name, sep] of [["semicolons", ";"], ["tabs", "\t"]]) {
      const events = path.join(dir, `${name}.csv`);
      const rows = [["ts", "sensor", "occupied"], [start, SENSOR, 1], [`"${start + 20 * 60_000}"`, SENSOR, 0]];
      fs.writeFileSync(events, "\ufeff" + rows.map((row) => row.join(sep)).join("\r\n") + "\r\n");
      const result = trappanEval(["--events", events, "--detector", "fixed-15min"]);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, comma.stdout, name);
      assert.match(result.stderr, new RegExp(`cells separated by ${name}, as the header is`));
      assert.doesNotMatch(result.stderr, /skipped/);
    }
    assert.doesNotMatch(comma.stderr, /cells separated/);
  });

  it("reads a sensor's kind as people write it: mmWave and radar are radars, an unknown kind a PIR (and says so)", () => {
    // Ten minutes, gone for two, ten more: a radar saw two visits, a PIR may have missed someone standing still.
    const names = { mmWave: "0x01", Radar: "0x02", PIR: "0x03", thermal: "0x04" };
    const start = Date.parse("2026-03-10T19:00:00Z");
    const rows = Object.values(names).flatMap((sensor) => [[0, 1], [10, 0], [12, 1], [22, 0]].map(([minute, occupied]) => [start + minute * 60_000, sensor, occupied].join(",")));
    const sensors = path.join(dir, "kinds.json");
    fs.writeFileSync(sensors, JSON.stringify(Object.fromEntries(Object.entries(names).map(([kind, sensor]) => [sensor, { space: "Bike room", kind }]))));
    const result = trappanEval(["--events", file("kinds.csv", rows.sort()), "--sensors", sensors, "--detector", "fixed-15min"]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(lines(result.stdout).map(([sensor]) => sensor).sort(), [names.PIR, names.thermal]);
    assert.match(result.stderr, /sensor 0x04: kind 'thermal' is neither pir nor mmwave, read as pir/);
  });

  it("reads a sensor's space as people write it, so that a laundry room keeps its pass; a space it does not know is other (and says so)", () => {
    // A household's 100 minutes by day in the laundry room: within its booked pass, not loitering; in a space read as other, it is.
    const names = { "Laundry room": "0x11", tvättstugan: "0x12", laundry_room: "0x13", Pantry: "0x14" };
    const start = Date.parse("2026-03-10T10:00:00+01:00");
    const rows = Object.values(names).flatMap((sensor) => [`${start},${sensor},1`, `${start + 100 * 60_000},${sensor},0`]);
    const sensors = path.join(dir, "spaces.json");
    fs.writeFileSync(sensors, JSON.stringify(Object.fromEntries(Object.entries(names).map(([space, sensor]) => [sensor, { space, kind: "pir" }]))));
    const result = trappanEval(["--events", file("spaces.csv", rows.sort()), "--sensors", sensors]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
      lines(result.stdout).map(([sensor, type]) => [sensor, type]),
      [[names.Pantry, "loitering"]],
    );
    assert.match(result.stderr, /sensor 0x14: space 'Pantry' is none of stairwell, basement, .*, read as other/);
    assert.doesNotMatch(result.stderr, /0x1[123]/);
  });

  it("reads an estate written apart from this project (eval/independent/mixtures) in full, and the fixed rule finds every labelled stay", () => {
    const estate = path.join(dir, "mixtures");
    const made = spawnSync(process.execPath, [path.join(ROOT, "eval", "independent", "mixtures.mjs"), "--seed", "1", "--weeks", "3", "--out", estate, "--quiet"], { encoding: "utf8", timeout: 20_000 });
    assert.equal(made.status, 0, made.stderr);
    const out = path.join(estate, "fixed.jsonl");
    const result = trappanEval(["--events", path.join(estate, "events.csv"), "--sensors", path.join(estate, "sensors.json"), "--detector", "fixed-15min", "--out", out]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, "", "nothing skipped, sorted or guessed");

    const sensors = JSON.parse(fs.readFileSync(path.join(estate, "sensors.json"), "utf8")) as Record<string, unknown>;
    const labels = JSON.parse(fs.readFileSync(path.join(estate, "labels.json"), "utf8")) as { sensor: string; type: string; start: number; end: number }[];
    const incidents = fs
      .readFileSync(out, "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as { sensor: string; type: string; start: string; end: string });
    assert.ok(incidents.every((i) => i.sensor in sensors), "incidents are about the estate's sensors");
    // Every stay labelled loitering lasts over 18 minutes: the 15-minute rule must see each one,
    // on its sensor and at its time, or the rows, times or sensor semantics were misread.
    const stays = labels.filter((l) => l.type === "loitering");
    assert.ok(stays.length >= 20, `${stays.length} labelled stays`);
    const missed = stays.filter((l) => !incidents.some((i) => i.sensor === l.sensor && i.type === "loitering" && Date.parse(i.start) <= l.end && Date.parse(i.end) >= l.start));
    assert.deepEqual(missed, []);
  });

  it("reads the agent-based estate (eval/independent/agents) in full: PIRs that report occupied again and again, sensors that begin with a clear", () => {
    const estate = path.join(dir, "agents");
    const made = spawnSync(process.execPath, [path.join(ROOT, "eval", "independent", "agents.mjs"), "--seed", "1", "--weeks", "3", "--out", estate, "--quiet"], { encoding: "utf8", timeout: 20_000 });
    assert.equal(made.status, 0, made.stderr);
    // The quirks of real sensors this test is about: an Aqara PIR logs each detection after its
    // blind time as occupied again; a sensor back from an outage re-reports its state, clear first.
    const rows = fs.readFileSync(path.join(estate, "events.csv"), "utf8").trim().split("\n").slice(1).map((line) => line.split(","));
    const last = new Map<string, string>();
    let repeated = 0;
    let clearFirst = 0;
    for (const [, sensor, occupied] of rows) {
      if (!last.has(sensor) && occupied === "0") clearFirst++;
      if (last.get(sensor) === "1" && occupied === "1") repeated++;
      last.set(sensor, occupied);
    }
    assert.ok(repeated > 1000 && clearFirst > 0, `${repeated} repeated occupied reports, ${clearFirst} sensors beginning with a clear`);

    const out = path.join(estate, "learned.jsonl");
    const result = trappanEval(["--events", path.join(estate, "events.csv"), "--sensors", path.join(estate, "sensors.json"), "--out", out]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, "", "nothing skipped, sorted or guessed");
    const sensors = JSON.parse(fs.readFileSync(path.join(estate, "sensors.json"), "utf8")) as Record<string, unknown>;
    const incidents = fs
      .readFileSync(out, "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as { sensor: string; type: string });
    assert.ok(incidents.length > 0 && incidents.every((i) => i.sensor in sensors), "incidents, each about one of the estate's sensors");
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

  it("exits with code 2 for a time zone it does not know", () => {
    const events = path.join(dir, "empty.csv");
    fs.writeFileSync(events, "ts,sensor,occupied\n");
    const result = trappanEval(["--events", events, "--timezone", "Europe/Stockholmm"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--timezone must be a time zone such as Europe\/Stockholm, not 'Europe\/Stockholmm'/);
  });

  it("says what is wrong with the files in one line, without a stack trace: none, empty, not JSON, not writable", () => {
    const events = file("one.csv", [`2026-03-10T19:00:00Z,${SENSOR},1`, `2026-03-10T19:20:00Z,${SENSOR},0`]);
    const empty = path.join(dir, "zero.csv");
    fs.writeFileSync(empty, "");
    const notJson = path.join(dir, "sensors.txt");
    fs.writeFileSync(notJson, "space=basement\n");
    const cases: [string[], number, RegExp][] = [
      [["--events", path.join(dir, "missing.csv")], 1, /^trappan-eval: ENOENT: no such file or directory/],
      [["--events", empty], 2, /^trappan-eval: events.csv is empty: it needs the header ts,sensor,occupied/],
      [["--events", events, "--sensors", notJson], 2, /^trappan-eval: .*sensors.txt is not JSON/],
      [["--events", events, "--out", path.join(dir, "no-such-dir", "out.jsonl")], 1, /^trappan-eval: ENOENT: no such file or directory, open/],
    ];
    for (const [args, status, message] of cases) {
      const result = trappanEval(args);
      assert.equal(result.status, status, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    }
    const help = trappanEval(["--help"]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage: trappan-eval --events events.csv/);
  });

  it("reads a sensors.json saved with a byte-order mark", () => {
    const events = file("bom.csv", [`2026-03-10T19:00:00Z,${SENSOR},1`, `2026-03-10T19:20:00Z,${SENSOR},0`]);
    const sensors = path.join(dir, "bom-sensors.json");
    fs.writeFileSync(sensors, "\ufeff" + JSON.stringify({ [SENSOR]: { space: "basement", kind: "pir", address: "Storgatan 12" } }) + "\r\n");
    const result = trappanEval(["--events", events, "--sensors", sensors, "--detector", "fixed-15min"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(lines(result.stdout).length, 1);
  });
});
