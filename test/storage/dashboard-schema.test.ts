/**
 * The Grafana dashboards under provisioning/grafana/dashboards/ against Grafana's own dashboard
 * schema: a JSON Schema generated when the test runs from the Dashboard type in @grafana/schema
 * (raw/dashboard/x, the JSON model that file provisioning reads) and checked with ajv. Grafana's
 * interfaces are closed (additionalProperties false), so a misspelt key such as "gridpos" fails as
 * a wrong type does. Panel options, fieldConfig "custom" and query targets belong to plugins and are
 * open in Grafana's types; dashboards.test.ts runs the queries against InfluxDB instead.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { createGenerator } from "ts-json-schema-generator";

const DASHBOARDS = path.resolve(__dirname, "../../provisioning/grafana/dashboards");
// Not schema/dashboard/v2*: those describe the newer dashboard resource API, not this JSON.
const TYPES = path.join(path.dirname(require.resolve("@grafana/schema/package.json")), "dist/types/raw/dashboard/x/types.gen.d.ts");

/** JSON Schema for Grafana's Dashboard type, from the installed package (a second or two). */
function dashboardSchema() {
  // The one self-contained file: from the package's index the generator fails on types of the same
  // name in other modules (DataSourceRef); Grafana's generated file needs no type check.
  const schema = createGenerator({ path: TYPES, type: "Dashboard", skipTypeCheck: true, additionalProperties: false }).createSchema("Dashboard");
  // Grafana tells a row from a panel by its type; with anyOf, ajv would report every panel error
  // against both, so panels are checked as the one their type says.
  const panels = (schema.definitions?.Dashboard as { properties: Record<string, { items: unknown }> }).properties.panels;
  assert.deepEqual(panels.items, { anyOf: [{ $ref: "#/definitions/Panel" }, { $ref: "#/definitions/RowPanel" }] }, "Grafana's panel union changed");
  panels.items = { if: { type: "object", properties: { type: { const: "row" } }, required: ["type"] }, then: { $ref: "#/definitions/RowPanel" }, else: { $ref: "#/definitions/Panel" } };
  return schema;
}

/** One line an error, with where it is in the dashboard's JSON. */
function explain(errors: ErrorObject[]): string {
  return errors
    .filter((e) => e.keyword !== "if") // "must match else schema": the panel's own errors say what
    .map((e) => {
      const detail = e.params.additionalProperty ?? e.params.allowedValues ?? e.params.allowedValue;
      return `  ${e.instancePath || "/"} ${e.message}${detail === undefined ? "" : `: ${JSON.stringify(detail)}`}`;
    })
    .join("\n");
}

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(DASHBOARDS, file), "utf8"));

describe("Grafana dashboards against Grafana's dashboard schema (@grafana/schema)", () => {
  let validate: ValidateFunction;

  before(() => {
    validate = new Ajv({ allErrors: true }).compile(dashboardSchema());
  });

  for (const file of fs.readdirSync(DASHBOARDS).filter((f) => f.endsWith(".json"))) {
    it(`${file} is a valid Grafana dashboard`, () => {
      assert.ok(validate(read(file)), `${file} against Grafana's dashboard schema:\n${explain(validate.errors ?? [])}`);
    });
  }

  it("rejects a broken dashboard: a misspelt key, a panel's height as a string, a misspelt panel key, a bad variable refresh", () => {
    const broken = read("plats.json");
    broken.tittle = broken.title;
    broken.panels[0].gridPos.h = String(broken.panels[0].gridPos.h);
    broken.panels[1].gridpos = broken.panels[1].gridPos;
    delete broken.panels[1].gridPos;
    broken.templating.list[0].refresh = 5;
    assert.equal(validate(broken), false);
    assert.equal(
      explain(validate.errors ?? []),
      [
        '  / must NOT have additional properties: "tittle"',
        "  /panels/0/gridPos/h must be number",
        '  /panels/1 must NOT have additional properties: "gridpos"',
        "  /templating/list/0/refresh must be equal to one of the allowed values: [0,1,2]",
      ].join("\n"),
    );
  });
});
