/**
 * `airace slurm <experiment> --shards K`: plans the sweep (airace plan) and writes the SLURM
 * job scripts beside the plan: an array job with one task per shard, a merge job that runs
 * when every task has succeeded (afterok), and submit.sh, which submits both. Nothing is
 * submitted here: the user reviews the scripts and runs submit.sh on the cluster's login node.
 */
import { chmodSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { makeDirs, writeFileAtomic } from "../io/files.js";
import { CliError, EXIT } from "./exit.js";
import type { PlanOptions } from "./plan.js";
import { makePlan, shardAdvice } from "./plan.js";
import { humanSeconds } from "./sweep.js";

export interface SlurmOptions extends PlanOptions {
  parallel?: string;
  partition?: string;
  time?: string;
  setup?: string;
  airace?: string;
}

/** SLURM's time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. Seconds. */
export function parseSlurmTime(text: string): number | undefined {
  let m = /^(\d+)$/.exec(text);
  if (m) return Number(m[1]) * 60;
  m = /^(\d+):(\d{2})$/.exec(text);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  m = /^(\d+):(\d{2}):(\d{2})$/.exec(text);
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  m = /^(\d+)-(\d+)(?::(\d{2}))?(?::(\d{2}))?$/.exec(text);
  if (m) return Number(m[1]) * 86400 + Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return undefined;
}

/** A value for a shell script, single-quoted. */
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export async function slurmCommand(ref: string, opts: SlurmOptions, print: (text: string) => void): Promise<void> {
  const time = opts.time ?? "01:00:00";
  const limit = parseSlurmTime(time);
  if (limit === undefined) throw new CliError(EXIT.input, [`--time: expected a SLURM time limit (minutes, HH:MM:SS or D-HH:MM:SS), got "${time}"`]);
  let parallel: number | undefined;
  if (opts.parallel !== undefined) {
    if (!/^\d{1,6}$/.test(opts.parallel) || Number(opts.parallel) < 1) throw new CliError(EXIT.input, [`--parallel: expected a whole number of tasks at once (1 or more), got "${opts.parallel}"`]);
    parallel = Number(opts.parallel);
  }
  if (opts.partition !== undefined && !/^[A-Za-z0-9_.-]+$/.test(opts.partition)) throw new CliError(EXIT.input, [`--partition: expected a partition name (letters, digits, - _ .), got "${opts.partition}"`]);
  const made = await makePlan(ref, opts);
  const dir = resolve(made.dir);
  const shards = made.file.shards;
  const workers = made.workers;
  // by default the compute nodes run this very installation: same Node, same airace
  const airace = opts.airace ?? `${q(process.execPath)} ${q(fileURLToPath(new URL("./main.js", import.meta.url)))}`;
  const slurm = join(dir, "slurm");
  makeDirs(join(slurm, "logs"));
  const setup = opts.setup === undefined ? "# (no setup: give one with airace slurm --setup, e.g. \"module load nodejs/20\")" : opts.setup;
  const common = (name: string) =>
    [
      "#!/bin/bash",
      `#SBATCH --job-name=${name}`,
      ...(opts.partition !== undefined ? [`#SBATCH --partition=${opts.partition}`] : []),
      `#SBATCH --time=${time}`,
      `#SBATCH --cpus-per-task=${workers}`,
      "#SBATCH --ntasks=1",
    ].join("\n");
  const shardScript = `${common(`airace-${made.file.experiment.name}`)}
#SBATCH --array=0-${shards - 1}${parallel !== undefined ? `%${parallel}` : ""}
#SBATCH --output=${slurm}/logs/shard-%a.out
#
# One array task per shard of the plan in ${dir}: written by airace slurm.
# The shard comes from the task index; the number of shards (${shards}) comes from the plan,
# never from SLURM, so a task rerun alone (--array=3) computes the same runs.
set -euo pipefail
${setup}
exec ${airace} sweep --plan ${q(dir)} --shard "$SLURM_ARRAY_TASK_ID" --workers ${workers} --quiet
`;
  const mergeScript = `${common(`airace-${made.file.experiment.name}-merge`)}
#SBATCH --output=${slurm}/logs/merge.out
#
# Runs after every shard task has succeeded (submit.sh makes it depend on them: afterok).
# --force: a second merge (after a shard was rerun) replaces the first.
set -euo pipefail
${setup}
exec ${airace} merge ${q(dir)} --force
`;
  const submit = `#!/bin/bash
# Submits the shard array and the merge job that follows it: bash submit.sh
# To rerun some shards only (merge follows again): bash submit.sh --array=3,7
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
array=$(sbatch --parsable "$@" "$here/shards.sbatch")
array=\${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:$array "$here/merge.sbatch")
merge=\${merge%%;*}
echo "submitted: shards as job $array, merge as job $merge (after all shards succeed)"
echo "watch them with: squeue -j $array,$merge; logs in $here/logs/"
`;
  writeFileAtomic(join(slurm, "shards.sbatch"), shardScript);
  writeFileAtomic(join(slurm, "merge.sbatch"), mergeScript);
  writeFileAtomic(join(slurm, "submit.sh"), submit);
  for (const f of ["shards.sbatch", "merge.sbatch", "submit.sh"]) chmodSync(join(slurm, f), 0o755);
  if (opts.quiet) return;
  print(`${made.file.experiment.name}: ${made.file.runs} runs in ${shards} shards, about ${humanSeconds(made.perShard.seconds)} each on ${workers} CPU${workers === 1 ? "" : "s"}`);
  const advice = shardAdvice(made);
  if (advice) print(advice);
  if (made.perShard.seconds > limit * 0.8) print(`  warning: a shard may take about ${humanSeconds(made.perShard.seconds)}, close to or over --time ${time}: raise --time or --shards`);
  print(`Wrote ${join(slurm, "shards.sbatch")} (an array of ${shards} tasks${parallel !== undefined ? `, ${parallel} at a time` : ""}), merge.sbatch and submit.sh.`);
  print(`Compute nodes will run: ${airace}`);
  print("  (this installation; if the nodes cannot see it, see docs/cluster.md: --airace, --setup)");
  print(`Submit on the login node with: bash ${join(slurm, "submit.sh")}`);
  print(`The merged results will be in ${made.file.output}/`);
}
