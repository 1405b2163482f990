/**
 * What a sweep found, in words, for the terminal and the report alike: each outcome's spread
 * per policy, the paired differences between policies, and the inputs each outcome moves with.
 *
 * - Policies share points and seeds (common random numbers), so each (point, replication)
 *   gives a pair: the difference of a policy from the first is summarised as in a comparison
 *   (mean, t-based 95% CI, standardised effect: src/experiment/effects.ts), and policies'
 *   outcomes are ranked by that effect.
 * - Inputs: with a Sobol or Morris design, its indices (sensitivity.csv) rank them; with any
 *   other design of uncertainties (LHS, grid, random, CSV), Spearman's rank correlation of the
 *   outcome with each input over the first policy's runs does (as a first screen, like the
 *   EMA Workbench's feature scoring: it sees monotone effects, not interactions).
 * Pure: takes the texts of runs.csv and sensitivity.csv.
 */
import { sampleRankCorrelation } from "simple-statistics";
import { standardisedEffect } from "../experiment/effects.js";
import type { PairedDifference } from "../experiment/stats.js";
import { pairedDifference } from "../experiment/stats.js";
import type { TopLevelSpec } from "vega-lite";
import type { Chart } from "./charts.js";
import { PALETTE } from "./charts.js";
import { FIT, fitRows } from "./layout.js";
import { grouped } from "./comparison.js";

export interface SweepRuns {
  policies: string[];
  inputs: string[];
  outcomes: string[];
  /** One row per successful run. */
  rows: { policy: number; point: number; replication: number; inputs: number[]; outcomes: number[] }[];
}

/** runs.csv: `run,point,policy,replication,seed,status,<inputs>,<outcomes>,error`. */
export function parseSweepRuns(runsCsv: string, policies: readonly string[], inputs: readonly string[], outcomes: readonly string[]): SweepRuns {
  const lines = runsCsv.trim().split("\n");
  const header = (lines[0] ?? "").split(",");
  const inCols = inputs.map((id) => header.indexOf(id));
  const outCols = outcomes.map((id) => header.indexOf(id));
  const rows: SweepRuns["rows"] = [];
  for (const line of lines.slice(1)) {
    const c = line.split(",");
    if (c[5] !== "ok") continue;
    const policy = policies.indexOf(c[2]!);
    if (policy < 0) continue;
    const cell = (i: number) => (i < 0 || c[i] === undefined || c[i] === "" ? NaN : Number(c[i]));
    rows.push({ policy, point: Number(c[1]), replication: Number(c[3]), inputs: inCols.map(cell), outcomes: outCols.map(cell) });
  }
  return { policies: [...policies], inputs: [...inputs], outcomes: [...outcomes], rows };
}

export interface PolicyDifference {
  policy: string;
  outcome: string;
  diff: PairedDifference;
  effect: number;
}

/** Each policy against the first, per outcome, over the (point, replication) pairs both ran. */
export function policyDifferences(runs: SweepRuns): PolicyDifference[] {
  const key = (r: SweepRuns["rows"][number]) => `${r.point}/${r.replication}`;
  const base = new Map(runs.rows.filter((r) => r.policy === 0).map((r) => [key(r), r] as const));
  const out: PolicyDifference[] = [];
  for (let p = 1; p < runs.policies.length; p++) {
    const pairs = runs.rows.filter((r) => r.policy === p && base.has(key(r))).map((r) => [base.get(key(r))!, r] as const);
    runs.outcomes.forEach((outcome, o) => {
      const a = pairs.map(([x]) => x.outcomes[o]!);
      const b = pairs.map(([, y]) => y.outcomes[o]!);
      const diff = pairedDifference(a, b);
      out.push({ policy: runs.policies[p]!, outcome, diff, effect: standardisedEffect(a, b, diff) });
    });
  }
  return out;
}

export interface InputScore {
  input: string;
  /** Spearman's rho, or the Sobol total index, or Morris's mu*. */
  score: number;
  how: "rank correlation" | "Sobol total index" | "Morris mu*";
}

/** The inputs ranked for one outcome: by sensitivity.csv where there is one, else by |rho|. */
export function inputRanking(runs: SweepRuns, outcome: string, sensitivityCsv?: string): InputScore[] {
  if (sensitivityCsv !== undefined) {
    const lines = sensitivityCsv.trim().split("\n");
    const h = (lines[0] ?? "").split(",");
    const [po, oo, pa] = [h.indexOf("policy"), h.indexOf("outcome"), h.indexOf("parameter")];
    const st = h.indexOf("ST");
    const mu = h.indexOf("mu_star");
    const col = st >= 0 ? st : mu;
    if (col >= 0 && oo >= 0 && pa >= 0) {
      const scores = lines
        .slice(1)
        .map((l) => l.split(","))
        .filter((c) => c[oo] === outcome && (po < 0 || c[po] === runs.policies[0]))
        .map((c): InputScore => ({ input: c[pa]!, score: c[col] === "" ? NaN : Number(c[col]), how: st >= 0 ? "Sobol total index" : "Morris mu*" }))
        .filter((s) => Number.isFinite(s.score));
      return scores.sort((x, y) => y.score - x.score || x.input.localeCompare(y.input));
    }
  }
  const o = runs.outcomes.indexOf(outcome);
  const own = runs.rows.filter((r) => r.policy === 0 && Number.isFinite(r.outcomes[o]!));
  if (o < 0 || own.length < 3) return [];
  const y = own.map((r) => r.outcomes[o]!);
  const out: InputScore[] = [];
  runs.inputs.forEach((input, i) => {
    const x = own.map((r) => r.inputs[i]!);
    if (new Set(x).size < 2 || new Set(y).size < 2) return;
    out.push({ input, score: sampleRankCorrelation(x, y), how: "rank correlation" });
  });
  return out.sort((a, b) => Math.abs(b.score) - Math.abs(a.score) || a.input.localeCompare(b.input));
}

const fmt = (v: number) => {
  const a = Math.abs(v);
  return a >= 1000 ? grouped(v) : a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toPrecision(2);
};
const signed = (v: number) => `${v > 0 ? "+" : ""}${fmt(v)}`;

/**
 * The sentences: per outcome, its spread per policy and the inputs it moves with most; per
 * policy after the first, its clearest differences from the first. `units[i]` is outcome i's.
 */
export function sweepSentences(runs: SweepRuns, units: readonly string[], sensitivityCsv?: string, most = 3): string[] {
  const out: string[] = [];
  const unit = (o: number) => (units[o] && units[o] !== "1" ? ` ${units[o]}` : "");
  runs.outcomes.forEach((outcome, o) => {
    const parts = runs.policies.map((p, pi) => {
      const v = runs.rows
        .filter((r) => r.policy === pi)
        .map((r) => r.outcomes[o]!)
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      if (v.length === 0) return `${p}: no value`;
      const q = (f: number) => v[Math.min(v.length - 1, Math.floor(f * (v.length - 1)))] as number;
      return `${runs.policies.length > 1 ? `${p} ` : ""}median ${fmt(q(0.5))} (90% of runs ${fmt(q(0.05))} to ${fmt(q(0.95))})`;
    });
    // a rank correlation below 0.2 says no monotone relation worth naming
    const ranked = inputRanking(runs, outcome, sensitivityCsv)
      .filter((x) => x.how !== "rank correlation" || Math.abs(x.score) >= 0.2)
      .slice(0, 2);
    const inputs =
      ranked.length === 0
        ? ""
        : ` It moves most with ${ranked.map((s) => `${s.input} (${s.how === "rank correlation" ? `rank correlation ${signed(s.score)}` : `${s.how} ${fmt(s.score)}`})`).join(", then ")}${runs.policies.length > 1 ? ` under ${runs.policies[0]}` : ""}.`;
    out.push(`${outcome}${unit(o).replace(/^ (.+)$/, " ($1)")}: ${parts.join("; ")}.${inputs}`);
  });
  const diffs = policyDifferences(runs);
  for (let p = 1; p < runs.policies.length; p++) {
    const policy = runs.policies[p]!;
    const clear = diffs
      .filter((d) => d.policy === policy && d.diff.n >= 2 && (d.diff.ciLow > 0 || d.diff.ciHigh < 0))
      .sort((x, y) => Math.abs(y.effect) - Math.abs(x.effect) || runs.outcomes.indexOf(x.outcome) - runs.outcomes.indexOf(y.outcome));
    const n = diffs.find((d) => d.policy === policy)?.diff.n ?? 0;
    if (clear.length === 0) {
      out.push(`${policy} against ${runs.policies[0]} (${n} pairs with the same point and seed): no outcome differs clearly.`);
      continue;
    }
    const said = clear.slice(0, most).map((d) => {
      const o = runs.outcomes.indexOf(d.outcome);
      return `${d.outcome} ${signed(d.diff.mean)}${unit(o)} (95% CI ${signed(d.diff.ciLow)} to ${signed(d.diff.ciHigh)})`;
    });
    const more = clear.length > most ? `; ${clear.length - most} more differ clearly` : "";
    out.push(`${policy} against ${runs.policies[0]} (${n} pairs with the same point and seed): ${said.join(", ")}${more}.`);
  }
  return out;
}

/** An outcome against the input it moves with most: a point per run, coloured by policy. */
export function inputChart(runs: SweepRuns, outcome: string, input: string, units: { outcome: string; input: string }, score: InputScore): Chart | undefined {
  const o = runs.outcomes.indexOf(outcome);
  const i = runs.inputs.indexOf(input);
  if (o < 0 || i < 0) return undefined;
  const values = runs.rows.filter((r) => Number.isFinite(r.outcomes[o]!) && Number.isFinite(r.inputs[i]!)).map((r) => ({ policy: runs.policies[r.policy]!, x: r.inputs[i]!, y: r.outcomes[o]! }));
  if (values.length === 0) return undefined;
  const title = `${outcome} against ${input}`;
  const axis = (id: string, unit: string) => (unit && unit !== "1" ? `${id} (${unit})` : id);
  const how = score.how === "rank correlation" ? `rank correlation ${signed(score.score)} under ${runs.policies[0]}` : `${score.how} ${fmt(score.score)}`;
  return {
    id: `input-${outcome}`,
    title,
    caption: `Each run's ${outcome} against ${input}, the input it moves with most (${how}); a colour per policy.`,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title,
      ...FIT,
      data: { values },
      mark: { type: "point", filled: true, size: 24, opacity: 0.6 },
      encoding: {
        x: { field: "x", type: "quantitative", title: axis(input, units.input), scale: { zero: false } },
        y: { field: "y", type: "quantitative", title: axis(outcome, units.outcome), scale: { zero: false } },
        color: { field: "policy", type: "nominal", title: "policy", scale: { domain: runs.policies, range: runs.policies.map((_, k) => PALETTE[k % PALETTE.length]) } },
        tooltip: [{ field: "policy" }, { field: "x", title: input, format: ".3~g" }, { field: "y", title: outcome, format: ".3~g" }],
      },
    } as unknown as TopLevelSpec,
  };
}

/**
 * The paired differences of each policy from the first, as standardised effects with their 95%
 * intervals (outcomes of every unit on one scale); the difference in its unit in the tooltip.
 */
export function policyDifferenceChart(runs: SweepRuns, units: readonly string[]): Chart | undefined {
  if (runs.policies.length < 2) return undefined;
  const values = policyDifferences(runs)
    .filter((d) => Number.isFinite(d.effect) && d.diff.mean !== 0)
    .map((d) => {
      const spread = d.diff.mean / d.effect;
      const u = units[runs.outcomes.indexOf(d.outcome)] ?? "";
      return { outcome: d.outcome, policy: d.policy, effect: d.effect, low: d.diff.ciLow / spread, high: d.diff.ciHigh / spread, difference: `${signed(d.diff.mean)}${u && u !== "1" ? ` ${u}` : ""}` };
    });
  if (values.length === 0) return undefined;
  const others = runs.policies.slice(1);
  const colour = { field: "policy", type: "nominal" as const, title: "policy", scale: { domain: others, range: others.map((_, k) => PALETTE[(k + 1) % PALETTE.length]) } };
  const y = { field: "outcome", type: "nominal" as const, title: null, sort: runs.outcomes };
  const title = `Each policy against ${runs.policies[0]}: paired differences`;
  return {
    id: "policy-differences",
    title,
    caption: `The mean difference of each policy from ${runs.policies[0]} over the runs with the same point and seed, in standard deviations across those runs, with its 95% interval: outcomes of every unit on one scale.`,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title,
      ...fitRows(runs.outcomes.length * others.length, 22),
      data: { values },
      encoding: { y, yOffset: { field: "policy", type: "nominal", sort: others } },
      layer: [
        { mark: { type: "rule", strokeWidth: 2 }, encoding: { x: { field: "low", type: "quantitative", title: "difference in standard deviations (95% interval)", scale: { zero: true, nice: true } }, x2: { field: "high" }, color: colour } },
        { mark: { type: "point", filled: true, size: 50 }, encoding: { x: { field: "effect", type: "quantitative" }, color: colour, tooltip: [{ field: "outcome" }, { field: "policy" }, { field: "difference", title: "difference" }, { field: "effect", format: ".1f", title: "effect" }] } },
      ],
    } as unknown as TopLevelSpec,
  };
}
