/**
 * Verdicts: each planned check read from the runs' outcome values.
 *
 *   band     one scenario: the share of seeds whose value lies in the band; passes when it is at
 *            least the check's share (default 0.8)
 *   sign     a pair: d = variant - base per seed (common random numbers); passes when the mean
 *            has the expected sign, the 95% CI (Student t) excludes 0 and |mean| >= the least
 *            effect. It fails the other way too: an effect of the wrong sign, or none, fails.
 *   zero     a pair: every seed's difference is exactly 0
 *   within   a pair: the 95% CI of d (relative: of d / |base|, per seed) lies within the bounds
 *   scale    a pair (a lab split, labs merged): the 95% CI of d lies within the scale effect
 *            computed from the scenario's starting labs (docs/model.md)
 *   flip     a grid: in each cell the base with the cell's parameters against the same plus the
 *            change; passes when some cells' effects are clearly positive and others clearly
 *            negative (CI excluding 0, size at least the least effect)
 *   gap      a country's gap at two dates in OOM (the effective-compute ratio 10^gap moves with
 *            it) and in months behind: passes when both readings move the same way (both
 *            widen, both narrow, or both hold within their CIs)
 * A check that `requires` others fails when any of them does not pass.
 */
import type { Summary } from "../experiment/stats.js";
import { pairedDifference, summarize } from "../experiment/stats.js";
import * as fm from "../engine/fmath.js";
import type { Measure } from "./measure.js";
import { describeMeasure, measureValue, primitiveKey } from "./measure.js";
import type { PlannedCheck, PlannedEvaluation } from "./plan.js";
import { gapMeasures, outcomeIndex } from "./plan.js";
import type { Expectation, Family } from "./suite.js";

export type Verdict = "pass" | "fail" | "n/a";

export interface CheckResult {
  id: string;
  family: Family;
  claim: string;
  source: string;
  /** The design in words: the scenario or the pair, and the seeds. */
  design: string;
  measure: string;
  unit: string;
  expected: string;
  verdict: Verdict;
  /** Why it passed, failed, or does not apply. */
  reason: string;
  numbers: Record<string, number | null | string | (number | null)[] | (number | null)[][]>;
  /** What would make it pass (failing checks). */
  fix?: string;
  /** It reads the scenario's starting values (inputs), not what the model makes of them. */
  start?: true;
}

/** A run's outcome value: policy, replication, outcome index. */
export type RunValues = (policy: number, replication: number, outcome: number) => number;

/** A number for JSON: finite numbers rounded to 6 significant digits, else null. */
export function r6(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  if (x === 0) return 0;
  return Number(x.toPrecision(6));
}

function summaryNumbers(s: Summary): Record<string, number | null> {
  return { n: s.n, mean: r6(s.mean), sd: r6(s.sd), q05: r6(s.q05), q95: r6(s.q95), ci95_low: r6(s.ciLow), ci95_high: r6(s.ciHigh) };
}

export function expectedText(e: Expectation, unit: string): string {
  const u = unit === "" || unit === "1" ? "" : ` ${unit}`;
  if ("band" in e) return `in ${e.band[0]}..${e.band[1]}${u} in ${(e.share ?? 0.8) >= 1 ? "every seed" : `at least ${Math.round((e.share ?? 0.8) * 100)}% of seeds`}`;
  if ("sign" in e) return `${e.sign > 0 ? "higher" : "lower"} than the base by at least ${e.min}${u}, 95% CI excluding 0`;
  if ("zero" in e) return "no difference in any seed";
  if ("scaleEffect" in e) return `difference within the scale effect of ${e.scaleEffect === "split" ? "a split" : "a merge"} (docs/model.md), +-${e.tolerance}${u} (95% CI)`;
  return `difference${e.relative === true ? " (relative)" : ""} within ${e.within[0]}..${e.within[1]}${e.relative === true ? "" : u} (95% CI)`;
}

export function judge(pe: PlannedEvaluation, values: RunValues): CheckResult[] {
  const idx = outcomeIndex(pe);
  const n = pe.plan.replications;
  const perSeed = (variant: string, m: Measure): number[] => {
    const policy = pe.policyOf.get(variant);
    if (policy === undefined) throw new Error(`variant ${variant} was not run`);
    const out: number[] = [];
    for (let r = 0; r < n; r++) {
      out.push(
        measureValue(m, pe.entities, pe.start, (p) => {
          const i = idx.get(primitiveKey(p));
          return i === undefined ? NaN : values(policy, r, i);
        }),
      );
    }
    return out;
  };
  const results: CheckResult[] = [];
  for (const c of pe.checks) {
    if (c.kind === "direct") continue;
    results.push(judgeOne(c, perSeed, n, pe));
  }
  return results;
}

/** Checks that require others fail when any of those does not pass. */
export function applyRequirements(results: readonly CheckResult[], pe: PlannedEvaluation): CheckResult[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  const needs = new Map<string, readonly string[]>();
  for (const c of pe.checks) if (c.kind === "check" && c.def.requires !== undefined) needs.set(c.def.id, c.def.requires);
  return results.map((r) => {
    const missing = (needs.get(r.id) ?? []).filter((id) => byId.get(id)?.verdict !== "pass");
    if (r.verdict !== "pass" || missing.length === 0) return r;
    const def = pe.checks.find((c) => c.kind === "check" && c.def.id === r.id) as { def: { fix: string } };
    return { ...r, verdict: "fail", reason: `${r.reason}, but it means nothing while ${missing.join(", ")} fails`, fix: def.def.fix };
  });
}

/**
 * The scale effect of splitting or merging a country's labs at the start [OOM], from its
 * starting labs: a split lowers the best lab's capability by log10 2 at most; a merge raises it
 * to the merged lab's, max k + log10(total compute), from max over labs of k + log10(compute).
 */
export function scaleEffect(pe: PlannedEvaluation, kind: "split" | "merge", country: string): [number, number] {
  if (kind === "split") return [-fm.log10(2), 0];
  const labs = pe.base.scenario.firms.filter((f) => f.country === country);
  if (labs.length === 0) return [0, 0];
  const total = labs.reduce((t, f) => t + f.initial.compute, 0);
  const kmax = Math.max(...labs.map((f) => f.initial.knowledge));
  const best = Math.max(...labs.map((f) => f.initial.knowledge + fm.log10(f.initial.compute)));
  return [0, kmax + fm.log10(total) - best];
}

function na(base: Omit<CheckResult, "verdict" | "reason" | "numbers">, why: string): CheckResult {
  return { ...base, verdict: "n/a", reason: why, numbers: {} };
}

function judgeOne(c: Exclude<PlannedCheck, { kind: "direct" }>, perSeed: (variant: string, m: Measure) => number[], n: number, pe: PlannedEvaluation): CheckResult {
  if (c.kind === "gap") return judgeGap(c, perSeed, n);
  if (c.kind === "flip") return judgeFlip(c, perSeed, n);
  const d = c.def;
  const paired = "base" in d.design;
  const head = {
    id: d.id,
    family: d.family,
    claim: d.claim,
    source: d.source,
    design: "base" in d.design ? `${d.design.base} vs ${d.design.variant}, ${n} paired seeds` : `${d.design.variant}, ${n} seeds`,
    measure: describeMeasure(d.measure),
    unit: d.unit,
    expected: expectedText(d.expect, d.unit),
    ...(d.start === true ? { start: true as const } : {}),
  };
  if (c.na !== undefined) return na(head, c.na);
  const e = d.expect;
  const fail = (reason: string, numbers: CheckResult["numbers"]): CheckResult => ({ ...head, verdict: "fail", reason, numbers, fix: d.fix });
  const pass = (reason: string, numbers: CheckResult["numbers"]): CheckResult => ({ ...head, verdict: "pass", reason, numbers });
  if ("band" in e) {
    if (paired) throw new Error(`${d.id}: a band needs one scenario`);
    const xs = perSeed((d.design as { variant: string }).variant, d.measure);
    const s = summarize(xs);
    if (s.n === 0) return na(head, "the measure is undefined in every seed (a quantity that is zero or absent here)");
    const inBand = xs.filter((x) => Number.isFinite(x) && x >= e.band[0] && x <= e.band[1]).length;
    const share = inBand / xs.length;
    const numbers = { ...summaryNumbers(s), share_in_band: r6(share) };
    const need = e.share ?? 0.8;
    if (share >= need) return pass(`${inBand} of ${xs.length} seeds in band`, numbers);
    const where = s.mean < e.band[0] ? `the mean ${fmt(s.mean)} is below ${e.band[0]}..${e.band[1]}` : s.mean > e.band[1] ? `the mean ${fmt(s.mean)} is above ${e.band[0]}..${e.band[1]}` : `the mean ${fmt(s.mean)} is inside ${e.band[0]}..${e.band[1]}, but too few seeds are`;
    return fail(`${inBand} of ${xs.length} seeds in band; ${where}`, numbers);
  }
  if (!("base" in d.design)) throw new Error(`${d.id}: a paired expectation needs a pair`);
  const a = perSeed(d.design.base, d.measure);
  const b = perSeed(d.design.variant, d.measure);
  const diff = pairedDifference(a, b);
  if (diff.n === 0) return na(head, "the measure is undefined in every seed");
  const numbers: CheckResult["numbers"] = { base_mean: r6(diff.meanA), variant_mean: r6(diff.meanB), ...summaryNumbers(diff), sign_share: r6(diff.signShare) };
  if ("zero" in e) {
    const nonzero = a.filter((x, i) => x !== b[i]).length;
    return nonzero === 0 ? pass(`identical in all ${n} seeds`, numbers) : fail(`differs in ${nonzero} of ${n} seeds (mean difference ${fmt(diff.mean)})`, numbers);
  }
  if ("scaleEffect" in e) {
    const [lo, hi] = scaleEffect(pe, e.scaleEffect, e.country);
    const bounds = [lo - e.tolerance, hi + e.tolerance] as const;
    const nums = { ...numbers, scale_effect_low: r6(lo), scale_effect_high: r6(hi) };
    const what = `difference ${fmt(diff.mean)} (95% CI ${fmt(diff.ciLow)} to ${fmt(diff.ciHigh)}); the scale effect is ${fmt(lo)} to ${fmt(hi)}`;
    return diff.ciLow >= bounds[0] && diff.ciHigh <= bounds[1] ? pass(what, nums) : fail(`${what}: beyond it`, nums);
  }
  if ("within" in e) {
    const rel = e.relative === true;
    const ds = rel ? a.map((x, i) => (b[i]! - x) / Math.abs(x)) : a.map((x, i) => b[i]! - x);
    const s = summarize(ds);
    const nums = { ...numbers, ...(rel ? { relative_n: s.n, relative_missing: s.missing, relative_mean: r6(s.mean), relative_ci95_low: r6(s.ciLow), relative_ci95_high: r6(s.ciHigh) } : {}) };
    const ok = s.n > 0 && s.ciLow >= e.within[0] && s.ciHigh <= e.within[1];
    const what = rel ? `relative difference ${pct(s.mean)} (95% CI ${pct(s.ciLow)} to ${pct(s.ciHigh)})` : `difference ${fmt(s.mean)} (95% CI ${fmt(s.ciLow)} to ${fmt(s.ciHigh)})`;
    return ok ? pass(what, nums) : fail(`${what}, outside ${rel ? `${pct(e.within[0])} to ${pct(e.within[1])}` : `${e.within[0]}..${e.within[1]}`}`, nums);
  }
  const ci = `mean difference ${fmt(diff.mean)} (95% CI ${fmt(diff.ciLow)} to ${fmt(diff.ciHigh)})`;
  const right = e.sign > 0 ? diff.ciLow > 0 : diff.ciHigh < 0;
  const wrong = e.sign > 0 ? diff.ciHigh < 0 : diff.ciLow > 0;
  if (wrong) return fail(`the wrong direction: ${ci}`, numbers);
  if (!right) return fail(`no clear effect: ${ci}`, numbers);
  if (Math.abs(diff.mean) < e.min) return fail(`too small: ${ci}, below the least effect ${e.min}`, numbers);
  return pass(ci, numbers);
}

function judgeFlip(c: Extract<PlannedCheck, { kind: "flip" }>, perSeed: (variant: string, m: Measure) => number[], n: number): CheckResult {
  const d = c.def;
  const head = {
    id: d.id,
    family: d.family,
    claim: d.claim,
    source: d.source,
    design: `in each cell of a ${d.axes[0].values.length} x ${d.axes[1].values.length} grid of ${d.axes[0].path} x ${d.axes[1].path}: the base with those values vs the same with ${d.changes}, ${n} paired seeds`,
    measure: describeMeasure(d.measure),
    unit: d.unit,
    expected: `the effect is positive in some cells and negative in others (95% CIs excluding 0, at least ${d.min}${d.unit === "" ? "" : ` ${d.unit}`})`,
  };
  if (c.na !== undefined) return na(head, c.na);
  const means: (number | null)[][] = [];
  const signs: (number | null)[][] = [];
  const [ax, ay] = d.axes;
  for (let i = 0; i < ax.values.length; i++) {
    means.push([]);
    signs.push([]);
    for (let j = 0; j < ay.values.length; j++) {
      const cell = c.cells[i * ay.values.length + j]!;
      const diff = pairedDifference(perSeed(cell.base, d.measure), perSeed(cell.variant, d.measure));
      means[i]!.push(r6(diff.mean));
      signs[i]!.push(diff.ciLow > 0 && diff.mean >= d.min ? 1 : diff.ciHigh < 0 && diff.mean <= -d.min ? -1 : 0);
    }
  }
  const flat = signs.flat();
  const pos = flat.filter((s) => s === 1).length;
  const neg = flat.filter((s) => s === -1).length;
  const numbers = { [ax.path]: ax.values.map((v) => v), [ay.path]: ay.values.map((v) => v), mean_difference: means, sign: signs };
  const reason = `${pos} cells positive, ${neg} negative, ${flat.length - pos - neg} unclear`;
  return pos > 0 && neg > 0 ? { ...head, verdict: "pass", reason, numbers } : { ...head, verdict: "fail", reason: `the sign never flips: ${reason}`, numbers, fix: d.fix };
}

function judgeGap(c: Extract<PlannedCheck, { kind: "gap" }>, perSeed: (variant: string, m: Measure) => number[], n: number): CheckResult {
  const d = c.def;
  const head = {
    id: d.id,
    family: d.family,
    claim: `${d.country}'s gap to the frontier moves the same way read in OOM (or as the effective-compute ratio 10^gap, which moves with it) and in months behind (${d.from} to ${d.to})`,
    source: d.source,
    design: `base, ${n} seeds`,
    measure: `gap_${d.country} (OOM below the running frontier), 10^gap and months_behind_${d.country}, at ${d.from} and ${d.to}`,
    unit: "OOM, x, months",
    expected: "the readings agree in direction",
  };
  if (c.na !== undefined) return na(head, c.na);
  const g = gapMeasures(d);
  const of = perSeed("base", g.oomFrom);
  const ot = perSeed("base", g.oomTo);
  const mf = perSeed("base", g.monthsFrom);
  const mt = perSeed("base", g.monthsTo);
  const dOom = pairedDifference(of, ot);
  const dMonths = pairedDifference(mf, mt);
  const dir = (s: Summary) => (s.ciLow > 0 ? 1 : s.ciHigh < 0 ? -1 : 0);
  const word = (x: number) => (x > 0 ? "widens" : x < 0 ? "narrows" : "holds (CI includes 0)");
  const so = summarize(of).mean;
  const st = summarize(ot).mean;
  const numbers = {
    gap_oom_from: r6(so),
    gap_oom_to: r6(st),
    geometric_mean_ratio_from: r6(fm.pow(10, so)),
    geometric_mean_ratio_to: r6(fm.pow(10, st)),
    months_from: r6(summarize(mf).mean),
    months_to: r6(summarize(mt).mean),
    oom_change: r6(dOom.mean),
    oom_change_ci95: [r6(dOom.ciLow), r6(dOom.ciHigh)],
    months_change: r6(dMonths.mean),
    months_change_ci95: [r6(dMonths.ciLow), r6(dMonths.ciHigh)],
  };
  const a = dir(dOom);
  const b = dir(dMonths);
  const reason = `in OOM it ${word(a)} (${fmt(so)} to ${fmt(st)}, an effective-compute ratio of ${fmt(fm.pow(10, so))}x to ${fmt(fm.pow(10, st))}x); in months it ${word(b)} (${fmt(summarize(mf).mean)} to ${fmt(summarize(mt).mean)})`;
  if (a !== b) return { ...head, verdict: "fail", reason: `the readings disagree: ${reason}`, numbers, fix: d.fix };
  return { ...head, verdict: "pass", reason, numbers };
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  const a = Math.abs(x);
  if (a !== 0 && (a < 0.001 || a >= 1e6)) return x.toExponential(2);
  return String(Number(x.toPrecision(3)));
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${Number((100 * x).toPrecision(3))}%` : "n/a";
}
