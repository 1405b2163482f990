/**
 * The evaluation of a scenario from its runs: the verdict of every check, the direct checks
 * (renaming, reordering, continuity) run here, all in the suite's order. Pure: the runs' values
 * come in, the evaluation goes out; the command line writes it.
 */
import { Executor } from "../experiment/execute.js";
import { runRef } from "../experiment/plan.js";
import { MODEL_VERSION } from "../model/index.js";
import { runDirect } from "./direct.js";
import type { Evaluation } from "./document.js";
import { makeEvaluation } from "./document.js";
import type { RunValues } from "./judge.js";
import { applyRequirements, judge } from "./judge.js";
import type { PlannedEvaluation } from "./plan.js";

export function evaluateRuns(pe: PlannedEvaluation, values: RunValues): Evaluation {
  const checks = applyRequirements([...judge(pe, values), ...runDirect(pe)], pe);
  return makeEvaluation(
    {
      scenario: pe.base.scenario.name,
      title: pe.base.scenario.title,
      model_version: MODEL_VERSION,
      seeds: pe.plan.replications,
      seed: pe.plan.experiment.seed,
      ...(pe.roles.length > 0 ? { roles: Object.fromEntries(pe.roles) } : {}),
    },
    checks,
  );
}

/**
 * Every run of the evaluation in this thread, then the evaluation: what `airace evaluate` computes
 * with worker threads, for tests and benchmarks. Values that are not finite are read as missing,
 * as they are when read back from runs.csv, so the two give the same evaluation byte for byte.
 */
export function evaluateInProcess(pe: PlannedEvaluation): Evaluation {
  const plan = pe.plan;
  const values = plan.policies.map(() => Array.from({ length: plan.replications }, () => new Float64Array(plan.outcomes.length).fill(NaN)));
  const ex = new Executor(plan);
  for (let run = 0; run < plan.runs; run++) {
    const o = ex.run(run);
    const ref = runRef(plan, run);
    o.values.forEach((v, i) => (values[ref.policy]![ref.replication]![i] = Number.isFinite(v) ? v : NaN));
  }
  return evaluateRuns(pe, (p, r, i) => values[p]![r]![i]!);
}
