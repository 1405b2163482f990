/**
 * Sweeps in shards, as a user runs them: airace plan, airace sweep --plan --shard, airace merge
 * give the one-machine sweep's files byte for byte and its data digest; shards run twice or
 * at once are harmless; missing, damaged or stale shards are refused with the commands that
 * fix them. Then the same on a real SLURM cluster (a private single-node one): the array and
 * its afterok merge, and a deleted shard resubmitted alone.
 */
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shardOf } from "../../src/experiment/shards.js";
import { parseSlurmTime } from "../../src/cli/slurm.js";
import { airace, BIN, tempDir } from "./cli.js";
import type { Cluster } from "./slurm-cluster.js";
import { slurmUnavailable, startCluster } from "./slurm-cluster.js";

const DATA = ["runs.csv", "points.csv", "sensitivity.csv", "timeseries.csv", "experiment.yaml", "scenario.current.resolved.yaml", "scenario.responsive.resolved.yaml"];

/** A Morris screening over a short horizon, two policies, some time series: 64 runs. */
function experiment(cwd: string): void {
  writeFileSync(
    join(cwd, "exp.yaml"),
    `name: shards
title: "a sweep in shards"
scenario: baseline
set:
  end: 2028Q4
seed: 5
replications: 2
uncertainties:
  - { id: leak, path: model.leakRate, distribution: uniform, min: 0.01, max: 0.3, unit: 1/yr, source: "assumption: test" }
  - { id: induced, path: semiconductors.inducedInvestment, distribution: triangular, min: 0, mode: 0.3, max: 1, unit: "1", source: "assumption: test" }
  - { id: rivalry, path: model.rivalryResponse, distribution: uniform, min: 0, max: 1, unit: 1/yr per OOM, source: "assumption: test" }
policies:
  - id: current
  - id: responsive
    set:
      model.nationalResponse: 0.6
design: { type: morris, trajectories: 4 }
outcomes:
  - { id: gap, metric: months_behind_CN, aggregate: final }
  - { id: cnCompute, metric: compute_CN, aggregate: mean }
timeseries: { runs: 7, metrics: [capability] }
`,
  );
}

const digestOf = (text: string) => /Data digest: ([0-9a-f]{64})/.exec(text)?.[1];

/** One sweep, computed once for all the tests below. */
let cwd: string;
let oneDigest: string;
beforeAll(() => {
  cwd = tempDir();
  experiment(cwd);
  const one = airace(["sweep", "exp.yaml", "--workers", "1", "--out", "one"], cwd);
  expect(one.code, one.stderr).toBe(0);
  oneDigest = digestOf(one.stdout)!;
  expect(oneDigest).toMatch(/^[0-9a-f]{64}$/);
});

describe("sweeps in shards", () => {
  it("plan, shards, merge: the one-machine sweep's files and digest", () => {
    const plan = airace(["plan", "exp.yaml", "--shards", "3", "--out", "plan"], cwd);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/3 shards of 21-22 runs/);
    expect(plan.stdout).toMatch(/airace sweep --plan plan --shard 0\n/);
    const file = JSON.parse(readFileSync(join(cwd, "plan", "plan.json"), "utf8")) as { runs: number; shards: number; sizes: number[]; rule: string };
    expect(file).toMatchObject({ runs: 64, shards: 3, sizes: [22, 21, 21], rule: "run i belongs to shard (i + floor(i / K)) mod K" });
    // in any order, one of them on two workers
    for (const [k, workers] of [[2, "1"], [0, "2"], [1, "1"]] as const) {
      const r = airace(["sweep", "--plan", "plan", "--shard", String(k), "--workers", workers], cwd);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`shard ${k} of 3: \\d+ runs in .*published in plan/shards/shard-${k}/`));
    }
    // each shard holds exactly its runs, in order
    const rows = readFileSync(join(cwd, "plan", "shards", "shard-1", "runs.csv"), "utf8").trim().split("\n").slice(1);
    expect(rows.map((l) => Number(l.split(",")[0]))).toEqual(Array.from({ length: 64 }, (_, i) => i).filter((i) => shardOf(i, 3) === 1));
    const merge = airace(["merge", "plan", "--out", "merged"], cwd);
    expect(merge.code, merge.stderr).toBe(0);
    expect(digestOf(merge.stdout)).toBe(oneDigest);
    for (const f of DATA) expect(readFileSync(join(cwd, "merged", f), "utf8"), f).toBe(readFileSync(join(cwd, "one", f), "utf8"));
    const manifest = JSON.parse(readFileSync(join(cwd, "merged", "manifest.json"), "utf8")) as { dataDigest: string; shards: number };
    expect(manifest).toMatchObject({ dataDigest: oneDigest, shards: 3 });
    // a second merge needs --force, and gives the same
    expect(airace(["merge", "plan", "--out", "merged"], cwd).code).toBe(2);
    expect(digestOf(airace(["merge", "plan", "--out", "merged", "--force", "--quiet"], cwd).stdout)).toBe(oneDigest);
  });

  it("runs a shard once: a second run does nothing, two copies at once leave one folder", async () => {
    expect(airace(["plan", "exp.yaml", "--shards", "2", "--out", "twice", "-q"], cwd).code).toBe(0);
    const first = airace(["sweep", "--plan", "twice", "--shard", "0"], cwd);
    expect(first.code).toBe(0);
    const again = airace(["sweep", "--plan", "twice", "--shard", "0"], cwd);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/shard 0 of 2 is already done .*nothing to do/);
    // two copies of shard 1 at once (a requeued task): both succeed, the shard is whole
    const run = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawn(process.execPath, [BIN, "sweep", "--plan", "twice", "--shard", "1"], { cwd });
        let out = "";
        p.stdout.on("data", (d: Buffer) => (out += d.toString()));
        p.stderr.on("data", (d: Buffer) => (out += d.toString()));
        p.on("exit", (code) => resolve({ code, out }));
      });
    const both = await Promise.all([run(), run()]);
    expect(both.map((b) => b.code)).toEqual([0, 0]);
    expect(readdirSync(join(cwd, "twice", "shards")).sort()).toEqual(["shard-0", "shard-1"]);
    const merge = airace(["merge", "twice", "--out", "twice-merged"], cwd);
    expect(merge.code, merge.stderr).toBe(0);
    expect(digestOf(merge.stdout)).toBe(oneDigest);
  });

  it("refuses missing, damaged and stale shards, naming the commands that fix them", () => {
    expect(airace(["plan", "exp.yaml", "--shards", "4", "--out", "gaps", "-q"], cwd).code).toBe(0);
    for (const k of [0, 2, 3]) expect(airace(["sweep", "--plan", "gaps", "--shard", String(k), "-q"], cwd).code).toBe(0);
    const missing = airace(["merge", "gaps"], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/1 of 4 shards of gaps are missing or unusable:\n {2}shard 1: missing\nrun them \(again\) with:\n {2}airace sweep --plan gaps --shard 1 --force/);
    expect(existsSync(join(cwd, "results"))).toBe(false);
    expect(airace(["sweep", "--plan", "gaps", "--shard", "1", "-q"], cwd).code).toBe(0);
    // a damaged file (a copy cut short, an edit) is caught by its sha256
    appendFileSync(join(cwd, "gaps", "shards", "shard-2", "runs.csv"), "x");
    const damaged = airace(["merge", "gaps", "--out", "g"], cwd);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toMatch(/shard 2: runs\.csv is damaged \(its sha256 differs from shard\.json's\)/);
    expect(airace(["sweep", "--plan", "gaps", "--shard", "2"], cwd).stderr).toMatch(/shard-2 exists but cannot be used: .*rerun with --force/);
    expect(airace(["sweep", "--plan", "gaps", "--shard", "2", "--force", "-q"], cwd).code).toBe(0);
    expect(digestOf(airace(["merge", "gaps", "--out", "g", "-q"], cwd).stdout)).toBe(oneDigest);
    // the experiment changed after planning: its runs would not be the planned ones
    const text = readFileSync(join(cwd, "exp.yaml"), "utf8");
    try {
      writeFileSync(join(cwd, "exp.yaml"), text.replace("seed: 5", "seed: 6"));
      const stale = airace(["sweep", "--plan", "gaps", "--shard", "0", "--force"], cwd);
      expect(stale.code).toBe(2);
      expect(stale.stderr).toMatch(/changed since gaps was planned .*\nrestore them, or plan again with: airace plan .*exp\.yaml --shards 4 --out gaps --force/);
    } finally {
      writeFileSync(join(cwd, "exp.yaml"), text);
    }
  });

  it("checks its options", () => {
    expect(airace(["plan", "exp.yaml", "--out", "x"], cwd).stderr).toMatch(/--shards: how many shards\?/);
    expect(airace(["plan", "exp.yaml", "--shards", "65", "--out", "x"], cwd).stderr).toMatch(/65 shards for 64 runs would leave some empty/);
    expect(airace(["plan", "exp.yaml", "--shards", "3", "--out", "opts", "-q"], cwd).code).toBe(0);
    expect(airace(["plan", "exp.yaml", "--shards", "3", "--out", "opts", "-q"], cwd).code).toBe(0); // the same plan again: fine
    expect(airace(["plan", "exp.yaml", "--shards", "2", "--out", "opts"], cwd).stderr).toMatch(/opts holds another plan [\s\S]*use --force/);
    expect(airace(["sweep", "--plan", "opts", "--shard", "3"], cwd).stderr).toMatch(/--shard: expected a whole number from 0 to 2/);
    // the plan may be named by its plan.json too
    expect(airace(["sweep", "--plan", "opts/plan.json", "--shard", "7"], cwd).stderr).toMatch(/--shard: expected a whole number from 0 to 2/);
    expect(airace(["sweep", "--plan", "opts"], cwd).stderr).toMatch(/--plan and --shard go together/);
    expect(airace(["sweep", "exp.yaml", "--plan", "opts", "--shard", "0"], cwd).stderr).toMatch(/with --plan, the experiment comes from the plan/);
    expect(airace(["merge", "one"], cwd).stderr).toMatch(/one has no plan\.json: make one with airace plan/);
    expect(airace(["slurm", "exp.yaml", "--shards", "2", "--time", "1h", "--out", "s"], cwd).stderr).toMatch(/--time: expected a SLURM time limit/);
    expect([parseSlurmTime("30"), parseSlurmTime("05:00"), parseSlurmTime("01:30:00"), parseSlurmTime("2-00"), parseSlurmTime("1-02:03:04")]).toEqual([1800, 300, 5400, 172800, 93784]);
  });

  it("writes SLURM scripts: an array over the shards and a merge that waits for all of them", () => {
    const r = airace(["slurm", "exp.yaml", "--shards", "4", "--parallel", "2", "--partition", "short", "--time", "00:20:00", "--setup", "module load nodejs/20", "--out", "sl"], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Submit on the login node with: bash .*sl\/slurm\/submit\.sh/);
    const shards = readFileSync(join(cwd, "sl", "slurm", "shards.sbatch"), "utf8");
    expect(shards).toMatch(/^#SBATCH --array=0-3%2$/m);
    expect(shards).toMatch(/^#SBATCH --partition=short$/m);
    expect(shards).toMatch(/^#SBATCH --time=00:20:00$/m);
    expect(shards).toMatch(/^module load nodejs\/20$/m);
    expect(shards).toMatch(/sweep --plan '.*\/sl' --shard "\$SLURM_ARRAY_TASK_ID" --workers 1 --quiet$/m);
    expect(readFileSync(join(cwd, "sl", "slurm", "merge.sbatch"), "utf8")).toMatch(/merge '.*\/sl' --force$/m);
    expect(readFileSync(join(cwd, "sl", "slurm", "submit.sh"), "utf8")).toMatch(/--dependency=afterok:\$array/);
    rmSync(join(cwd, "sl"), { recursive: true, force: true });
  });
});

const unavailable = slurmUnavailable();
if (unavailable !== undefined) process.stderr.write(`\n*** SLURM tests SKIPPED: ${unavailable} ***\n\n`);

describe.skipIf(unavailable !== undefined)("sweeps on a SLURM cluster", () => {
  let cluster: Cluster | undefined;
  let folder: string;

  beforeAll(async () => {
    folder = tempDir("airace-slurm-");
    cluster = await startCluster(join(folder, "cluster"));
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it("runs the array and its merge job: the merged digest is the one-process sweep's; a deleted shard resubmitted alone restores it", async () => {
    const env = cluster!.env;
    const r = airace(["slurm", join(cwd, "exp.yaml"), "--shards", "3", "--time", "00:10:00", "--out", join(folder, "plan"), "-q"], folder);
    expect(r.code, r.stderr).toBe(0);
    const submit = join(folder, "plan", "slurm", "submit.sh");
    const { execFileSync } = await import("node:child_process");
    const out = execFileSync("bash", [submit], { env, cwd: folder, encoding: "utf8" });
    expect(out).toMatch(/submitted: shards as job \d+, merge as job \d+/);
    await cluster!.drain(180_000);
    const mergeLog = () => readFileSync(join(folder, "plan", "slurm", "logs", "merge.out"), "utf8");
    expect(digestOf(mergeLog()), mergeLog()).toBe(oneDigest);
    // lose one shard, resubmit just that index: the merge follows and the digest is back
    rmSync(join(folder, "plan", "shards", "shard-1"), { recursive: true });
    writeFileSync(join(folder, "plan", "slurm", "logs", "merge.out"), "");
    execFileSync("bash", [submit, "--array=1"], { env, cwd: folder, encoding: "utf8" });
    await cluster!.drain(180_000);
    expect(digestOf(mergeLog()), mergeLog()).toBe(oneDigest);
    expect(readFileSync(join(folder, "plan", "slurm", "logs", "shard-1.out"), "utf8")).toBe("");
  }, 400_000);
});
