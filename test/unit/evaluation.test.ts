/** The evaluation suite's parts: variants, measures, verdicts, the direct checks' comparisons. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SeriesRecorder } from "../../src/engine/metrics.js";
import { simulate } from "../../src/engine/run.js";
import { compareRecords } from "../../src/evaluation/direct.js";
import { applyRequirements, judge, scaleEffect } from "../../src/evaluation/judge.js";
import type { Entities, Measure, Primitive } from "../../src/evaluation/measure.js";
import { measureValue, primitiveKey, primitivesOf } from "../../src/evaluation/measure.js";
import type { PlannedEvaluation } from "../../src/evaluation/plan.js";
import { gapMeasures } from "../../src/evaluation/plan.js";
import { CHECKS, DIRECT, FLIPS, GAPS, VARIANTS } from "../../src/evaluation/suite.js";
import { agentIds, mergeLabs, num, renameIds, reverseLists, scaleOpen, splitLab } from "../../src/evaluation/variants.js";
import { castCheck, castGap, castValueOf, castVariant, checkRoles, parseRoles } from "../../src/evaluation/roles.js";
import { parseQuarter } from "../../src/engine/clock.js";
import type { Result } from "../../src/scenario/issues.js";
import { finishScenario, prepareScenario } from "../../src/scenario/load.js";
import { MemoryHost } from "../../src/scenario/memory-host.js";
import { toRunSpec } from "../../src/scenario/spec.js";
import { seedOf } from "../../src/experiment/plan.js";
import { loadEvaluation } from "../../src/io/experiment-host.js";
import { BASELINE_TEXT, ROOT } from "../helpers/scenarios.js";

type Tree = Record<string, unknown>;
const template = (() => {
  const r = prepareScenario(new MemoryHost({ "baseline.yaml": BASELINE_TEXT }), "baseline");
  if (!r.ok) throw new Error("baseline does not load");
  return r.value;
})();
const ok = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  return r.value;
};
const firms = (t: Tree) => t["firms"] as Tree[];
const init = (f: Tree, key: string) => num((f["initial"] as Tree)[key]) ?? NaN;
const totals = (t: Tree, country: string) => {
  const fs = firms(t).filter((f) => f["country"] === country);
  return { labs: fs.length, budget: fs.reduce((s, f) => s + init(f, "budget"), 0), compute: fs.reduce((s, f) => s + init(f, "compute"), 0) };
};

describe("variants", () => {
  it("a split lab becomes two identical halves that keep the country's starting totals, and the result is a valid scenario", () => {
    const before = totals(template.tree, "EU");
    const split = ok(splitLab(template.tree, "EU"));
    const after = totals(split, "EU");
    expect(after.labs).toBe(before.labs + 1);
    expect(after.budget).toBeCloseTo(before.budget, 12);
    expect(after.compute).toBeCloseTo(before.compute, 12);
    const [a, b] = firms(split).filter((f) => f["country"] === "EU");
    expect({ ...a, id: "", name: "" }).toEqual({ ...b, id: "", name: "" });
    expect(finishScenario(template, split).ok).toBe(true);
  });

  it("merged labs keep the country's starting budget and compute, the best knowledge, and a budget split that sums to 1", () => {
    const before = totals(template.tree, "CN");
    const merged = ok(mergeLabs(template.tree, "CN"));
    const after = totals(merged, "CN");
    expect(before.labs).toBeGreaterThan(1);
    expect(after.labs).toBe(1);
    expect(after.budget).toBeCloseTo(before.budget, 9);
    expect(after.compute).toBeCloseTo(before.compute, 9);
    const lab = firms(merged).find((f) => f["country"] === "CN")!;
    const best = Math.max(...firms(template.tree).filter((f) => f["country"] === "CN").map((f) => init(f, "knowledge")));
    expect(init(lab, "knowledge")).toBe(best);
    const a = lab["allocation"] as Tree;
    expect((num(a["rnd"]) ?? 0) + (num(a["open"]) ?? 0) + (num(a["compute"]) ?? 0)).toBeCloseTo(1, 12);
    expect(finishScenario(template, merged).ok).toBe(true);
    expect(mergeLabs(template.tree, "EU").ok).toBe(false);
  });

  it("scaling openness multiplies every lab's open weight and leaves the rest", () => {
    const scaled = ok(scaleOpen(template.tree, 2));
    firms(template.tree).forEach((f, i) => {
      const open = (x: Tree) => num((x["allocation"] as Tree)["open"]) ?? 0;
      expect(open(firms(scaled)[i]!)).toBe(2 * open(f));
      expect(init(firms(scaled)[i]!, "budget")).toBe(init(f, "budget"));
    });
  });

  it("renaming reaches every id and every reference, and the renamed scenario is valid", () => {
    const { tree, map } = renameIds(template.tree);
    const ids = agentIds(template.tree);
    expect([...map.keys()].sort()).toEqual([...new Set(ids)].sort());
    // no old id is left anywhere in the file, as a word or after an underscore
    const text = JSON.stringify(tree);
    for (const id of ids) expect(text).not.toMatch(new RegExp(`(?<![A-Za-z0-9])${id}(?![A-Za-z0-9])`));
    // the new names sort the other way round
    const sorted = [...map.keys()].sort();
    expect(sorted.map((id) => map.get(id)!)).toEqual([...sorted.map((id) => map.get(id)!)].sort().reverse());
    expect(finishScenario(template, tree).ok).toBe(true);
  });

  it("reversing lists keeps every agent", () => {
    const rev = reverseLists(template.tree);
    expect(agentIds(rev).sort()).toEqual(agentIds(template.tree).sort());
    expect(firms(rev)[0]).toBe(firms(template.tree).at(-1));
  });

  it("a record compared with itself has no difference; a different seed does", () => {
    const loaded = ok(finishScenario(template, template.tree));
    const rec = (seed: number) => {
      const r = new SeriesRecorder();
      simulate(toRunSpec(loaded, seed), r);
      return r;
    };
    const a = rec(5);
    expect(compareRecords(a, rec(5), new Map()).maxRel).toBe(0);
    expect(compareRecords(a, rec(6), new Map()).maxRel).toBeGreaterThan(0);
  });
});

describe("measures", () => {
  const ents: Entities = { countries: ["A", "B"], firms: [{ id: "f", country: "A" }, { id: "g", country: "B" }], designs: [] };
  const start = parseQuarter("2025Q3")!;
  it("growth, decline and rate are yearly factors between two quarters", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.integer({ min: 1, max: 40 }), (x0, x1, steps) => {
        const to = `${2025 + Math.floor((2 + steps) / 4)}Q${((2 + steps) % 4) + 1}`;
        const val = (p: Primitive) => (p.from === 0 ? x0 : x1);
        const years = steps / 4;
        const g = measureValue({ term: { metric: "m" }, how: "growth", from: "2025Q3", to }, ents, start, val);
        const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
        close(g, (x1 / x0) ** (1 / years));
        const d = measureValue({ term: { metric: "m" }, how: "decline", from: "2025Q3", to }, ents, start, val);
        close(d * g, 1);
        const r = measureValue({ term: { metric: "m" }, how: "rate", from: "2025Q3", to }, ents, start, val);
        const want = (x1 - x0) / years;
        // (an OOM measure's yearly change stays far from the edge of the floating-point range)
        if (Math.abs(want) > 100) return;
        close(Math.log10(r), want);
      }),
    );
  });

  it("a reduced term expands to one primitive per agent, and a mean of a max is refused", () => {
    const m: Measure = { term: { reduce: "sum", name: "compute", over: "firm" }, how: "at", date: "2026Q1" };
    expect(primitivesOf(m, ents, start).map((p) => p.symbol)).toEqual(["compute_f", "compute_g"]);
    const v = measureValue(m, ents, start, (p) => (p.symbol === "compute_f" ? 2 : 3));
    expect(v).toBe(5);
    expect(() => primitivesOf({ term: { reduce: "max", name: "x", over: "country" }, how: "mean", from: "2025Q3", to: "2026Q1" }, ents, start)).toThrow();
  });
});

/**
 * An evaluation of the given planned checks over fake runs: `value(variant, symbol, step, seed)`
 * is what a run of that variant records.
 */
function fake(checks: PlannedEvaluation["checks"], variants: string[], seeds: number, value: (variant: string, symbol: string, step: number, seed: number) => number, base?: PlannedEvaluation["base"]) {
  const start = parseQuarter("2025Q3")!;
  const ents: Entities = { countries: ["US", "CN", "EU"], firms: [], designs: [] };
  const measures: Measure[] = checks.flatMap((c) => (c.kind === "check" || c.kind === "flip" ? [c.def.measure] : c.kind === "gap" ? Object.values(gapMeasures(c.def)) : []));
  const prims = [...new Map(measures.flatMap((m) => primitivesOf(m, ents, start)).map((p) => [primitiveKey(p), p])).values()];
  const pe = {
    plan: { replications: seeds, outcomes: prims.map((p) => ({ id: primitiveKey(p), metric: p.symbol, aggregate: p.aggregate, from: p.from, to: p.to })) },
    checks,
    policyOf: new Map(variants.map((v, i) => [v, i])),
    entities: ents,
    start,
    base,
  } as unknown as PlannedEvaluation;
  return applyRequirements(judge(pe, (policy, r, o) => value(variants[policy]!, prims[o]!.symbol, prims[o]!.from, r)), pe);
}

/** A one-check evaluation whose runs give the values `base` and `variant` per seed. */
function oneCheck(expect_: (typeof CHECKS)[number]["expect"], base: number[], variant: number[]) {
  const def = { ...CHECKS.find((c) => c.family === "ablation" && c.measure.log !== true)!, expect: expect_ };
  const v = (def.design as { variant: string }).variant;
  return fake([{ kind: "check", def }], ["base", v], base.length, (variant, _s, _t, r) => (variant === "base" ? base[r]! : variant === v ? variant_(r) : NaN))[0]!;
  function variant_(r: number) {
    return variant[r]!;
  }
}

describe("verdicts are two-sided", () => {
  const base = [1, 2, 3, 4, 5, 6];
  const up = base.map((x, i) => x + 0.5 + 0.01 * i);
  const down = base.map((x, i) => x - 0.5 - 0.01 * i);
  const noise = base.map((x, i) => x + (i % 2 === 0 ? 0.3 : -0.3));
  it("an effect in the stated direction, large enough, passes", () => {
    expect(oneCheck({ sign: 1, min: 0.1 }, base, up).verdict).toBe("pass");
    expect(oneCheck({ sign: -1, min: 0.1 }, base, down).verdict).toBe("pass");
  });
  it("an effect the other way fails, and says so", () => {
    const r = oneCheck({ sign: 1, min: 0.1 }, base, down);
    expect(r.verdict).toBe("fail");
    expect(r.reason).toMatch(/wrong direction/);
    expect(r.fix).toBeTruthy();
  });
  it("no effect (an inert mechanism) fails, and so does an effect below the least size", () => {
    expect(oneCheck({ sign: 1, min: 0.1 }, base, base).verdict).toBe("fail");
    expect(oneCheck({ sign: 1, min: 0.1 }, base, noise).reason).toMatch(/no clear effect/);
    expect(oneCheck({ sign: 1, min: 1 }, base, up).reason).toMatch(/too small/);
  });
  it("a relative band holds only when the whole interval is inside it", () => {
    expect(oneCheck({ within: [-0.02, 0.02], relative: true }, base, base.map((x) => x * 1.01)).verdict).toBe("pass");
    expect(oneCheck({ within: [-0.02, 0.02], relative: true }, base, base.map((x) => x * 1.03)).verdict).toBe("fail");
  });
  it("zero means identical in every seed", () => {
    expect(oneCheck({ zero: true }, base, [...base]).verdict).toBe("pass");
    expect(oneCheck({ zero: true }, base, [...base.slice(0, 5), 6.000001]).verdict).toBe("fail");
  });
});

describe("bands, grids, gaps and requirements", () => {
  const def = (over: Partial<(typeof CHECKS)[number]>) => ({ ...CHECKS.find((c) => c.id === "china-us-lag")!, ...over });
  it("a band passes when enough seeds fall in it, and says where the mean is when not", () => {
    const check = def({ expect: { band: [4, 14] } });
    const seeds = [5, 6, 7, 8, 9, 10, 11, 12, 13, 20];
    expect(fake([{ kind: "check", def: check }], ["base"], 10, (_v, _s, _t, r) => seeds[r]!)[0]!.verdict).toBe("pass");
    const high = fake([{ kind: "check", def: check }], ["base"], 10, (_v, _s, _t, r) => seeds[r]! + 8)[0]!;
    expect(high.verdict).toBe("fail");
    expect(high.reason).toMatch(/above 4\.\.14/);
    const strict = def({ expect: { band: [4, 14], share: 1 } });
    expect(fake([{ kind: "check", def: strict }], ["base"], 10, (_v, _s, _t, r) => seeds[r]!)[0]!.verdict).toBe("fail");
  });

  const flip = { ...FLIPS[0]!, axes: [{ path: "a", values: [0, 1] }, { path: "b", values: [0] }] as const };
  const cells = [
    { base: "b0", variant: "v0", values: [0, 0] as [number, number] },
    { base: "b1", variant: "v1", values: [1, 0] as [number, number] },
  ];
  const run = (effect: (cell: number) => number) =>
    fake([{ kind: "flip", def: flip, cells }], ["b0", "v0", "b1", "v1"], 6, (v, _s, _t, r) => 5 + 0.001 * r + (v.startsWith("v") ? effect(Number(v.slice(1))) : 0))[0]!;
  it("a grid passes only when the effect is clearly positive somewhere and clearly negative elsewhere", () => {
    // (the measure is log10 of a value near 5: +-1 moves it by about 0.08 OOM)
    expect(run((c) => (c === 0 ? -1 : 1)).verdict).toBe("pass");
    expect(run(() => -1).verdict).toBe("fail");
    // below the least effect (0.05 is about 0.004 OOM), a sign does not count
    expect(flip.min).toBeGreaterThan(0.005);
    expect(run((c) => (c === 0 ? -1 : 0.05)).verdict).toBe("fail");
  });

  it("a gap passes when the OOM and months readings move the same way, and fails when they part", () => {
    const gap = { kind: "gap" as const, def: GAPS[0]! };
    const at = (widenMonths: boolean) => (_v: string, symbol: string, step: number, r: number) => {
      const late = step > 20;
      if (symbol.startsWith("gap_")) return (late ? 0.5 : 1) + 0.01 * r; // the gap narrows from 1 to 0.5 OOM
      return (late === widenMonths ? 30 : 14) + 0.1 * r; // months: widen or narrow
    };
    const parted = fake([gap], ["base"], 6, at(true))[0]!;
    expect(parted.verdict).toBe("fail");
    expect(parted.reason).toMatch(/disagree/);
    expect(fake([gap], ["base"], 6, at(false))[0]!.verdict).toBe("pass");
  });

  it("a check whose requirement fails fails with it, saying which", () => {
    const leak = CHECKS.find((c) => c.id === "ablation-leakage-months-behind-CN")!;
    const c3 = CHECKS.find((c) => c.id === "C3-leakage-slower-than-diffusion")!;
    const values = (inert: boolean) => (v: string, _s: string, _t: number, r: number) => (v === "no-diffusion" ? 12 : v === "no-leakage" ? (inert ? 10 : 11) : 10) + 0.01 * r;
    const checks: PlannedEvaluation["checks"] = [
      { kind: "check", def: leak },
      { kind: "check", def: c3 },
    ];
    const inert = fake(checks, ["base", "no-leakage", "no-diffusion"], 6, values(true));
    expect(inert[0]!.verdict).toBe("fail");
    expect(inert[1]!.verdict).toBe("fail");
    expect(inert[1]!.reason).toMatch(/ablation-leakage-months-behind-CN fails/);
    const working = fake(checks, ["base", "no-leakage", "no-diffusion"], 6, values(false));
    expect(working.map((c) => c.verdict)).toEqual(["pass", "pass"]);
  });

  it("the scale effect of a merge is the merged lab's starting capability over the best lab's", () => {
    const base = ok(finishScenario(template, template.tree));
    const pe = { base } as unknown as PlannedEvaluation;
    const labs = base.scenario.firms.filter((f) => f.country === "CN");
    const total = labs.reduce((t, f) => t + f.initial.compute, 0);
    const best = Math.max(...labs.map((f) => f.initial.knowledge + Math.log10(f.initial.compute)));
    const [lo, hi] = scaleEffect(pe, "merge", "CN");
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(Math.max(...labs.map((f) => f.initial.knowledge)) + Math.log10(total) - best, 12);
    expect(scaleEffect(pe, "split", "EU")[0]).toBeCloseTo(-Math.log10(2), 12);
  });
});

describe("the suite as declared", () => {
  const all = [...CHECKS.map((c) => c.id), ...FLIPS.map((c) => c.id), ...GAPS.map((c) => c.id), ...DIRECT.map((c) => c.id)];
  it("every check has a unique id, and every variant it names exists", () => {
    expect(new Set(all).size).toBe(all.length);
    const variants = new Set(VARIANTS.map((v) => v.id));
    for (const c of CHECKS) for (const v of Object.values(c.design)) expect(variants, `${c.id}: ${v}`).toContain(v);
  });
  it("every calibration.md row a check cites is a row of docs/calibration.md", () => {
    const doc = readFileSync(join(ROOT, "docs", "calibration.md"), "utf8");
    const rows = new Set([...doc.matchAll(/^\| ([a-z0-9-]+) \|/gm)].map((m) => m[1]));
    for (const c of CHECKS) {
      const m = /calibration\.md#([a-z0-9-]+)/.exec(c.source);
      if (m) expect(rows, c.id).toContain(m[1]);
    }
  });
  it("every paired check states a direction or a band, and every check says what would fix it", () => {
    for (const c of CHECKS) {
      expect(c.fix.length, c.id).toBeGreaterThan(5);
      if ("base" in c.design) expect("band" in c.expect, c.id).toBe(false);
      else expect("band" in c.expect, c.id).toBe(true);
    }
  });
});

describe("the evaluation's seeds", () => {
  const seedsOf = (text: string, name = "baseline.yaml"): number[] => {
    const dir = mkdtempSync(join(tmpdir(), "airace-seeds-"));
    try {
      writeFileSync(join(dir, name), text);
      const plan = ok(loadEvaluation(join(dir, name), { seeds: 3 })).plan;
      return [0, 1, 2].map((replication) => seedOf(plan, { run: replication, point: 0, policy: 0, replication }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("do not change when a source string or a number of the scenario does, but do with its name and the master seed", () => {
    const base = seedsOf(BASELINE_TEXT);
    expect(new Set(base).size).toBe(3);
    const source = 'source: "assumption: AI accelerators are retired after about five years" }';
    expect(BASELINE_TEXT).toContain(source);
    expect(seedsOf(BASELINE_TEXT.replace(source, 'source: "assumption: reworded" }'))).toEqual(base);
    const number = "depreciationRate: { value: 0.2,";
    expect(BASELINE_TEXT).toContain(number);
    expect(seedsOf(BASELINE_TEXT.replace(number, "depreciationRate: { value: 0.21,"))).toEqual(base);
    // another scenario (its name) and another master seed draw other seeds
    const renamed = seedsOf(BASELINE_TEXT.replace(/^name: baseline$/m, "name: other"), "other.yaml");
    expect(renamed.some((s, i) => s === base[i])).toBe(false);
    const reseeded = seedsOf(BASELINE_TEXT.replace(/^seed: (\d+)$/m, (_, s: string) => `seed: ${Number(s) + 1}`));
    expect(reseeded.some((s, i) => s === base[i])).toBe(false);
  });
});

describe("roles: an invented world read in the suite's countries", () => {
  const roles = [["US", "Arcadia"], ["CN", "Borealis"], ["EU", "Cascadia"]] as const;

  it("reads ROLE=COUNTRY pairs and refuses what it cannot read", () => {
    expect(parseRoles("US=Arcadia, CN=Borealis")).toEqual({ ok: true, roles: [["US", "Arcadia"], ["CN", "Borealis"]] });
    for (const [text, why] of [
      ["US", /not ROLE=COUNTRY/],
      ["XX=Arcadia", /not a country of the suite/],
      ["US=Arcadia,US=Borealis", /given twice/],
      ["US=Arcadia,CN=Arcadia", /plays two roles/],
      ["US=1abc", /not a country id/],
    ] as const) {
      const r = parseRoles(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.message).toMatch(why);
    }
    expect(checkRoles(roles, ["Arcadia", "Borealis", "Cascadia"])).toBeUndefined();
    expect(checkRoles(roles, ["Arcadia", "Borealis"])).toMatch(/no country Cascadia/);
    expect(checkRoles([["US", "CN"]], ["US", "CN"])).toMatch(/has a country US of its own/);
  });

  it("casts measures, variants, gaps and paths, and only whole ids", () => {
    const check = CHECKS.find((c) => c.id === "merge-labs-compute-2030")!;
    expect(JSON.stringify(castCheck(check, roles).measure)).toContain("compute_Borealis");
    const power = CHECKS.find((c) => c.id === "ablation-power-limit-compute-US")!;
    expect(castCheck(power, roles).needs).toBe("countries.Arcadia.powerAdditions");
    const split = VARIANTS.find((v) => v.id === "split-eu-lab")!;
    expect(castVariant(split, roles).transform).toEqual({ kind: "split-lab", country: "Cascadia" });
    const trusted = VARIANTS.find((v) => v.id === "us-trusted")!;
    expect(castVariant(trusted, roles).set).toEqual([["countries.Arcadia.policy.governance", 0.9]]);
    expect(castGap(GAPS.find((g) => g.country === "CN")!, roles).country).toBe("Borealis");
    // inside a longer id nothing changes; a role not given stays as it is
    expect(castValueOf(["CNX_rate", "USD", "months_behind_CN", "gap_TW"], roles)).toEqual(["CNX_rate", "USD", "months_behind_Borealis", "gap_TW"]);
    // no roles: the suite's own definitions, untouched
    expect(castCheck(check, [])).toBe(check);
    expect(castVariant(split, [])).toBe(split);
  });
});
