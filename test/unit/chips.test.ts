/** The semiconductor submodel on hand-computed cases (src/model/chips.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { offsetOf } from "../../src/engine/metrics.js";
import { deliveredEfficiency, systemPeak } from "../../src/model/chips.js";
import type { World } from "../../src/model/world.js";
import { baseline, load, loadOk, record, ROOT, tinyScenario } from "../helpers/scenarios.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { computeRun } from "../../src/io/results.js";
import { formatSummary } from "../../src/cli/format.js";
import { formatIssue } from "../../src/scenario/issues.js";

/** The tiny world with a supply chain: Arcadia designs and makes D1; Borealis makes D2. */
function chipWorld(extra: { exportControls?: string; premium?: number; induced?: number; fabInvestment?: number; hbm?: { stacks: number; stock?: number; perWafer?: number; plainDesign?: boolean; capacityCost?: number; leadTime?: number } } = {}): string {
  const text = tinyScenario(`
semiconductors:
  exposureTo: Arcadia
  energyPrice: 50
  smugglingPremium: ${extra.premium ?? 1}
  inducedInvestment: ${extra.induced ?? 0}
  priceAdjustment: 1
  choiceSensitivity: 2
  allocationAdjustment: 1
  designs:
    - { id: D1, name: Design one, designer: A, country: Arcadia, fabs: [F1], node: 4, performance: 1, performanceGrowth: 1, power: 1, memory: 100, price: 50, chipsPerWafer: 10, system: { chips: 1, power: 1, efficiency: 1 }, initial: { fabShare: 1 } }
    - { id: D2, name: Design two, designer: B, country: Borealis, fabs: [F2], node: 7, performance: 0.4, performanceGrowth: 1.2, power: 0.5, memory: 64, price: 30, chipsPerWafer: 20, system: { chips: 1, power: 0.5, efficiency: 1 }, initial: { fabShare: 1 } }
  fabs:
    - { id: F1, name: Fab one, operator: A, country: Arcadia, node: 4, availability: 1, yieldTarget: 0.9, yieldLearning: 2, leadTime: 1, capacityCost: 1, reinvestment: 0, initial: { capacity: 10, yield: 0.5, capacityGrowth: 1 } }
    - { id: F2, name: Fab two, operator: B, country: Borealis, node: 7, availability: 1, yieldTarget: 0.6, yieldLearning: 1, leadTime: 1, capacityCost: 2, reinvestment: 0, initial: { capacity: 5, yield: 0.4, capacityGrowth: 1 } }
`);
  let out = text;
  if (extra.exportControls) out = out.replace("policy: { fabSubsidy: 0, openScienceFunding: 0.1, publicComputeSpend: 0.5 }", `policy: { fabSubsidy: 0, openScienceFunding: 0.1, publicComputeSpend: 0.5, ${extra.exportControls} }`);
  if (extra.hbm) {
    out = out.replace("memory: 64, price: 30", `memory: 64, hbmStacks: ${extra.hbm.stacks}, price: 30`);
    if (!out.includes("hbmStacks")) throw new Error("the tiny world's D2 changed: hbmStacks not set");
    if (extra.hbm.capacityCost !== undefined) out = out.replace("  allocationAdjustment: 1\n", `  allocationAdjustment: 1\n  memory: { inducedInvestment: 0.4, capacityCost: ${extra.hbm.capacityCost}, leadTime: ${extra.hbm.leadTime ?? 0.5} }\n`);
    if (extra.hbm.capacityCost !== undefined && !out.includes("capacityCost")) throw new Error("the tiny world's semiconductors changed: memory not set");
    out = out.replace("publicComputeSpend: 0.5 }, initial: { publicCompute: 5 } }\n  - { id: Cascadia", `publicComputeSpend: 0.5 }, hbmPerWafer: ${extra.hbm.perWafer ?? 0}, initial: { publicCompute: 5, hbmStock: ${extra.hbm.stock ?? 0} } }\n  - { id: Cascadia`);
    if (!out.includes("hbmStock")) throw new Error("the tiny world's Borealis changed: hbmStock not set");
    // a second design of Borealis on the same fab that needs no HBM
    if (extra.hbm.plainDesign) out = out.replace("  fabs:\n    - { id: F1", "    - { id: D3, name: Design three, designer: B, country: Borealis, fabs: [F2], node: 7, performance: 0.4, performanceGrowth: 1.2, power: 0.5, memory: 0, price: 30, chipsPerWafer: 20, system: { chips: 1, power: 0.5, efficiency: 1 }, initial: { fabShare: 1 } }\n  fabs:\n    - { id: F1");
    if (extra.hbm.plainDesign && !out.includes("id: D3")) throw new Error("the tiny world's fabs changed: D3 not added");
  }
  if (extra.fabInvestment) out = out.replace("policy: { fabSubsidy: 0, openScienceFunding: 0.1, publicComputeSpend: 0.5", `policy: { fabInvestment: ${extra.fabInvestment}, fabSubsidy: 0, openScienceFunding: 0.1, publicComputeSpend: 0.5`);
  return out;
}

function run(text: string, seed = 3) {
  const { rec, run } = record(loadOk({ "chips.yaml": text }, "chips.yaml"), seed);
  const layout = rec.layout!;
  const at = (kind: string, name: string, id: string, s: number) => rec.at(s, offsetOf(layout, kind, name) + (kind === "global" ? 0 : (layout.entities[kind] ?? []).indexOf(id)));
  return { at, world: run.state.world as World, last: rec.recorded - 1 };
}

describe("semiconductors", () => {
  it("reproduces NVL72 against CloudMatrix 384 from the baseline's chip data (C9, calibration.md#rack-systems)", () => {
    const designs = baseline().scenario.semiconductors!.designs;
    const nvl72 = systemPeak(designs.find((d) => d.id === "GB200")!);
    const cm384 = systemPeak(designs.find((d) => d.id === "Ascend910C")!);
    expect(nvl72.compute).toBeCloseTo(180, 6); // 72 x 2.5 PFLOP/s
    expect(cm384.compute).toBeCloseTo(299.52, 6); // 384 x 0.78 PFLOP/s, "~300"
    expect(cm384.compute / nvl72.compute).toBeCloseTo(1.66, 2); // "1.7x the compute"
    expect(559 / 145).toBeCloseTo(3.86, 2); // "3.9x the power"
    expect(nvl72.perKw / cm384.perKw).toBeGreaterThan(2.25); // "2.3x worse FLOP per watt"
    expect(nvl72.perKw / cm384.perKw).toBeLessThan(2.35);
  });

  it("delivers more of a system's peak the larger the system, by scaleOutLoss per doubling (C9, calibration.md#scale-out-loss)", () => {
    const design = (chips: number, performance: number, efficiency = 0.9) => ({ system: { chips, power: 1, efficiency }, performance });
    // the reference system itself delivers its stated efficiency
    expect(deliveredEfficiency(design(72, 2.5), 0.07, 180, 2.1, 0)).toBeCloseTo(0.9, 12);
    // a system a quarter of the reference's size: a run spans 4 times as many, two doublings lost
    expect(deliveredEfficiency(design(18, 2.5), 0.07, 180, 2.1, 0)).toBeCloseTo(0.9 * 0.93 * 0.93, 12);
    // and one twice its size gains one doubling back
    expect(deliveredEfficiency(design(144, 2.5), 0.07, 180, 2.1, 0)).toBeCloseTo(0.9 / 0.93, 12);
    // the reference grows along the hardware roadmap: a system that stays put loses one doubling per T2
    expect(deliveredEfficiency(design(72, 2.5), 0.07, 180, 2.1, 2.1)).toBeCloseTo(0.9 * 0.93, 12);
    expect(deliveredEfficiency(design(72, 2.5 * 2), 0.07, 180, 2.1, 2.1)).toBeCloseTo(0.9, 12);
    // without a loss, the stated efficiency whatever the size
    expect(deliveredEfficiency(design(1, 0.1), 0, 180, 2.1, 3)).toBe(0.9);
    // the baseline's systems at the start: CloudMatrix 384 delivers more than NVL72 from weaker chips, HGX H20 servers far less
    const designs = baseline().scenario.semiconductors!.designs;
    const semi = baseline().scenario.semiconductors!;
    const at0 = (id: string) => deliveredEfficiency(designs.find((d) => d.id === id)!, semi.scaleOutLoss!, semi.referenceSystem!, 2.1, 0);
    expect(at0("GB200")).toBeCloseTo(0.9, 12);
    expect(at0("Ascend910C")).toBeCloseTo(0.85 * Math.pow(299.52 / 180, -Math.log2(0.93)), 12);
    expect(at0("Ascend910C") / 0.85).toBeGreaterThan(1.05);
    expect(at0("H20")).toBeLessThan(0.6);
  });

  it("makes compute at the delivered efficiency, so larger systems of the same chips yield more compute per wafer", () => {
    const scaled = (text: string) => text.replace("  allocationAdjustment: 1\n", "  allocationAdjustment: 1\n  scaleOutLoss: 0.07\n  referenceSystem: 4\n");
    const r = run(scaled(chipWorld()));
    const y1 = 0.5 + (0.9 - 0.5) * (1 - Math.exp(-2 * 0.25));
    // D1: one 1-PFLOP/s chip per system against a reference of 4 PFLOP/s grown for a quarter (T2 = 2 yr)
    const eta = Math.pow(1 / (4 * Math.pow(2, 0.25 / 2)), -Math.log2(0.93));
    expect(r.at("design", "output", "D1", 1)).toBeCloseTo(10 * y1 * 10 * 1 * eta, 9);
    // Borealis's chips in systems of 64 instead of 1 (at the same power per chip), from 2030Q3: its compute rises, and only with the mechanism
    const bigger = "events:\n  - { id: E, title: Larger systems, at: 2030Q3, actions: [{ target: semiconductors.designs.D2.system.chips, set: 64, source: test }, { target: semiconductors.designs.D2.system.power, set: 32, source: test }] }\n";
    const compute = (text: string) => {
      const r = run(text);
      return r.at("country", "compute", "Borealis", r.last);
    };
    const gain = compute(scaled(chipWorld()) + bigger) / compute(scaled(chipWorld()));
    expect(gain).toBeGreaterThan(1.05);
    // the same power per chip: without the mechanism nothing changes
    expect(compute(chipWorld() + bigger) / compute(chipWorld())).toBeCloseTo(1, 12);
  });

  it("keeps the power the compute draws: each chip at its system's power per unit of compute, retired with the stock", () => {
    // D2 at 1 MW per EFLOP/s like D1 (0.4 kW per 0.4 PFLOP/s chip), and no roadmap: every chip draws the same
    const same = chipWorld().replace("performanceGrowth: 1.2, power: 0.5, memory: 64, price: 30, chipsPerWafer: 20, system: { chips: 1, power: 0.5, efficiency: 1 }", "performanceGrowth: 1, power: 0.4, memory: 64, price: 30, chipsPerWafer: 20, system: { chips: 1, power: 0.4, efficiency: 1 }");
    const r = run(same);
    for (const c of ["Arcadia", "Borealis", "Cascadia"]) {
      for (const s of [0, 1, 5, r.last]) expect(r.at("country", "ai_power", c, s)).toBeCloseTo(r.at("country", "compute", c, s) / 1000, 9);
    }
    // with two designs the power per unit of compute lies between theirs (1 and 1.25 MW per EFLOP/s
    // in the first quarters, before D2's roadmap lowers its own), and the world's is the sum
    const mixed = run(chipWorld());
    for (const s of [0, 1, mixed.last]) {
      let total = 0;
      for (const c of ["Arcadia", "Borealis", "Cascadia"]) {
        const perCompute = (1000 * mixed.at("country", "ai_power", c, s)) / mixed.at("country", "compute", c, s);
        if (s <= 1) expect(perCompute).toBeGreaterThan(1 - 1e-9);
        if (s <= 1) expect(perCompute).toBeLessThan(1.25 + 1e-9);
        total += mixed.at("country", "ai_power", c, s);
      }
      expect(mixed.at("global", "ai_power_total", "", s)).toBeCloseTo(total, 9);
    }
    // a larger, hungrier system of the same chips raises the power per unit of compute that is bought with it
    const hungry = run(chipWorld().replace("system: { chips: 1, power: 0.5, efficiency: 1 }", "system: { chips: 1, power: 5, efficiency: 1 }"));
    expect(hungry.at("country", "ai_power", "Borealis", hungry.last)).toBeGreaterThan(mixed.at("country", "ai_power", "Borealis", mixed.last));
  });

  it("prices compute and counts its power at the delivered efficiency, from the start's preview on", () => {
    const scaled = chipWorld().replace("  allocationAdjustment: 1\n", "  allocationAdjustment: 1\n  scaleOutLoss: 0.07\n  referenceSystem: 4\n");
    const r = run(scaled);
    const b = -Math.log2(0.93);
    // D1: 1-PFLOP/s chips in systems of one, USD 50k each, 1 kW a system; markup 1 until the first market
    const eta = (years: number) => Math.pow(1 / (4 * Math.pow(2, years / 2)), b);
    expect(r.at("design", "price", "D1", 0)).toBeCloseTo(50 / (1 * eta(0)) / 1000, 12);
    expect(r.at("design", "price", "D1", 1)).toBeCloseTo(50 / (1 * eta(0.25)) / 1000, 12);
    // a world that buys only D1 draws 1 kW / (1 PFLOP/s x eta) per unit of compute: at the start's
    // eta for the stock, at the quarter's for what is bought in it
    const onlyD1 = run(scaled.replace("initial: { capacity: 5, yield: 0.4", "initial: { capacity: 0, yield: 0.4"));
    const perCompute = (s: number) => (1000 * onlyD1.at("country", "ai_power", "Arcadia", s)) / onlyD1.at("country", "compute", "Arcadia", s);
    expect(perCompute(0)).toBeCloseTo(1 / eta(0), 9);
    expect(perCompute(1)).toBeGreaterThan(1 / eta(0));
    expect(perCompute(1)).toBeLessThan(1 / eta(0.25));
  });

  it("needs referenceSystem with scaleOutLoss", () => {
    const r = load({ "chips.yaml": chipWorld().replace("  allocationAdjustment: 1\n", "  allocationAdjustment: 1\n  scaleOutLoss: 0.07\n") }, "chips.yaml");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map(formatIssue).join("\n")).toMatch(/semiconductors\.scaleOutLoss: give both scaleOutLoss and referenceSystem, or neither/);
  });

  it("learns yield toward the target and makes compute from capacity, yield and chips per wafer", () => {
    const r = run(chipWorld());
    const y1 = 0.5 + (0.9 - 0.5) * (1 - Math.exp(-2 * 0.25));
    expect(r.at("fab", "yield", "F1", 1)).toBeCloseTo(y1, 12);
    // 10 kwafer/yr x yield x 10 chips per wafer x 1 PFLOP/s = EFLOP/s per year
    expect(r.at("design", "output", "D1", 1)).toBeCloseTo(10 * y1 * 10 * 1, 9);
  });

  it("counts a design's sales as its maker's share of the all-in price, and that share moves nothing else (calibration.md#system-prices)", () => {
    const whole = chipWorld({ fabInvestment: 4 }).replace("reinvestment: 0, initial: { capacity: 10", "reinvestment: 0.3, initial: { capacity: 10");
    const shared = whole.replace("price: 50, chipsPerWafer: 10,", "price: 50, vendorShare: 0.4, chipsPerWafer: 10,");
    const a = run(whole);
    const b = run(shared);
    expect(a.last).toBeGreaterThan(6);
    // with prices held (the recorded price is the one paid), sales over price are the compute
    // the three countries bought, over both designs
    const held = run(whole.replace("priceAdjustment: 1", "priceAdjustment: 0"));
    let unsold = 0;
    for (let s = 1; s <= held.last; s++) {
      const bought = (["Arcadia", "Borealis", "Cascadia"] as const).reduce((t, c) => t + held.at("country", "compute_bought", c, s), 0);
      const sold = (["D1", "D2"] as const).reduce((t, d) => t + held.at("design", "sales", d, s) / held.at("design", "price", d, s), 0);
      expect(sold, `quarter ${s}`).toBeCloseTo(bought, 9);
      if (held.at("design", "sales", "D1", s) < 0.99 * held.at("design", "output", "D1", s) * held.at("design", "price", "D1", s)) unsold++;
    }
    for (let s = 1; s <= a.last; s++) {
      const sales = a.at("design", "sales", "D1", s);
      expect(b.at("design", "sales", "D1", s)).toBeCloseTo(0.4 * sales, 9);
      // the fab reinvests a share of the all-in value, so its capacity does not move with vendorShare
      expect(b.at("fab", "capacity", "F1", s)).toBe(a.at("fab", "capacity", "F1", s));
      expect(b.at("country", "compute", "Arcadia", s)).toBe(a.at("country", "compute", "Arcadia", s));
      expect(b.at("design", "sales", "D2", s)).toBe(a.at("design", "sales", "D2", s));
    }
    expect(a.at("fab", "capacity", "F1", a.last)).toBeGreaterThan(a.at("fab", "capacity", "F1", 4));
    // at held prices the tiny world makes more of D1 than its buyers want, and that earns nothing
    expect(unsold).toBeGreaterThan(0);
  });

  it("adds ordered capacity only after the lead time", () => {
    const r = run(chipWorld({ fabInvestment: 4 }));
    for (let s = 1; s <= 4; s++) expect(r.at("fab", "capacity", "F1", s)).toBe(10);
    // 4 USD bn/yr for a quarter at 1 USD bn per kwafer/yr, ordered in quarter 1, arrives in quarter 5
    expect(r.at("fab", "capacity", "F1", 5)).toBeCloseTo(11, 12);
    expect(r.at("fab", "capacity", "F1", 6)).toBeCloseTo(12, 12);
  });

  it("retires capacity at its rate, and the capacity under construction at the start replaces it while growing at capacityGrowth", () => {
    const f1 = "leadTime: 1, capacityCost: 1, reinvestment: 0, initial: { capacity: 10, yield: 0.5, capacityGrowth: 1 } }";
    const world = (retire: string, growth = 1) => chipWorld({ fabInvestment: 4 }).replace(f1, `leadTime: 1, capacityCost: 1, reinvestment: 0, ${retire}initial: { capacity: 10, yield: 0.5, capacityGrowth: ${growth} } }`);
    const keep = Math.exp(-0.2 * 0.25);
    // no growth before the start: what was on order replaces what retires, for a lead time
    const r = run(world("retirement: 0.2, "));
    for (let s = 1; s <= 4; s++) expect(r.at("fab", "capacity", "F1", s)).toBeCloseTo(10, 10);
    // then the public money's first order (1 kwafer/yr) arrives, and nothing replaces what retires
    expect(r.at("fab", "capacity", "F1", 5)).toBeCloseTo(10 * keep + 1, 10);
    expect(r.at("fab", "capacity", "F1", 6)).toBeCloseTo((10 * keep + 1) * keep + 1, 10);
    // growth at 1.5x a year before the start: the capacity grows at that rate for a lead time
    const g = run(world("retirement: 0.2, ", 1.5));
    for (let s = 1; s <= 4; s++) expect(g.at("fab", "capacity", "F1", s)).toBeCloseTo(10 * Math.pow(1.5, s / 4), 10);
    // without retirement, as before
    const none = run(world(""));
    expect(none.at("fab", "capacity", "F1", 5)).toBeCloseTo(11, 12);
    expect(r.at("fab", "capacity", "F2", 8)).toBe(none.at("fab", "capacity", "F2", 8));
  });

  it("keeps controlled chips from the targets, and slows the targets' fabs with equipment controls", () => {
    const rules = "exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0.5 }";
    const r = run(chipWorld({ exportControls: rules }));
    const open = run(chipWorld());
    // D1 (1 PFLOP/s) is above the threshold: Borealis may buy only D2, so its access is D2's share
    const share2 = r.at("design", "output", "D2", 1) / (r.at("design", "output", "D1", 1) + r.at("design", "output", "D2", 1));
    expect(r.at("country", "chip_access", "Borealis", 1)).toBeCloseTo(share2, 12);
    expect(r.at("country", "chip_access", "Arcadia", 1)).toBe(1);
    expect(r.at("country", "domestic_chip_share", "Borealis", r.last)).toBeCloseTo(1, 12);
    expect(open.at("country", "domestic_chip_share", "Borealis", r.last)).toBeLessThan(0.9);
    // yield learning at half speed: 0.4 + 0.2 (1 - exp(-1 x 0.5 x 0.25))
    expect(r.at("fab", "yield", "F2", 1)).toBeCloseTo(0.4 + 0.2 * (1 - Math.exp(-0.125)), 12);
    expect(open.at("fab", "yield", "F2", 1)).toBeCloseTo(0.4 + 0.2 * (1 - Math.exp(-0.25)), 12);
  });

  it("induces domestic fab investment in proportion to the demand the controls withhold (C8)", () => {
    const rules = "exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0 }";
    const r = run(chipWorld({ exportControls: rules, induced: 0.5 }));
    const none = run(chipWorld({ exportControls: rules, induced: 0 }));
    // Borealis's weights in quarter 1, by hand: cost per EFLOP/s = price x price factor (1.5;
    // its 0.2 fab subsidy applies to D2, made at home) + lifetime energy (MW per EFLOP/s x
    // 50 USD/MWh x 8760 h x 5 yr / 1e9); weights ~ cost^-2
    const energy = (mw: number) => (mw * 50 * 8760 * 5) / 1e9;
    const p2 = 30 / (0.4 * Math.pow(1.2, 0.25)) / 1000; // D2's roadmap has moved one quarter
    const cost1 = 0.05 * 1.5 + energy(1);
    const cost2 = p2 * 1.5 * (1 - 0.2) + energy(0.5 / (0.4 * Math.pow(1.2, 0.25)));
    const withheld = cost1 ** -2 / (cost1 ** -2 + cost2 ** -2);
    // planned compute spending: Beta's budget x its compute weight (0.3 of 1.0) + public 0.5
    const spend = r.at("firm", "budget", "Beta", 1) * 0.3 + 0.5;
    expect(r.at("country", "induced_fab_investment", "Borealis", 1)).toBeCloseTo(0.5 * withheld * spend, 12);
    expect(none.at("country", "induced_fab_investment", "Borealis", 1)).toBe(0);
    expect(r.at("fab", "capacity", "F2", r.last)).toBeGreaterThan(none.at("fab", "capacity", "F2", r.last));
  });

  it("lets smuggled chips through: a controlled design still reaches the target, up to a number of chips", () => {
    const rules = (q: number) => `exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0, smuggling: ${q} }`;
    const leaky = run(chipWorld({ exportControls: rules(1) }));
    const tight = run(chipWorld({ exportControls: rules(0) }));
    expect(leaky.at("country", "exposure", "Borealis", leaky.last)).toBeGreaterThan(0);
    expect(leaky.at("country", "chips_smuggled", "Borealis", 1)).toBeGreaterThan(0);
    expect(tight.at("country", "exposure", "Borealis", tight.last)).toBe(0);
    expect(tight.at("country", "chips_smuggled", "Borealis", 1)).toBe(0);
    // nobody else is targeted: nobody else smuggles or is licensed
    for (const c of ["Arcadia", "Cascadia"]) {
      expect(leaky.at("country", "chips_smuggled", c, 1)).toBe(0);
      expect(leaky.at("country", "chips_licensed", c, 1)).toBe(0);
    }
  });

  describe("smuggling and licences are numbers of chips (hand-computed, first quarter)", () => {
    // Borealis's quarter-1 weights as in the induced-investment test above: D1 is controlled,
    // its want is the spending on it at list price, in chips [k chips/yr]
    const energy = (mw: number) => (mw * 50 * 8760 * 5) / 1e9;
    const p2 = 30 / (0.4 * Math.pow(1.2, 0.25)) / 1000;
    const cost1 = 0.05 * 1.5 + energy(1);
    const cost2 = p2 * 1.5 * (1 - 0.2) + energy(0.5 / (0.4 * Math.pow(1.2, 0.25)));
    const share1 = cost1 ** -2 / (cost1 ** -2 + cost2 ** -2);
    const oneQuarter = (text: string) => text.replace("end: 2032Q4", "end: 2030Q2");
    const world = (rule: string, premium = 1) =>
      run(oneQuarter(chipWorld({ exportControls: `exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0, ${rule} }`, induced: 0.5, premium })));
    const want = (r: ReturnType<typeof run>) => ((r.at("firm", "budget", "Beta", 1) * 0.3 + 0.5) * share1 * 1000) / (50 * 1.5);
    // D1's orders are filled pro rata when it is short
    const fill = (r: ReturnType<typeof run>) => Math.min(1, r.world.semiconductors.designs[0]!.output / r.world.semiconductors.designs[0]!.demand);

    it("smuggles what the target wants at the premium when enforcement lets more through", () => {
      const r = world("smuggling: 1000000", 1.5);
      // a smuggled chip costs 1.5x: the buyer wants it less, by the ratio of costs to the -2,
      // and its money buys 1.5x fewer chips
      const appeal = ((0.05 * 1.5 * 1.5 + energy(1)) / cost1) ** -2;
      expect(r.at("country", "chips_smuggled", "Borealis", 1)).toBeCloseTo((want(r) * appeal * fill(r)) / 1.5, 9);
      expect(r.at("country", "chips_licensed", "Borealis", 1)).toBe(0);
      // D1 delivers 1 PFLOP/s a chip: a thousand chips a year are 1 EFLOP/s a year
      expect(r.at("country", "compute_smuggled", "Borealis", 1)).toBeCloseTo(r.at("country", "chips_smuggled", "Borealis", 1), 9);
      // what Borealis bought is what its stock gained over what it kept (a quarter at 0.2 a year)
      const bought = (r.at("country", "compute", "Borealis", 1) - r.at("country", "compute", "Borealis", 0) * Math.exp(-0.2 * 0.25)) / 0.25;
      expect(r.at("country", "compute_bought", "Borealis", 1)).toBeCloseTo(bought, 9);
      expect(r.at("country", "compute_bought", "Borealis", 1)).toBeGreaterThan(r.at("country", "compute_smuggled", "Borealis", 1));
    });

    it("lets no more through than the rule's number, and withholds the rest (which induces fab investment)", () => {
      const free = world("smuggling: 1000000");
      const q = want(free) / 4;
      const r = world(`smuggling: ${q}`);
      expect(r.at("country", "chips_smuggled", "Borealis", 1)).toBeCloseTo(q * fill(r), 9);
      // three quarters of the want stay withheld: induced investment = 0.5 x that share x spending
      const spend = r.at("firm", "budget", "Beta", 1) * 0.3 + 0.5;
      expect(r.at("country", "induced_fab_investment", "Borealis", 1)).toBeCloseTo(0.5 * share1 * 0.75 * spend, 9);
      expect(free.at("country", "induced_fab_investment", "Borealis", 1)).toBeCloseTo(0, 12);
    });

    it("sells licensed chips first, at list price, and smuggles only what they leave", () => {
      const free = world("smuggling: 1000000");
      const l = want(free) / 2;
      const r = world(`licensed: ${l}, smuggling: ${l / 4}`, 1.5);
      expect(r.at("country", "chips_licensed", "Borealis", 1)).toBeCloseTo(l * fill(r), 9);
      expect(r.at("country", "chips_smuggled", "Borealis", 1)).toBeCloseTo((l / 4) * fill(r), 9);
      // licences for all the want: nothing left to smuggle or withhold
      const all = world(`licensed: ${want(free) * 2}, smuggling: 1000000`, 1.5);
      expect(all.at("country", "chips_smuggled", "Borealis", 1)).toBe(0);
      expect(all.at("country", "chips_licensed", "Borealis", 1)).toBeCloseTo(want(all) * fill(all), 9);
      expect(all.at("country", "induced_fab_investment", "Borealis", 1)).toBeCloseTo(0, 12);
    });

    it("counts only the withheld part of a design a rule reaches in part, and licenses before withholding", () => {
      // Cascadia's D3 (like D1) is made in Arcadia's fab; Arcadia's foreign product rule reaches
      // half of it, so Borealis may buy half of D3 freely and none of D1
      const text = oneQuarter(
        chipWorld({ exportControls: `exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0, foreignProductRule: 0.5, licensed: LIC }`, induced: 0.5 }).replace(
          "    - { id: D2,",
          "    - { id: D3, name: Third, designer: C, country: Cascadia, fabs: [F1], node: 5, performance: 1, performanceGrowth: 1, power: 1, memory: 10, price: 50, chipsPerWafer: 10, system: { chips: 1, power: 1, efficiency: 1 }, initial: { fabShare: 1 } }\n    - { id: D2,",
        ),
      );
      // D3 costs Borealis what D1 does: u1 = u3
      const u1 = cost1 ** -2 / (2 * cost1 ** -2 + cost2 ** -2);
      const probe = run(text.replace("LIC", "0"));
      const spend = probe.at("firm", "budget", "Beta", 1) * 0.3 + 0.5;
      // the controlled chips wanted: all of D1's share and half of D3's [k chips/yr]
      const want = ((spend * 1000) / 75) * (u1 + 0.5 * u1);
      const r = run(text.replace("LIC", String(want / 2)));
      const designs = r.world.semiconductors.designs;
      const fillOf = (id: string) => {
        const d = designs.find((x) => x.id === id)!;
        return Math.min(1, d.output / d.demand);
      };
      // licences meet half of each design's withheld part: D1's whole share, D3's half
      expect(r.at("country", "chips_licensed", "Borealis", 1)).toBeCloseTo(((spend * 1000) / 75) * u1 * 0.5 * (fillOf("D1") + 0.5 * fillOf("D3")), 9);
      // what stays withheld: half of D1's share and a quarter of D3's
      expect(r.at("country", "induced_fab_investment", "Borealis", 1)).toBeCloseTo(0.5 * 0.75 * u1 * spend, 9);
      expect(probe.at("country", "induced_fab_investment", "Borealis", 1)).toBeCloseTo(0.5 * 1.5 * u1 * spend, 9);
    });

    it("lets the stricter of two rules that withhold a design equally bind, whichever country is listed first", () => {
      // Cascadia's foreign product rule reaches D1 (made in Arcadia, outside the targets) fully,
      // as Arcadia's own rule does: the rule that lets fewer chips through binds
      const both = (arcadia: number, cascadia: number) =>
        run(
          oneQuarter(
            chipWorld({ exportControls: `exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0, smuggling: ${arcadia} }` }).replace(
              "policy: { fabSubsidy: 0, openScienceFunding: 0, publicComputeSpend: 0.1 }",
              `policy: { fabSubsidy: 0, openScienceFunding: 0, publicComputeSpend: 0.1, exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0, foreignProductRule: 1, smuggling: ${cascadia} } }`,
            ),
          ),
        );
      expect(both(5, 0).at("country", "chips_smuggled", "Borealis", 1)).toBe(0);
      expect(both(0, 5).at("country", "chips_smuggled", "Borealis", 1)).toBe(0);
      expect(both(5, 5).at("country", "chips_smuggled", "Borealis", 1)).toBeGreaterThan(0);
      // licences count only where they cover the design: Cascadia's, for D2 alone, let no D1
      // through, so its rule binds D1 however many Arcadia licenses, and whichever is listed first
      const licences = (arcadia: string, cascadia: string) =>
        run(
          oneQuarter(
            chipWorld({ exportControls: `exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0, ${arcadia} }` }).replace(
              "policy: { fabSubsidy: 0, openScienceFunding: 0, publicComputeSpend: 0.1 }",
              `policy: { fabSubsidy: 0, openScienceFunding: 0, publicComputeSpend: 0.1, exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0, foreignProductRule: 1, ${cascadia} } }`,
            ),
          ),
        );
      expect(licences("licensed: 1000000, licensedDesigns: [D1]", "licensed: 1000000, licensedDesigns: [D2]").at("country", "chips_licensed", "Borealis", 1)).toBe(0);
      expect(licences("licensed: 1000000, licensedDesigns: [D1]", "licensed: 1000000").at("country", "chips_licensed", "Borealis", 1)).toBeGreaterThan(0);
    });

    it("shares a rule's number among its targets in proportion to their want, whatever their number", () => {
      const two = (q: number) =>
        run(oneQuarter(chipWorld({ exportControls: `exportControls: { targets: [Borealis, Cascadia], threshold: 0.5, equipment: 0, smuggling: ${q} }` })));
      const free = two(1000000);
      const wantB = free.at("country", "chips_smuggled", "Borealis", 1);
      const wantC = free.at("country", "chips_smuggled", "Cascadia", 1);
      expect(wantB).toBeGreaterThan(0);
      expect(wantC).toBeGreaterThan(0);
      const q = (wantB + wantC) / (3 * fill(free));
      const r = two(q);
      const b = r.at("country", "chips_smuggled", "Borealis", 1);
      const c = r.at("country", "chips_smuggled", "Cascadia", 1);
      expect(b + c).toBeCloseTo(q * fill(r), 9);
      expect(b / c).toBeCloseTo(wantB / wantC, 9);
    });

    it("licenses only the designs a rule names, dearer by its fee, which the rule's government collects", () => {
      const big = 1000000;
      const plain = world(`licensed: ${big}`);
      // naming the only controlled design changes nothing
      const named = world(`licensed: ${big}, licensedDesigns: [D1]`);
      expect(named.at("country", "chips_licensed", "Borealis", 1)).toBeGreaterThan(0);
      expect(named.at("country", "chips_licensed", "Borealis", 1)).toBeCloseTo(plain.at("country", "chips_licensed", "Borealis", 1), 12);
      // naming another design licenses nothing: D1 stays withheld, as without licences
      const other = world(`licensed: ${big}, licensedDesigns: [D2]`);
      const none = world("licensed: 0");
      expect(other.at("country", "chips_licensed", "Borealis", 1)).toBe(0);
      expect(other.at("country", "induced_fab_investment", "Borealis", 1)).toBeCloseTo(none.at("country", "induced_fab_investment", "Borealis", 1), 12);
      expect(none.at("country", "induced_fab_investment", "Borealis", 1)).toBeGreaterThan(0);
      // a fee of 0.4 of D1's maker's price (vendorShare 1) on top of the 1.5 x price Borealis
      // pays: licensed chips cost (1.5 + 0.4) / 1.5 times as much, so the buyer wants them less,
      // by the ratio of costs to the -2, and its money buys fewer
      const fee = world(`licensed: ${big}, licenceFee: 0.4`);
      const g = (1.5 + 0.4) / 1.5;
      const appeal = ((0.05 * 1.5 * g + energy(1)) / cost1) ** -2;
      // what the fee puts off stays withheld, and turns to the designs Borealis may buy freely
      // (D2) and back to D1's licences, which have chips left, in proportion to u (times the
      // licensed route's appeal)
      const u1 = share1;
      const u2 = 1 - share1;
      const back = ((1 - appeal) * u1 * (u1 * appeal)) / (u2 + u1 * appeal);
      const licensed = fee.at("country", "chips_licensed", "Borealis", 1);
      expect(licensed).toBeCloseTo(((want(fee) * (appeal + back / u1)) / g) * fill(fee), 9);
      // Arcadia collects 0.4 of D1's price on each licensed chip: k chips/yr x 1 PFLOP/s x
      // USD 0.05 bn per EFLOP/s x 0.4
      expect(fee.at("country", "licence_revenue", "Arcadia", 1)).toBeCloseTo(licensed * 0.05 * 0.4, 9);
      for (const c of ["Borealis", "Cascadia"]) expect(fee.at("country", "licence_revenue", c, 1)).toBe(0);
      expect(plain.at("country", "licence_revenue", "Arcadia", 1)).toBe(0);
      // and the rest induces investment at home
      const spend = fee.at("firm", "budget", "Beta", 1) * 0.3 + 0.5;
      expect(fee.at("country", "induced_fab_investment", "Borealis", 1)).toBeCloseTo(0.5 * ((1 - appeal) * u1 - back) * spend, 9);
    });

    /** One quarter of the tiny world where Arcadia also designs D4, a copy of D1 on the same fab (its maker paid vendorShare of its price), under a rule on Borealis. */
    const withCopy = (rule: string, vendorShare: number) => {
      const text = chipWorld({ exportControls: `exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0, ${rule} }`, induced: 0.5 }).replace(
        "    - { id: D2,",
        `    - { id: D4, name: Copy, designer: A, country: Arcadia, fabs: [F1], node: 4, performance: 1, performanceGrowth: 1, power: 1, memory: 100, price: 50, vendorShare: ${vendorShare}, chipsPerWafer: 10, system: { chips: 1, power: 1, efficiency: 1 }, initial: { fabShare: 1 } }\n    - { id: D2,`,
      );
      if (!text.includes("id: D4")) throw new Error("the tiny world's designs changed: D4 not added");
      return oneQuarter(text);
    };

    it("meets a licence's number for the design it names alone, at the fee, whatever the fee", () => {
      // Arcadia designs D4 as well, a copy of D1 on the same fab: both are controlled for Borealis,
      // and the rule licenses D4 alone, for half of what Borealis wants of it
      const text = (rule: string) => withCopy(rule, 0.5);
      const u1 = cost1 ** -2 / (2 * cost1 ** -2 + cost2 ** -2);
      const probe = run(text("licensed: 0"));
      const spend = probe.at("firm", "budget", "Beta", 1) * 0.3 + 0.5;
      const fillOf = (r: ReturnType<typeof run>, id: string) => {
        const d = r.world.semiconductors.designs.find((x) => x.id === id)!;
        return Math.min(1, d.supply / d.demand);
      };
      // the fee is a share of D4's maker's price, half its all-in price (vendorShare 0.5)
      for (const f of [0, 0.4]) {
        const g = 1 + (f * 0.5) / 1.5;
        const appeal = ((0.05 * 1.5 * g + energy(1)) / cost1) ** -2;
        // D4's chips wanted under licence, at the fee [k chips/yr]; the licence meets half
        const wanted = (((spend * 1000) / 75) * u1 * appeal) / g;
        const r = run(text(`licensed: ${wanted / 2}, licensedDesigns: [D4], licenceFee: ${f}`));
        expect(r.at("country", "chips_licensed", "Borealis", 1)).toBeCloseTo((wanted / 2) * fillOf(r, "D4"), 9);
        // D1 stays withheld, and half of D4's share with what the fee puts off
        expect(r.at("country", "induced_fab_investment", "Borealis", 1)).toBeCloseTo(0.5 * (u1 + u1 * (1 - appeal / 2)) * spend, 9);
        expect(r.at("country", "licence_revenue", "Arcadia", 1)).toBeCloseTo((wanted / 2) * fillOf(r, "D4") * 0.05 * 0.5 * f, 9);
        // the compute bought: the licensed D4 chips (1 PFLOP/s each), and D2, the one design
        // Borealis may buy freely, with all the rest of its money at its own price (its fab
        // subsidy of 0.2 paying part)
        const d2 = ((spend * (1 - (u1 * appeal) / 2)) * fillOf(r, "D2")) / (p2 * 1.5 * 0.8);
        expect(r.at("country", "compute_bought", "Borealis", 1)).toBeCloseTo(d2 + r.at("country", "chips_licensed", "Borealis", 1), 9);
      }
    });

    it("turns the demand withheld from other designs to a licensed one while its licences last", () => {
      const text = (rule: string) => withCopy(rule, 1);
      const u1 = cost1 ** -2 / (2 * cost1 ** -2 + cost2 ** -2);
      const u2 = 1 - 2 * u1;
      const probe = run(text("licensed: 0"));
      const spend = probe.at("firm", "budget", "Beta", 1) * 0.3 + 0.5;
      const fillD4 = (r: ReturnType<typeof run>) => {
        const d = r.world.semiconductors.designs.find((x) => x.id === "D4")!;
        return Math.min(1, d.supply / d.demand);
      };
      // D4's own want, and what D1's withheld demand (all of u1) moves to it: u1 x u4 / (u2 + u4)
      const own = ((spend * 1000) / 75) * u1;
      const turned = ((spend * 1000) / 75) * ((u1 * u1) / (u2 + u1));
      const all = run(text("licensed: 1000000, licensedDesigns: [D4]"));
      expect(all.at("country", "chips_licensed", "Borealis", 1)).toBeCloseTo((own + turned) * fillD4(all), 9);
      expect(all.at("country", "induced_fab_investment", "Borealis", 1)).toBeCloseTo(0.5 * ((u1 * u2) / (u2 + u1)) * spend, 9);
      // licences for D4's own want and half of what turns to it
      const half = run(text(`licensed: ${own + turned / 2}, licensedDesigns: [D4]`));
      expect(half.at("country", "chips_licensed", "Borealis", 1)).toBeCloseTo((own + turned / 2) * fillD4(half), 9);
      expect(half.at("country", "induced_fab_investment", "Borealis", 1)).toBeCloseTo(0.5 * (u1 - (u1 * u1) / (u2 + u1) / 2) * spend, 9);
      // licences for less than its own want leave nothing to turn to
      const short = run(text(`licensed: ${own / 2}, licensedDesigns: [D4]`));
      expect(short.at("country", "induced_fab_investment", "Borealis", 1)).toBeCloseTo(0.5 * (u1 + u1 / 2) * spend, 9);
    });

    it("offers a design only to its markets, and smuggles none of one made only for a rule's targets", () => {
      const only = (markets: string, rule = "") => {
        const text = chipWorld(rule === "" ? {} : { exportControls: `exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0, ${rule} }` }).replace("memory: 100, price: 50,", `memory: 100, markets: [${markets}], price: 50,`);
        if (!text.includes("markets:")) throw new Error("the tiny world's D1 changed: markets not set");
        return run(text);
      };
      // D1 (made in Arcadia's fab) for Arcadia alone: Cascadia's chips all come from Borealis
      const home = only("Arcadia");
      const everyone = run(chipWorld());
      for (const s of [0, 1, home.last]) {
        expect(home.at("country", "exposure", "Cascadia", s)).toBe(0);
        expect(home.at("country", "exposure", "Arcadia", s)).toBeGreaterThan(0);
      }
      expect(everyone.at("country", "exposure", "Cascadia", 1)).toBeGreaterThan(0);
      // smuggled chips are diverted from buyers elsewhere: none of a design only the target is offered
      const smuggle = "smuggling: 1000000";
      expect(only("Borealis", smuggle).at("country", "chips_smuggled", "Borealis", 1)).toBe(0);
      expect(only("Borealis, Cascadia", smuggle).at("country", "chips_smuggled", "Borealis", 1)).toBeGreaterThan(0);
      // licences still reach it (the H200 made for China)
      expect(only("Borealis", "licensed: 1000000").at("country", "chips_licensed", "Borealis", 1)).toBeGreaterThan(0);
    });

    it("does not count a design made for a rule's targets alone as withheld while the rule licenses none", () => {
      const made = (markets: string, rule: string) => {
        const text = chipWorld({ exportControls: `exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0, ${rule} }`, induced: 0.5 }).replace("memory: 100, price: 50,", `memory: 100, markets: [${markets}], price: 50,`);
        if (!text.includes("markets:")) throw new Error("the tiny world's D1 changed: markets not set");
        return run(oneQuarter(text));
      };
      // D1, made for Borealis alone and barred to it, is not on offer: nothing is withheld
      expect(made("Borealis", "licensed: 0").at("country", "induced_fab_investment", "Borealis", 1)).toBe(0);
      // offered elsewhere too, it is wanted and withheld, as is one made for Borealis alone
      // that the rule licenses a little of
      const spend = made("Borealis", "licensed: 0").at("firm", "budget", "Beta", 1) * 0.3 + 0.5;
      expect(made("Borealis, Cascadia", "licensed: 0").at("country", "induced_fab_investment", "Borealis", 1)).toBeCloseTo(0.5 * share1 * spend, 9);
      expect(made("Borealis", "licensed: 0.001").at("country", "induced_fab_investment", "Borealis", 1)).toBeGreaterThan(0.49 * share1 * spend);
    });
  });

  describe("an inventory of chips made before the start", () => {
    // D2 (Borealis) makes 5 kwafer/yr x 0.4 yield x 20 chips = 40k chips a year at the start
    const stocked = (chips: number) => {
      const text = chipWorld().replace("chipsPerWafer: 20, system: { chips: 1, power: 0.5, efficiency: 1 }, initial: { fabShare: 1 } }", `chipsPerWafer: 20, system: { chips: 1, power: 0.5, efficiency: 1 }, initial: { fabShare: 1, inventory: ${chips} } }`);
      if (!text.includes("inventory:")) throw new Error("the tiny world's D2 changed: inventory not set");
      return run(text);
    };
    const bought = (r: ReturnType<typeof run>, s: number) => ["Arcadia", "Borealis", "Cascadia"].reduce((a, c) => a + r.at("country", "compute_bought", c, s), 0);

    it("meets the demand the output does not, until none is left, and keeps the price from rising meanwhile", () => {
      const none = stocked(0);
      const r = stocked(20);
      expect(r.at("design", "inventory", "D2", 0)).toBe(20);
      expect(none.at("design", "inventory", "D2", 0)).toBe(0);
      for (let s = 1; s <= r.last; s++) {
        expect(r.at("design", "inventory", "D2", s)).toBeLessThanOrEqual(r.at("design", "inventory", "D2", s - 1));
        // the fab makes what it would have made
        expect(r.at("design", "output", "D2", s)).toBeCloseTo(none.at("design", "output", "D2", s), 9);
      }
      // while D2's output covers its demand (its first year) the stock is kept, and the price
      // moves as without it: the seller does not dump it
      expect(r.at("design", "inventory", "D2", 4)).toBe(20);
      for (let s = 1; s <= 5; s++) expect(r.at("design", "price", "D2", s)).toBeCloseTo(none.at("design", "price", "D2", s), 12);
      // then demand outgrows the output: the stock meets the rest, so the price does not rise
      // as it does without it, and the sales count the chips it sold
      expect(r.at("design", "inventory", "D2", 7)).toBeLessThan(19);
      expect(r.at("design", "price", "D2", 7)).toBeLessThan(none.at("design", "price", "D2", 7));
      expect(r.at("design", "sales", "D2", 7)).toBeGreaterThan(none.at("design", "sales", "D2", 7));
      expect(r.at("design", "inventory", "D2", r.last)).toBe(0);
    });

    it("keeps its price while nobody may order it", () => {
      // D1 is made for Borealis alone, which Arcadia's rule bars from it: no orders at all
      const barred = (chips: number) => {
        const text = chipWorld({ exportControls: "exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0 }" }).replace(
          "memory: 100, price: 50, chipsPerWafer: 10, system: { chips: 1, power: 1, efficiency: 1 }, initial: { fabShare: 1 } }",
          `memory: 100, markets: [Borealis], price: 50, chipsPerWafer: 10, system: { chips: 1, power: 1, efficiency: 1 }, initial: { fabShare: 1, inventory: ${chips} } }`,
        );
        if (!text.includes("inventory:")) throw new Error("the tiny world's D1 changed: inventory not set");
        return run(text);
      };
      const held = barred(10);
      const dumped = barred(0);
      for (let s = 1; s <= held.last; s++) {
        expect(held.at("design", "price", "D1", s)).toBeCloseTo(0.05, 12);
        expect(held.at("design", "inventory", "D1", s)).toBe(10);
      }
      // without a stock to hold, the output nobody buys drives the price down to its floor
      expect(dumped.at("design", "price", "D1", dumped.last)).toBeCloseTo(0.025, 12);
    });

    it("leaves its fab's wafers to follow all the demand for the design", () => {
      // Borealis also designs D3, a copy of D2 on the same fab
      const shared = (chips: number) => {
        const text = chipWorld({ hbm: { stacks: 0, plainDesign: true } }).replace("chipsPerWafer: 20, system: { chips: 1, power: 0.5, efficiency: 1 }, initial: { fabShare: 1 } }\n    - { id: D3", `chipsPerWafer: 20, system: { chips: 1, power: 0.5, efficiency: 1 }, initial: { fabShare: 1, inventory: ${chips} } }\n    - { id: D3`);
        if (!text.includes("inventory:")) throw new Error("the tiny world's D2 changed: inventory not set");
        return run(text);
      };
      // after the first quarter (the same demand: the price starts at list either way) the fab
      // splits its wafers between D2 and D3 as it would without the stock, though the stock met
      // part of D2's demand
      const none = shared(0);
      const r = shared(40);
      expect(r.at("design", "inventory", "D2", 1)).toBeLessThan(40);
      expect(r.at("design", "output", "D2", 1)).toBeCloseTo(none.at("design", "output", "D2", 1), 12);
      expect(r.at("design", "output", "D2", 2)).toBeCloseTo(none.at("design", "output", "D2", 2), 12);
      expect(r.at("design", "output", "D3", 2)).toBeCloseTo(none.at("design", "output", "D3", 2), 12);
      // and the fab reinvests what it made and sold, not what the stock sold
      const reinvesting = (chips: number) => {
        const text = chipWorld({ hbm: { stacks: 0, plainDesign: true } })
          .replace("chipsPerWafer: 20, system: { chips: 1, power: 0.5, efficiency: 1 }, initial: { fabShare: 1 } }\n    - { id: D3", `chipsPerWafer: 20, system: { chips: 1, power: 0.5, efficiency: 1 }, initial: { fabShare: 1, inventory: ${chips} } }\n    - { id: D3`)
          .replace("capacityCost: 2, reinvestment: 0,", "capacityCost: 2, reinvestment: 0.5,");
        if (!text.includes("reinvestment: 0.5")) throw new Error("the tiny world's F2 changed: reinvestment not set");
        return run(text);
      };
      const plain = reinvesting(0);
      const stock = reinvesting(40);
      expect(stock.at("design", "inventory", "D2", 1)).toBeLessThan(40);
      expect(plain.at("country", "fab_investment", "Borealis", 1)).toBeGreaterThan(0);
      expect(stock.at("country", "fab_investment", "Borealis", 1)).toBeCloseTo(plain.at("country", "fab_investment", "Borealis", 1), 12);
    });

    it("offers a design that no fab makes any more from its inventory alone", () => {
      // Arcadia's D4, a copy of D1 on the same fab, gets no wafers: only its stock is sold
      const text = chipWorld().replace(
        "    - { id: D2,",
        "    - { id: D4, name: Old stock, designer: A, country: Arcadia, fabs: [F1], node: 4, performance: 1, performanceGrowth: 1, power: 1, memory: 100, price: 50, chipsPerWafer: 10, system: { chips: 1, power: 1, efficiency: 1 }, initial: { fabShare: 0, inventory: 5 } }\n    - { id: D2,",
      );
      const r = run(text);
      expect(r.at("design", "output", "D4", 1)).toBe(0);
      expect(r.at("design", "inventory", "D4", 1)).toBeLessThan(5);
      expect(r.at("design", "sales", "D4", 1)).toBeGreaterThan(0);
    });

    it("never sells more than the output and the inventory hold", () => {
      fc.assert(
        fc.property(fc.double({ min: 0, max: 200, noNaN: true }), (chips) => {
          const r = stocked(chips);
          for (let s = 1; s <= r.last; s++) {
            const d1 = r.at("design", "output", "D1", s);
            const d2 = r.at("design", "output", "D2", s);
            // the compute of the chips taken from the inventory this quarter [EFLOP/s per yr]
            const used = ((r.at("design", "inventory", "D2", s - 1) - r.at("design", "inventory", "D2", s)) * r.at("design", "performance", "D2", s - 1)) / 0.25;
            expect(r.at("design", "inventory", "D2", s)).toBeGreaterThanOrEqual(0);
            expect(bought(r, s)).toBeLessThanOrEqual((d1 + d2) * (1 + 1e-9) + Math.max(0, used) * (1 + 1e-9) + 1e-9);
          }
        }),
        { numRuns: 12 },
      );
    });
  });

  it("applies a foreign product rule to chips designed in third countries and made outside the targets", () => {
    // Cascadia designs a 1 PFLOP/s chip made in Arcadia's fab; Arcadia's rule targets Borealis
    const third = (rule: number) =>
      chipWorld({ exportControls: `exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0, foreignProductRule: ${rule} }` }).replace(
        "    - { id: D2,",
        "    - { id: D3, name: Third, designer: C, country: Cascadia, fabs: [F1], node: 5, performance: 1, performanceGrowth: 1, power: 1, memory: 10, price: 50, chipsPerWafer: 10, system: { chips: 1, power: 1, efficiency: 1 }, initial: { fabShare: 1 } }\n    - { id: D2,",
      );
    const covered = run(third(1));
    const open = run(third(0));
    // with the rule, Borealis may buy only its own D2; without it, D3 too
    const d2 = (r: ReturnType<typeof run>) => r.at("design", "output", "D2", 1);
    const all = (r: ReturnType<typeof run>) => d2(r) + r.at("design", "output", "D1", 1) + r.at("design", "output", "D3", 1);
    expect(covered.at("country", "chip_access", "Borealis", 1)).toBeCloseTo(d2(covered) / all(covered), 12);
    expect(open.at("country", "chip_access", "Borealis", 1)).toBeGreaterThan(covered.at("country", "chip_access", "Borealis", 1) + 0.1);
  });

  it("weighs cost by the software ecosystem: a better ecosystem wins more of the market", () => {
    // Arcadia is the exposure country: its exposure is the share of its compute made at home (F1, D1)
    const base = run(chipWorld());
    const better = run(chipWorld().replace("price: 30, chipsPerWafer: 20", "price: 30, software: 3, chipsPerWafer: 20"));
    expect(better.at("country", "exposure", "Arcadia", 4)).toBeLessThan(base.at("country", "exposure", "Arcadia", 4) - 0.01);
  });

  it("offers money left unspent to designs with supply left, so buyers are not stranded by one shortage", () => {
    // D1's fab ships a tenth of its output: D1 is short, D2 is not
    // (and F2 is large, so D2 has plenty to spare)
    const text = chipWorld()
      .replace("end: 2032Q4", "end: 2030Q2") // one quarter
      .replace("availability: 1, yieldTarget: 0.9", "availability: 0.1, yieldTarget: 0.9")
      .replace("initial: { capacity: 5, yield: 0.4", "initial: { capacity: 500, yield: 0.4");
    const sc = run(text, 3).world.semiconductors;
    expect(sc.designs[0]!.demand).toBeGreaterThan(sc.designs[0]!.output); // round 1 was short of D1
    expect(sc.left[0]!).toBeLessThan(1e-9); // all of D1 is sold
    expect(sc.left[1]!).toBeGreaterThan(1e-9); // D2 has supply left ...
    // ... so every buyer spent all it planned: round 2 moved the rest to D2
    for (const c of run(text, 3).world.countries) expect(c.spent).toBeCloseTo(c.computeSpend, 9);
  });

  it("does not let the second round get round export controls: what is smuggled, is smuggled in round 1", () => {
    const rules = "exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0, smuggling: 1 }";
    const oneQuarter = (text: string) => text.replace("end: 2032Q4", "end: 2030Q2");
    const normal = run(oneQuarter(chipWorld({ exportControls: rules })));
    // Borealis's own chip is short: it has money left for round 2, and D1 has supply left
    const short = run(oneQuarter(chipWorld({ exportControls: rules }).replace("availability: 1, yieldTarget: 0.6", "availability: 0.1, yieldTarget: 0.6")));
    const keep = Math.exp(-0.2 * 0.25);
    // compute Borealis bought of D1 (made in F1, in Arcadia, the exposure country) in quarter 1
    const fromF1 = (r: ReturnType<typeof run>) =>
      r.at("country", "exposure", "Borealis", 1) * r.at("country", "compute", "Borealis", 1) - r.at("country", "exposure", "Borealis", 0) * r.at("country", "compute", "Borealis", 0) * keep;
    expect(fromF1(normal)).toBeGreaterThan(0);
    expect(fromF1(short)).toBeCloseTo(fromF1(normal), 9);
    expect(short.world.countries.find((c) => c.id === "Borealis")!.spent).toBeLessThan(short.world.countries.find((c) => c.id === "Borealis")!.computeSpend);
  });

  it("grows a fab that starts with no capacity from public money, shared among the country's fabs", () => {
    const text = chipWorld({ fabInvestment: 4 }).replace(
      "  fabs:\n",
      "  fabs:\n    - { id: F3, name: New site, operator: A, country: Arcadia, node: 4, availability: 1, yieldTarget: 0.9, yieldLearning: 1, leadTime: 1, capacityCost: 1, reinvestment: 0, initial: { capacity: 0, yield: 0.5, capacityGrowth: 1 } }\n",
    ).replace("fabs: [F1], node: 4", "fabs: [F1, F3], node: 4");
    const r = run(text);
    expect(r.at("fab", "capacity", "F3", 4)).toBe(0);
    // half of 4 USD bn/yr for a quarter at 1 USD bn per kwafer/yr arrives after the lead time
    expect(r.at("fab", "capacity", "F3", 5)).toBeCloseTo(0.5, 12);
  });

  it("never overflows, however sharply buyers compare costs", () => {
    const text = chipWorld().replace("choiceSensitivity: 2", "choiceSensitivity: 50").replace("end: 2032Q4", "end: 2060Q4");
    const r = run(text);
    for (const c of ["Arcadia", "Borealis", "Cascadia"]) expect(Number.isFinite(r.at("country", "compute", c, r.last))).toBe(true);
  });

  it("shows the chip market as it stands at step 0 (access and prices before anything is bought)", () => {
    const { rec } = record(baseline(), 5);
    const layout = rec.layout!;
    const at = (name: string, id: string) => rec.at(0, offsetOf(layout, "country", name) + layout.entities["country"]!.indexOf(id));
    expect(at("chip_access", "CN")).toBeLessThan(0.5);
    expect(rec.at(0, offsetOf(layout, "global", "chip_price"))).toBeGreaterThan(0);
    expect(rec.at(0, offsetOf(layout, "global", "chip_output"))).toBeGreaterThan(0);
  });

  it.each([1, 2, 3])("keeps the stock by origin equal to each country's compute, its cloud's included (seed %i)", (seed) => {
    for (const r of [run(chipWorld({ exportControls: "exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0.3, smuggling: 1, licensed: 0.5 }", premium: 2 }), seed), { world: record(baseline(), seed).run.state.world as World }]) {
      const w = r.world;
      const nf = w.semiconductors.fabs.length;
      w.countries.forEach((c, i) => {
        let sum = 0;
        for (let j = 0; j < nf; j++) sum += w.semiconductors.stock[i * nf + j]!;
        expect(sum / (c.compute + c.cloudCompute)).toBeCloseTo(1, 9);
      });
    }
  });

  it("in the baseline, US compute depends on Taiwan more than China's, far more by 2030, and controls cut China's access (C8, C10)", () => {
    const { rec } = record(baseline(), 5);
    const layout = rec.layout!;
    const at = (name: string, id: string) => rec.at(1, offsetOf(layout, "country", name) + layout.entities["country"]!.indexOf(id));
    const in2030 = (name: string, id: string) => rec.at(21, offsetOf(layout, "country", name) + layout.entities["country"]!.indexOf(id));
    expect(at("exposure", "US")).toBeGreaterThan(0.85);
    expect(at("exposure", "CN")).toBeLessThan(at("exposure", "US") - 0.1);
    expect(in2030("exposure", "CN")).toBeLessThan(in2030("exposure", "US") - 0.3);
    expect(at("chip_access", "CN")).toBeLessThan(0.5);
    expect(at("chip_access", "US")).toBe(1);
    // about half of China's new AI compute was domestic in 2024 (the evaluation's corroboration:
    // 0.2-0.6), and the share grows as the controls hold
    expect(at("domestic_chip_share", "CN")).toBeGreaterThan(0.2);
    expect(at("domestic_chip_share", "CN")).toBeLessThan(0.6);
    const late = rec.at(rec.recorded - 1, offsetOf(layout, "country", "domestic_chip_share") + layout.entities["country"]!.indexOf("CN"));
    expect(late).toBeGreaterThan(at("domestic_chip_share", "CN"));
  });

  it("without the supply chain (ablation), compute is bought at the world price and chip metrics are neutral", () => {
    const { rec } = record(baseline(["mechanisms.semiconductors=false"]), 5);
    const layout = rec.layout!;
    const at = (name: string, id: string) => rec.at(4, offsetOf(layout, "country", name) + layout.entities["country"]!.indexOf(id));
    expect(at("chip_access", "CN")).toBe(1);
    expect(at("fab_investment", "CN")).toBe(0);
    expect(at("compute", "CN")).toBeGreaterThan(0);
  });

  describe("process technology (calibration.md#china-node-lag)", () => {
    /**
     * Arcadia controls Borealis's equipment (E) but not its chips (threshold above every
     * design), so no demand is withheld and fab investment is the two policies' alone.
     */
    function lagWorld(o: { equipment: number; substitution?: number; catchUp?: number; lag?: number; arcadia?: number; borealis?: number; split?: boolean; end?: string; reinvest?: number; second?: boolean }): string {
      let text = chipWorld({ exportControls: `exportControls: { targets: [Borealis], threshold: 100, equipment: ${o.equipment} }`, fabInvestment: o.arcadia ?? 3 });
      if (o.catchUp !== undefined) text = text.replace("  allocationAdjustment: 1\n", `  allocationAdjustment: 1\n  catchUp: ${o.catchUp}\n`);
      if (o.substitution !== undefined) text = text.replace("  allocationAdjustment: 1\n", `  allocationAdjustment: 1\n  substitution: ${o.substitution}\n`);
      text = text.replace(
        "policy: { fabSubsidy: 0.2, openScienceFunding: 0.2, publicComputeSpend: 0.5 }, initial: { publicCompute: 5 }",
        `policy: { fabInvestment: ${o.borealis ?? 1}, fabSubsidy: 0.2, openScienceFunding: 0.2, publicComputeSpend: 0.5 }, initial: { publicCompute: 5, processLag: ${o.lag ?? 3} }`,
      );
      if (o.end) text = text.replace("end: 2032Q4", `end: ${o.end}`);
      const f2 = "    - { id: F2, name: Fab two, operator: B, country: Borealis, node: 7, availability: 1, yieldTarget: 0.6, yieldLearning: 1, leadTime: 1, capacityCost: 2, reinvestment: 0, initial: { capacity: 5, yield: 0.4, capacityGrowth: 1 } }";
      if (o.reinvest !== undefined) text = text.replace(f2, f2.replace("reinvestment: 0,", `reinvestment: ${o.reinvest},`));
      if (o.second) {
        // D2 is also made in an Arcadian fab, larger and with better yields
        text = text
          .replace("fabs: [F2]", "fabs: [F2, F3]")
          .replace(f2, `${f2}\n    - { id: F3, name: Fab three, operator: C, country: Arcadia, node: 7, availability: 1, yieldTarget: 0.9, yieldLearning: 1, leadTime: 1, capacityCost: 2, reinvestment: 0, initial: { capacity: 10, yield: 0.9, capacityGrowth: 1 } }`);
      }
      if (o.split) {
        text = text.replace("fabs: [F2]", "fabs: [F2a, F2b]").replace(
          "    - { id: F2, name: Fab two, operator: B, country: Borealis, node: 7, availability: 1, yieldTarget: 0.6, yieldLearning: 1, leadTime: 1, capacityCost: 2, reinvestment: 0, initial: { capacity: 5, yield: 0.4, capacityGrowth: 1 } }",
          [
            "    - { id: F2a, name: Fab two A, operator: B, country: Borealis, node: 7, availability: 1, yieldTarget: 0.6, yieldLearning: 1, leadTime: 1, capacityCost: 2, reinvestment: 0, initial: { capacity: 2.5, yield: 0.4, capacityGrowth: 1 } }",
            "    - { id: F2b, name: Fab two B, operator: B, country: Borealis, node: 7, availability: 1, yieldTarget: 0.6, yieldLearning: 1, leadTime: 1, capacityCost: 2, reinvestment: 0, initial: { capacity: 2.5, yield: 0.4, capacityGrowth: 1 } }",
          ].join("\n"),
        );
      }
      return text;
    }

    it("without catch-up, widens the lag by E a year and moves the design back along its roadmap, without cutting capacity", () => {
      const r = run(lagWorld({ equipment: 0.4 }));
      const free = run(lagWorld({ equipment: 0 }));
      for (const step of [1, 4, r.last]) {
        const years = step * 0.25;
        expect(r.at("country", "process_lag", "Borealis", step)).toBeCloseTo(3 + 0.4 * years, 12);
        expect(free.at("country", "process_lag", "Borealis", step)).toBeCloseTo(3, 12);
        // the performance recorded at a step includes that quarter's lag (applied at its end)
        expect(r.at("design", "performance", "D2", step) / free.at("design", "performance", "D2", step)).toBeCloseTo(Math.pow(1.2, -0.4 * years), 12);
      }
      // the controls hold back the node, not the purchase of capacity (calibration.md#china-equipment-imports)
      expect(r.at("fab", "capacity", "F2", r.last)).toBeCloseTo(free.at("fab", "capacity", "F2", r.last), 12);
      // Arcadia is nobody's target: its lag stays where it started (0)
      expect(r.at("country", "process_lag", "Arcadia", r.last)).toBe(0);
    });

    it("closes the lag at catchUp x the country's share of the world's fab investment per year of lag, exactly over a quarter", () => {
      // Borealis's fab reinvests a fifth of its sales: they count in its investment
      const r = run(lagWorld({ equipment: 0.4, catchUp: 2, reinvest: 0.2 }));
      const ia = r.at("country", "fab_investment", "Arcadia", 1);
      const ib = r.at("country", "fab_investment", "Borealis", 1);
      expect(ia).toBeCloseTo(3, 12);
      expect(ib).toBeGreaterThan(1.01);
      const phi = (2 * ib) / (ia + ib);
      const decay = Math.exp(-phi * 0.25);
      const lag1 = 3 * decay + (0.4 / phi) * (1 - decay);
      expect(r.at("country", "process_lag", "Borealis", 1)).toBeCloseTo(lag1, 12);
      const free = run(lagWorld({ equipment: 0.4, reinvest: 0.2 }));
      // the design moved forward by the lag it closed, against the run without catch-up
      expect(r.at("design", "performance", "D2", 1) / free.at("design", "performance", "D2", 1)).toBeCloseTo(Math.pow(1.2, 3 + 0.4 * 0.25 - lag1), 12);
    });

    it("holds a controlled country a bounded lag behind: it tends to E / (catchUp s), and closes without controls", () => {
      // shares stay 1/4 (policies only): the steady state is 0.4 / (2 x 0.25) = 0.8 years
      const held = run(lagWorld({ equipment: 0.4, catchUp: 2, end: "2060Q4" }));
      expect(held.at("country", "process_lag", "Borealis", held.last)).toBeCloseTo(0.8, 6);
      // a larger share of the world's investment holds it closer
      const more = run(lagWorld({ equipment: 0.4, catchUp: 2, borealis: 3, end: "2060Q4" }));
      expect(more.at("country", "process_lag", "Borealis", more.last)).toBeCloseTo(0.4 / (2 * 0.5), 6);
      // without controls it closes as 3 exp(-phi t)
      const open = run(lagWorld({ equipment: 0, catchUp: 2 }));
      expect(open.at("country", "process_lag", "Borealis", open.last)).toBeCloseTo(3 * Math.exp(-0.5 * open.last * 0.25), 12);
      // a vanishing catch-up joins the run without it smoothly (no loss of digits in 1 - exp(-phi dt))
      const tiny = run(lagWorld({ equipment: 0.4, catchUp: 1e-15 }));
      expect(tiny.at("country", "process_lag", "Borealis", tiny.last)).toBeCloseTo(3 + 0.4 * tiny.last * 0.25, 12);
      // without investment it cannot close: the lag widens by E a year, as without catch-up
      const none = run(lagWorld({ equipment: 0.4, catchUp: 2, borealis: 0 }));
      expect(none.at("country", "process_lag", "Borealis", none.last)).toBeCloseTo(3 + 0.4 * none.last * 0.25, 12);
    });

    it("loosens the controls' hold as the target learns to make the tools: dependence falls as exp(-substitution E t)", () => {
      const r = run(lagWorld({ equipment: 0.4, substitution: 0.5 }));
      const fixed = run(lagWorld({ equipment: 0.4 }));
      // the quarter's lag grows by E d summed over the quarter: d_start (1 - exp(-z E dt)) / z
      let lag = 3;
      for (let step = 1; step <= r.last; step++) {
        const d = Math.exp(-0.5 * 0.4 * (step - 1) * 0.25);
        lag += (d * (1 - Math.exp(-0.5 * 0.4 * 0.25))) / 0.5;
        expect(r.at("country", "tool_dependence", "Borealis", step)).toBeCloseTo(Math.exp(-0.5 * 0.4 * step * 0.25), 12);
        expect(r.at("country", "process_lag", "Borealis", step)).toBeCloseTo(lag, 12);
      }
      expect(fixed.at("country", "tool_dependence", "Borealis", fixed.last)).toBe(1);
      // less lag, so the design keeps more of its roadmap
      expect(r.at("design", "performance", "D2", r.last)).toBeGreaterThan(fixed.at("design", "performance", "D2", fixed.last));
      // the lag the controls add over all time is 1 / z whatever E (a longer run, no catch-up)
      for (const equipment of [0.2, 0.8]) {
        const long = run(lagWorld({ equipment, substitution: 0.5, end: "2200Q4" }));
        expect(long.at("country", "process_lag", "Borealis", long.last)).toBeCloseTo(3 + 1 / 0.5, 6);
      }
      // with catch-up, one quarter by hand: the exact solution with E d at its quarter's mean
      const both = run(lagWorld({ equipment: 0.4, substitution: 0.5, catchUp: 2 }));
      const phi = (2 * both.at("country", "fab_investment", "Borealis", 1)) / (both.at("country", "fab_investment", "Arcadia", 1) + both.at("country", "fab_investment", "Borealis", 1));
      const mean = (1 - Math.exp(-0.5 * 0.4 * 0.25)) / (0.5 * 0.25);
      const decay = Math.exp(-phi * 0.25);
      expect(both.at("country", "process_lag", "Borealis", 1)).toBeCloseTo(3 * decay + (mean / phi) * (1 - decay), 12);
      // no pressure, no learning: a country nobody controls keeps its dependence
      const free = run(lagWorld({ equipment: 0, substitution: 0.5 }));
      expect(free.at("country", "tool_dependence", "Borealis", free.last)).toBe(1);
      expect(r.at("country", "tool_dependence", "Arcadia", r.last)).toBe(1);
    });

    it("moves a design made in two countries by the lag of each, weighted by its share of the output", () => {
      const r = run(lagWorld({ equipment: 0.4, second: true }));
      const free = run(lagWorld({ equipment: 0, second: true }));
      // each fab makes only D2, so its share of D2's output is its capacity x yield over the sum
      const made = (fab: string) => r.at("fab", "capacity", fab, 1) * r.at("fab", "yield", fab, 1);
      const x = made("F2") / (made("F2") + made("F3"));
      expect(x).toBeGreaterThan(0.1);
      expect(x).toBeLessThan(0.4);
      expect(r.at("design", "performance", "D2", 1) / free.at("design", "performance", "D2", 1)).toBeCloseTo(Math.pow(1.2, -x * 0.4 * 0.25), 12);
    });

    it("is the same when the controlled country's fab is split in two", () => {
      const one = run(lagWorld({ equipment: 0.4, catchUp: 2 }));
      const two = run(lagWorld({ equipment: 0.4, catchUp: 2, split: true }));
      for (const step of [1, 5, one.last]) {
        expect(two.at("country", "process_lag", "Borealis", step)).toBeCloseTo(one.at("country", "process_lag", "Borealis", step), 12);
        expect(two.at("design", "performance", "D2", step)).toBeCloseTo(one.at("design", "performance", "D2", step), 12);
        expect(two.at("country", "compute", "Borealis", step) / one.at("country", "compute", "Borealis", step)).toBeCloseTo(1, 12);
      }
    });
  });
});

describe("power for AI chips (calibration.md#dc-power-growth)", () => {
  const ARCADIA = "- { id: Arcadia, name: Arcadia, gdp: 2, gdpGrowth: 0.02, computePriceFactor: 1, policy: { fabSubsidy: 0, openScienceFunding: 0.1, publicComputeSpend: 0.5 }";
  /** The tiny chip world with a power limit on Arcadia: GW/yr added, the share AI may take, growth. */
  function powered(additions: number, share: number, growth = 1): string {
    const text = chipWorld().replace(ARCADIA, `- { id: Arcadia, name: Arcadia, gdp: 2, gdpGrowth: 0.02, computePriceFactor: 1, powerAdditions: ${additions}, powerAdditionsGrowth: ${growth}, policy: { aiPowerShare: ${share}, fabSubsidy: 0, openScienceFunding: 0.1, publicComputeSpend: 0.5 }`);
    if (!text.includes("powerAdditions")) throw new Error("the tiny world's Arcadia changed: powerAdditions not set");
    return text;
  }
  const free = run(chipWorld());
  // Arcadia's chips add about 0.006 GW a year in the first quarters: a limit of 1e-3 GW/yr binds
  const tight = run(powered(0.01, 0.1));

  it("without powerAdditions, connects what the chips need: nothing goes unbought for want of power", () => {
    for (const c of ["Arcadia", "Borealis", "Cascadia"]) {
      for (let s = 0; s <= free.last; s++) {
        expect(free.at("country", "unpowered_share", c, s)).toBe(0);
        expect(free.at("country", "ai_power_capacity", c, s)).toBeGreaterThanOrEqual(free.at("country", "ai_power", c, s) * (1 - 1e-12));
      }
    }
  });

  it("never lets the chips draw more than the capacity connected, which grows by at most additions x share a year", () => {
    expect(tight.at("country", "ai_power_capacity", "Arcadia", 0)).toBeCloseTo(free.at("country", "ai_power", "Arcadia", 0), 12);
    for (let s = 1; s <= tight.last; s++) {
      const cap = tight.at("country", "ai_power_capacity", "Arcadia", s);
      expect(tight.at("country", "ai_power", "Arcadia", s)).toBeLessThanOrEqual(cap * (1 + 1e-9));
      expect(cap - tight.at("country", "ai_power_capacity", "Arcadia", s - 1)).toBeLessThanOrEqual(0.01 * 0.1 * 0.25 * (1 + 1e-9));
    }
    expect(tight.at("country", "unpowered_share", "Arcadia", 1)).toBeGreaterThan(0.1);
    // the money that finds no power stays unspent
    const a = tight.world.countries[0]!;
    expect(a.spent).toBeLessThan(a.computeSpend * (1 - 1e-3));
  });

  it("costs the short country compute, and only it: the others are not stranded (two-sided)", () => {
    expect(tight.at("country", "compute", "Arcadia", tight.last)).toBeLessThan(free.at("country", "compute", "Arcadia", free.last) * 0.99);
    for (const c of ["Borealis", "Cascadia"]) expect(tight.at("country", "compute", c, tight.last)).toBeGreaterThanOrEqual(free.at("country", "compute", c, free.last) * (1 - 1e-9));
    for (const c of ["Borealis", "Cascadia"]) for (let s = 0; s <= tight.last; s++) expect(tight.at("country", "unpowered_share", c, s)).toBe(0);
    // more of the new capacity for AI: more compute, up to the unlimited case
    const looser = run(powered(0.01, 0.5));
    const last = (r: ReturnType<typeof run>) => r.at("country", "compute", "Arcadia", r.last);
    expect(last(looser)).toBeGreaterThan(last(tight));
    expect(last(looser)).toBeLessThanOrEqual(last(free) * (1 + 1e-9));
    // a limit that never binds changes nothing
    const ample = run(powered(1000, 1));
    for (const c of ["Arcadia", "Borealis", "Cascadia"]) expect(ample.at("country", "compute", c, ample.last)).toBe(free.at("country", "compute", c, free.last));
  });

  it("grows the additions at powerAdditionsGrowth, and with no share for AI connects nothing new", () => {
    const growing = run(powered(0.01, 0.1, 2));
    const step = (r: ReturnType<typeof run>, s: number) => r.at("country", "ai_power_capacity", "Arcadia", s) - r.at("country", "ai_power_capacity", "Arcadia", s - 1);
    // binding throughout, so each quarter adds exactly the limit, which doubles a year
    expect(step(growing, 1)).toBeCloseTo(0.01 * 0.1 * 0.25, 12);
    expect(step(growing, 5) / step(growing, 1)).toBeCloseTo(2, 9);
    const none = run(powered(0.01, 0));
    for (let s = 1; s <= none.last; s++) expect(none.at("country", "ai_power_capacity", "Arcadia", s)).toBe(none.at("country", "ai_power_capacity", "Arcadia", 0));
  });

  it("names a country's power shortage in the run's summary, and nothing where power never binds", () => {
    const r = computeRun(loadOk({ "chips.yaml": powered(0.01, 0.1) }, "chips.yaml"), 3).summary;
    expect(r.powerShortfalls.map((p) => p.country)).toEqual(["Arcadia"]);
    expect(r.powerShortfalls[0]!.from).toBe("2030Q2"); // the first quarter after the start
    expect(r.powerShortfalls[0]!.peak).toBeGreaterThan(0.1);
    expect(r.powerShortfalls[0]!.peak).toBeLessThanOrEqual(1);
    expect(formatSummary("t", "chips", 3, r, "out", [])).toMatch(/Power: Arcadia's buyers could not connect up to \d+% of the chips they could have bought in a quarter, from 2030Q2 to /);
    expect(computeRun(loadOk({ "chips.yaml": chipWorld() }, "chips.yaml"), 3).summary.powerShortfalls).toEqual([]);
  });

  it("limits the second round too: money moved to designs with supply left finds no more power", () => {
    // D1 is short, so round 2 moves money to D2, whose systems draw ten times as much per chip
    const text = powered(0.01, 0.1)
      .replace("end: 2032Q4", "end: 2030Q2")
      .replace("availability: 1, yieldTarget: 0.9", "availability: 0.1, yieldTarget: 0.9")
      .replace("initial: { capacity: 5, yield: 0.4", "initial: { capacity: 500, yield: 0.4")
      .replace("system: { chips: 1, power: 0.5, efficiency: 1 }", "system: { chips: 1, power: 5, efficiency: 1 }");
    const r = run(text, 3);
    expect(r.at("country", "ai_power", "Arcadia", 1)).toBeLessThanOrEqual(r.at("country", "ai_power_capacity", "Arcadia", 1) * (1 + 1e-9));
    // it is power, not supply, that held the second round back: D2 had chips left, and money stayed unspent
    const sc = r.world.semiconductors;
    expect(sc.left[1]!).toBeGreaterThan(0.01 * sc.designs[1]!.supply);
    const a = r.world.countries[0]!;
    expect(a.spent).toBeLessThan(a.computeSpend * 0.9);
    expect(r.at("country", "unpowered_share", "Arcadia", 1)).toBeGreaterThan(0.5);
  });

  it("lets a country with power to spare take the chips a short one leaves, connecting them from its own additions", () => {
    const BOREALIS = "- { id: Borealis, name: Borealis, gdp: 1, gdpGrowth: 0.04, computePriceFactor: 1.5, policy: { fabSubsidy: 0.2";
    const ample = powered(0.01, 0.1).replace(BOREALIS, "- { id: Borealis, name: Borealis, gdp: 1, gdpGrowth: 0.04, computePriceFactor: 1.5, powerAdditions: 1000, policy: { aiPowerShare: 1, fabSubsidy: 0.2");
    if (!ample.includes("powerAdditions: 1000")) throw new Error("the tiny world's Borealis changed: powerAdditions not set");
    const both = run(ample);
    for (let s = 1; s <= both.last; s++) {
      expect(both.at("country", "unpowered_share", "Borealis", s)).toBe(0);
      expect(both.at("country", "compute_bought", "Borealis", s)).toBe(tight.at("country", "compute_bought", "Borealis", s));
    }
    expect(both.at("country", "unpowered_share", "Arcadia", 1)).toBeGreaterThan(0.1);
  });

  it("does not stack on a chip shortage: a country that can power all the chips it can get buys all of them", () => {
    // both fabs ship a twentieth of their output: the fill, not power, limits what Arcadia buys
    const scarce = (t: string) => t.replace("availability: 1, yieldTarget: 0.9", "availability: 0.05, yieldTarget: 0.9").replace("availability: 1, yieldTarget: 0.6", "availability: 0.05, yieldTarget: 0.6");
    const limited = run(scarce(powered(0.01, 0.1)));
    const unlimited = run(scarce(chipWorld()));
    for (let s = 1; s <= 4; s++) {
      expect(limited.at("country", "ai_power", "Arcadia", s)).toBeLessThanOrEqual(limited.at("country", "ai_power_capacity", "Arcadia", s) * (1 + 1e-9));
      expect(unlimited.at("country", "ai_power", "Arcadia", s)).toBeLessThanOrEqual(limited.at("country", "ai_power_capacity", "Arcadia", s));
      expect(limited.at("country", "unpowered_share", "Arcadia", s)).toBe(0);
      for (const c of ["Arcadia", "Borealis"]) expect(limited.at("country", "compute_bought", c, s)).toBe(unlimited.at("country", "compute_bought", c, s));
    }
  });
});

describe("high-bandwidth memory", () => {
  const DT = 0.25;
  // Arcadia's rule withholds HBM from Borealis, which designs D2 (eight stacks a chip); D1 is
  // below no threshold here, so only memory binds
  const rule = (memory: number) => `exportControls: { targets: [Borealis], threshold: 100, equipment: 0, memory: ${memory} }`;
  /** Chips of D2 made in quarter s [k]: its output over its per-chip performance (efficiency 1). */
  const chips = (r: ReturnType<typeof run>, s: number) => (r.at("design", "output", "D2", s) * DT) / r.at("design", "performance", "D2", s);

  it("makes a targeted designer's chips only as far as its HBM stock allows, and not at all once it is gone", () => {
    const r = run(chipWorld({ exportControls: rule(1), hbm: { stacks: 8, stock: 0.2 } }));
    const free = run(chipWorld({ exportControls: rule(0), hbm: { stacks: 8, stock: 0.2 } }));
    // the preview at the start draws nothing
    expect(r.at("country", "hbm_stock", "Borealis", 0)).toBe(0.2);
    // quarter 1: about 10k chips need 80k stacks (0.08 M) of the 0.2 M held; all are made
    expect(r.at("design", "output", "D2", 1)).toBe(free.at("design", "output", "D2", 1));
    expect(r.at("country", "hbm_stock", "Borealis", 1)).toBeCloseTo(0.2 - (chips(r, 1) * 8) / 1000, 12);
    expect(r.at("country", "hbm_shortfall", "Borealis", 1)).toBe(0);
    // the stock runs out within the run; from then on D2 is not made at all
    let used = 0;
    let gone = -1;
    for (let s = 1; s <= r.last; s++) {
      used += (chips(r, s) * 8) / 1000;
      if (gone < 0 && r.at("country", "hbm_stock", "Borealis", s) === 0) gone = s;
    }
    expect(gone).toBeGreaterThan(1);
    expect(used).toBeCloseTo(0.2, 12);
    expect(r.at("country", "hbm_shortfall", "Borealis", gone)).toBeGreaterThan(0);
    expect(r.at("design", "output", "D2", gone + 1)).toBe(0);
    expect(r.at("country", "hbm_shortfall", "Borealis", gone + 1)).toBe(1);
    // without the rule the stock is never drawn, and the same chips are made throughout
    expect(free.at("country", "hbm_stock", "Borealis", free.last)).toBe(0.2);
    expect(free.at("design", "output", "D2", free.last)).toBeGreaterThan(0);
  });

  it("changes nothing without a memory rule or for a design that needs no HBM", () => {
    const plain = run(chipWorld({ exportControls: rule(0) }));
    const stacked = run(chipWorld({ exportControls: rule(0), hbm: { stacks: 8, stock: 0, perWafer: 0 } }));
    const ruleNoStacks = run(chipWorld({ exportControls: rule(1), hbm: { stacks: 0, stock: 0 } }));
    for (let s = 0; s <= plain.last; s++) {
      for (const [kind, name, id] of [["design", "output", "D1"], ["design", "output", "D2"], ["country", "compute", "Borealis"], ["country", "compute", "Arcadia"]] as const) {
        expect(stacked.at(kind, name, id, s)).toBe(plain.at(kind, name, id, s));
        expect(ruleNoStacks.at(kind, name, id, s)).toBe(plain.at(kind, name, id, s));
      }
    }
  });

  it("withholds only the rule's share of the stacks: at half, a quarter draws half as much", () => {
    const full = run(chipWorld({ exportControls: rule(1), hbm: { stacks: 8, stock: 1 } }));
    const half = run(chipWorld({ exportControls: rule(0.5), hbm: { stacks: 8, stock: 1 } }));
    expect(half.at("design", "output", "D2", 1)).toBe(full.at("design", "output", "D2", 1));
    expect(1 - half.at("country", "hbm_stock", "Borealis", 1)).toBeCloseTo((1 - full.at("country", "hbm_stock", "Borealis", 1)) / 2, 12);
  });

  it("uses domestic output first, at hbmPerWafer stacks a wafer of the country's fab capacity, from the quarter an event sets it", () => {
    // induced investment grows Borealis's fab while Arcadia's chips above the threshold are withheld
    const rules = "exportControls: { targets: [Borealis], threshold: 0.5, equipment: 0, memory: 1 }";
    const event = "events:\n  - { id: Hbm, title: domestic HBM, at: 2031Q1, actions: [{ target: countries.Borealis.hbmPerWafer, set: 100, source: test }] }\n";
    const r = run(chipWorld({ exportControls: rules, induced: 0.5, hbm: { stacks: 8, stock: 0.05, perWafer: 0 } }) + event);
    expect(r.at("fab", "capacity", "F2", r.last)).toBeGreaterThan(r.at("fab", "capacity", "F2", 0));
    const from = 4; // 2031Q1
    for (let s = 1; s <= r.last; s++) {
      const perWafer = s >= from ? 100 : 0;
      expect(r.at("country", "hbm_capacity", "Borealis", s)).toBeCloseTo((perWafer * r.at("country", "fab_capacity", "Borealis", s)) / 1000, 12);
    }
    // before the event the stock (0.05 M) runs out; from it, 100 stacks a wafer (~0.5 M stacks a
    // year, ~0.13 a quarter) cover the ~0.08 M a quarter needed, and the stock stays where it was
    expect(r.at("country", "hbm_stock", "Borealis", from - 1)).toBe(0);
    expect(r.at("country", "hbm_shortfall", "Borealis", from - 1)).toBe(1);
    for (let s = from; s <= r.last; s++) {
      expect(r.at("country", "hbm_stock", "Borealis", s)).toBe(0);
      expect(r.at("country", "hbm_shortfall", "Borealis", s)).toBe(0);
      expect(r.at("design", "output", "D2", s)).toBeGreaterThan(0);
    }
  });

  it("cuts only the designs that need HBM, and moves the fab's wafers to those it can make", () => {
    const short = run(chipWorld({ exportControls: rule(1), hbm: { stacks: 8, stock: 0.05, plainDesign: true } }));
    const free = run(chipWorld({ exportControls: rule(0), hbm: { stacks: 8, stock: 0.05, plainDesign: true } }));
    const s = short.last;
    expect(short.at("country", "hbm_shortfall", "Borealis", s)).toBe(1);
    expect(short.at("design", "output", "D2", s)).toBe(0);
    // D3 needs no memory: it is made, and takes more of F2's wafers than beside a D2 that can be made
    expect(short.at("design", "output", "D3", s)).toBeGreaterThan(0);
    expect(short.at("design", "output", "D3", s)).toBeGreaterThan(free.at("design", "output", "D3", s));
  });

  it("never uses more stacks than the stock and domestic output hold, whatever they are", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 120, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (stock, perWafer, memory) => {
        const r = run(chipWorld({ exportControls: rule(memory), hbm: { stacks: 8, stock, perWafer } }));
        let before = stock;
        for (let s = 1; s <= r.last; s++) {
          const now = r.at("country", "hbm_stock", "Borealis", s);
          const short = r.at("country", "hbm_shortfall", "Borealis", s);
          const need = (chips(r, s) * 8 * memory) / 1000;
          expect(now).toBeGreaterThanOrEqual(0);
          expect(now).toBeLessThanOrEqual(before);
          expect(short).toBeGreaterThanOrEqual(0);
          expect(short).toBeLessThanOrEqual(1);
          const made = r.at("country", "hbm_capacity", "Borealis", s) * DT;
          // what was made needed no more than the stock and this quarter's domestic output
          expect(need).toBeLessThanOrEqual(before + made + 1e-12);
          // the stock falls by what domestic output did not cover (to 0 when it fell short)
          expect(before - now).toBeCloseTo(short > 0 ? before : Math.max(0, need - made), 12);
          before = now;
        }
      }),
      { numRuns: 25 },
    );
  });

  it("names a country's memory shortage in the run's summary, and nothing where memory never binds", () => {
    const squeeze = readFileSync(join(ROOT, "scenarios", "hbm-squeeze.yaml"), "utf8");
    const s = computeRun(loadOk({ "hbm-squeeze.yaml": squeeze }, "hbm-squeeze.yaml"), 1).summary;
    expect(s.memoryShortfalls).toEqual([{ country: "CN", from: "2028Q3", to: "2029Q4", peak: 1 }]);
    expect(formatSummary("t", "hbm-squeeze", 1, s, "out", [])).toMatch(/Memory: CN's chip designs that need high-bandwidth memory could not make up to 100% of their output for want of it, from 2028Q3 to 2029Q4\./);
    expect(computeRun(baseline(), 1).summary.memoryShortfalls).toEqual([]);
  });

  it("induces investment in domestic HBM in proportion to the chips not made, in use a lead time later", () => {
    const hbm = { stacks: 8, stock: 0.05, capacityCost: 2, leadTime: 0.5 };
    const r = run(chipWorld({ exportControls: rule(1), induced: 0.5, hbm }));
    const free = run(chipWorld({ exportControls: rule(0), induced: 0.5, hbm }));
    let s = 1;
    while (r.at("country", "hbm_shortfall", "Borealis", s) === 0) s++;
    for (let q = 1; q < s; q++) expect(r.at("country", "induced_hbm_investment", "Borealis", q)).toBe(0);
    // the chips not made this quarter, at D2's list price (USD 30k a chip over its performance)
    const list = 30 / r.at("design", "performance", "D2", s) / 1000;
    const lost = (free.at("design", "output", "D2", s) - r.at("design", "output", "D2", s)) * list;
    const invest = r.at("country", "induced_hbm_investment", "Borealis", s);
    expect(invest).toBeGreaterThan(0);
    // memory.inducedInvestment (0.4), not the fabs' inducedInvestment (0.5)
    expect(invest).toBeCloseTo(0.4 * lost, 12);
    // the next quarter makes no D2 at all: the chips not made are all it could have made, at
    // the list price, not at the price scarcity has marked up
    expect(r.at("country", "hbm_shortfall", "Borealis", s + 1)).toBe(1);
    expect(r.at("design", "price", "D2", s + 1)).toBeGreaterThan(30 / r.at("design", "performance", "D2", s + 1) / 1000);
    expect(r.at("country", "induced_hbm_investment", "Borealis", s + 1)).toBeCloseTo(0.4 * free.at("design", "output", "D2", s + 1) * (30 / r.at("design", "performance", "D2", s + 1) / 1000), 12);
    // nothing arrives before the lead time (two quarters); then the first order, at USD 2 bn per M stacks/yr
    expect(r.at("country", "hbm_capacity", "Borealis", s + 1)).toBe(0);
    expect(r.at("country", "hbm_capacity", "Borealis", s + 2)).toBeCloseTo((invest * DT) / 2, 12);
    // without a memory section the shortage induces nothing
    const none = run(chipWorld({ exportControls: rule(1), induced: 0.5, hbm: { stacks: 8, stock: 0.05 } }));
    for (let q = 0; q <= none.last; q++) {
      expect(none.at("country", "induced_hbm_investment", "Borealis", q)).toBe(0);
      expect(none.at("country", "hbm_capacity", "Borealis", q)).toBe(0);
    }
  });
});
