/**
 * Where a comparison's difference lies: the standardised effect, the difference at every
 * quarter, the quarter where it is largest, and the series read back from timeseries.csv.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clearDifference, differencesOverTime, peakOf, SeriesCollector, standardisedEffect } from "../../src/experiment/effects.js";
import { pairedDifference } from "../../src/experiment/stats.js";

const effect = (a: number[], b: number[]) => standardisedEffect(a, b, pairedDifference(a, b));
const dates = ["2030Q1", "2030Q2", "2030Q3", "2030Q4", "2031Q1", "2031Q2"];

describe("standardised effect", () => {
  it("is the mean difference over the pooled spread across seeds", () => {
    // A: mean 2, sd 1; B: mean 5, sd 1: d = 3 / 1
    expect(effect([1, 2, 3], [4, 5, 6])).toBeCloseTo(3, 12);
    // sd 1 and sd 3: pooled sqrt((1 + 9) / 2)
    expect(effect([1, 2, 3], [2, 5, 8])).toBeCloseTo(3 / Math.sqrt(5), 12);
    expect(effect([4, 5, 6], [1, 2, 3])).toBeCloseTo(-3, 12);
  });

  it("is infinite where neither scenario varies across seeds, and 0 where they do not differ", () => {
    expect(effect([2, 2, 2], [3, 3, 3])).toBe(Infinity);
    expect(effect([2, 2, 2], [1, 1, 1])).toBe(-Infinity);
    expect(effect([2, 2, 2], [2, 2, 2])).toBe(0);
    // a spread at rounding level is no spread
    expect(effect([1e6, 1e6 + 1e-7, 1e6], [2e6, 2e6, 2e6 + 1e-7])).toBe(Infinity);
    expect(effect([1], [2])).toBeNaN();
    // failed runs (NaN) leave their pair out
    expect(effect([1, 2, 3, NaN], [4, 5, 6, 100])).toBeCloseTo(3, 12);
  });

  it("does not depend on the outcome's unit, and changes sign when A and B are swapped", () => {
    const values = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 12 });
    fc.assert(
      fc.property(values, values, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (xs, ys, k) => {
        const n = Math.min(xs.length, ys.length);
        const a = xs.slice(0, n);
        const b = ys.slice(0, n);
        const d = effect(a, b);
        if (!Number.isFinite(d)) return;
        expect(effect(a.map((v) => v * k), b.map((v) => v * k))).toBeCloseTo(d, 6);
        expect(effect(b, a)).toBeCloseTo(-d, 9);
      }),
    );
  });
});

describe("the difference over time and where it is largest", () => {
  // three replications; B dips below A for a while and recovers, as in a two-year blockade
  const grow = (r: number) => dates.map((_, s) => (100 + r) * 2 ** s);
  const dip = [1, 1, 0.4, 0.6, 0.9, 0.95];
  const a = [0, 1, 2].map(grow);
  const b = a.map((series, r) => series.map((v, s) => v * dip[s]! + r * 0.01 * s));

  it("reads a ratio outcome where its relative change is largest, not its amount", () => {
    const steps = differencesOverTime(a, b, dates);
    expect(steps.map((s) => s.date)).toEqual(dates);
    expect(steps[0]!.mean).toBeCloseTo(0, 9);
    // the amount lost is largest later (the stock has grown), the share lost in 2030Q3
    expect(Math.abs(steps[3]!.mean)).toBeGreaterThan(Math.abs(steps[2]!.mean));
    expect(peakOf("EFLOP/s", steps)?.date).toBe("2030Q3");
    expect(peakOf("EFLOP/s", steps)!.relative).toBeCloseTo(-0.6, 2);
    // the same numbers read as amounts (months, OOM): where the amount is largest
    expect(peakOf("months", steps)?.date).toBe("2030Q4");
  });

  it("finds no peak where no quarter's interval excludes zero", () => {
    const noisy = a.map((series, r) => series.map((v, s) => v + (r - 1) * 10 * (s + 1)));
    const steps = differencesOverTime(a, noisy, dates);
    expect(steps.some(clearDifference)).toBe(false);
    expect(peakOf("EFLOP/s", steps)).toBeUndefined();
  });

  it("takes the earliest quarter on a tie", () => {
    const b2 = a.map((series, r) => series.map((v, s) => (s >= 2 ? v + 5 + r : v)));
    expect(peakOf("months", differencesOverTime(a, b2, dates))?.date).toBe("2030Q3");
  });
});

describe("series from timeseries.csv", () => {
  it("keeps the symbols asked for, per scenario, replication and quarter", () => {
    // runs 0-1: A's replications 0 and 1; runs 2-3: B's
    const c = new SeriesCollector(["compute_CN", "frontier_capability"], dates.slice(0, 2), 2, (run) => ({ policy: run >> 1, replication: run & 1 }));
    for (const line of [
      "0,0,2030Q1,country,CN,compute,10",
      "0,1,2030Q2,country,CN,compute,11",
      "0,1,2030Q2,country,US,compute,99",
      "0,1,2030Q2,firm,OpenAI,compute,77",
      "3,1,2030Q2,country,CN,compute,",
      "2,0,2030Q1,global,world,frontier_capability,5.5",
      "1,9,2032Q4,country,CN,compute,1",
      "garbage",
    ])
      c.add(line);
    const cn = c.series.get("compute_CN")!;
    expect(cn[0]![0]).toEqual([10, 11]);
    expect(cn[1]![1]).toEqual([NaN, NaN]);
    expect(c.series.get("frontier_capability")![1]![0]).toEqual([5.5, NaN]);
    expect(c.series.has("compute_US")).toBe(false);
  });
});
