/** Distributions (inverse CDFs) and replication summaries, against hand-computed values. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Distribution } from "../../src/experiment/distributions.js";
import { normalCdf, probit, support, valueAt } from "../../src/experiment/distributions.js";
import { pairedDifference, summarize, tCritical975 } from "../../src/experiment/stats.js";

describe("distributions", () => {
  it("has an accurate normal quantile", () => {
    expect(probit(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(probit(0.5)).toBe(0);
    expect(probit(1e-10)).toBeCloseTo(-6.361340902404056, 7);
    for (let p = 0.001; p < 1; p += 0.0123) expect(normalCdf(probit(p))).toBeCloseTo(p, 14);
  });

  it("maps the unit interval onto each distribution, in order and inside its support (property)", () => {
    const dists: Distribution[] = [
      { kind: "uniform", min: -2, max: 5 },
      { kind: "uniform", min: 0.1, max: 0.3 },
      { kind: "log-uniform", min: 0.01, max: 100 },
      { kind: "normal", mean: 3, sd: 2 },
      { kind: "truncated-normal", mean: 0, sd: 1, min: 0.5, max: 3 },
      { kind: "triangular", min: 0, mode: 0.3, max: 1 },
      { kind: "discrete", values: [5, 1, 3] },
    ];
    fc.assert(
      fc.property(fc.constantFrom(...dists), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (d, a, b) => {
        const [lo, hi] = support(d);
        const x = valueAt(d, Math.min(a, b));
        const y = valueAt(d, Math.max(a, b));
        expect(x).toBeGreaterThanOrEqual(lo);
        expect(y).toBeLessThanOrEqual(hi);
        // the normal quantile is exact to rounding, not monotone to the last ulp deep in a tail
        const slack = d.kind === "normal" || d.kind === "truncated-normal" ? 1e-12 * Math.max(1, Math.abs(y)) : 0;
        if (d.kind !== "discrete") expect(x).toBeLessThanOrEqual(y + slack);
      }),
    );
  });

  it("reaches exactly the ends of a bounded range, never a rounding step past them", () => {
    // 0.01 (100 / 0.01)^1 is 100.00000000000013 in floating point; 0.1 + (0.3 - 0.1) is 0.30000000000000004
    const ranges: Distribution[] = [
      { kind: "log-uniform", min: 0.01, max: 100 },
      { kind: "uniform", min: 0.1, max: 0.3 },
      { kind: "truncated-normal", mean: 0, sd: 1, min: 0.5, max: 3 },
      { kind: "triangular", min: 0.1, mode: 0.2, max: 0.3 },
    ];
    for (const d of ranges) {
      expect(valueAt(d, 0)).toBe(support(d)[0]);
      expect(valueAt(d, 1)).toBe(support(d)[1]);
    }
  });

  it("gives the known quantiles of each distribution", () => {
    expect(valueAt({ kind: "log-uniform", min: 0.01, max: 100 }, 0.5)).toBeCloseTo(1, 12);
    expect(valueAt({ kind: "triangular", min: 0, mode: 1, max: 2 }, 0.5)).toBeCloseTo(1, 12);
    expect(valueAt({ kind: "triangular", min: 0, mode: 0, max: 1 }, 0.75)).toBeCloseTo(0.5, 12);
    expect(valueAt({ kind: "normal", mean: 3, sd: 2 }, 0.975)).toBeCloseTo(3 + 2 * 1.959963984540054, 12);
    // symmetric truncation keeps the mean as the median
    expect(valueAt({ kind: "truncated-normal", mean: 1, sd: 1, min: 0, max: 2 }, 0.5)).toBeCloseTo(1, 12);
    expect([0, 0.34, 0.67, 1].map((u) => valueAt({ kind: "discrete", values: [5, 1, 3] }, u))).toEqual([5, 1, 3, 3]);
  });
});

describe("summaries", () => {
  it("computes mean, sd, type-7 quantiles and a t-based interval", () => {
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9, NaN]);
    expect(s.n).toBe(8);
    expect(s.missing).toBe(1);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(s.q50).toBe(4.5);
    expect(s.q05).toBeCloseTo(2 + 0.35 * 2, 12);
    const half = (2.365 * Math.sqrt(32 / 7)) / Math.sqrt(8);
    expect(s.ciLow).toBeCloseTo(5 - half, 12);
    expect(s.ciHigh).toBeCloseTo(5 + half, 12);
    expect(summarize([]).mean).toBeNaN();
    expect(summarize([3]).sd).toBeNaN();
  });

  it("uses Student's t critical values", () => {
    expect(tCritical975(1)).toBe(12.706);
    expect(tCritical975(30)).toBe(2.042);
    expect(tCritical975(40)).toBeCloseTo(2.021, 3);
    expect(tCritical975(120)).toBeCloseTo(1.98, 3);
    expect(tCritical975(1e9)).toBeCloseTo(1.96, 3);
  });

  it("summarises paired differences and the share of pairs with the mean's sign", () => {
    const d = pairedDifference([1, 2, 3, 4, NaN], [2, 4, 3, 8, 1]);
    expect(d.n).toBe(4);
    expect(d.missing).toBe(1);
    expect(d.mean).toBe((1 + 2 + 0 + 4) / 4);
    expect(d.signShare).toBe(3 / 4);
    expect(d.meanA).toBe(2.5);
    expect(d.meanB).toBe(4.25);
    expect(d.relative).toBeCloseTo(1.75 / 2.5, 12);
  });
});
