/**
 * `airace report` on a run, comparison and sweep folder, as a user runs it; and on the folder
 * of a sweep not finished (a plan's shards not merged, a sweep to resume), which it explains.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/scenarios.js";
import { airace, BIN, tempDir } from "./cli.js";

describe("airace report", () => {
  it("writes an HTML page with every chart inlined, and the charts as SVG files", () => {
    const cwd = tempDir();
    const run = airace(["run", "baseline", "--seed", "3", "--out", "run", "--set", "end=2030Q4", "-q"], cwd);
    expect(run.code, run.stderr).toBe(0);
    const r = airace(["report", "run"], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Report: run\/report\/index\.html \(20 charts, also as SVG files in run\/report\/\)/);
    const files = readdirSync(join(cwd, "run", "report"));
    expect(files.filter((f) => f.endsWith(".svg"))).toHaveLength(21);
    const html = readFileSync(join(cwd, "run", "report", "index.html"), "utf8");
    expect(html.match(/<figure /g)).toHaveLength(20);
    expect(html.match(/<svg /g)).toHaveLength(20);
    expect(html).not.toMatch(/<script|<link|src=|href="http/);
    expect(html).toContain('<a href="no-finish-line.html">');
    // the run's event: in the key outcomes with its date, on the charts with its title, in the timeline
    expect(html).toContain("<li>2027Q1, event: CXMT makes HBM3 in volume.</li>");
    const figure = (id: string) => html.slice(html.indexOf(`<figure id="${id}"`), html.indexOf("</figure>", html.indexOf(`<figure id="${id}"`)));
    for (const id of ["capability", "gap-cloud", "compute"]) expect(figure(id)).toContain(">CXMT makes HBM3 in volume</text>");
    expect(figure("capability")).toContain(">The frontier reaches 1000x mid-2025 effective compute</text>");
    expect(html).toContain("<thead><tr><th>date</th><th>kind</th><th>what happened</th></tr></thead>");
    expect(html).not.toMatch(/<th><\/th>/);
    // series named in words, not by their ids
    expect(figure("concentration")).toContain(">compute, across countries</text>");
    expect(figure("concentration")).not.toMatch(/>(compute|firm)_hhi</);
    const lesson = readFileSync(join(cwd, "run", "report", "no-finish-line.html"), "utf8");
    for (const id of ["capability", "domain-leaders", "months-behind"]) expect(lesson).toContain(`data-chart="${id}"`);
    expect(lesson).toMatch(/there is no ceiling in sight and no line to cross/);
    // the run's data files are untouched, and a second report replaces the first
    expect(readdirSync(join(cwd, "run")).sort()).toEqual(["manifest.json", "report", "scenario.resolved.yaml", "summary.json", "timeseries.csv"]);
    expect(airace(["verify", "run"], cwd).code).toBe(0);
    expect(airace(["report", "run"], cwd).code).toBe(0);
  });

  it("prints exactly the README's sample for npm start's command, sparklines and report included", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const start = readme.indexOf("Baseline: the AI race from mid-2025 under current policies [baseline, seed 42]");
    const sample = readme.slice(start, readme.indexOf("```", start));
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } };
    const args = pkg.scripts.start.replace(/^node dist\/cli\/main\.js /, "").split(" ");
    expect(args).toContain("--report");
    const r = airace(args, tempDir());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(sample);
  });

  it("reports a comparison: sentences from the numbers, differences with intervals, both scenarios side by side", () => {
    const cwd = tempDir();
    const c = airace(["compare", "baseline", "export-controls-tightened", "-r", "3", "--at", "2030Q4", "--out", "cmp", "-q"], cwd);
    expect(c.code, c.stderr).toBe(0);
    const r = airace(["report", "cmp"], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Report: cmp\/report\/index\.html \(6 charts/);
    const html = readFileSync(join(cwd, "cmp", "report", "index.html"), "utf8");
    expect(html).toMatch(/export-controls-tightened lowers CN's compute (most in \d{4}Q\d, |in 2030Q4 )by \d+% \(95% CI \d+%-\d+%\) relative to baseline, from [\d,]+ to [\d,]+ EFLOP\/s/);
    for (const id of ["effects", "differences-over-time", "capability", "months-behind", "compute", "domestic-chip-share"]) expect(html).toContain(`data-chart="${id}"`);
    // the quarter asked for, on the series side by side as on the differences over time
    for (const id of ["capability", "months-behind", "compute", "domestic-chip-share"]) {
      const svg = readFileSync(join(cwd, "cmp", "report", `${id}.svg`), "utf8");
      expect(svg.match(/>2030Q4<\/text>/g), id).toHaveLength(6);
    }
    expect(html).not.toMatch(/<script|<link|src=|href="http/);
  });

  it("reports a sweep: Morris screening and each outcome's distribution per policy", () => {
    const cwd = tempDir();
    const sw = airace(["sweep", "morris-screening", "--out", "mor", "-q", "--workers", "1"], cwd);
    expect(sw.code, sw.stderr).toBe(0);
    const r = airace(["report", "mor"], cwd);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(cwd, "mor", "report", "index.html"), "utf8");
    for (const id of ["morris-gapMonths2030", "morris-frontier2035", "outcome-gapMonths2030", "outcome-usComputeShare2030"]) expect(html).toContain(`data-chart="${id}"`);
    // beside each Morris plot, its parameters ranked by mu*; on the plot, their ranks
    const morris = html.slice(html.indexOf('<figure id="morris-gapMonths2030"'), html.indexOf("</figure>", html.indexOf('<figure id="morris-gapMonths2030"')));
    expect(morris).toContain('<th class="num">#</th><th>parameter</th><th class="num">mu*</th><th class="num">mu</th><th class="num">sigma</th>');
    const rows = [...morris.matchAll(/<tr><td class="num">(\d+)<\/td><td>(\w+)<\/td><td class="num">([-\d.,]+)<\/td>/g)];
    expect(rows.map((r) => Number(r[1]))).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]![2]).toBe("researchDifficulty");
    const muStar = rows.map((r) => Number(r[3]!.replace(/,/g, "")));
    expect(muStar).toEqual([...muStar].sort((a, b) => b - a));
    const svg = readFileSync(join(cwd, "mor", "report", "morris-gapMonths2030.svg"), "utf8");
    expect(svg).toMatch(/aria-roledescription="text mark"[^>]*>1<\/text>/);
    expect(svg).not.toMatch(/aria-roledescription="text mark"[^>]*>researchDifficulty<\/text>/);
    expect(html).toMatch(/280 runs: 280 points of a Morris design x 1 policy x 1 replications; 0 failed\./);
    // with an outcome of interest: PRIM's box
    const gaps = readFileSync(join(cwd, "mor", "runs.csv"), "utf8").trim().split("\n").slice(1).map((l) => Number(l.split(",")[33])).sort((a, b) => a - b);
    const header = readFileSync(join(cwd, "mor", "runs.csv"), "utf8").split("\n")[0]!.split(",");
    expect(header[33]).toBe("gapMonths2030");
    const p = airace(["report", "mor", "--where", `gapMonths2030 > ${gaps[gaps.length >> 1]}`], cwd);
    expect(p.code, p.stderr).toBe(0);
    const withPrim = readFileSync(join(cwd, "mor", "report", "index.html"), "utf8");
    expect(withPrim).toContain('data-chart="prim-box"');
    expect(withPrim).toMatch(/\d+ of 280 runs of policy base have gapMonths2030 &gt; [\d.]+; PRIM's box holds \d+% of them/);
    // replicated runs with time series: median and bands per policy
    writeFileSync(
      join(cwd, "reps.yaml"),
      `name: reps
title: "replications with series"
scenario: baseline
set: { end: 2028Q4 }
seed: 2
replications: 4
policies:
  - id: current
  - id: responsive
    set: { model.nationalResponse: 0.6 }
outcomes:
  - { id: gap, metric: months_behind_CN, aggregate: final }
timeseries: { metrics: [capability] }
`,
    );
    expect(airace(["sweep", "reps.yaml", "--out", "reps", "-q", "--workers", "1"], cwd).code).toBe(0);
    expect(airace(["report", "reps"], cwd).code).toBe(0);
    const reps = readFileSync(join(cwd, "reps", "report", "index.html"), "utf8");
    expect(reps).toContain('data-chart="series-capability"');
    expect(reps).toContain('data-chart="outcome-gap"');
  });

  it("refuses a folder that is not a run's, with exit code 2", () => {
    const cwd = tempDir();
    const r = airace(["report", "nowhere"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nowhere: no such folder/);
    expect(existsSync(join(cwd, "nowhere"))).toBe(false);
    mkdirSync(join(cwd, "empty"));
    const empty = airace(["report", "empty"], cwd);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe(
      "empty is not a results folder (no manifest.json); airace report reads the folder of a run (airace run), a sweep (airace sweep, or airace merge of a plan's shards), a comparison (airace compare) or an evaluation (airace evaluate)\n",
    );
    expect(readdirSync(join(cwd, "empty"))).toEqual([]);
  });

  it("says to merge a plan's shards first, or to finish a sweep, when given their folders", () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, "exp.yaml"),
      `name: tiny
title: t
scenario: ${join(ROOT, "test", "fixtures", "valid", "three-countries.yaml")}
seed: 1
replications: 2
uncertainties:
  - { id: leak, path: model.leakRate, distribution: uniform, min: 0.01, max: 0.3, unit: 1/yr, source: "assumption: test" }
design: { type: random, samples: 3 }
outcomes:
  - { id: cap, metric: frontier_capability, aggregate: final }
`,
    );
    expect(airace(["plan", "exp.yaml", "--shards", "3", "--out", "p"], cwd).code).toBe(0);
    const merged = /(results\/tiny\/1-[0-9a-f]{8})/.exec(airace(["sweep", "exp.yaml", "--dry-run"], cwd).stdout)![1]!;
    const refused = (dir: string, message: string) => {
      const r = airace(["report", dir], cwd);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toBe(message);
    };
    const before = `p is the plan folder of a sweep in shards (airace plan), which holds no results until its shards are merged;`;
    refused("p", `${before} 0 of 3 are done.\nrun shards 0, 1, 2 (airace sweep --plan p --shard k, for each), then airace merge p, then airace report ${merged} (the folder merge writes).\n`);
    for (const k of ["0", "2"]) expect(airace(["sweep", "--plan", "p", "--shard", k, "-q"], cwd).code).toBe(0);
    refused("p", `${before} 2 of 3 are done.\nrun shard 1 with airace sweep --plan p --shard 1, then airace merge p, then airace report ${merged} (the folder merge writes).\n`);
    // its plan.json, or a shard, is read as the plan
    for (const part of ["p/plan.json", "p/shards/shard-0"]) {
      refused(part, `${part} is part of p, the plan folder of a sweep in shards (airace plan), which holds no results until its shards are merged; 2 of 3 are done.\nrun shard 1 with airace sweep --plan p --shard 1, then airace merge p, then airace report ${merged} (the folder merge writes).\n`);
    }
    expect(airace(["sweep", "--plan", "p", "--shard", "1", "-q"], cwd).code).toBe(0);
    refused("p", `${before} all 3 are done: merge them first with airace merge p, then airace report ${merged} (the folder merge writes).\n`);
    expect(airace(["merge", "p", "-q"], cwd).code).toBe(0);
    refused("p", `p is the plan folder of a sweep in shards (airace plan), which holds no results: its shards were merged into ${merged}; report on that: airace report ${merged}\n`);
    expect(airace(["report", merged], cwd).code).toBe(0);
    // nothing was written into the plan folder
    expect(readdirSync(join(cwd, "p")).sort()).toEqual(["plan.json", "shards"]);
    // a sweep stopped before its end (a file-size limit cuts it short): the folder to resume
    const cut = spawnSync("bash", ["-c", `trap '' XFSZ; ulimit -f 1; exec "$0" "$@"`, process.execPath, BIN, "sweep", "exp.yaml", "--workers", "1", "--out", "s", "-q"], { cwd, encoding: "utf8" });
    expect(cut.status, cut.stderr).toBe(2);
    const progress = JSON.parse(readFileSync(join(cwd, "s.partial", "progress.json"), "utf8")) as { done: number };
    refused("s.partial", `s.partial is an unfinished sweep (${progress.done} of 6 runs done), which holds no results yet: finish it with airace sweep <experiment> --resume --out s, then airace report s.\n`);
  });
});
