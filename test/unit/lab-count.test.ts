/**
 * A country's totals do not depend on how many labs its file lists: its standing (the response
 * to rivals) and its labs' share of users are sums of effective compute (investment.ts,
 * market.ts). Two identical halves of a lab are the whole at the start, and a logit over labs
 * would not give that. Its standing counts all its labs' compute at its best lab's knowledge,
 * so labs listed as one lab that pools their knowledge stand where they stood apart.
 */
import { describe, expect, it } from "vitest";
import { offsetOf } from "../../src/engine/metrics.js";
import YAML from "yaml";
import { splitLab } from "../../src/evaluation/variants.js";
import { BASELINE_TEXT, baseline, loadOk, record, tinyMarket, tinyScenario } from "../helpers/scenarios.js";


const WHOLE = `firms:
  - { id: Alpha, name: Alpha Labs, country: Arcadia, budgetGrowth: 2, allocation: { rnd: 0.3, open: 0, compute: 0.7 }, initial: { budget: 2, compute: 20, knowledge: 0, cash: 2 } }
  - { id: Beta, name: Beta AI, country: Borealis, budgetGrowth: 2.5, allocation: { rnd: 0.4, open: 0.3, compute: 0.3 }, initial: { budget: 1, compute: 10, knowledge: -0.3 } }
`;
const HALVES = `firms:
  - { id: AlphaA, name: Alpha Labs A, country: Arcadia, budgetGrowth: 2, allocation: { rnd: 0.3, open: 0, compute: 0.7 }, initial: { budget: 1, compute: 10, knowledge: 0, cash: 1 } }
  - { id: AlphaB, name: Alpha Labs B, country: Arcadia, budgetGrowth: 2, allocation: { rnd: 0.3, open: 0, compute: 0.7 }, initial: { budget: 1, compute: 10, knowledge: 0, cash: 1 } }
  - { id: Beta, name: Beta AI, country: Borealis, budgetGrowth: 2.5, allocation: { rnd: 0.4, open: 0.3, compute: 0.3 }, initial: { budget: 1, compute: 10, knowledge: -0.3 } }
`;

const APART = `firms:
  - { id: AlphaA, name: Alpha Labs A, country: Arcadia, budgetGrowth: 2, allocation: { rnd: 0.3, open: 0, compute: 0.7 }, initial: { budget: 1, compute: 10, knowledge: 0, cash: 1 } }
  - { id: AlphaB, name: Alpha Labs B, country: Arcadia, budgetGrowth: 2, allocation: { rnd: 0.3, open: 0, compute: 0.7 }, initial: { budget: 1, compute: 10, knowledge: -0.3, cash: 1 } }
  - { id: Beta, name: Beta AI, country: Borealis, budgetGrowth: 2.5, allocation: { rnd: 0.4, open: 0.3, compute: 0.3 }, initial: { budget: 1, compute: 10, knowledge: -0.3 } }
`;

function run(firms: string, sets: string[] = []) {
  const text = tinyScenario(tinyMarket()).replace(/firms:\n[\s\S]*?(?=\nmarket:)/, firms.trimEnd());
  const { rec } = record(loadOk({ "t.yaml": text }, "t.yaml", sets), 3);
  const layout = rec.layout!;
  return (name: string, country: string, step: number) => rec.at(step, offsetOf(layout, "country", name) + layout.entities["country"]!.indexOf(country));
}

describe("a country's totals and how many labs it lists", () => {
  // Alpha releases no open models: the open frontier is the best single open model, so halves
  // that release would each release a smaller one (a scale effect of its own)
  it("gives two identical halves of a lab the whole's share of users at the start", () => {
    const whole = run(WHOLE);
    const halves = run(HALVES);
    for (const c of ["Arcadia", "Borealis", "Cascadia"]) expect(halves("influence", c, 0)).toBeCloseTo(whole("influence", c, 0), 12);
    // the halves' capability is the scale effect lower: each trains on half the compute
    expect(halves("capability", "Arcadia", 0)).toBeCloseTo(whole("capability", "Arcadia", 0) - Math.log10(2), 12);
  });

  it("keeps budgets of the split country as they were in the first quarter, when its labs answer rivals", () => {
    const sets = ["model.rivalryResponse=0.5", "model.nationalResponse=0.3"];
    const whole = run(WHOLE, sets);
    const halves = run(HALVES, sets);
    // a response read from the best lab's gap would make each half grow faster than the whole
    expect(halves("ai_budget", "Arcadia", 1)).toBeCloseTo(whole("ai_budget", "Arcadia", 1), 10);
    expect(halves("ai_budget", "Borealis", 1)).toBeCloseTo(whole("ai_budget", "Borealis", 1), 10);
  });

  it("keeps budgets as they were in the first quarter when labs with different knowledge are listed as one that pools it", () => {
    const sets = ["model.rivalryResponse=0.5", "model.nationalResponse=0.3"];
    // WHOLE's Alpha is APART's two labs as one: their budgets and compute, the better knowledge
    const apart = run(APART, sets);
    const merged = run(WHOLE, sets);
    for (const c of ["Arcadia", "Borealis"]) expect(merged("ai_budget", c, 1)).toBeCloseTo(apart("ai_budget", c, 1), 10);
  });

  it("costs a split lab's country no more capability than the run on half the compute, research at half the spending included, without research noise", () => {
    const tree = YAML.parse(BASELINE_TEXT) as Record<string, unknown>;
    const split = splitLab(tree, "EU");
    if (!split.ok) throw new Error("split failed");
    const sets = ["model.researchNoise=0"];
    const halves = record(loadOk({ "split.yaml": YAML.stringify(split.value) }, "split.yaml", sets), 1).rec;
    const whole = record(baseline(sets), 1).rec;
    const cap = (rec: typeof whole) => rec.at(rec.recorded - 1, offsetOf(rec.layout!, "country", "capability") + rec.layout!.entities["country"]!.indexOf("EU"));
    const d = cap(halves) - cap(whole);
    expect(d).toBeLessThan(0);
    expect(d).toBeGreaterThan(-Math.log10(2) - 0.005);
  });
});
