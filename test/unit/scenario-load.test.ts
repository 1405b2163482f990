import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { formatIssue } from "../../src/scenario/issues.js";
import { baseline, load, loadOk, tinyScenario } from "../helpers/scenarios.js";

function errors(files: Record<string, string>, entry: string, sets: string[] = []): string[] {
  const r = load(files, entry, sets);
  if (r.ok) throw new Error("expected the scenario to be rejected");
  return r.issues.map(formatIssue);
}

describe("loading scenarios", () => {
  it("loads the library baseline with numbers normalised", () => {
    const b = baseline();
    expect(b.scenario.name).toBe("baseline");
    expect(b.scenario.countries.map((c) => c.id)).toEqual(["US", "CN", "EU", "TW", "JPKR", "ROW"]);
    expect(b.scenario.model.hardwareDoublingTime).toBe(2.1);
    expect(b.clock.steps).toBe(61);
    expect(b.milestones.map((m) => m.id)).toEqual(["Thousandfold"]);
  });

  it("loads a scenario with three fictional countries", () => {
    const t = loadOk({ "tiny.yaml": tinyScenario() }, "tiny.yaml");
    expect(t.scenario.countries).toHaveLength(3);
    expect(t.clock.steps).toBe(11);
  });

  it("reads JSON scenarios too, with positions in errors", () => {
    const tiny = loadOk({ "tiny.yaml": tinyScenario() }, "tiny.yaml");
    const json = JSON.stringify(tiny.resolved, null, 2);
    expect(loadOk({ "tiny.json": json }, "tiny.json").scenario).toEqual(tiny.scenario);
    const bad = json.replace('"leakRate": 0.05', '"leakRate": "fast"');
    const line = bad.split("\n").findIndex((l) => l.includes('"fast"')) + 1;
    expect(errors({ "tiny.json": bad }, "tiny.json")).toEqual([`tiny.json:${line}:17 model.leakRate: expected a number or {value, unit, source} (in 1/yr), got the string "fast"`]);
  });

  it("reports a misspelled key with its position and a suggestion", () => {
    const text = tinyScenario().replace("  leakRate: 0.05", "  leakRat: 0.05");
    const all = errors({ "tiny.yaml": text }, "tiny.yaml");
    const line = text.split("\n").findIndex((l) => l.includes("leakRat:")) + 1;
    expect(all).toContain(`tiny.yaml:${line}:3 model.leakRat: unknown key "leakRat" (did you mean "leakRate"?)`);
    const modelLine = text.split("\n").indexOf("model:") + 1;
    expect(all).toContain(`tiny.yaml:${modelLine}:1 model.leakRate: missing required key "leakRate": rate at which closed knowledge leaks to every lab (talent mobility, reverse engineering) [1/yr]`);
  });

  it("checks units of quantities", () => {
    const text = tinyScenario().replace("  computePrice: 0.05", '  computePrice: { value: 0.05, unit: "USD per EFLOP/s", source: x }');
    const [first] = errors({ "tiny.yaml": text }, "tiny.yaml");
    expect(first).toMatch(/model\.computePrice\.unit: unit must be "USD bn per EFLOP\/s"/);
  });

  describe("extends", () => {
    const child = (body: string) => `extends: baseline\nname: child\ntitle: Child\ndescription: d\n${body}`;

    it("merges maps, agent lists by id, and removes agents", () => {
      const c = loadOk(
        {
          "child.yaml": child(`countries:
  - id: CN
    policy: { fabSubsidy: 0.5 }
  - id: ROW
    remove: true
firms:
  - id: Newco
    name: Newco
    country: EU
    budgetGrowth: 2
    allocation: { rnd: 1, open: 0, compute: 1 }
    initial: { budget: 1, compute: 1, knowledge: -1 }
`),
        },
        "child.yaml",
      );
      const cn = c.scenario.countries.find((x) => x.id === "CN")!;
      expect(cn.policy.fabSubsidy).toBe(0.5);
      expect(cn.policy.publicComputeSpend).toBe(15);
      expect(c.scenario.countries.map((x) => x.id)).toEqual(["US", "CN", "EU", "TW", "JPKR"]);
      expect(c.scenario.firms.at(-1)?.id).toBe("Newco");
      expect(c.scenario.name).toBe("child");
      expect(c.files).toEqual(["child.yaml", "baseline.yaml"]);
      expect("extends" in c.resolved).toBe(false);
    });

    it("points errors in an extending file at that file", () => {
      const [first] = errors({ "child.yaml": child("countries:\n  - id: CN\n    gdp: -3\n") }, "child.yaml");
      expect(first).toBe("child.yaml:7:10 countries.CN.gdp: must be greater than 0 (in USD tn/yr), got -3");
    });

    it("rejects cycles and removal of unknown agents", () => {
      const cyc = errors({ "a.yaml": "extends: b.yaml\nname: a\n", "b.yaml": "extends: a.yaml\nname: b\n" }, "a.yaml");
      expect(cyc[0]).toMatch(/extends cycle: a.yaml -> b.yaml -> a.yaml/);
      const rem = errors({ "child.yaml": child("countries:\n  - id: XX\n    remove: true\n") }, "child.yaml");
      expect(rem[0]).toMatch(/child.yaml:6:5 countries.XX: remove: there is no inherited item with id "XX"/);
    });
  });

  describe("--set", () => {
    it("overrides values, type-checked like the file", () => {
      const b = baseline(["countries.CN.policy.fabSubsidy=0.3", "model.leakRate={value: 0.1, unit: 1/yr, source: \"assumption: test\"}"]);
      expect(b.scenario.countries.find((c) => c.id === "CN")!.policy.fabSubsidy).toBe(0.3);
      expect(b.scenario.model.leakRate).toBe(0.1);
      expect(b.resolved["model"]).toMatchObject({ leakRate: { value: 0.1, unit: "1/yr", source: "assumption: test" } });
    });

    it("reports bad overrides at --set:N:col", () => {
      expect(errors({}, "baseline", ["model.leakRate=0.1", "countries.CN.policy.fabSubsidy=abc"])[0]).toBe(
        '--set:2:32 countries.CN.policy.fabSubsidy: expected a number or {value, unit, source}, got the string "abc"',
      );
      expect(errors({}, "baseline", ["countries.XN.gdp=1"])[0]).toMatch(/^--set:1:11 countries.XN.gdp: no item with id "XN".*did you mean "CN"/);
      expect(errors({}, "baseline", ["model.leakRat=1"])[0]).toMatch(/^--set:1:7 model.leakRat: unknown key "leakRat" \(did you mean "leakRate"\?\)/);
      expect(errors({}, "baseline", ["nonsense"])[0]).toMatch(/expected path=value/);
    });

    it("adds an event with a new id, even where the file has no events, checked like the file", () => {
      const tighten = 'events.Tighten={title: "Tighter", at: 2027Q1, actions: [{target: countries.US.policy.exportControls.threshold, set: 0.1}]}';
      // the tiny scenario has no events section
      const gdp = 'events.Boom={title: "Boom", at: 2031Q1, actions: [{target: countries.Arcadia.gdpGrowth, set: 0.05}]}';
      const tiny = loadOk({ "t.yaml": tinyScenario() }, "t.yaml", [gdp]);
      expect(tiny.events.map((e) => e.id)).toEqual(["Boom"]);
      expect(tiny.resolved["events"]).toEqual([{ id: "Boom", title: "Boom", at: "2031Q1", actions: [{ target: "countries.Arcadia.gdpGrowth", set: 0.05 }] }]);
      // after the file's own events (the baseline's CxmtHbm), in the order given
      const b = baseline([tighten]);
      expect(b.events.map((e) => e.id)).toEqual(["CxmtHbm", "Tighten"]);
      expect((b.resolved["events"] as unknown[]).at(-1)).toEqual({ id: "Tighten", title: "Tighter", at: "2027Q1", actions: [{ target: "countries.US.policy.exportControls.threshold", set: 0.1 }] });
      expect(baseline([tighten, tighten.replace("Tighten", "Again").replace("2027Q1", "2030Q1")]).events.map((e) => e.id)).toEqual(["CxmtHbm", "Tighten", "Again"]);
      // errors inside the new item point into the --set text
      expect(errors({}, "baseline", [tighten.replace("exportControls", "exportControlz")])[0]).toMatch(/^--set:1:66 events.Tighten.actions\[0\].target: .*did you mean "exportControls"/);
      expect(errors({}, "baseline", ["events.Tighten={id: Other, title: x, at: 2027Q1, actions: []}"])[0]).toMatch(/^--set:1:8 events.Tighten: the new item's id is "Tighten".*"Other"/);
      expect(errors({}, "baseline", ["events.Tighten=3"])[0]).toMatch(/no item with id "Tighten" in events; to add one, give a map/);
      // an existing id is still changed field by field, never replaced whole
      expect(errors({}, "baseline", ["countries.CN={gdp: 1}"])[0]).toMatch(/a path changes a value, not a whole list item/);
    });
  });

  it("rejects ids that make expression symbols ambiguous, and reserved parameter names", () => {
    const clash = tinyScenario().replace("id: Cascadia, name: Cascadia", "id: total, name: Total");
    expect(errors({ "t.yaml": clash }, "t.yaml").join("\n")).toMatch(/countries.total.id: the id "total" makes the expression symbol compute_total ambiguous/);
    for (const name of ["toString", "valueOf", "year", "min"]) {
      const text = tinyScenario(`parameters:\n  ${name}: { value: 1, unit: "1", source: "assumption: test" }\n`);
      expect(errors({ "t.yaml": text }, "t.yaml")[0]).toMatch(new RegExp(`parameters.${name}: "${name}" is a reserved name`));
    }
    const nan = tinyScenario(`parameters:\n  bad: { expr: "sqrt(0 - 1)", unit: "1", source: "assumption: test" }\n`);
    expect(errors({ "t.yaml": nan }, "t.yaml")[0]).toMatch(/parameters.bad.expr: cannot be evaluated: sqrt\(...\) gave NaN/);
  });

  it("says a horizon is wrong where the user set it: at start or end, in --set, their file or the file they extend", () => {
    // the overlay sets only start, past the baseline's end: said at its start, once (the
    // baseline's events are not checked against a horizon that is itself wrong)
    expect(errors({ "mine.yaml": "extends: baseline\nname: mine\nstart: 2045Q1\n" }, "mine.yaml")).toEqual(["mine.yaml:3:8 start: start (2045Q1) must be before end (2040Q4)"]);
    expect(errors({ "mine.yaml": "extends: baseline\nname: mine\nend: 2020Q1\n" }, "mine.yaml")).toEqual(["mine.yaml:3:6 end: end (2020Q1) must be after start (2025Q3)"]);
    expect(errors({ "mine.yaml": "extends: baseline\nname: mine\nstart: 2045Q1\nend: 2030Q1\n" }, "mine.yaml")).toEqual(["mine.yaml:4:6 end: end (2030Q1) must be after start (2045Q1)"]);
    expect(errors({}, "baseline", ["start=2045Q1"])).toEqual(["--set:1:7 start: start (2045Q1) must be before end (2040Q4)"]);
    expect(errors({ "mine.yaml": "extends: baseline\nname: mine\nstart: 2045Q1\nend: 2030Q1\n" }, "mine.yaml", ["start=2050Q1"])).toEqual(["--set:1:7 start: start (2050Q1) must be before end (2030Q1)"]);
    const event = "events:\n  - { id: Soon, title: soon, at: 2030Q1, actions: [{ target: model.leakRate, set: 0.1 }] }\n";
    expect(errors({ "mine.yaml": `extends: baseline\nname: mine\nstart: 2045Q1\n${event}` }, "mine.yaml")).toEqual(["mine.yaml:3:8 start: start (2045Q1) must be before end (2040Q4)"]);
    expect(errors({}, "baseline", ["end=2300Q1"])[0]).toMatch(/^--set:1:5 end: the horizon is 1098 quarters; at most 800 are allowed$/);
  });

  it("limits extends lists and the number of files they load", () => {
    const nine = `extends: [${Array.from({ length: 9 }, () => "baseline").join(", ")}]\nname: nine\n`;
    expect(errors({ "n.yaml": nine }, "n.yaml")[0]).toMatch(/extends lists 9 files; at most 8 are allowed/);
    const files: Record<string, string> = {};
    for (let d = 0; d < 4; d++) files[`l${d}.yaml`] = `extends: [${Array.from({ length: 8 }, () => `l${d + 1}.yaml`).join(", ")}]\n`;
    files["l4.yaml"] = "name: leaf\n";
    expect(errors(files, "l0.yaml").join("\n")).toMatch(/loads more than 64 files/);
  });

  it("refuses --set on extends and on prototype keys", () => {
    expect(errors({}, "baseline", ["extends=baseline"])[0]).toMatch(/^--set:1:1 extends: extends cannot be changed from the command line/);
    expect(errors({}, "baseline", ["model.__proto__={x: 1}"])[0]).toMatch(/^--set:1:1 model.__proto__: the key "__proto__" is not allowed/);
  });

  it("is idempotent: validating the resolved scenario gives the same scenario", () => {
    const b = baseline(["model.leakRate=0.2"]);
    const again = loadOk({ "again.yaml": stringify(b.resolved) }, "again.yaml");
    expect(again.scenario).toEqual(b.scenario);
  });
});
