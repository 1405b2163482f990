/** `airace run <scenario>`: one reproducible run, written to a results folder. */
import { randomInt } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { RunError } from "../engine/run.js";
import { ExistsError, PublishError } from "../io/files.js";
import { gitCommit } from "../io/package-info.js";
import type { RunMeta } from "../io/results.js";
import { computeRunInterruptible, DATA_FILES, defaultResultsDir, Interrupted, writeResults } from "../io/results.js";
import { CliError, EXIT } from "./exit.js";
import { signalsDelivered } from "./interrupt.js";
import { seriesFromFrames, seriesOf } from "../report/series.js";
import { formatSummary } from "./format.js";
import { checkOutput, loadOrFail, parseSeed, runTooLong } from "./load.js";

export interface RunOptions {
  seed?: string;
  out?: string;
  set: string[];
  quiet?: boolean;
  force?: boolean;
  /** Also write the HTML report (airace report) into <dir>/report/. */
  report?: boolean;
}

export async function runCommand(
  scenarioRef: string,
  opts: RunOptions,
  print: (text: string) => void,
  printErr: (text: string) => void,
  stopRequested: () => boolean,
): Promise<void> {
  const started = new Date();
  // asked now, answered while the scenario loads and runs
  const checkout = gitCommit();
  const loaded = loadOrFail(scenarioRef, opts.set);
  // where the results will go, before the run: the default folder is results/<name>/<seed-hash>,
  // whose last part is known only once the run's files are rendered (checked again then)
  checkOutput(opts.out ?? join("results", loaded.scenario.name));
  const tooLong = runTooLong(loaded);
  if (tooLong !== undefined) throw new CliError(EXIT.input, [`${tooLong}; nothing was run.`]);
  if (stopRequested()) throw new CliError(EXIT.interrupted, ["interrupted before the run started; nothing was written."]);
  let seed: number;
  let seedSource: RunMeta["seedSource"];
  if (opts.seed !== undefined) {
    seed = parseSeed(opts.seed);
    seedSource = "option";
  } else if (loaded.scenario.seed !== undefined) {
    seed = loaded.scenario.seed;
    seedSource = "scenario";
  } else {
    seed = randomInt(0, 2 ** 31);
    seedSource = "generated";
    // printed even with --quiet (on stderr then): a run must never hide its seed
    (opts.quiet ? printErr : print)(`No seed given: using ${seed} (rerun with --seed ${seed} to reproduce).`);
  }
  let result;
  try {
    result = await computeRunInterruptible(loaded, seed, stopRequested);
  } catch (e) {
    if (e instanceof RunError) throw new CliError(EXIT.failed, [`run failed at ${e.message}`, `scenario ${loaded.scenario.name}, seed ${seed}; no results were written.`]);
    if (e instanceof Interrupted) throw new CliError(EXIT.interrupted, [`${e.message}; nothing was written.`]);
    throw e;
  }
  const dir = opts.out ?? defaultResultsDir(loaded, seed, result.scenarioSha256);
  if (opts.out === undefined) checkOutput(dir);
  const commit = await checkout;
  await signalsDelivered();
  if (stopRequested()) throw new CliError(EXIT.interrupted, ["interrupted before the results were written; nothing was written."]);
  if (existsSync(dir) && !opts.force) {
    throw new CliError(EXIT.input, [`${dir} already exists; use --force to replace it or --out to choose another folder.`]);
  }
  try {
    writeResults(dir, loaded, result, { seed, seedSource, sets: opts.set, started, commit }, opts.force === true);
  } catch (e) {
    if (e instanceof ExistsError || e instanceof PublishError) throw new CliError(EXIT.input, [e.message]);
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new CliError(EXIT.input, [`cannot write the results to ${dir}: ${code} (${(e as Error).message})`]);
    throw e;
  }
  // a Ctrl-C while the folder was published (a few milliseconds of renames and fsyncs) comes
  // too late to prevent it: the folder is whole, and the exit code still says interrupted
  await signalsDelivered();
  if (stopRequested()) {
    throw new CliError(EXIT.interrupted, [`interrupted while the results were written; the results in ${dir} are complete and are kept.`]);
  }
  if (!opts.quiet) {
    // from the recorded frames: the same numbers as timeseries.csv, without reading it back
    const rec = result.recorder;
    const series = rec.layout === undefined ? undefined : seriesFromFrames(rec.layout, loaded.clock.labels, rec.data, rec.recorded);
    const behind = new Map(result.summary.countries.map((c) => [c.id, series === undefined ? [] : seriesOf(series, "country", c.id, "months_behind")]));
    print(formatSummary(loaded.scenario.title, loaded.scenario.name, seed, result.summary, dir, [...DATA_FILES, "manifest.json"], behind));
  }
  // the report's chart libraries take longer to load than a run takes: only when asked
  if (opts.report) await (await import("./report.js")).reportCommand(dir, {}, opts.quiet ? () => {} : print);
}
