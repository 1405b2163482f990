/**
 * Labs as firms (market.ts, investment.ts): prices that maximise gross profit, budgets held to
 * what gross profit, investors, cash and backers finance, and labs that run out of money leave
 * the race, acquired by a lab of their country or turned to applications.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { offsetOf } from "../../src/engine/metrics.js";
import { labMarkup } from "../../src/model/market.js";
import type { World } from "../../src/model/world.js";
import { baseline, loadOk, record, tinyMarket, tinyScenario } from "../helpers/scenarios.js";

/** Gross profit per unit of spending at price p (serving cost 1), with share s(p) = v p^-t / (v p^-t + rest). */
function profit(p: number, t: number, v: number, rest: number): number {
  const a = v * p ** -t;
  return (a / (a + rest)) * (1 - 1 / p);
}

describe("a country's labs price", () => {
  it("where their gross profit is largest, given how their share falls with price", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.3, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (t, v) => {
        const rest = 1;
        // golden-section search for the best price on (1, 1000]
        let lo = 1 + 1e-9;
        let hi = 1000;
        const g = (Math.sqrt(5) - 1) / 2;
        for (let i = 0; i < 200; i++) {
          const a = hi - g * (hi - lo);
          const b = lo + g * (hi - lo);
          if (profit(a, t, v, rest) > profit(b, t, v, rest)) hi = b;
          else lo = a;
        }
        const best = (lo + hi) / 2;
        const a = v * best ** -t;
        const share = a / (a + rest);
        // the rule gives that price from the share it brings
        expect(1 + labMarkup(t, share)).toBeCloseTo(best, 3);
      }),
      { numRuns: 200 },
    );
  });

  it("closer to serving cost the more users chase price, and above it however small their share", () => {
    expect(labMarkup(1, 0)).toBe(1); // a margin of half
    expect(labMarkup(1, 0.5)).toBe(2);
    expect(labMarkup(8, 0.5)).toBe(0.25);
    expect(labMarkup(8, 0.5)).toBeLessThan(labMarkup(1, 0.5));
    // users who ignore price: the price is bounded, not infinite
    expect(Number.isFinite(labMarkup(0, 0.3))).toBe(true);
  });

  it("and their gross profit is the revenue left after the cost of serving it", () => {
    const { run } = record(baseline(), 2);
    const w = run.state.world as World;
    for (const f of w.firms) {
      const c = w.countries[f.home]!;
      expect(f.price).toBeCloseTo(w.market.servingNow * (1 + c.labMarkup), 9);
      expect(f.grossProfit).toBeCloseTo(f.revenue * (1 - w.market.servingNow / f.price), 6);
    }
  });
});

const LABS = `firms:
  - { id: Big, name: Big Labs, country: Arcadia, budgetGrowth: 2, backing: 0.9, allocation: { rnd: 0.3, open: 0, compute: 0.7 }, initial: { budget: 2, compute: 20, knowledge: -0.1, cash: 4 } }
  - { id: Small, name: Small AI, country: Arcadia, budgetGrowth: 2, backing: 0, allocation: { rnd: 0.3, open: 0, compute: 0.7 }, initial: { budget: 1, compute: 10, knowledge: 0.05, cash: 0.3 } }
  - { id: Beta, name: Beta AI, country: Borealis, budgetGrowth: 2.5, backing: 0, allocation: { rnd: 0.4, open: 0.3, compute: 0.3 }, initial: { budget: 1, compute: 10, knowledge: -0.3, cash: 0.3 } }
`;

function run(sets: string[], firms = LABS) {
  const text = tinyScenario(tinyMarket()).replace(/firms:\n[\s\S]*?(?=\nmarket:)/, firms.trimEnd());
  const { rec, run: r } = record(loadOk({ "t.yaml": text }, "t.yaml", sets), 5);
  const layout = rec.layout!;
  const firm = (name: string, id: string, s: number) => rec.at(s, offsetOf(layout, "firm", name) + layout.entities["firm"]!.indexOf(id));
  const country = (name: string, id: string, s: number) => rec.at(s, offsetOf(layout, "country", name) + layout.entities["country"]!.indexOf(id));
  return { rec, world: r.state.world as World, firm, country, last: rec.recorded - 1 };
}

/** First step at which lab `id` is no longer active, or -1. */
function exitStep(r: ReturnType<typeof run>, id: string): number {
  for (let s = 0; s <= r.last; s++) if (r.firm("active", id, s) === 0) return s;
  return -1;
}

describe("labs that run out of money", () => {
  // a price war: users chase price, margins fall toward zero; nothing else changes (no entry)
  const WAR = ["market.priceSensitivity=20"];

  it("stay in business while gross profit, investors and backers finance them", () => {
    const r = run([]);
    for (const id of ["Big", "Small", "Beta"]) expect(exitStep(r, id)).toBe(-1);
  });

  it("leave when margins collapse; a lab of their country with cash takes their compute and staff", () => {
    const war = run(WAR);
    const s = exitStep(war, "Small");
    expect(s).toBeGreaterThan(0);
    // the backed lab survives and is the buyer: Small's computers and knowledge are Big's now
    expect(exitStep(war, "Big")).toBe(-1);
    expect(war.firm("compute", "Small", s)).toBe(0);
    // Big's compute rises by its own purchases (a little more each quarter) and by Small's fleet
    const rise = (step: number) => war.firm("compute", "Big", step) - war.firm("compute", "Big", step - 1);
    expect(rise(s)).toBeGreaterThan(rise(s - 1) + 0.7 * war.firm("compute", "Small", s - 1));
    expect(war.firm("knowledge", "Big", s)).toBeGreaterThanOrEqual(war.firm("knowledge", "Small", s - 1));
    // an acquisition moves compute within the country; public compute does not take it
    expect(war.country("lab_exits", "Arcadia", s)).toBe(1);
  });

  it("with no lab at home to buy them, serve their country's public users instead", () => {
    const war = run(WAR);
    const s = exitStep(war, "Beta");
    expect(s).toBeGreaterThan(0);
    expect(war.firm("compute", "Beta", s)).toBe(0);
    // the country keeps the computers: its compute does not fall with the exit
    const lab = war.firm("compute", "Beta", s - 1);
    expect(lab).toBeGreaterThan(0.3 * war.country("compute", "Borealis", s - 1));
    expect(war.country("compute", "Borealis", s)).toBeGreaterThan(0.95 * war.country("compute", "Borealis", s - 1));
  });

  it("pass what their staff know to the buyer, when they know more", () => {
    // Small starts well ahead in knowledge; Big, backed and larger, buys it
    const firms = LABS.replace("knowledge: 0.05, cash: 0.3", "knowledge: 0.8, cash: 0.3");
    const war = run(WAR, firms);
    const s = exitStep(war, "Small");
    expect(s).toBeGreaterThan(0);
    expect(war.firm("knowledge", "Small", s - 1)).toBeGreaterThan(war.firm("knowledge", "Big", s - 1) + 0.05);
    expect(war.firm("knowledge", "Big", s)).toBeGreaterThanOrEqual(war.firm("knowledge", "Small", s - 1));
  });

  it("are bought and leave the same way whatever the order of the labs in the file", () => {
    const reversed = LABS.split("\n").filter((l) => l.startsWith("  - ")).reverse().join("\n");
    const a = run(WAR);
    const b = run(WAR, `firms:\n${reversed}\n`);
    for (const id of ["Big", "Small", "Beta"]) {
      for (const m of ["active", "compute", "knowledge", "cash", "budget", "revenue"]) {
        for (let s = 0; s <= a.last; s++) expect(b.firm(m, id, s)).toBe(a.firm(m, id, s));
      }
    }
  });
});
