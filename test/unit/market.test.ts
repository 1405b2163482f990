/** The market submodel on hand-computed cases (src/model/market.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { offsetOf } from "../../src/engine/metrics.js";
import { poissonFrom } from "../../src/model/market.js";
import { baseline, loadOk, record, tinyMarket, tinyScenario } from "../helpers/scenarios.js";


function run(opts: { entry?: number; sets?: string[]; seed?: number; firms?: string } = {}) {
  let text = tinyScenario(tinyMarket(opts.entry ?? 0));
  if (opts.firms) text = text.replace(/firms:\n[\s\S]*?(?=\nmarket:)/, opts.firms);
  const { rec } = record(loadOk({ "m.yaml": text }, "m.yaml", opts.sets ?? []), opts.seed ?? 3);
  const layout = rec.layout!;
  const at = (kind: string, name: string, id: string, s: number) => rec.at(s, offsetOf(layout, kind, name) + (layout.entities[kind] ?? ["world"]).indexOf(id));
  return { at, last: rec.recorded - 1, layout };
}

describe("market", () => {
  it("sizes demand from GDP and the capability available, up to a ceiling", () => {
    const r = run();
    const F0 = r.at("global", "frontier_capability", "world", 0);
    for (const s of [1, 4, r.last]) {
      const F = r.at("global", "frontier_capability", "world", s);
      const gdp = r.at("country", "gdp", "Arcadia", s);
      const expected = (1000 * gdp) / (1 / 0.1 + 1 / (0.001 * Math.pow(10, 0.3 * (F - F0))));
      expect(r.at("country", "ai_demand", "Arcadia", s)).toBeCloseTo(expected, 9);
      expect(r.at("country", "ai_demand", "Arcadia", s)).toBeLessThan(0.1 * 1000 * gdp);
    }
  });

  it("splits all usage among labs, small firms and open models: influence shares are below 1 and sum to 1 (C5)", () => {
    const r = run({ entry: 200 });
    for (const s of [1, 6, r.last]) {
      let sum = 0;
      for (const c of ["Arcadia", "Borealis", "Cascadia"]) {
        const v = r.at("country", "influence", c, s);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThan(1);
        sum += v;
      }
      // Beta releases open weights, so self-hosted open models count for Borealis: nothing is lost
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  it("lets a lab that cannot finance its budget run down its cash and exit", () => {
    const firms = `firms:
  - { id: Alpha, name: Alpha Labs, country: Arcadia, budgetGrowth: 2, backing: 1, allocation: { rnd: 0.3, open: 0.1, compute: 0.6 }, initial: { budget: 2, compute: 20, knowledge: 0 } }
  - { id: Beta, name: Beta AI, country: Borealis, budgetGrowth: 3, allocation: { rnd: 0.4, open: 0, compute: 0.6 }, initial: { budget: 5, compute: 1, knowledge: -2, cash: 0 } }
`;
    const r = run({ firms });
    expect(r.at("firm", "active", "Beta", r.last)).toBe(0);
    expect(r.at("firm", "budget", "Beta", r.last)).toBe(0);
    expect(r.at("country", "exits", "Borealis", r.last)).toBe(1);
    // the fully backed lab stays in business
    expect(r.at("firm", "active", "Alpha", r.last)).toBe(1);
  });

  it("brings in small firms where the market is large and open models are close to the frontier (C4, C6)", () => {
    const none = run({ entry: 0 });
    const some = run({ entry: 2000 });
    expect(none.at("country", "entries", "Arcadia", none.last)).toBe(0);
    expect(some.at("country", "entries", "Arcadia", some.last)).toBeGreaterThan(0);
    expect(some.at("country", "firm_count", "Arcadia", some.last)).toBe(
      1 + some.at("country", "entries", "Arcadia", some.last) - some.at("country", "exits", "Arcadia", some.last),
    );
  });

  it("without a market section, or switched off, nothing is sold and no one exits", () => {
    const off = run({ entry: 2000, sets: ["mechanisms.market=false"] });
    expect(off.at("country", "ai_demand", "Arcadia", off.last)).toBe(0);
    expect(off.at("country", "entries", "Arcadia", off.last)).toBe(0);
    expect(off.at("global", "price_index", "world", off.last)).toBe(0);
  });

  it("in the baseline, prices at fixed capability fall 10-40x a year and the open-weight frontier trails by months (calibration)", () => {
    const { rec } = record(baseline(), 5);
    const layout = rec.layout!;
    const g = (name: string, s: number) => rec.at(s, offsetOf(layout, "global", name));
    const decline = Math.pow(g("price_index", 0) / g("price_index", 12), 1 / 3);
    expect(decline).toBeGreaterThan(10);
    expect(decline).toBeLessThan(40);
    // calibration.md#open-closed-lag: 1.1-5.3 months, read as the mean of 2025Q3-2028Q3 (as
    // docs/evaluation.md), averaged over five seeds (single seeds stray beyond the band)
    let lag = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const r = record(baseline(), seed).rec;
      for (let s = 0; s <= 12; s++) lag += r.at(s, offsetOf(r.layout!, "global", "open_closed_lag")) / 13 / 5;
    }
    expect(lag).toBeGreaterThan(1.1);
    expect(lag).toBeLessThan(5.3);
  });
});

describe("Poisson counts from one uniform draw", () => {
  it("are 0 for a zero mean, and grow with the draw", () => {
    expect(poissonFrom(0.99, 0)).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0.01, max: 500, noNaN: true }), (a, b, mean) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(poissonFrom(lo, mean)).toBeLessThanOrEqual(poissonFrom(hi, mean));
        expect(poissonFrom(lo, mean)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it.each([0.3, 3, 25, 100])("have the right mean (mean %d)", (mean) => {
    const n = 20000;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += poissonFrom((k + 0.5) / n, mean);
    expect(sum / n).toBeGreaterThan(mean * 0.98 - 0.01);
    expect(sum / n).toBeLessThan(mean * 1.02 + 0.01);
  });
});
