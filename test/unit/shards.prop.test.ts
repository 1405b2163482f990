/** The shard rule: a partition of the runs, balanced, stable, and spread over the design. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shardOf, shardRuns, shardSize } from "../../src/experiment/shards.js";

describe("shards", () => {
  it("partition the runs: every run in exactly one shard, in increasing order, sizes within one (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 1, max: 48 }), (runs, shards) => {
        const seen = new Array<number>(runs).fill(0);
        const sizes: number[] = [];
        for (let k = 0; k < shards; k++) {
          const list = shardRuns(runs, shards, k);
          expect(list.length).toBe(shardSize(runs, shards, k));
          sizes.push(list.length);
          for (let j = 0; j < list.length; j++) {
            const r = list[j]!;
            if (j > 0) expect(r).toBeGreaterThan(list[j - 1]!);
            expect(shardOf(r, shards)).toBe(k);
            seen[r]!++;
          }
        }
        expect(seen.every((n) => n === 1)).toBe(true);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 120 },
    );
  });

  it("spread a design that repeats with period K over every shard", () => {
    // 3 policies crossed with 10 points, 3 shards: plain round-robin would give each shard one policy
    const policies = 3;
    const byShard = [0, 1, 2].map((k) => new Set(shardRuns(30, 3, k).map((r) => r % policies)));
    for (const s of byShard) expect([...s].sort()).toEqual([0, 1, 2]);
  });

  it("is fixed: documented examples", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((r) => shardOf(r, 3))).toEqual([0, 1, 2, 1, 2, 0, 2, 0]);
    expect(shardRuns(8, 3, 0)).toEqual([0, 5, 7]);
    expect(shardRuns(2, 4, 3)).toEqual([]);
  });
});
