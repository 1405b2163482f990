/**
 * The committed JSON Schemas (schema/*.json) are what editors check files against: checked here
 * with a JSON Schema validator, they accept every scenario and experiment the tool accepts
 * (full scenarios and overlays that extend others) and still refuse unknown keys, wrong types
 * and a full scenario with a required key missing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import type { ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../helpers/scenarios.js";

function compile(file: string): ValidateFunction {
  // strict: a keyword the validator does not know is an error, except the unit every number carries
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addKeyword({ keyword: "unit", schemaType: "string" });
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, "schema", file), "utf8")) as object);
}

const scenarioSchema = compile("scenario.schema.json");
const experimentSchema = compile("experiment.schema.json");

/** The validator's errors for `text`, one line each (empty when it accepts it). */
function errors(validate: ValidateFunction, text: string): string[] {
  return validate(parse(text)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}

const yamlIn = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => join(dir, f));
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

const scenarios = [...yamlIn("scenarios"), ...yamlIn("test/fixtures/valid")];
const experiments = yamlIn("scenarios/experiments");
const tiny = read("test/fixtures/valid/three-countries.yaml");

describe("the scenario JSON Schema", () => {
  it("covers overlays and full scenarios in what it checks", () => {
    const texts = scenarios.map(read);
    expect(texts.some((t) => /^extends:/m.test(t))).toBe(true);
    expect(texts.some((t) => !/^extends:/m.test(t))).toBe(true);
  });

  it.each(scenarios)("accepts %s", (file) => {
    expect(errors(scenarioSchema, read(file))).toEqual([]);
  });

  it("accepts the README's example scenario", () => {
    const readme = read("README.md");
    const example = /```yaml\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf("## Writing scenarios")))?.[1];
    expect(example).toContain("# yaml-language-server: $schema=");
    expect(example).toContain("extends: baseline");
    expect(errors(scenarioSchema, example!)).toEqual([]);
  });

  it("accepts what an overlay may leave to the files it extends", () => {
    // a merged entry gives its id and what it changes, a quantity map merges key by key,
    // an empty list of agents changes nothing
    const overlay = `extends: baseline
countries:
  - id: US
    gdp: { source: "assumption: a lower estimate" }
    policy: { fabSubsidy: 0.2 }
  - { id: TW, remove: true }
sources: []
semiconductors:
  fabs:
    - { id: TSMCN4, availability: 0.5 }
parameters:
  frontier2025: { value: 3 }
`;
    expect(errors(scenarioSchema, overlay)).toEqual([]);
  });

  it("refuses an unknown key, in a full scenario and in an overlay's merged entry", () => {
    expect(errors(scenarioSchema, `${tiny}colour: red\n`)).toContain("/ must NOT have additional properties");
    expect(errors(scenarioSchema, "extends: baseline\ncountries:\n  - { id: US, gpd: 3 }\n")).toContain("/countries/0 must NOT have additional properties");
    expect(errors(scenarioSchema, "extends: baseline\nmodle: {}\n")).toContain("/ must NOT have additional properties");
  });

  it("refuses a wrong type, in a full scenario and in an overlay", () => {
    expect(tiny).toMatch(/^ {2}leakRate: 0.05$/m);
    expect(errors(scenarioSchema, tiny.replace(/^ {2}leakRate: 0.05$/m, '  leakRate: "0.05"'))).toContain("/model/leakRate must be number");
    expect(errors(scenarioSchema, 'extends: baseline\ncountries:\n  - { id: US, gdp: "29" }\n')).toContain("/countries/0/gdp must be number");
    expect(errors(scenarioSchema, "extends: 3\n")).toContain("/extends must be string");
  });

  it("refuses a full scenario without countries, and an overlay's list entry without an id", () => {
    expect(tiny).toMatch(/^countries:$/m);
    const noCountries = tiny.replace(/^countries:\n(?:[ -].*\n)+/m, "");
    expect(noCountries).not.toMatch(/^countries:/m);
    expect(errors(scenarioSchema, noCountries)).toContain("/ must have required property 'countries'");
    // extends: [] extends nothing, so the file must be a full scenario
    expect(errors(scenarioSchema, `extends: []\n${noCountries}`)).toContain("/ must have required property 'countries'");
    expect(errors(scenarioSchema, "extends: baseline\ncountries:\n  - { gdp: 3 }\n")).toContain("/countries/0 must have required property 'id'");
    // a list that is not merged by id replaces the inherited one, so its entries are complete
    const action = "extends: baseline\nevents:\n  - id: E\n    actions: [{ set: 1 }]\n";
    expect(errors(scenarioSchema, action)).toContain("/events/0/actions/0 must have required property 'target'");
  });
});

describe("the experiment JSON Schema", () => {
  it.each(experiments)("accepts %s", (file) => {
    expect(errors(experimentSchema, read(file))).toEqual([]);
  });

  it("refuses an unknown key, a wrong type and a missing required key", () => {
    const file = read(experiments[0]!);
    expect(file).toMatch(/^seed: \d+$/m);
    expect(errors(experimentSchema, file.replace(/^seed:/m, "sede:"))).toContain("/ must NOT have additional properties");
    expect(errors(experimentSchema, file.replace(/^seed: \d+$/m, "seed: forty-two"))).toContain("/seed must be integer");
    expect(errors(experimentSchema, file.replace(/^seed: \d+$/m, ""))).toContain("/ must have required property 'seed'");
  });
});
