import assert from "node:assert/strict";
import { parseSiteCsv, parseSiteJson, SiteRegistry, toSiteCsv, isValidTimeZone } from "../../core/sites";

describe("site registry", () => {
  it("reads the documented CSV columns into locations", () => {
    const csv = [
      "sensor,site,address,entrance,space,floor,district,police_area,lat,lon",
      "0x001788010B2C3D41,Kv. Lärkan,Storgatan 12,A,stairwell,0,Skärholmen,LPO Skärholmen,59.2772,17.9071",
      "trapphus-b,Kv. Lärkan,Storgatan 14,,basement,-1,,,,",
    ].join("\n");
    const { rows, errors } = parseSiteCsv(csv);
    assert.deepEqual(errors, []);
    assert.deepEqual(rows[0], {
      sensor: "0x001788010b2c3d41",
      site: "Kv. Lärkan",
      address: "Storgatan 12",
      entrance: "A",
      space: "stairwell",
      floor: 0,
      district: "Skärholmen",
      policeArea: "LPO Skärholmen",
      lat: 59.2772,
      lon: 17.9071,
    });
    assert.deepEqual(rows[1], { sensor: "trapphus-b", site: "Kv. Lärkan", address: "Storgatan 14", space: "basement", floor: -1 });
  });

  it("reads a space as staff and other systems write it: our own names for it, Swedish forms and common English words", () => {
    const written = { "Laundry room": "laundry", tvättstugan: "laundry", "Bike_room": "bike-room", cellar: "basement", Källaren: "basement", "Storage room": "storage", "Övrigt utrymme": "other", miljörum: "garbage-room", staircase: "stairwell", Entrén: "entrance" };
    const csv = ["sensor,site,address,space", ...Object.keys(written).map((space, i) => `sensor-${i},S,A 1,${space}`)].join("\n");
    const { rows, errors } = parseSiteCsv(csv);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      rows.map((r) => r.space),
      Object.values(written),
    );
  });

  it("reads a Swedish spreadsheet export: semicolons, Swedish headers and spaces, decimal commas", () => {
    const csv = "\uFEFFsensor;fastighet;adress;uppgång;utrymme;våning;stadsdel;polisområde;lat;lon\r\n0x54ef44100a1b2c31;Kv. Lärkan;Storgatan 12;A;källare;-1;Skärholmen;LPO Skärholmen;59,2772;17,9071\r\n";
    const { rows, errors } = parseSiteCsv(csv);
    assert.deepEqual(errors, []);
    assert.equal(rows[0].space, "basement");
    assert.equal(rows[0].lat, 59.2772);
    assert.equal(rows[0].policeArea, "LPO Skärholmen");
  });

  it("names the line and the fault of every bad row, and keeps the good ones", () => {
    const csv = [
      "sensor,site,address,entrance,space,floor,district,police_area,lat,lon",
      "0x001788010b2c3d41,Kv. Lärkan,Storgatan 12,A,stairwell,0,,,,",
      "0x1234,Kv. Lärkan,Storgatan 12,A,stairwell,0,,,,",
      ",Kv. Lärkan,Storgatan 12,A,garage,1.5,,,,",
      "0x54ef44100a1b2c31,Kv. Lärkan,Storgatan 12,A,basement,,,,59.1,",
      "0x001788010b2c3d41,Kv. Lärkan,Storgatan 14,B,stairwell,0,,,,",
      "0x000d6ffffe7a8b91,Kv. Lärkan,Storgatan 12,A,storage,-1,,,,",
    ].join("\n");
    const { rows, errors } = parseSiteCsv(csv);
    assert.deepEqual(
      rows.map((r) => r.sensor),
      ["0x001788010b2c3d41", "0x000d6ffffe7a8b91"],
    );
    assert.deepEqual(
      errors.map((e) => e.line),
      [3, 4, 5, 6],
    );
    assert.match(errors[0].message, /^line 3: sensor '0x1234' is not an IEEE address/);
    assert.match(errors[1].message, /^line 4: sensor is missing; space 'garage' is not one of stairwell, basement/);
    assert.match(errors[1].message, /floor '1\.5' is not a whole number/);
    assert.match(errors[2].message, /^line 5: lat and lon go together/);
    assert.match(errors[3].message, /^line 6: sensor 0x001788010b2c3d41 is already placed on line 2/);
  });

  it("reports broken CSV and unknown columns with their line", () => {
    assert.match(parseSiteCsv('sensor,site\n"0x00,Kv').errors[0].message, /^line 2: .*Quote Not Closed/);
    const unknown = parseSiteCsv("sensor,site,address,space,flat\n0x001788010b2c3d41,S,A,stairwell,12");
    assert.match(unknown.errors[0].message, /^line 1: unknown column\(s\) flat/);
    assert.equal(unknown.rows.length, 1, "a row is kept even when an unknown column is dropped");
  });

  it("reads JSON as saved by the editor and as {sensors: [...]}", () => {
    const rows = [{ sensor: "0x001788010b2c3d41", site: "S", address: "A 1", space: "stairwell", policeArea: "LPO" }];
    assert.deepEqual(parseSiteJson(rows).rows[0].policeArea, "LPO");
    assert.equal(parseSiteJson(JSON.stringify({ sensors: rows })).rows.length, 1);
    assert.match(parseSiteJson("[1, {}]").errors[0].message, /^line 1: a row must be an object/);
    assert.match(parseSiteJson("{").errors[0].message, /^line 1: not JSON/);
  });

  it("round-trips through CSV export", () => {
    const csv = "sensor,site,address,entrance,space,floor,district,police_area,lat,lon\n0x001788010b2c3d41,\"Kv. Lärkan, hus 2\",Storgatan 12,A,stairwell,0,Skärholmen,LPO,59.2772,17.9071\n";
    const { rows } = parseSiteCsv(csv);
    assert.equal(toSiteCsv(rows), csv);
  });

  it("locates sensors whatever the case of their IEEE address", () => {
    const registry = new SiteRegistry(parseSiteCsv("sensor,site,address,space\n0x001788010b2c3d41,S,A 1,stairwell").rows);
    assert.equal(registry.locate("0x001788010B2C3D41")?.address, "A 1");
    assert.equal(registry.locate("001788010b2c3d41")?.space, "stairwell");
    assert.equal(registry.locate("0x0000000000000001"), undefined);
    assert.equal(registry.timezone, "Europe/Stockholm");
    assert.equal(registry.language, "sv");
  });

  it("knows real time zones from made-up ones", () => {
    assert.equal(isValidTimeZone("Europe/Stockholm"), true);
    assert.equal(isValidTimeZone("Europe/Skarholmen"), false);
  });
});
