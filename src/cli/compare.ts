/**
 * `airace compare <scenario-a> <scenario-b>`: both scenarios run for the same replications with
 * the same seeds; per outcome, the mean difference B - A with its 95% confidence interval and
 * the share of replications in which the difference has the mean's sign, at the end (or `--at`)
 * and where the difference is largest, ranked by standardised effect
 * (src/experiment/effects.ts). The summary in words and the table are those of the report.
 */
import { join } from "node:path";
import { quarterLabel, parseQuarter } from "../engine/clock.js";
import { compareOutcomes, comparisonCsv, differencesCsv } from "../experiment/comparison.js";
import { parseRunsRow } from "../experiment/collect.js";
import { SeriesCollector } from "../experiment/effects.js";
import { runRef } from "../experiment/plan.js";
import { comparisonSentences, comparisonTable, parseComparisonCsv } from "../report/comparison.js";
import type { PlanSource } from "../io/experiment-host.js";
import { CliError, EXIT } from "./exit.js";
import { experimentGiven, parseSeed } from "./load.js";
import type { SweepOptions } from "./sweep.js";
import { executePlan, failIfRunsFailed, humanSeconds, loadPlanOrFail } from "./sweep.js";

export interface CompareOptions extends SweepOptions {
  replications: string;
  seed: string;
  outcome: string[];
  at?: string;
  /** Also write the HTML report (airace report) into <dir>/report/. */
  report?: boolean;
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
  // an experiment given for a scenario: one line that names the command, not its every key
  for (const ref of [a, b]) experimentGiven(ref, "nothing was run");
  const source: PlanSource = { kind: "compare", a, b, options: { seed, replications, outcomes: opts.outcome, ...(opts.at !== undefined ? { at: opts.at } : {}) } };
  const loaded = loadPlanOrFail(source, `the comparison of ${a} and ${b}`, opts.quiet ? undefined : printErr);
  const plan = loaded.plan;
  const dir = opts.out ?? join("results", "compare", plan.experiment.name, `${seed}-${loaded.digest.slice(0, 8)}`);
  const again = [`airace compare ${a} ${b}`, `--replications ${replications}`, `--seed ${seed}`, ...opts.outcome.map((o) => `--outcome ${o}`), ...(opts.at ? [`--at ${opts.at}`] : []), ...(opts.out ? [`--out ${opts.out}`] : []), "--resume", ...(opts.force ? ["--force"] : []), ...(opts.report ? ["--report"] : [])].join(" ");
  let csv = "";
  const r = await executePlan(source, loaded, dir, opts, again, print, printErr, stopRequested, (_collector, folder) => {
    // values[policy][outcome][replication], read back from runs.csv
    const values = plan.policies.map(() => plan.outcomes.map(() => new Array<number>(replications).fill(NaN)));
    folder.forEachRow("runs.csv", (line) => {
      const row = parseRunsRow(plan, line);
      const ref = runRef(plan, row.run);
      row.values.forEach((v, i) => (values[ref.policy]![i]![ref.replication] = v));
    });
    // each outcome's series in every run, from timeseries.csv: where the difference is largest
    const start = parseQuarter(plan.horizon.start) as number;
    const dates = Array.from({ length: plan.horizon.steps + 1 }, (_, s) => quarterLabel(start + s));
    const series = new SeriesCollector(
      plan.outcomes.map((o) => o.metric),
      dates,
      replications,
      (run) => runRef(plan, run),
    );
    folder.forEachRow("timeseries.csv", (line) => series.add(line));
    const { rows, overTime } = compareOutcomes(plan, values, dates, series.series);
    csv = comparisonCsv(rows);
    return new Map([
      ["comparison.csv", csv],
      ["differences.csv", differencesCsv(overTime)],
    ]);
  }, { reads: ["runs.csv", "timeseries.csv"] });
  if (r.dry) return;
  if (opts.quiet) {
    if (opts.report && r.failures === 0) await writeReport(dir, () => {});
    return failIfRunsFailed(r, plan.runs, dir);
  }
  const [pa, pb] = plan.policies;
  const rows = parseComparisonCsv(csv);
  print("");
  print(`B = ${pb!.id} against A = ${pa!.id}, over ${replications} paired runs (the same seeds in A and B), ${humanSeconds(r.seconds)}${r.failures > 0 ? `, ${r.failures} failed` : ""}:`);
  for (const sentence of comparisonSentences(rows, pa!.id, pb!.id)) print(`- ${sentence}`);
  print("");
  print("Every outcome, ranked by effect (B - A in standard deviations across seeds), read where its difference is largest and at the end:");
  print(comparisonTable(rows, pa!.id, pb!.id));
  print("");
  print(`Results in ${dir}/`);
  print(`  ${r.files.join("  ")}`);
  if (opts.report && r.failures === 0) await writeReport(dir, print);
  else if (!opts.report) print(`A report with charts: airace report ${dir}`);
  failIfRunsFailed(r, plan.runs, dir);
}

/** The HTML report of a comparison: its chart libraries are loaded only when it is asked for. */
async function writeReport(dir: string, print: (text: string) => void): Promise<void> {
  const { reportCommand } = await import("./report.js");
  await reportCommand(dir, {}, print);
}
