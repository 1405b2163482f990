/**
 * `airace sweep` as a user runs it: byte-identical results for 1 and 2 workers, a sweep killed
 * mid-way and resumed equals an uninterrupted one, bad experiments exit 2 and write nothing.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { airace, BIN, tempDir } from "./cli.js";

const DATA = ["runs.csv", "points.csv", "sensitivity.csv", "timeseries.csv"];

/** A Morris screening of three parameters over a short horizon, with some time series. */
function experiment(cwd: string, replications = 2, timeseries = "{ runs: 5, metrics: [capability] }"): string {
  const text = `name: e2e
title: "end-to-end sweep"
scenario: baseline
set:
  end: 2029Q4
seed: 11
replications: ${replications}
uncertainties:
  - { id: leak, path: model.leakRate, distribution: uniform, min: 0.01, max: 0.3, unit: 1/yr, source: "assumption: test" }
  - { id: induced, path: semiconductors.inducedInvestment, distribution: triangular, min: 0, mode: 0.3, max: 1, unit: "1", source: "assumption: test" }
  - { id: severity, path: model.rivalryResponse, distribution: uniform, min: 0, max: 1, unit: 1/yr per OOM, source: "assumption: test" }
policies:
  - id: current
  - id: responsive
    set:
      model.nationalResponse: 0.6
design: { type: morris, trajectories: 4 }
outcomes:
  - { id: gap, metric: months_behind_CN, aggregate: at, date: 2028Q4 }
  - { id: cnCompute, metric: compute_CN, aggregate: mean }
  - { id: reach, metric: capability_CN, aggregate: first-crossing, threshold: 2.5 }
timeseries: ${timeseries}
`;
  const path = join(cwd, "exp.yaml");
  writeFileSync(path, text);
  return path;
}

const read = (dir: string, f: string) => readFileSync(join(dir, f), "utf8");

describe("airace sweep", () => {
  it("writes the same data files with 1 and 2 workers", () => {
    const cwd = tempDir();
    experiment(cwd);
    const one = airace(["sweep", "exp.yaml", "--workers", "1", "--out", "one"], cwd);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/64 runs = 16 points x 2 policies x 2 replications \(morris design\)/);
    expect(one.stdout).toMatch(/estimate: .* on 1 worker/);
    const two = airace(["sweep", "exp.yaml", "--workers", "2", "--out", "two"], cwd);
    expect(two.code, two.stderr).toBe(0);
    expect(readdirSync(join(cwd, "one")).sort()).toEqual([...DATA, "manifest.json", "experiment.yaml", "scenario.current.resolved.yaml", "scenario.responsive.resolved.yaml"].sort());
    expect(read(join(cwd, "one"), "experiment.yaml")).toBe(readFileSync(join(cwd, "exp.yaml"), "utf8"));
    expect(read(join(cwd, "one"), "scenario.responsive.resolved.yaml")).toMatch(/nationalResponse: 0\.6/);
    const v = airace(["verify", "one"], cwd);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/one is a sweep folder; verify reruns single runs/);
    for (const f of DATA) expect(read(join(cwd, "two"), f), f).toBe(read(join(cwd, "one"), f));
    const runs = read(join(cwd, "one"), "runs.csv").trim().split("\n");
    expect(runs[0]).toBe("run,point,policy,replication,seed,status,leak,induced,severity,gap,cnCompute,reach,error");
    expect(runs).toHaveLength(65);
    const points = read(join(cwd, "one"), "points.csv").trim().split("\n");
    expect(points).toHaveLength(1 + 16 * 2 * 3);
    const sens = read(join(cwd, "one"), "sensitivity.csv").trim().split("\n");
    expect(sens[0]).toBe("policy,outcome,parameter,mu,mu_star,sigma,note");
    expect(sens).toHaveLength(1 + 2 * 3 * 3);
    const manifest = JSON.parse(read(join(cwd, "one"), "manifest.json"));
    expect(manifest.status).toBe("complete");
    expect(manifest.design).toMatchObject({ type: "morris", points: 16, policies: 2, replications: 2, runs: 64 });
    expect(manifest.seed).toMatchObject({ master: 11, seeds: "common" });
    expect(manifest.files["runs.csv"].sha256).toMatch(/^[0-9a-f]{64}$/);
    // scenario discovery on it: the gap's median splits the runs
    const gaps = runs.slice(1).map((l) => Number(l.split(",")[9])).sort((a, b) => a - b);
    const median = gaps[gaps.length >> 1]!;
    const prim = airace(["discover", "one", "--where", `gap > ${median}`, "--out", "traj.csv"], cwd);
    expect(prim.code, prim.stderr).toBe(0);
    expect(prim.stdout).toMatch(/PRIM on one \(policy current\): \d+ of 32 runs have gap > /);
    expect(prim.stdout).toMatch(/Chosen box #\d+: coverage [\d.]+%, density [\d.]+%, mass [\d.]+%/);
    expect(read(cwd, "traj.csv").split("\n")[0]).toBe("box,coverage,density,mass,runs,leak_low,leak_high,induced_low,induced_high,severity_low,severity_high");
    const badWhere = airace(["discover", "one", "--where", "gapp > 3"], cwd);
    expect(badWhere.code).toBe(2);
    expect(badWhere.stderr).toMatch(/--where: no outcome "gapp" in this sweep \(it has gap, cnCompute, reach\)/);
    // the default folder is named by the seed and the experiment's digest
    const d = airace(["sweep", "exp.yaml", "--workers", "1", "-q"], cwd);
    expect(d.code, d.stderr).toBe(0);
    const [folder] = readdirSync(join(cwd, "results", "e2e"));
    expect(folder).toMatch(/^11-[0-9a-f]{8}$/);
    expect(read(join(cwd, "results", "e2e", folder!), "runs.csv")).toBe(read(join(cwd, "one"), "runs.csv"));
    // and it is not replaced without --force
    const again = airace(["sweep", "exp.yaml", "-q"], cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; use --force/);
  });

  it("resumes a killed sweep and ends with the files of an uninterrupted one", async () => {
    const cwd = tempDir();
    // long enough (3,840 short runs) that the kill lands mid-sweep even on a fast machine
    experiment(cwd, 120);
    const full = airace(["sweep", "exp.yaml", "--workers", "2", "--out", "full", "-q"], cwd);
    expect(full.code, full.stderr).toBe(0);
    // kill -9 once some runs are committed
    const child = spawn(process.execPath, [BIN, "sweep", "exp.yaml", "--workers", "2", "--out", "cut", "-q"], { cwd, stdio: "ignore" });
    const progress = join(cwd, "cut.partial", "progress.json");
    const started = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const done = existsSync(progress) ? (JSON.parse(readFileSync(progress, "utf8")) as { done: number }).done : 0;
      if (done > 0 || Date.now() - started > 30_000) break;
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    expect(existsSync(join(cwd, "cut"))).toBe(false);
    const done = (JSON.parse(readFileSync(progress, "utf8")) as { done: number; runs: number }).done;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(3840);
    // without --resume it refuses to start over silently
    const refused = airace(["sweep", "exp.yaml", "--out", "cut", "-q"], cwd);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/unfinished sweep .*\nfinish it with --resume/s);
    const resumed = airace(["sweep", "exp.yaml", "--workers", "1", "--out", "cut", "--resume"], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`resuming at run ${done} of 3840`));
    for (const f of DATA) expect(read(join(cwd, "cut"), f), f).toBe(read(join(cwd, "full"), f));
    expect(existsSync(join(cwd, "cut.partial"))).toBe(false);
  });

  it("stops on Ctrl-C with a consistent folder and says how to finish", async () => {
    const cwd = tempDir();
    experiment(cwd, 120);
    const child = spawn(process.execPath, [BIN, "sweep", "exp.yaml", "--workers", "2", "--out", "int"], { cwd });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const progress = join(cwd, "int.partial", "progress.json");
    for (let i = 0; i < 600 && !existsSync(progress); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGINT");
    const code = await new Promise((r) => child.on("exit", r));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted after \d+ of 3840 runs; int\.partial is consistent/);
    expect(stderr).toMatch(/finish it with: airace sweep exp\.yaml --resume --out int/);
    const resumed = airace(["sweep", "exp.yaml", "--out", "int", "--resume", "-q"], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(read(join(cwd, "int"), "manifest.json")).design.runs).toBe(3840);
    const full = airace(["sweep", "exp.yaml", "--workers", "1", "--out", "full", "-q"], cwd);
    expect(full.code, full.stderr).toBe(0);
    for (const f of DATA) expect(read(join(cwd, "int"), f), f).toBe(read(join(cwd, "full"), f));
  });

  it("keeps what a full disk let it write, counting no run whose rows are not all there, and resumes to the same files", () => {
    const cwd = tempDir();
    // every run's time series: timeseries.csv grows about 16 kB a run, far faster than the others
    experiment(cwd, 10, "{ runs: all, metrics: [capability] }");
    const full = airace(["sweep", "exp.yaml", "--workers", "1", "--out", "full", "-q"], cwd);
    expect(full.code, full.stderr).toBe(0);
    expect(statSync(join(cwd, "full", "timeseries.csv")).size).toBeGreaterThan(4e6);
    // a file-size limit of 2 MB refuses timeseries.csv's rows mid-sweep (EFBIG, as a full disk
    // refuses them with ENOSPC), after runs.csv and points.csv took the same batch's rows
    const cut = spawnSync("bash", ["-c", `trap '' XFSZ; ulimit -f 2000; exec "$0" "$@"`, process.execPath, BIN, "sweep", "exp.yaml", "--workers", "1", "--out", "cut", "-q"], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(cut.status, cut.stderr).toBe(2);
    expect(cut.stderr).toMatch(/^cannot write the sweep's files in cut\.partial: EFBIG .*\nthe runs written so far are kept; fix the cause and finish with: airace sweep exp\.yaml --resume --out cut\n$/);
    expect(cut.stderr).not.toMatch(/\n\s+at /);
    const progress = JSON.parse(read(cwd, "cut.partial/progress.json")) as { done: number; sizes: Record<string, number> };
    // batches are sized to the machine's speed, so even the first may be the one refused
    expect(progress.done).toBeLessThan(320);
    for (const f of ["runs.csv", "points.csv", "timeseries.csv"]) {
      // the recorded sizes end where the full sweep's rows of the first `done` runs end
      expect(read(join(cwd, "full"), f).startsWith(read(join(cwd, "cut.partial"), f).slice(0, progress.sizes[f]!)), f).toBe(true);
    }
    const resumed = airace(["sweep", "exp.yaml", "--out", "cut", "--resume"], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`resuming at run ${progress.done} of 320`));
    for (const f of DATA) expect(read(join(cwd, "cut"), f), f).toBe(read(join(cwd, "full"), f));
  });

  it("refuses to resume a folder whose recorded rows were changed, and publishes nothing", () => {
    const cwd = tempDir();
    // 2,560 runs without time series, about 120 bytes a row of runs.csv
    experiment(cwd, 80, "none");
    // a file-size limit of 200 kB stops the sweep at about run 1,700: at least one batch (of
    // at most 1,000 runs, however fast the machine) is recorded before it, with no race
    const cut = spawnSync("bash", ["-c", `trap '' XFSZ; ulimit -f 200; exec "$0" "$@"`, process.execPath, BIN, "sweep", "exp.yaml", "--workers", "1", "--out", "cut", "-q"], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(cut.status, cut.stderr).toBe(2);
    const progress = JSON.parse(read(cwd, "cut.partial/progress.json")) as { done: number };
    expect(progress.done).toBeGreaterThan(0);
    // one digit of the first run's gap, a recorded row
    const path = join(cwd, "cut.partial", "runs.csv");
    const lines = readFileSync(path, "utf8").split("\n");
    const row = lines[1]!.split(",");
    expect(row[0]).toBe("0");
    row[9] = row[9]!.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    expect(row.join(",")).not.toBe(lines[1]);
    lines[1] = row.join(",");
    writeFileSync(path, lines.join("\n"));
    const resumed = airace(["sweep", "exp.yaml", "--out", "cut", "--resume", "-q"], cwd);
    expect(resumed.code, resumed.stderr).toBe(2);
    expect(resumed.stderr).toMatch(/^cut\.partial\/runs\.csv was changed after the sweep wrote it \(.*\): resuming would publish rows the sweep did not compute; start over with --force\n$/);
    expect(existsSync(join(cwd, "cut"))).toBe(false);
    expect(readFileSync(path, "utf8")).toBe(lines.join("\n"));
  });

  it("refuses bad experiments with exit code 2, a position, and no folder", () => {
    const cwd = tempDir();
    const path = experiment(cwd);
    writeFileSync(path, readFileSync(path, "utf8").replace("metric: months_behind_CN", "metric: months_behnd_CN"));
    const r = airace(["sweep", "exp.yaml"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr, r.stderr).toMatch(/^exp\.yaml:19:24 outcomes\.gap\.metric: no output "months_behnd_CN" \(did you mean "months_behind_CN"\?\)/m);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(join(cwd, "results"))).toBe(false);
    const missing = airace(["sweep", "nope.yaml"], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/file not found: nope\.yaml/);
  });

  it("checks where the results go before running, even with --force", () => {
    const cwd = tempDir();
    experiment(cwd);
    writeFileSync(join(cwd, "notes"), "");
    const r = airace(["sweep", "exp.yaml", "--out", ".", "--force"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\. exists and is not an airace results folder; --force replaces only results folders/);
    expect(r.stdout).not.toMatch(/Done/);
    expect(existsSync(join(cwd, "..partial"))).toBe(false);
  });

  it("asks for --yes before a very large sweep", () => {
    const cwd = tempDir();
    const path = experiment(cwd);
    writeFileSync(path, readFileSync(path, "utf8").replace("replications: 2", "replications: 5000"));
    const r = airace(["sweep", "exp.yaml"], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/160000 runs/);
    expect(r.stderr).toMatch(/this sweep is large \(more than 100,000 runs.*\); add --yes/);
    expect(existsSync(join(cwd, "results"))).toBe(false);
  });
});

describe("what a sweep found", () => {
  it("ends with a summary in words and writes its report with --report", () => {
    const cwd = tempDir();
    const r = airace(["sweep", "lhs-export-controls", "--out", "lhs", "--report"], cwd);
    expect(r.code, r.stderr).toBe(0);
    const found = r.stdout.slice(r.stdout.indexOf("What it found:"));
    // each outcome's spread per policy, and the input it moves with most
    expect(found).toMatch(/\n- cnCompute2030 \(EFLOP\/s\): current median [\d,]+ \(90% of runs [\d,]+ to [\d,]+\); tightened median .*; lifted median .*\. It moves most with inducedInvestment \(rank correlation \+0\.\d+\)/);
    // lifting the controls gives China more compute at every point and seed; tightening less
    expect(found).toMatch(/\n- lifted against current \(60 pairs with the same point and seed\): .*cnCompute2030 \+[\d,]+ EFLOP\/s \(95% CI \+[\d,]+ to \+[\d,]+\)/);
    expect(found).toMatch(/\n- tightened against current \(60 pairs with the same point and seed\): .*cnCompute2030 -[\d,]+ EFLOP\/s/);
    expect(r.stdout).toMatch(/Report: lhs\/report\/index\.html \(\d+ charts/);
    const html = readFileSync(join(cwd, "lhs", "report", "index.html"), "utf8");
    for (const id of ["policy-differences", "input-cnCompute2030", "outcome-cnCompute2030"]) expect(html).toContain(`data-chart="${id}"`);
    expect(html).toContain("lifted against current (60 pairs with the same point and seed)");
    // without --report it says how to get one
    const plain = airace(["sweep", "lhs-export-controls", "--out", "lhs2"], cwd);
    expect(plain.stdout).toMatch(/A report with charts: airace report lhs2\n/);
  });
});

describe("airace compare", () => {
  it("reports paired differences with confidence intervals, the same with 1 or 2 workers", () => {
    const cwd = tempDir();
    const args = ["compare", "baseline", "export-controls-tightened", "--replications", "4", "--seed", "3", "--outcome", "compute_CN@2030Q4", "--outcome", "months_behind_CN@2030Q4", "--outcome", "frontier_capability"];
    const one = airace([...args, "--workers", "1", "--out", "one"], cwd);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/8 runs = 2 policies x 4 replications/);
    // ranked by effect, each outcome where its difference is largest and at its quarter
    expect(one.stdout).toMatch(/\n\s*\d+\s+CN's compute \(EFLOP\/s\)\s+\d{4}Q\d (largest|end)?\s+[\d,]+\s+[\d,]+\s+-[\d,]+/);
    expect(one.stdout).toMatch(/\n- export-controls-tightened lowers CN's compute (most in \d{4}Q\d, |in 2030Q4 )by \d+%/);
    expect(one.stdout).toMatch(/A report with charts: airace report one\n/);
    const two = airace([...args, "--workers", "2", "--out", "two", "-q"], cwd);
    expect(two.code, two.stderr).toBe(0);
    const csv = read(join(cwd, "one"), "comparison.csv");
    expect(read(join(cwd, "two"), "comparison.csv")).toBe(csv);
    const rows = csv.trim().split("\n").map((l) => l.split(","));
    expect(rows[0]).toEqual(["outcome", "metric", "unit", "reading", "date", "n", "mean_a", "mean_b", "difference", "ci95_low", "ci95_high", "relative", "sign_share", "effect"]);
    const cn = rows.find((r) => r[0] === "compute_CN_2030Q4" && r[3] === "at")!.map((c, i) => (i > 4 ? Number(c) : c)) as [string, string, string, string, string, number, number, number, number, number, number, number, number, number];
    expect(cn[4]).toBe("2030Q4");
    expect(cn[5]).toBe(4);
    expect(cn[8]).toBeCloseTo(cn[7] - cn[6], 6);
    expect(cn[8]).toBeLessThan(0); // tighter controls: less compute in China
    expect(cn[9]).toBeLessThanOrEqual(cn[8]);
    expect(cn[10]).toBeGreaterThanOrEqual(cn[8]);
    expect(cn[12]).toBe(1);
    expect(cn[13]).toBeLessThan(0);
    // each outcome is also read where its difference is largest, from the difference at every quarter
    const peak = rows.find((r) => r[0] === "compute_CN_2030Q4" && r[3] === "peak")!;
    const overTime = read(join(cwd, "one"), "differences.csv").trim().split("\n").map((l) => l.split(","));
    expect(overTime[0]).toEqual(["outcome", "metric", "unit", "step", "date", "n", "mean_a", "mean_b", "difference", "ci95_low", "ci95_high", "relative", "effect"]);
    const cnSteps = overTime.filter((r) => r[0] === "compute_CN_2030Q4");
    expect(cnSteps).toHaveLength(62);
    const atPeak = cnSteps.find((r) => r[4] === peak[4])!;
    expect(atPeak.slice(5, 12)).toEqual(peak.slice(5, 12));
    expect(atPeak[12]).toBe(peak[13]);
    const largest = Math.max(...cnSteps.filter((r) => Number(r[9]) * Number(r[10]) > 0).map((r) => Math.abs(Number(r[11]))));
    expect(Math.abs(Number(peak[11]))).toBe(largest);
    expect(read(join(cwd, "two"), "differences.csv")).toBe(read(join(cwd, "one"), "differences.csv"));
    // the runs behind it: the same seed for A and B in each replication
    const runs = read(join(cwd, "one"), "runs.csv").trim().split("\n").slice(1).map((l) => l.split(","));
    for (let r = 0; r < 4; r++) expect(runs[r]![4]).toBe(runs[4 + r]![4]);
  });

  it("shows a what-if that bites and fades: where the difference is largest, ranked by effect, with its report", () => {
    const cwd = tempDir();
    const r = airace(["compare", "baseline", "taiwan-blockade", "--replications", "3", "--out", "blk", "--report"], cwd);
    expect(r.code, r.stderr).toBe(0);
    // the blockade (2030-2032) cuts the US's compute most while it lasts, far more than at the end
    const us = /\n- taiwan-blockade lowers US's compute most in (\d{4})Q\d, by (\d+)% .*; at the end \(2040Q4\) by (\d+)%/.exec(r.stdout);
    expect(us, r.stdout).not.toBeNull();
    expect(Number(us![1])).toBeGreaterThanOrEqual(2030);
    expect(Number(us![1])).toBeLessThanOrEqual(2033);
    expect(Number(us![2])).toBeGreaterThan(3 * Number(us![3]));
    const rows = read(join(cwd, "blk"), "comparison.csv").trim().split("\n").map((l) => l.split(","));
    const peak = rows.find((x) => x[0] === "compute_US" && x[3] === "peak")!;
    const end = rows.find((x) => x[0] === "compute_US" && x[3] === "end")!;
    expect([peak[4]!.slice(0, 4), end[4]]).toEqual([us![1], "2040Q4"]);
    // the table comes in the summary's order, and the report is written
    const first = /\n- taiwan-blockade (?:raises|lowers) (.+?) (?:most in|in|at the end)/.exec(r.stdout)![1]!;
    expect(r.stdout).toMatch(new RegExp(`\\n 1\\s+${first.replace(/[()']/g, ".")} \\(`));
    expect(r.stdout).toMatch(/Report: blk\/report\/index\.html \(6 charts/);
    expect(existsSync(join(cwd, "blk", "report", "effects.svg"))).toBe(true);
  });

  it("warns that two scenarios of different worlds share no country", () => {
    const cwd = tempDir();
    const r = airace(["compare", "baseline", "classroom", "--replications", "2", "--out", "w", "-q"], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const loud = airace(["compare", "baseline", "classroom", "--replications", "2", "--out", "w2"], cwd);
    expect(loud.stderr).toMatch(/^warning: baseline and classroom share no country: they are different worlds, and only the world's outcomes .* are compared/);
    expect(airace(["compare", "baseline", "taiwan-blockade", "--replications", "2", "--out", "w3"], cwd).stderr).not.toMatch(/warning/);
  });

  it("refuses unknown outcomes and too few replications with exit code 2", () => {
    const cwd = tempDir();
    const bad = airace(["compare", "baseline", "export-controls-tightened", "--outcome", "compute_XX"], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--outcome compute_XX.*: no output "compute_XX"/);
    const few = airace(["compare", "baseline", "export-controls-tightened", "--replications", "1"], cwd);
    expect(few.code).toBe(2);
    expect(few.stderr).toMatch(/--replications: expected a whole number of at least 2/);
    expect(existsSync(join(cwd, "results"))).toBe(false);
  });
});

describe("a sweep with failing runs", () => {
  it("reports each failure with its seed, writes it as failed, and goes on", () => {
    const cwd = tempDir();
    // from 2026 an event multiplies the leak rate by 1.5 every quarter: from 2.5/yr it leaves
    // the field's range (at most 50/yr) before the end, and that run fails; from 0.1 or 0.2 not
    writeFileSync(join(cwd, "points.csv"), "leak\n0.1\n2.5\n0.2\n");
    writeFileSync(
      join(cwd, "exp.yaml"),
      `name: failing
title: "a point that fails while it runs"
scenario: baseline
set:
  end: 2027Q4
overlay:
  events:
    - id: Leak
      title: "knowledge leaks faster every quarter"
      when: "time >= 2026"
      repeat: every
      actions:
        - { target: model.leakRate, scale: 1.5, source: "assumption: test" }
seed: 4
replications: 2
uncertainties:
  - { id: leak, path: model.leakRate, distribution: uniform, min: 0.01, max: 3, unit: 1/yr, source: "assumption: test" }
design: { type: csv, file: points.csv }
outcomes:
  - { id: frontier, metric: frontier_capability, aggregate: final }
`,
    );
    const r = airace(["sweep", "exp.yaml", "--workers", "1", "--out", "out"], cwd);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/^run 2 \(point 1, policy base, replication 0, seed \d+\): run failed at \d{4}Q\d.*event Leak would set model\.leakRate from [\d.]+ to [\d.]+/m);
    expect(r.stderr).toMatch(/^run 3 \(point 1, policy base, replication 1, seed \d+\)/m);
    expect(r.stderr).toMatch(/2 of 6 runs failed/);
    expect(r.stdout).toMatch(/Done: 6 runs in .*, 2 failed\./);
    const rows = read(join(cwd, "out"), "runs.csv").trim().split("\n").slice(1).map((l) => l.split(","));
    expect(rows.map((row) => row[5])).toEqual(["ok", "ok", "failed", "failed", "ok", "ok"]);
    expect(rows[2]![7]).toBe("");
    const points = read(join(cwd, "out"), "points.csv").trim().split("\n").slice(1).map((l) => l.split(","));
    // point,policy,leak,outcome,n,missing,mean,...
    expect(points[1]!.slice(4, 7)).toEqual(["0", "2", ""]);
    expect(points[0]![4]).toBe("2");
    expect(JSON.parse(read(join(cwd, "out"), "manifest.json")).failures).toBe(2);
  });
});
