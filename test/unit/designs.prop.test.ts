/** Sampling designs and run seeds: stratification, ranges, sizes, and seeds that do not shift. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";
import { gridDesign, latinHypercube, randomDesign, runSeed } from "../../src/experiment/designs.js";
import { repeatsOf } from "../../src/experiment/plan.js";

describe("sampling designs", () => {
  it("puts exactly one Latin hypercube point in each stratum of each factor (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 200 }), fc.nat(), (k, n, seed) => {
        const rows = latinHypercube(k, n, Rng.fromSeed(seed));
        expect(rows.length).toBe(n);
        for (let j = 0; j < k; j++) {
          const strata = rows.map((r) => Math.floor(r[j]! * n)).sort((a, b) => a - b);
          expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("makes grids of every combination of evenly spaced levels", () => {
    const g = gridDesign([3, 2, 1]);
    expect(g.length).toBe(6);
    expect(g[0]).toEqual([0, 0, 0.5]);
    expect(g[5]).toEqual([1, 1, 0.5]);
    expect(new Set(g.map((r) => r[0])).size).toBe(3);
    expect(() => gridDesign([0])).toThrow(/whole numbers >= 1/);
  });

  it("keeps random points in the unit hypercube and reproduces them from the seed", () => {
    const a = randomDesign(4, 50, Rng.fromSeed(5).fork("random"));
    expect(a.every((r) => r.length === 4 && r.every((v) => v >= 0 && v < 1))).toBe(true);
    expect(randomDesign(4, 50, Rng.fromSeed(5).fork("random"))).toEqual(a);
  });
});

describe("run seeds", () => {
  it("depend only on the run's own point and replication, so adding points shifts nothing (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 2, maxLength: 2 }), { minLength: 2, maxLength: 20 }), (points) => {
        const before = points.map((p) => runSeed(42, "abc", p, 0));
        const after = [[0.123, 4.56], ...points].map((p) => runSeed(42, "abc", p, 0)).slice(1);
        expect(after).toEqual(before);
      }),
    );
  });

  it("differ across replications, points, scenarios and master seeds, and are whole numbers", () => {
    const s = runSeed(1, "sha", [0.5, 2], 0);
    expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
    expect(runSeed(1, "sha", [0.5, 2], 1)).not.toBe(s);
    expect(runSeed(1, "sha", [0.5, 3], 0)).not.toBe(s);
    expect(runSeed(1, "sha2", [0.5, 2], 0)).not.toBe(s);
    expect(runSeed(2, "sha", [0.5, 2], 0)).not.toBe(s);
    expect(runSeed(1, "sha", [0.5, 2], 0)).toBe(s);
  });
});

describe("repeated points", () => {
  /** The definition: a point's repeat number is how many earlier points print the same values. */
  const byText = (values: Float64Array, points: number, k: number): number[] => {
    const seen = new Map<string, number>();
    return Array.from({ length: points }, (_, p) => {
      const key = Array.from(values.subarray(p * k, p * k + k), String).join(",");
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return n;
    });
  };

  it("number each point by the earlier points with the same values: 0 and -0 alike, NaN like NaN (property)", () => {
    // few distinct values, so that rows repeat and hashes collide often
    const value = fc.constantFrom(0, -0, 1, 0.1, 0.30000000000000004, 1e-300, -2.5, NaN, Infinity);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(value, { maxLength: 400 }), (k, flat) => {
        const points = Math.floor(flat.length / k);
        const values = Float64Array.from(flat.slice(0, points * k));
        const want = byText(values, points, k);
        const got = repeatsOf(values, points, k).repeats;
        if (want.every((n) => n === 0)) expect(got).toBeUndefined();
        else expect(Array.from(got!)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it("count the repeats of a million-point design", () => {
    const points = 1_000_000;
    const values = new Float64Array(points * 2);
    for (let p = 0; p < points; p++) {
      values[2 * p] = (p % 500_000) / 7; // every point twice
      values[2 * p + 1] = 0.5;
    }
    const { repeats } = repeatsOf(values, points, 2);
    expect(repeats![499_999]).toBe(0);
    expect(repeats![500_000]).toBe(1);
    expect(repeats!.reduce((t, n) => t + n, 0)).toBe(500_000);
  });
});
