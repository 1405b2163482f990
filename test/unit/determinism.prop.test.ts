import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { Rng } from "../../src/engine/rng.js";
import { baseline, loadOk, record, timeseriesOf } from "../helpers/scenarios.js";

describe("determinism (property)", () => {
  const loaded = baseline();

  it("the same seed gives identical output; different seeds give different output", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 1000 }), (seed, delta) => {
        const a = timeseriesOf(loaded, seed);
        expect(timeseriesOf(loaded, seed)).toBe(a);
        expect(timeseriesOf(loaded, seed + delta)).not.toBe(a);
      }),
      { numRuns: 15 },
    );
  });

  it("fork streams are independent of each other and of the parent's draws", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.nat(50),
        (seed, a, b, draws) => {
          fc.pre(a !== b);
          const clean = Rng.fromSeed(seed).fork(a);
          const expected = [clean.next(), clean.next(), clean.next()];
          const parent = Rng.fromSeed(seed);
          for (let i = 0; i < draws; i++) parent.next();
          const other = parent.fork(b);
          for (let i = 0; i < draws; i++) other.next();
          const fa = parent.fork(a);
          expect([fa.next(), fa.next(), fa.next()]).toEqual(expected);
          expect(parent.fork(b).next()).not.toBe(expected[0]);
        },
      ),
    );
  });

  it("stream draws are uncorrelated between sibling forks", () => {
    const n = 5000;
    const x = Rng.fromSeed(5).fork("a");
    const y = Rng.fromSeed(5).fork("b");
    let sxy = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
      const u = x.next();
      const v = y.next();
      sx += u;
      sy += v;
      sxy += u * v;
      sxx += u * u;
      syy += v * v;
    }
    const r = (sxy / n - (sx / n) * (sy / n)) / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2));
    expect(Math.abs(r)).toBeLessThan(0.05);
  });

  it("adding a lab does not change the random draws of the others", () => {
    const a = record(loaded, 3);
    const more = loadOk(
      {
        "more.yaml": `extends: baseline
name: more
title: More labs
description: one more lab, appended
firms:
  - { id: Zeta, name: Zeta, country: ROW, budgetGrowth: 2, allocation: { rnd: 1, open: 0, compute: 1 }, initial: { budget: 0.001, compute: 0.001, knowledge: -5 } }
`,
      },
      "more.yaml",
    );
    const b = record(more, 3);
    const states = (r: typeof a) => Object.fromEntries(r.run.labels.map((label, i) => [label, r.run.streams[i]!.state()]));
    const sa = states(a);
    const sb = states(b);
    expect(Object.keys(sb)).toContain("research:Zeta");
    for (const label of Object.keys(sa)) expect(sb[label], label).toEqual(sa[label]);
  });

  it("normalisation is idempotent: a resolved scenario reloads to the same scenario", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.95, noNaN: true }), fc.double({ min: 0.01, max: 5, noNaN: true }), (subsidy, leak) => {
        const first = baseline([`countries.CN.policy.fabSubsidy=${subsidy}`, `model.leakRate=${leak}`]);
        const second = loadOk({ "r.yaml": stringify(first.resolved) }, "r.yaml");
        expect(second.scenario).toEqual(first.scenario);
        expect(stringify(second.resolved)).toBe(stringify(first.resolved));
      }),
      { numRuns: 25 },
    );
  });
});
