/**
 * Sensitivity results of a finished sweep, from the mean outcome at each point (over its
 * replications), per policy and outcome:
 *
 * sobol    sensitivity.csv: policy,outcome,parameter,S1,S1_low,S1_high,ST,ST_low,ST_high,note
 *          (Saltelli 2010 first order, Jansen total order, 95% bootstrap intervals)
 * morris   sensitivity.csv: policy,outcome,parameter,mu,mu_star,sigma,note
 *          (elementary effects per unit of the parameter's probability scale: a move of delta
 *          in the unit hypercube, as SALib reports them)
 *
 * Bootstrap resampling draws from a stream forked from the experiment's seed by policy and
 * outcome, so the intervals are reproducible. An outcome with a missing mean at some point (a
 * failed run, a threshold never crossed in every replication) cannot be analysed: its rows are
 * written empty with a note saying why.
 */
import { Rng } from "../engine/rng.js";
import { csvNumber, csvText } from "../report/csv.js";
import type { PointCollector } from "./collect.js";
import type { Plan } from "./plan.js";
import { morrisEffects, sobolIndices } from "./sensitivity.js";

export function hasSensitivity(plan: Plan): boolean {
  return plan.design.type === "sobol" || plan.design.type === "morris";
}

export function sensitivityCsv(plan: Plan, collector: PointCollector): string {
  const design = plan.design;
  if (design.type !== "sobol" && design.type !== "morris") return "";
  const sobol = design.type === "sobol";
  const header = ["policy", "outcome", "parameter", ...(sobol ? ["S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"] : ["mu", "mu_star", "sigma"]), "note"];
  let out = header.join(",") + "\n";
  plan.policies.forEach((policy, q) => {
    plan.outcomes.forEach((outcome, o) => {
      const y = collector.outcomeMeans(q, o);
      const missing = y.filter((v) => !Number.isFinite(v)).length;
      const row = (param: string, cells: number[], note: string) =>
        (out += [csvText(policy.id), csvText(outcome.id), csvText(param), ...cells.map(csvNumber), csvText(note)].join(",") + "\n");
      if (missing > 0) {
        const note = `${missing} of ${y.length} points have no mean (failed runs or a threshold never reached): not analysed`;
        for (const u of plan.uncertainties) row(u.id, new Array<number>(sobol ? 6 : 3).fill(NaN), note);
        return;
      }
      if (design.type === "sobol") {
        const s = sobolIndices(design.saltelli, y, Rng.fromSeed(plan.experiment.seed).fork(`sobol/${policy.id}/${outcome.id}`), design.resamples);
        const constant = y.every((v) => v === y[0]);
        plan.uncertainties.forEach((u, j) => {
          const f = s.first[j]!;
          const t = s.total[j]!;
          row(u.id, [f.estimate, f.low, f.high, t.estimate, t.low, t.high], constant ? "the outcome does not vary: every index is 0" : "");
        });
      } else {
        const m = morrisEffects(design.morris, y);
        plan.uncertainties.forEach((u, j) =>
          row(u.id, [m.mu[j]!, m.muStar[j]!, m.sigma[j]!], m.muStar[j] === 0 && m.sigma[j] === 0 ? "no effect on this outcome along any trajectory" : ""),
        );
      }
    });
  });
  return out;
}
