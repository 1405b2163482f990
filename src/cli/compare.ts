/**
 * `airace compare <scenario-a> <scenario-b>`: both scenarios run for the same replications with
 * the same seeds; per outcome, the mean difference B - A with its 95% confidence interval and
 * the share of replications in which the difference has the mean's sign.
 */
import { join } from "node:path";
import { compareOutcomes, comparisonCsv, comparisonTable } from "../experiment/comparison.js";
import { parseRunsRow } from "../experiment/collect.js";
import { runRef } from "../experiment/plan.js";
import type { PlanSource } from "../io/experiment-host.js";
import { CliError, EXIT } from "./exit.js";
import { parseSeed } from "./load.js";
import type { SweepOptions } from "./sweep.js";
import { executePlan, failIfRunsFailed, humanSeconds, loadPlanOrFail } from "./sweep.js";

export interface CompareOptions extends SweepOptions {
  replications: string;
  seed: string;
  outcome: string[];
  at?: string;
}

export async function compareCommand(
  a: string,
  b: string,
  opts: CompareOptions,
  print: (text: string) => void,
  printErr: (text: string) => void,
  stopRequested: () => boolean,
): Promise<void> {
  const replications = Number(opts.replications);
  if (!/^\d{1,6}$/.test(opts.replications) || replications < 2) {
    throw new CliError(EXIT.input, [`--replications: expected a whole number of at least 2 (a confidence interval needs two pairs), got "${opts.replications}"`]);
  }
  const seed = parseSeed(opts.seed);
  const source: PlanSource = { kind: "compare", a, b, options: { seed, replications, outcomes: opts.outcome, ...(opts.at !== undefined ? { at: opts.at } : {}) } };
  const loaded = loadPlanOrFail(source, `the comparison of ${a} and ${b}`);
  const plan = loaded.plan;
  const dir = opts.out ?? join("results", "compare", plan.experiment.name, `${seed}-${loaded.digest.slice(0, 8)}`);
  const again = [`airace compare ${a} ${b}`, `--replications ${replications}`, `--seed ${seed}`, ...opts.outcome.map((o) => `--outcome ${o}`), ...(opts.at ? [`--at ${opts.at}`] : []), ...(opts.out ? [`--out ${opts.out}`] : []), "--resume", ...(opts.force ? ["--force"] : [])].join(" ");
  let table = "";
  const r = await executePlan(source, loaded, dir, opts, again, print, printErr, stopRequested, (_collector, folder) => {
    // values[policy][outcome][replication], read back from runs.csv
    const values = plan.policies.map(() => plan.outcomes.map(() => new Array<number>(replications).fill(NaN)));
    folder.forEachRow("runs.csv", (line) => {
      const row = parseRunsRow(plan, line);
      const ref = runRef(plan, row.run);
      row.values.forEach((v, i) => (values[ref.policy]![i]![ref.replication] = v));
    });
    const rows = compareOutcomes(plan, values);
    table = comparisonTable(plan, rows);
    return new Map([["comparison.csv", comparisonCsv(rows)]]);
  });
  if (r.dry) return;
  if (opts.quiet) return failIfRunsFailed(r, plan.runs, dir);
  print("");
  print(`B - A over ${replications} paired runs (same seeds in A and B), ${humanSeconds(r.seconds)}${r.failures > 0 ? `, ${r.failures} failed` : ""}:`);
  print(table);
  print("");
  print(`Results in ${dir}/`);
  print(`  ${r.files.join("  ")}`);
  failIfRunsFailed(r, plan.runs, dir);
}
