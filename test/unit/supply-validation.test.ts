/** Validation of the supply chain, market and event targets that the model would otherwise ignore. */
import { describe, expect, it } from "vitest";
import { formatIssue } from "../../src/scenario/issues.js";
import { offsetOf } from "../../src/engine/metrics.js";
import type { World } from "../../src/model/world.js";
import { baseline, load, loadOk, record, tinyScenario } from "../helpers/scenarios.js";

const CHIPS = `
semiconductors:
  exposureTo: Arcadia
  energyPrice: 50
  inducedInvestment: 0
  priceAdjustment: 1
  choiceSensitivity: 2
  allocationAdjustment: 1
  designs:
    - { id: D1, name: D1, designer: A, country: Arcadia, fabs: [F1], node: 4, performance: 1, performanceGrowth: 1, power: 1, memory: 1, price: 50, chipsPerWafer: 10, system: { chips: 1, power: 1, efficiency: 1 }, initial: { fabShare: 1 } }
  fabs:
    - { id: F1, name: F1, operator: A, country: Arcadia, node: 4, availability: 1, yieldTarget: 0.9, yieldLearning: 1, leadTime: 1, capacityCost: 1, reinvestment: 0, initial: { capacity: 10, yield: 0.5, capacityGrowth: 1 } }
`;

const child = (body: string) => `extends: baseline\nname: child\ntitle: Child\ndescription: d\nsources: [{ id: s, citation: c }]\n${body}`;
function errors(body: string): string[] {
  const r = load({ "child.yaml": child(body) }, "child.yaml");
  return r.ok ? [] : r.issues.map(formatIssue);
}
const event = (action: string) => `events:\n  - id: E\n    title: e\n    at: 2027Q1\n    actions: [${action}]\n`;

describe("validation of the supply chain and market", () => {
  it("rejects event targets that describe a chip or fab but are not read by the model", () => {
    expect(errors(event("{ target: semiconductors.designs.GB200.node, set: 3 }")).join("\n")).toMatch(/semiconductors.designs.GB200.node describes the chip; the model does not read it/);
    expect(errors(event("{ target: semiconductors.designs.GB200.power, scale: 2 }")).join("\n")).toMatch(/describes the chip/);
    expect(errors(event("{ target: semiconductors.fabs.TSMCN4.node, set: 3 }")).join("\n")).toMatch(/describes the fab/);
    expect(errors(event("{ target: semiconductors.fabs.TSMCN4.leadTime, set: 3 }")).join("\n")).toMatch(/read only when the run starts/);
    expect(errors(event("{ target: semiconductors.memory.leadTime, set: 3 }")).join("\n")).toMatch(/semiconductors.memory.leadTime is read only when the run starts/);
  });

  it("rejects the world price of compute as a target when compute comes from chips", () => {
    expect(errors(event("{ target: model.computePrice, scale: 2 }")).join("\n")).toMatch(/model.computePrice sets the price of compute only without a semiconductor supply chain; with one it only values cloud compute at the start/);
    expect(errors(event("{ target: model.hardwareDoublingTime, scale: 2 }")).join("\n")).toMatch(/model.hardwareDoublingTime sets the price of compute only without a semiconductor supply chain; with one it only sets how fast semiconductors.referenceSystem grows/);
    // without the supply chain it is a fine target
    expect(errors(`mechanisms: { semiconductors: false }\n${event("{ target: model.computePrice, scale: 2 }")}`)).toEqual([]);
  });

  it("accepts the live supply-chain and market parameters as targets", () => {
    expect(errors(event("{ target: semiconductors.fabs.TSMCN4.availability, set: 0.1 }"))).toEqual([]);
    expect(errors(event("{ target: semiconductors.energyPrice, set: 120 }"))).toEqual([]);
    expect(errors(event("{ target: market.priceSensitivity, set: 0.5 }"))).toEqual([]);
    expect(errors(event("{ target: countries.US.policy.exportControls.threshold, set: 0.1 }"))).toEqual([]);
    // and the memory ones, which a run then reads
    for (const target of ["semiconductors.memory.capacityCost", "semiconductors.memory.inducedInvestment", "countries.CN.hbmPerWafer", "countries.US.policy.exportControls.memory", "semiconductors.designs.Ascend910C.hbmStacks", "countries.US.policy.exportControls.licenceFee", "countries.US.policy.exportControls.licensed"]) {
      const body = event(`{ target: ${target}, scale: 0.5 }`);
      expect(errors(body)).toEqual([]);
      const { run } = record(loadOk({ "child.yaml": child(body) }, "child.yaml"), 1);
      expect(run.state.log.find((e) => e.event === "E")!.changes[0]!.target).toBe(target);
    }
  });

  it("rejects public fab money for a country with no fabs, and unknown references", () => {
    expect(errors("countries:\n  - id: EU\n    policy: { fabInvestment: 3 }\n").join("\n")).toMatch(/EU has no fabs to invest in/);
    expect(errors("semiconductors:\n  designs:\n    - id: GB200\n      fabs: [TSMCN9]\n").join("\n")).toMatch(/unknown fab "TSMCN9" \(did you mean "TSMCN4"\?\)/);
    expect(errors("countries:\n  - id: US\n    policy: { exportControls: { targets: [Russia] } }\n").join("\n")).toMatch(/unknown country "Russia"/);
    // the designs a rule licenses, and the markets a design is offered to
    expect(errors("countries:\n  - id: US\n    policy: { exportControls: { licensedDesigns: [H200] } }\n").join("\n")).toMatch(/countries.US.policy.exportControls.licensedDesigns\[0\]: unknown design "H200" \(did you mean "H20"\?\)/);
    expect(errors("countries:\n  - id: US\n    policy: { exportControls: { licensedDesigns: [H20, H20] } }\n").join("\n")).toMatch(/design "H20" is listed twice/);
    expect(errors("semiconductors:\n  designs:\n    - id: H20\n      markets: [China]\n").join("\n")).toMatch(/semiconductors.designs.H20.markets\[0\]: unknown country "China"/);
    expect(errors("semiconductors:\n  designs:\n    - id: H20\n      markets: [CN, CN]\n").join("\n")).toMatch(/country "CN" is listed twice/);
    expect(errors("countries:\n  - id: US\n    policy: { exportControls: { licensedDesigns: [H20] } }\nsemiconductors:\n  designs:\n    - id: H20\n      markets: [CN]\n")).toEqual([]);
  });

  it("refuses events on the lists of licensed designs and of a design's markets, which are read when the run starts, and says what to change instead", () => {
    expect(errors(event("{ target: countries.US.policy.exportControls.licensedDesigns, set: 1 }")).join("\n")).toMatch(/licensedDesigns cannot be changed by events; to start or stop the licences, change licensed/);
    expect(errors(event("{ target: semiconductors.designs.H20.markets, set: 1 }")).join("\n")).toMatch(/markets cannot be changed by events; to keep a design from a country, use an export-control rule/);
  });

  it("says what an empty list of licensed designs or markets would have to be written as", () => {
    expect(errors("countries:\n  - id: US\n    policy: { exportControls: { licensedDesigns: [] } }\n").join("\n")).toMatch(/licensedDesigns: needs at least 1 item: leave licensedDesigns out to license every design the rule controls, or set licensed to 0/);
    expect(errors("semiconductors:\n  designs:\n    - id: H20\n      markets: []\n").join("\n")).toMatch(/markets: needs at least 1 item: leave markets out to offer the design in every country/);
  });

  it("reports remove: true on a design or fab that nothing inherits", () => {
    const root = tinyScenario(CHIPS.replace("initial: { fabShare: 1 } }", "initial: { fabShare: 1 }, remove: true }"));
    const r = load({ "root.yaml": root }, "root.yaml");
    expect(r.ok ? [] : r.issues.map(formatIssue).join("\n")).toMatch(/semiconductors.designs.D1: remove: true deletes an inherited item, but this scenario inherits none with that id/);
  });

  it("offers `time`, the decimal year at the end of a quarter, so an event fires at the start of a year", () => {
    const loaded = loadOk({ "child.yaml": child(`parameters:\n  when: { value: 2030, unit: yr, source: "assumption: test" }\nevents:\n  - { id: E, title: e, when: "time >= when", actions: [{ target: countries.US.gdpGrowth, set: 0.05 }] }\n`) }, "child.yaml");
    const { run } = record(loaded, 1);
    expect(run.state.log.find((e) => e.event === "E")!.date).toBe("2030Q1");
  });
});

describe("labs that exit", () => {
  it("stop counting for their country: no capability, no research, and their compute goes to public use", () => {
    // no investors, no owner and no cash, and a budget that cannot be cut: Mistral runs into debt
    const sets = ["market.investorMultiple=0", "market.distressCut=0", "firms.Mistral.backing=0", "firms.Mistral.initial.cash=0", "firms.Mistral.initial.budget=50"];
    const { rec, run } = record(baseline(sets), 3);
    const layout = rec.layout!;
    const firm = (name: string, s: number) => rec.at(s, offsetOf(layout, "firm", name) + layout.entities["firm"]!.indexOf("Mistral"));
    const last = rec.recorded - 1;
    let exit = -1;
    for (let s = 0; s <= last; s++) if (exit < 0 && firm("active", s) === 0) exit = s;
    expect(exit).toBeGreaterThan(0);
    expect(firm("knowledge", last)).toBe(firm("knowledge", exit + 1));
    expect(firm("compute", last)).toBe(0);
    const w = run.state.world as World;
    expect(w.firms.find((f) => f.id === "Mistral")!.active).toBe(false);
    // the EU's capability now comes from its public compute and the open pool
    const eu = w.countries.find((c) => c.id === "EU")!;
    expect(eu.capability).toBeCloseTo(w.openPool + Math.log10(eu.publicCompute) + w.runConcentration, 9);
  });
});

describe("frontier-run concentration", () => {
  it("starts at 0, rises along the logistic curve and saturates at log10(max / start)", () => {
    const { rec } = record(baseline(), 1);
    const layout = rec.layout!;
    const g = (name: string, s: number) => rec.at(s, offsetOf(layout, "global", name));
    const lab = (name: string, id: string, s: number) => rec.at(s, offsetOf(layout, "firm", name) + layout.entities["firm"]!.indexOf(id));
    // capability = knowledge + log10(compute) + R(t); R(0) = 0
    expect(lab("capability", "OpenAI", 0)).toBeCloseTo(lab("knowledge", "OpenAI", 0) + Math.log10(lab("compute", "OpenAI", 0)), 12);
    const share = (t: number) => 0.25 / (1 + (0.25 / 0.015 - 1) * Math.exp(-1.2 * t));
    for (const s of [4, 12, 40]) {
      const R = Math.log10(share(s / 4) / 0.015);
      expect(lab("capability", "OpenAI", s)).toBeCloseTo(lab("knowledge", "OpenAI", s) + Math.log10(lab("compute", "OpenAI", s)) + R, 9);
    }
    // the largest run is the largest lab compute times the share
    let largest = 0;
    for (const id of layout.entities["firm"]!) largest = Math.max(largest, lab("compute", id, 12));
    expect(g("frontier_run", 12)).toBeCloseTo(largest * share(3), 6);
    expect(Math.log10(share(1000) / 0.015)).toBeCloseTo(Math.log10(0.25 / 0.015), 12);
  });

  it("needs all three run-share parameters or none", () => {
    const text = tinyScenario().replace("  initialFrontierPace: 1\n", "  initialFrontierPace: 1\n  runShareStart: 0.1\n");
    const r = load({ "t.yaml": text }, "t.yaml");
    expect(r.ok ? "" : r.issues.map(formatIssue).join("\n")).toMatch(/model: give all three of runShareStart, runShareMax and runShareGrowth, or none/);
  });
});

describe("states reacting to rivals", () => {
  it("grow a trailing country's public AI levers by its gap in total effective compute, within the GDP ceiling", () => {
    const loaded = baseline(["end=2025Q4"]);
    const { rec, run } = record(loaded, 1);
    const layout = rec.layout!;
    const at = (name: string, s: number) => rec.at(s, offsetOf(layout, "country", name) + layout.entities["country"]!.indexOf("ROW"));
    // standing at the start: log10 of each country's labs' effective compute at its best lab's
    // knowledge, and its public users'
    const pool = rec.at(0, offsetOf(layout, "global", "open_pool"));
    const lab = (name: string, id: string) => rec.at(0, offsetOf(layout, "firm", name) + layout.entities["firm"]!.indexOf(id));
    const standing = (c: { id: string; initial: { publicCompute: number } }) => {
      let sum = 10 ** (pool + Math.log10(c.initial.publicCompute));
      const labs = loaded.scenario.firms.filter((f) => f.country === c.id);
      const best = Math.max(...labs.map((f) => lab("knowledge", f.id)));
      for (const f of labs) sum += 10 ** (lab("capability", f.id) - lab("knowledge", f.id) + best);
      return Math.log10(sum);
    };
    const all = loaded.scenario.countries.map(standing);
    const row = standing(loaded.scenario.countries.find((c) => c.id === "ROW")!);
    const gap = Math.min(2, Math.max(...all) - row);
    // a sum, not the best lab: ROW has no lab and trails by more than its frontier gap
    expect(gap).toBeGreaterThan(rec.at(0, offsetOf(layout, "global", "frontier_capability")) - at("capability", 0));
    const publicSpend = 2 + 0.2 + 0; // ROW: public compute, open science, no fab money
    const headroom = 1 - publicSpend / (0.03 * at("gdp", 1) * 1000);
    const factor = Math.exp(0.2 * gap * headroom * 0.25);
    const rowWorld = (run.state.world as World).countries.find((c) => c.id === "ROW")!;
    expect(rowWorld.policy.publicComputeSpend).toBeCloseTo(2 * factor, 12);
    expect(rowWorld.policy.openScienceFunding).toBeCloseTo(0.2 * factor, 12);
    // the leader does not react
    const us = (run.state.world as World).countries.find((c) => c.id === "US")!;
    expect(us.policy.publicComputeSpend).toBe(5);
  });
});
