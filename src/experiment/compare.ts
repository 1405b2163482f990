/**
 * A paired comparison of two scenarios as a plan: scenario A and scenario B are the two
 * "policies" of a single point, run for the same replications with the same seeds (common
 * random numbers), so each replication gives a pair whose difference cancels most of the
 * model's randomness.
 *
 * Outcomes: those asked for (`metric` for its final value, `metric@2030Q4` for the value at a
 * quarter), or by default the final (or `at`) value of the frontier, the lead, the number of
 * leadership changes and the open-closed lag, and of each country's capability, gap to the
 * frontier (OOM), months behind and compute (the countries both scenarios have).
 */
import { parseQuarter } from "../engine/clock.js";
import type { Issue, Pos, Result } from "../scenario/issues.js";
import type { ScenarioTemplate } from "../scenario/load.js";
import { finishScenario } from "../scenario/load.js";
import type { ExperimentHost, Plan, PlannedPolicy } from "./plan.js";
import { planOutcomes, symbolUnits } from "./plan.js";
import type { OutcomeFile } from "./schema.js";

export interface ComparisonOptions {
  seed: number;
  replications: number;
  /** `metric` or `metric@quarter`; empty for the default set. */
  outcomes: readonly string[];
  /** Quarter at which the default outcomes are read (default: the end). */
  at?: string;
}

const CLI: Pos = { file: "<command line>", line: 1, col: 1 };

/** Country series a comparison keeps for every run (for its report). */
export const COMPARISON_SERIES = ["capability", "months_behind", "compute", "domestic_chip_share"] as const;

export function planComparison(host: ExperimentHost, a: ScenarioTemplate, b: ScenarioTemplate, opts: ComparisonOptions): Result<Plan> {
  const issues: Issue[] = [];
  const la = finishScenario(a, a.tree);
  const lb = finishScenario(b, b.tree);
  if (!la.ok || !lb.ok) return { ok: false, issues: [...(la.ok ? [] : la.issues), ...(lb.ok ? [] : lb.issues)] };
  const A = la.value;
  const B = lb.value;
  if (A.scenario.start !== B.scenario.start || A.scenario.end !== B.scenario.end) {
    return { ok: false, issues: [{ pos: CLI, path: "", message: `the scenarios cover different horizons (${A.scenario.start}..${A.scenario.end} and ${B.scenario.start}..${B.scenario.end}); compare scenarios over the same quarters` }] };
  }
  const idA = A.scenario.name;
  const idB = B.scenario.name === idA ? `${idA}-b` : B.scenario.name;
  const symbols = [symbolUnits(A), symbolUnits(B)];
  const files: OutcomeFile[] = [];
  if (opts.at !== undefined) {
    const q = parseQuarter(opts.at);
    if (q === undefined) issues.push({ pos: CLI, path: "--at", message: `expected a quarter like 2030Q4, got "${opts.at}"` });
    else if (q < A.clock.start || q > A.clock.start + A.clock.steps) {
      issues.push({ pos: CLI, path: "--at", message: `${opts.at} is outside the scenarios' horizon ${A.scenario.start}..${A.scenario.end}` });
    }
  }
  const add = (metric: string, date: string | undefined) => {
    const id = (date === undefined ? metric : `${metric}_${date}`).replace(/[^A-Za-z0-9_]/g, "_");
    files.push(date === undefined ? { id, metric, aggregate: "final" } : { id, metric, aggregate: "at", date });
  };
  if (opts.outcomes.length > 0) {
    for (const o of opts.outcomes) {
      const [metric, date] = o.split("@") as [string, string | undefined];
      if (date !== undefined && parseQuarter(date) === undefined) {
        issues.push({ pos: CLI, path: "--outcome", message: `expected metric or metric@quarter (months_behind_CN@2030Q4), got "${o}"` });
        continue;
      }
      add(metric, date);
    }
  } else {
    const at = opts.at;
    for (const m of ["frontier_capability", "lead_months", "leadership_changes", "open_closed_lag"]) add(m, at);
    // each country the two scenarios share (fictional worlds may share none)
    const inB = new Set(B.scenario.countries.map((c) => c.id));
    for (const c of A.scenario.countries) if (inB.has(c.id)) for (const m of ["capability", "gap", "months_behind", "compute"]) add(`${m}_${c.id}`, at);
  }
  if (issues.length > 0) return { ok: false, issues };
  const warnings: Issue[] = [];
  const idsB = new Set(B.scenario.countries.map((c) => c.id));
  const shared = A.scenario.countries.filter((c) => idsB.has(c.id)).length;
  if (shared === 0) {
    warnings.push({ pos: CLI, path: "", message: `${idA} and ${idB} share no country: they are different worlds, and only the world's outcomes (frontier, lead, leadership changes, open-closed lag) are compared. A what-if is a scenario that extends the other (extends: ${idA}).` });
  }
  const outcomes = planOutcomes(files, A.clock, [idA, idB], symbols, new Set(), () => CLI, issues);
  if (issues.length > 0) return { ok: false, issues: issues.map((i) => ({ ...i, path: i.path.replace(/^outcomes\./, "--outcome ") })) };
  const policies: PlannedPolicy[] = [
    { id: idA, title: A.scenario.title, tree: a.tree },
    { id: idB, title: B.scenario.title, tree: b.tree, template: b },
  ];
  const name = `${idA}-vs-${idB}`.slice(0, 64);
  return {
    ok: true,
    warnings,
    value: {
      experiment: { name, title: `${A.scenario.title} vs ${B.scenario.title}`, scenario: idA, seed: opts.seed, replications: opts.replications, outcomes: files },
      display: "<command line>",
      files: [...a.files, ...b.files],
      template: a,
      scenarioSha256: host.sha256(host.resolvedYaml(a.tree, idA)),
      scenarioName: idA,
      policies,
      uncertainties: [],
      design: { type: "single" },
      values: new Float64Array(0),
      points: 1,
      replications: opts.replications,
      commonSeeds: true,
      runs: 2 * opts.replications,
      outcomes,
      // for every run, the series its report draws (median and bands per scenario) and each
      // outcome's, to find where the difference is largest
      timeseries: { runs: "all", metrics: [...new Set([...COMPARISON_SERIES, ...files.map((f) => f.metric)])] },
      comparison: true,
      horizon: { start: A.scenario.start, end: A.scenario.end, steps: A.clock.steps },
    },
  };
}
