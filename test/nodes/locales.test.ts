/**
 * Every string a user reads exists in English and Swedish: the nodes' message catalogs match key
 * for key, each node has help in both, and every coded message core/ and zigbee/ can produce has
 * its words in both catalogs.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { parseSiteCsv } from "../../core/sites";

const ROOT = path.resolve(__dirname, "../..");
const NODES = path.join(ROOT, "nodes");
const TYPES = fs.readdirSync(NODES).filter((f) => fs.statSync(path.join(NODES, f)).isDirectory());
const LANGUAGES = ["en-US", "sv"];

type Catalog = Record<string, unknown>;
const catalog = (type: string, language: string): Catalog => JSON.parse(fs.readFileSync(path.join(NODES, type, "locales", language, `${type}.json`), "utf8"));

function keys(object: Catalog, prefix = ""): string[] {
  return Object.entries(object).flatMap(([k, v]) => (v && typeof v === "object" ? keys(v as Catalog, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function lookup(object: Catalog, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Catalog)[part] : undefined), object);
}

/** Codes passed to the coded-message constructors in a source folder. */
function codes(folder: string, pattern: RegExp): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (fs.statSync(file).isDirectory()) walk(file);
      else if (file.endsWith(".ts")) for (const match of fs.readFileSync(file, "utf8").matchAll(pattern)) found.add(match[1]);
    }
  };
  walk(path.join(ROOT, folder));
  return [...found];
}

describe("English and Swedish", () => {
  for (const type of TYPES) {
    it(`${type}: the same messages in en-US and sv, and help in both`, () => {
      assert.deepEqual(keys(catalog(type, "sv")).sort(), keys(catalog(type, "en-US")).sort());
      for (const language of LANGUAGES) {
        const help = fs.readFileSync(path.join(NODES, type, "locales", language, `${type}.html`), "utf8");
        assert.match(help, new RegExp(`data-help-name="${type}"`));
      }
    });
  }

  const sources: [string, string, RegExp][] = [
    ["trappan-coordinator", "messages", /(?:new (?:CoordinatorError|ScenarioError|LeaseError|NetworkSettingError)\(|this\.t\(|say\(|parseHex\([^,]+,\s*\d+,)\s*"(\w+)"/g],
    ["trappan-z2m", "errors", /new Z2mError\(\s*"(\w+)"/g],
    ["trappan-site", "rows", /problem\(\s*"(\w+)"/g],
    ["trappan-baseline", "errors", /new InputError\(\s*"(\w+)"/g],
    ["trappan-anomaly", "errors", /new (?:InputError|MaintenanceError)\(\s*"(\w+)"/g],
    ["trappan-notify", "errors", /new IncidentError\(\s*"(\w+)"/g],
    ["trappan-recipients", "errors", /problems\.push\(\{ code: "(\w+)"/g],
  ];
  for (const [type, section, pattern] of sources) {
    it(`${type}: every coded message has its words in both languages`, () => {
      const found = [...codes("core", pattern), ...codes("zigbee", pattern), ...codes(`nodes/${type}`, pattern)];
      assert.ok(found.length >= 2, `found the codes (${found.join(", ")})`);
      for (const language of LANGUAGES) {
        const missing = found.filter((code) => typeof lookup(catalog(type, language), `${type}.${section}.${code}`) !== "string");
        assert.deepEqual(missing, [], `${language} lacks ${type}.${section}.{${missing.join(",")}}`);
      }
    });
  }

  it("says a rejected row in Swedish", () => {
    const sv = catalog("trappan-site", "sv");
    const { errors } = parseSiteCsv("sensor;fastighet;adress;utrymme\n0x12;Kv. Test;Testgatan 1;källare\n");
    const said = errors[0].say((code, params, english) => {
      const text = lookup(sv, `trappan-site.rows.${code}`);
      return typeof text === "string" ? text.replace(/__(\w+)__/g, (_m, name: string) => String(params[name])) : english;
    });
    assert.equal(said, "rad 2: sensorn '0x12' är ingen IEEE-adress (0x följt av 16 hexadecimala siffror)");
  });
});
