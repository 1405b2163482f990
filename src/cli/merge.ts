/**
 * `airace merge <plan-dir>`: puts the shards of a plan together into the folder a one-machine
 * sweep writes, byte for byte: every shard present and intact (its files' sha256 as its
 * manifest records them), every run exactly once, rows in run order, the per-point summaries
 * and sensitivity indices computed again from the runs. It prints the data digest, which is
 * the one `airace sweep` prints for the same experiment.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { hasSensitivity } from "../experiment/analysis.js";
import { parseRunsRow, PointCollector, pointsHeader } from "../experiment/collect.js";
import { runsHeader, SERIES_HEADER } from "../experiment/execute.js";
import { keepsSeries } from "../experiment/plan.js";
import { shardOf } from "../experiment/shards.js";
import type { PlanFile, ShardFile } from "../io/shard-folder.js";
import { LineReader, readShard, shardDir } from "../io/shard-folder.js";
import { SweepBusyError, SweepFolder } from "../io/sweep-folder.js";
import { CliError, EXIT } from "./exit.js";
import { interrupted } from "./interrupt.js";
import { loadPlannedOrFail, planDirOf, readPlanOrFail } from "./shard.js";
import { checkDestination, failIfRunsFailed, ioError, publishSweep, StoppedBeforePublish } from "./sweep.js";

export interface MergeOptions {
  out?: string;
  force?: boolean;
  quiet?: boolean;
}

/** How to run shards again: by hand, and through SLURM when the plan has its scripts. */
export function rerunHint(dir: string, shards: readonly number[]): string[] {
  const lines = ["run them (again) with:"];
  for (const k of shards.slice(0, 10)) lines.push(`  airace sweep --plan ${dir} --shard ${k} --force`);
  if (shards.length > 10) lines.push(`  ... and --shard ${shards.slice(10).join(", ")}`);
  if (existsSync(join(dir, "slurm", "submit.sh"))) lines.push(`or on SLURM (the merge follows): bash ${join(dir, "slurm", "submit.sh")} --array=${shards.join(",")}`);
  lines.push(`then: airace merge ${dir}`);
  return lines;
}

/** Every shard, checked: published for this plan, with files as their manifests say. */
function checkShards(dir: string, file: PlanFile): ShardFile[] {
  const bad: string[] = [];
  const redo: number[] = [];
  const out: ShardFile[] = [];
  for (let k = 0; k < file.shards; k++) {
    const r = readShard(dir, k, file);
    if (!r.ok) {
      bad.push(`  shard ${k}: ${r.why}`);
      redo.push(k);
    } else out.push(r.shard);
  }
  if (bad.length > 0) {
    throw new CliError(EXIT.input, [`${redo.length} of ${file.shards} shards of ${dir} are missing or unusable:`, ...bad, ...rerunHint(dir, redo)]);
  }
  return out;
}

export async function mergeCommand(planArg: string, opts: MergeOptions, print: (text: string) => void): Promise<void> {
  const started = new Date();
  const dir = planDirOf(planArg);
  const file = readPlanOrFail(dir);
  const { loaded } = loadPlannedOrFail(dir, file);
  const { plan, digest } = loaded;
  const out = opts.out ?? file.output;
  const say = opts.quiet ? () => {} : print;
  checkDestination(out, opts.force === true);
  const shards = checkShards(dir, file);
  const series = plan.timeseries.runs !== "none";
  const headers = new Map([
    ["runs.csv", runsHeader(plan)],
    ["points.csv", pointsHeader(plan)],
  ]);
  if (series) headers.set("timeseries.csv", SERIES_HEADER);
  let folder: SweepFolder;
  try {
    folder = SweepFolder.create(out, digest, plan.runs, headers);
  } catch (e) {
    if (e instanceof SweepBusyError) throw new CliError(EXIT.input, [e.message]);
    throw e;
  }
  const keepMeans = hasSensitivity(plan);
  const collector = new PointCollector(plan, keepMeans);
  const runsIn = shards.map((_, k) => new LineReader(join(shardDir(dir, k, file.shards), "runs.csv")));
  const seriesIn = series ? shards.map((_, k) => new LineReader(join(shardDir(dir, k, file.shards), "timeseries.csv"))) : [];
  const broken = (k: number, reader: LineReader, what: string) =>
    new CliError(EXIT.input, [`${reader.path}:${reader.line}: ${what}; shard ${k} is not what its plan says.`, ...rerunHint(dir, [k])]);
  let data: string;
  try {
    let runs = "";
    let points = "";
    let ts = "";
    for (let i = 0; i < plan.runs; i++) {
      const k = shardOf(i, file.shards);
      const reader = runsIn[k]!;
      const line = reader.next();
      if (line === undefined) throw broken(k, reader, `the file ends where run ${i} should be`);
      const row = parseRunsRow(plan, line);
      if (row.run !== i || String(row.run) !== line.slice(0, line.indexOf(","))) throw broken(k, reader, `run ${line.slice(0, line.indexOf(","))} where run ${i} should be (a run missing or repeated)`);
      runs += line + "\n";
      points += collector.add(row.run, row.ok, row.values);
      if (series && keepsSeries(plan, i)) {
        const sr = seriesIn[k]!;
        for (let l = sr.peek(); l !== undefined && l.startsWith(`${i},`); l = sr.peek()) ts += sr.next() + "\n";
      }
      if (runs.length > 1 << 20 || i === plan.runs - 1) {
        folder.appendBatch(collector.next, [["runs.csv", runs], ["points.csv", points], ["timeseries.csv", ts]]);
        runs = points = ts = "";
      }
    }
    runsIn.forEach((reader, k) => {
      if (reader.next() !== undefined) throw broken(k, reader, "rows beyond the shard's runs");
    });
    seriesIn.forEach((reader, k) => {
      if (reader.next() !== undefined) throw broken(k, reader, "time series of runs the shard does not have");
    });
    // the merge is synchronous: a Ctrl-C during it comes in just before the publish (and the
    // partial folder goes, below, as for any CliError)
    try {
      data = await publishSweep(folder, loaded, collector, new Map(), { started, shards: file.shards }, opts.force === true, interrupted);
    } catch (e) {
      if (e instanceof StoppedBeforePublish) throw new CliError(EXIT.interrupted, ["interrupted before the merged folder was published; nothing was written (merge again)."]);
      throw e;
    }
  } catch (e) {
    folder.close();
    if (e instanceof CliError) {
      // a shard is not as planned: nothing of this merge is worth keeping
      rmSync(folder.partial, { recursive: true, force: true });
      throw e;
    }
    throw ioError(e, folder.partial, `airace merge ${dir}${opts.out !== undefined ? ` --out ${opts.out}` : ""} --force`);
  } finally {
    for (const r of [...runsIn, ...seriesIn]) r.close();
  }
  say(`Merged ${file.shards} shard${file.shards === 1 ? "" : "s"}: ${plan.runs} runs, ${collector.failures} failed.`);
  say(`Results in ${out}/`);
  print(`Data digest: ${data}`);
  failIfRunsFailed({ start: 0, seconds: 0, failures: collector.failures, files: [] }, plan.runs, out);
}
