import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";
import { hash53 } from "../../src/engine/hash.js";

describe("Rng", () => {
  it("pins the first draws of a seed (golden values: a change here changes every result)", () => {
    const r = Rng.fromSeed(42);
    const draws = Array.from({ length: 5 }, () => r.next());
    expect(draws).toMatchInlineSnapshot(`
      [
        0.2968073731753975,
        0.7017953444737941,
        0.9943235772661865,
        0.974863363429904,
        0.20173764415085316,
      ]
    `);
    const f = Rng.fromSeed(42).fork("market");
    expect([f.next(), f.next()]).toMatchInlineSnapshot(`
      [
        0.20863416488282382,
        0.6106038577854633,
      ]
    `);
    expect(hash53("airace")).toMatchInlineSnapshot(`8340311311644907`);
  });

  it("restores exactly from its plain-data state", () => {
    const r = Rng.fromSeed(7);
    for (let i = 0; i < 100; i++) r.next();
    const saved = JSON.parse(JSON.stringify(r.state()));
    const a = Array.from({ length: 50 }, () => r.normal());
    const b = Rng.fromState(saved);
    expect(Array.from({ length: 50 }, () => b.normal())).toEqual(a);
  });

  it("forks by label, independent of draws already made by the parent", () => {
    const a = Rng.fromSeed(1);
    const b = Rng.fromSeed(1);
    for (let i = 0; i < 10; i++) b.next();
    expect(a.fork("x").next()).toBe(b.fork("x").next());
    expect(a.fork("x").next()).not.toBe(a.fork("y").next());
    expect(a.fork("x").key).toBe("1/x");
  });

  it("draws in range", () => {
    const r = Rng.fromSeed(3);
    for (let i = 0; i < 1000; i++) {
      const u = r.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      const k = r.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
    expect(Rng.fromSeed(3).lognormalFactor(0)).toBe(1);
  });

  it("has a plausible normal distribution", () => {
    const r = Rng.fromSeed(11);
    const n = 20000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal(2, 3);
      sum += x;
      sq += x * x;
    }
    const mean = sum / n;
    const sd = Math.sqrt(sq / n - mean * mean);
    expect(Math.abs(mean - 2)).toBeLessThan(0.1);
    expect(Math.abs(sd - 3)).toBeLessThan(0.1);
  });
});
