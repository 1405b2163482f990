/** Parameters a model version removed: an old scenario is told what replaced them, wherever it names them. */
import { describe, expect, it } from "vitest";
import { formatIssue } from "../../src/scenario/issues.js";
import { load } from "../helpers/scenarios.js";

function errors(text: string, sets: string[] = []): string[] {
  const r = load({ "old.yaml": text }, "old.yaml", sets);
  return r.ok ? [] : r.issues.map(formatIssue);
}

describe("retired parameters", () => {
  it("are named with their replacement as scenario keys, event targets and --set paths", () => {
    const asKey = errors("extends: baseline\nname: old\nmodel:\n  releasePull: 2\n");
    expect(asKey).toEqual([expect.stringMatching(/^old\.yaml:4:3 model\.releasePull: "releasePull" was removed in model 0\.3\.0: .*use releaseRate/)]);
    const asTarget = errors("extends: baseline\nname: old\nevents:\n  - { id: E, title: t, at: 2027Q1, actions: [{ target: model.absorptionHalfRnd, set: 3 }] }\n");
    expect(asTarget.join("\n")).toMatch(/old\.yaml:4:\d+ events\.E\.actions\[0\]\.target: model\.absorptionHalfRnd does not exist: "absorptionHalfRnd" was removed in model 0\.3\.0: .*absorptionHalfShare/);
    const asSet = errors("extends: baseline\nname: old\n", ["model.openThreshold=0.2"]);
    expect(asSet.join("\n")).toMatch(/model\.openThreshold: "openThreshold" was removed in model 0\.3\.0: no threshold/);
    // market parameters too, in every form
    const market = errors("extends: baseline\nname: old\nmarket:\n  markupPower: 3\n");
    expect(market).toEqual([expect.stringMatching(/^old\.yaml:4:3 market\.markupPower: "markupPower" was removed in model 0\.5\.0: .*priceSensitivity/)]);
    expect(errors("extends: baseline\nname: old\n", ["market.fundingMultiple=3"]).join("\n")).toMatch(/market\.fundingMultiple: "fundingMultiple" was removed in model 0\.5\.0: .*use investorMultiple/);
    const marketTarget = errors("extends: baseline\nname: old\nevents:\n  - { id: E, title: t, at: 2027Q1, actions: [{ target: market.markupPower, set: 0.3 }] }\n");
    expect(marketTarget.join("\n")).toMatch(/market\.markupPower does not exist: "markupPower" was removed in model 0\.5\.0/);
    // smuggling became a number of chips on each rule
    expect(errors("extends: baseline\nname: old\nsemiconductors:\n  controlLeakage: 0.1\n")).toEqual([expect.stringMatching(/^old\.yaml:4:3 semiconductors\.controlLeakage: "controlLeakage" was removed in model 0\.13\.0: .*exportControls\.smuggling/)]);
    expect(errors("extends: baseline\nname: old\n", ["semiconductors.controlLeakage=0.2"]).join("\n")).toMatch(/semiconductors\.controlLeakage: "controlLeakage" was removed in model 0\.13\.0/);
    // regulation slows deployment instead of taking a fixed OOM off it
    expect(errors("extends: baseline\nname: old\nmodel:\n  regulationPenalty: 0.5\n")).toEqual([expect.stringMatching(/^old\.yaml:4:3 model\.regulationPenalty: "regulationPenalty" was removed in model 0\.14\.0: .*deployment\.regulation/)]);
    // an unknown key that never existed still gets the usual hint
    expect(errors("extends: baseline\nname: old\nmodel:\n  leakRat: 2\n").join("\n")).toMatch(/unknown key "leakRat" \(did you mean "leakRate"\?\)/);
  });
});
