/**
 * `airace report <results-dir>`: a self-contained HTML report of a run, a sweep (or merged
 * plan), a comparison or an evaluation, with its charts as SVG files beside it, written to
 * <results-dir>/report/ (or --out). The charts are Vega-Lite specifications
 * (src/report/charts.ts) rendered by vega in this process.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { createHash } from "node:crypto";
import { isReportFolder, PublishError, publishFolder, REPORT_FORMAT } from "../io/files.js";
import { displayName } from "../io/host.js";
import { toolVersion } from "../io/package-info.js";
import type { PlanFile } from "../io/shard-folder.js";
import { PlanError, planPath, readPlanFile, shardDir } from "../io/shard-folder.js";
import { isSweepFolder, SweepFolder } from "../io/sweep-folder.js";
import { METRICS } from "../model/metrics.js";
import type { RunSummary } from "../model/summary.js";
import type { Chart } from "../report/charts.js";
import { bandChart, bands, comparisonSentences, differencesOverTimeChart, effectChart, parseComparisonCsv, parseDifferencesCsv } from "../report/comparison.js";
import { distributionChart, outcomeValues, primChart, sensitivityCharts } from "../report/sweep.js";
import { inputChart, inputRanking, parseSweepRuns, policyDifferenceChart, sweepSentences } from "../report/sweep-findings.js";
import { primOnSweep } from "./discover.js";
import { leaderHeatmap, runCharts } from "../report/charts.js";
import { eventMarkers, milestoneMarkers } from "../report/markers.js";
import type { ReportSection } from "../report/html.js";
import { reportHtml } from "../report/html.js";
import { renderSvg } from "../report/render.js";
import { parseTimeseries } from "../report/series.js";
import { CliError, EXIT } from "./exit.js";
import { interrupted, signalsDelivered } from "./interrupt.js";
import { checkOutput } from "./load.js";
import { findings, noFinishLine, timeline } from "../report/narrative.js";

/** What a report is made of, for messages about a folder that is none of them. */
const READS = "airace report reads the folder of a run (airace run), a sweep (airace sweep, or airace merge of a plan's shards), a comparison (airace compare) or an evaluation (airace evaluate)";

interface RunFolder {
  manifest: { format?: string; scenario?: { name?: string; title?: string }; seed?: { master?: number }; tool?: { version?: string; model?: string } };
  summary: { scenario: { name: string; title: string }; seed: number; outcomes: RunSummary };
  timeseries: string;
}

function readRunFolder(dir: string): RunFolder {
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) throw new CliError(EXIT.input, [`${dir} is not a results folder (no manifest.json); ${READS}`]);
  let manifest: RunFolder["manifest"];
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as RunFolder["manifest"];
  } catch (e) {
    throw new CliError(EXIT.input, [`${manifestPath}:1:1: not valid JSON (${(e as Error).message})`]);
  }
  if (manifest.format !== "airace-run-manifest/1") {
    throw new CliError(EXIT.input, [`${dir} is not a results folder of airace (its manifest is ${String(manifest.format)}); ${READS}`]);
  }
  for (const f of ["summary.json", "timeseries.csv"]) if (!existsSync(join(dir, f))) throw new CliError(EXIT.input, [`${join(dir, f)}: not found; the results folder is incomplete`]);
  return {
    manifest,
    summary: JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as RunFolder["summary"],
    timeseries: readFileSync(join(dir, "timeseries.csv"), "utf8"),
  };
}



interface SweepManifest {
  format?: string;
  kind?: string;
  outcomes?: { id: string; unit: string; description?: string }[];
  uncertainties?: { id: string; unit?: string }[];
  failures?: number;
  experiment?: { name?: string; title?: string };
  title?: string;
  policies?: { id: string; title: string }[];
  tool?: { version?: string; model?: string };
  seed?: { master?: number };
  design?: { type?: string; points?: number; replications?: number; runs?: number };
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (e) {
    throw new CliError(EXIT.input, [`${path}:1:1: not valid JSON (${(e as Error).message})`]);
  }
}

/** The report of a comparison folder (airace compare). */
async function comparisonReport(dir: string, m: SweepManifest): Promise<{ html: string; charts: Map<string, string> }> {
  for (const f of ["comparison.csv", "runs.csv", "timeseries.csv"]) if (!existsSync(join(dir, f))) throw new CliError(EXIT.input, [`${join(dir, f)}: not found; the comparison folder is incomplete`]);
  const [a, b] = m.policies ?? [];
  if (a === undefined || b === undefined) throw new CliError(EXIT.input, [`${join(dir, "manifest.json")}: a comparison names two scenarios`]);
  const rows = parseComparisonCsv(readFileSync(join(dir, "comparison.csv"), "utf8"));
  const scenarioOfRun = readFileSync(join(dir, "runs.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",")[2] as string);
  const ts = readFileSync(join(dir, "timeseries.csv"), "utf8");
  const countries: string[] = [];
  for (const line of ts.split("\n", 2000)) {
    const c = line.split(",");
    if (c[0] === "0" && c[1] === "0" && c[3] === "country" && !countries.includes(c[4]!)) countries.push(c[4]!);
  }
  const charts: Chart[] = [];
  const effects = effectChart(rows, a.id, b.id);
  if (effects) charts.push(effects);
  // the quarter asked for (--at), marked on the charts over time
  const ats = [...new Set(rows.filter((r) => r.reading === "at").map((r) => r.date))];
  const at = ats.length === 1 ? { at: ats[0]! } : {};
  // differences.csv: written by airace compare since readings where the difference is largest
  if (existsSync(join(dir, "differences.csv"))) {
    const overTime = differencesOverTimeChart(parseDifferencesCsv(readFileSync(join(dir, "differences.csv"), "utf8")), rows, a.id, b.id, at);
    if (overTime) charts.push(overTime);
  }
  const series: [string, string, string, { log?: boolean; percent?: boolean }][] = [
    ["capability", "Capability by country", "capability (OOM)", {}],
    ["months_behind", "Months behind the leader", "months behind", {}],
    ["compute", "AI compute by country", "compute (EFLOP/s)", { log: true }],
    ["domestic_chip_share", "Share of compute made in the country's own fabs", "own-fab share", { percent: true }],
  ];
  for (const [metric, title, y, extra] of series) {
    const data = bands(ts, metric, scenarioOfRun);
    if (data.length > 0) charts.push(bandChart(metric.replace(/_/g, "-"), title, data, [a.id, b.id], countries, y, { ...extra, ...at }));
  }
  const { files, sections } = await renderCharts(charts);
  const html = reportHtml({
    title: `${b.title} compared with ${a.title}`,
    subtitle: `B = ${b.id}, A = ${a.id}: ${m.design?.replications ?? "?"} paired runs with the same seeds in both (master seed ${m.seed?.master ?? "?"})`,
    findings: comparisonSentences(rows, a.id, b.id),
    sections,
    footer: `airace ${m.tool?.version ?? toolVersion()} (model ${m.tool?.model ?? "?"}); results in ${dir}: comparison.csv has every outcome's means, difference, interval, sign share and effect, at the end and where the difference is largest; differences.csv, the difference at every quarter.`,
  });
  return { html, charts: files };
}

const DESIGN_NAMES: Record<string, string> = { lhs: "Latin hypercube", grid: "grid", random: "random", sobol: "Sobol (Saltelli)", morris: "Morris", csv: "CSV", single: "single-point" };

/** The report of a sweep folder (airace sweep). */
async function sweepReport(dir: string, m: SweepManifest, where: { where?: string; policy?: string }): Promise<{ html: string; charts: Map<string, string> }> {
  if (!existsSync(join(dir, "runs.csv"))) throw new CliError(EXIT.input, [`${join(dir, "runs.csv")}: not found; the sweep folder is incomplete`]);
  const outcomes = m.outcomes ?? [];
  const policies = (m.policies ?? []).map((p) => p.id);
  const runsCsv = readFileSync(join(dir, "runs.csv"), "utf8");
  const values = outcomeValues(runsCsv, outcomes);
  const charts: Chart[] = [];
  const sens = join(dir, "sensitivity.csv");
  const sensText = existsSync(sens) ? readFileSync(sens, "utf8") : undefined;
  if (sensText !== undefined) charts.push(...sensitivityCharts(sensText, policies[0] ?? ""));
  const inputs = (m.uncertainties ?? []).map((u) => ({ id: u.id, unit: u.unit ?? "" }));
  const runs = parseSweepRuns(runsCsv, policies, inputs.map((u) => u.id), outcomes.map((o) => o.id));
  const differences = policyDifferenceChart(runs, outcomes.map((o) => o.unit));
  if (differences) charts.push(differences);
  for (const o of outcomes) {
    const top = inputRanking(runs, o.id, sensText)[0];
    const chart = top && inputChart(runs, o.id, top.input, { outcome: o.unit, input: inputs.find((u) => u.id === top.input)?.unit ?? "" }, top);
    if (chart) charts.push(chart);
  }
  let primLine: string | undefined;
  if (where.where !== undefined) {
    const p = primOnSweep(dir, { where: where.where, ...(where.policy !== undefined ? { policy: where.policy } : {}), alpha: "0.05", minMass: "0.05", density: "0.8" });
    charts.unshift(primChart(p.box, p.trajectory[0]!, p.names, p.condition, p.policy));
    primLine = `${p.cases} of ${p.runs} runs of policy ${p.policy} have ${p.condition}; PRIM's box holds ${Math.round(p.box.coverage * 100)}% of them at a density of ${Math.round(p.box.density * 100)}% (airace discover gives the trajectory).`;
  }
  for (const o of outcomes) charts.push(distributionChart(values, o, policies));
  // replicated runs: median and bands over the runs kept, per policy, for the country series kept
  const tsPath = join(dir, "timeseries.csv");
  if (existsSync(tsPath)) {
    const policyOfRun = runsCsv
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[2] as string);
    const ts = readFileSync(tsPath, "utf8");
    const countries: string[] = [];
    const metrics: string[] = [];
    for (const line of ts.split("\n")) {
      const c = line.split(",");
      if (c[0] !== "0" || c[1] !== "0") {
        if (c[0] !== "run") break;
        continue;
      }
      if (c[3] === "country" && !countries.includes(c[4]!)) countries.push(c[4]!);
      if (c[3] === "country" && !metrics.includes(c[5]!)) metrics.push(c[5]!);
    }
    for (const metric of metrics.slice(0, 8)) {
      const data = bands(ts, metric, policyOfRun);
      const unit = METRICS.find((d) => d.kind === "country" && d.name === metric)?.unit ?? "";
      const name = metric.replace(/_/g, " ");
      if (data.length > 0) charts.push(bandChart(`series-${metric}`, `${name} over the runs kept`, data, policies, countries, unit && unit !== "1" ? `${name} (${unit})` : name, { log: metric === "compute" }));
    }
  }
  const { files, sections } = await renderCharts(charts);
  const findings: string[] = [...(primLine ? [primLine] : []), `${m.design?.runs ?? "?"} runs: ${m.design?.points ?? "?"} points of a ${DESIGN_NAMES[m.design?.type ?? ""] ?? m.design?.type ?? "?"} design x ${policies.length} polic${policies.length === 1 ? "y" : "ies"} x ${m.design?.replications ?? "?"} replications; ${m.failures ?? 0} failed.`];
  findings.push(...sweepSentences(runs, outcomes.map((o) => o.unit), sensText));
  const html = reportHtml({
    title: m.experiment?.title ?? "Sweep",
    subtitle: `Experiment ${m.experiment?.name ?? "?"}, master seed ${m.seed?.master ?? "?"}`,
    findings,
    sections,
    footer: `airace ${m.tool?.version ?? toolVersion()} (model ${m.tool?.model ?? "?"}); results in ${dir}: runs.csv, points.csv${existsSync(sens) ? ", sensitivity.csv" : ""}. Scenario discovery: airace discover ${dir} --where "<outcome> > <value>".`,
  });
  return { html, charts: files };
}

/** The plan folder (airace plan) that `path` is, or its plan.json, shards folder or a shard of it. */
function planFolderOf(path: string): string | undefined {
  for (const dir of [path, dirname(path), dirname(dirname(path))]) {
    const rel = relative(dir, path).split(sep);
    if ((rel[0] === "" || (rel.length === 1 && rel[0] === "plan.json") || rel[0] === "shards") && existsSync(planPath(dir))) return dir;
  }
  return undefined;
}

/**
 * What to do with the folder of a sweep not yet finished, given for a report: a plan folder
 * (airace plan) holds no results until its shards are merged, and a sweep's `.partial` folder
 * none until it is resumed. Undefined for any other folder.
 */
function unfinishedSweep(dir: string): string[] | undefined {
  const planDir = planFolderOf(dir);
  if (planDir !== undefined) {
    let plan: PlanFile;
    try {
      plan = readPlanFile(planDir);
    } catch (e) {
      if (e instanceof PlanError) return [e.message];
      throw e;
    }
    const what = planDir === dir ? `${dir} is the plan folder of a sweep in shards (airace plan), which` : `${dir} is part of ${planDir}, the plan folder of a sweep in shards (airace plan), which`;
    const merged = displayName(plan.output);
    if (isSweepFolder(plan.output)) return [`${what} holds no results: its shards were merged into ${merged}; report on that: airace report ${merged}`];
    const missing = Array.from({ length: plan.shards }, (_, k) => k).filter((k) => !existsSync(join(shardDir(planDir, k, plan.shards), "shard.json")));
    const then = `airace merge ${planDir}, then airace report ${merged} (the folder merge writes).`;
    if (missing.length === 0) return [`${what} holds no results until its shards are merged; all ${plan.shards} are done: merge them first with ${then}`];
    const list = missing.length <= 6 ? missing.join(", ") : `${missing.slice(0, 5).join(", ")} ... ${missing[missing.length - 1]}`;
    return [
      `${what} holds no results until its shards are merged; ${plan.shards - missing.length} of ${plan.shards} are done.`,
      missing.length === 1
        ? `run shard ${missing[0]} with airace sweep --plan ${planDir} --shard ${missing[0]}, then ${then}`
        : `run shards ${list} (airace sweep --plan ${planDir} --shard k, for each), then ${then}`,
    ];
  }
  const base = dir.replace(/[/\\]+$/, "");
  const out = base.slice(0, -".partial".length);
  const progress = base.endsWith(".partial") ? SweepFolder.pending(out) : undefined;
  if (progress !== undefined) {
    return [`${dir} is an unfinished sweep (${progress.done} of ${progress.runs} runs done), which holds no results yet: finish it with airace sweep <experiment> --resume --out ${out}, then airace report ${out}.`];
  }
  return undefined;
}

export async function reportCommand(dir: string, opts: { out?: string; where?: string; policy?: string }, print: (text: string) => void): Promise<void> {
  if (!existsSync(dir)) throw new CliError(EXIT.input, [`${dir}: no such folder`]);
  const unfinished = unfinishedSweep(dir);
  if (unfinished !== undefined) throw new CliError(EXIT.input, unfinished);
  if (!statSync(dir).isDirectory()) throw new CliError(EXIT.input, [`${dir} is a file; give the results folder that holds it (${dirname(dir)})`]);
  // where the report will go, before its charts are rendered (and again when it is written)
  checkReportOutput(opts.out ?? join(dir, "report"));
  const manifestPath = join(dir, "manifest.json");
  if (existsSync(manifestPath)) {
    const m = readJson<SweepManifest>(manifestPath);
    if (m.format === "airace-sweep-manifest/1") {
      if (m.kind === "comparison" && (opts.where !== undefined || opts.policy !== undefined)) throw new CliError(EXIT.input, ["--where and --policy apply to sweep folders (scenario discovery); this is a comparison"]);
      const { html, charts } = m.kind === "comparison" ? await comparisonReport(dir, m) : await sweepReport(dir, m, opts);
      charts.set("index.html", html);
      const out = await publishReport(dir, opts.out, charts);
      const n = [...charts.keys()].filter((f) => f.endsWith(".svg")).length;
      print(`Report: ${join(out, "index.html")} (${n} charts, also as SVG files in ${out}/)`);
      return;
    }
  }
  if (opts.where !== undefined || opts.policy !== undefined) throw new CliError(EXIT.input, ["--where and --policy apply to sweep folders (scenario discovery); this is a single run"]);
  const run = readRunFolder(dir);
  let series;
  try {
    series = parseTimeseries(run.timeseries);
  } catch (e) {
    throw new CliError(EXIT.input, [`${join(dir, "timeseries.csv")}: ${(e as Error).message}`]);
  }
  const o = run.summary.outcomes;
  const charts = runCharts(series, { milestones: milestoneMarkers(o.milestones), events: eventMarkers(o.events) });
  const { files, sections } = await renderCharts(charts);
  // the page for a class: the race has no finish line
  const lesson = [charts.find((c) => c.id === "capability"), leaderHeatmap(series), charts.find((c) => c.id === "months-behind")].filter((c): c is Chart => c !== undefined);
  const rendered = await renderCharts(lesson);
  for (const [name, svg] of rendered.files) files.set(name, svg);
  files.set(
    "no-finish-line.html",
    reportHtml({
      title: "The race has no finish line",
      subtitle: `${run.summary.scenario.title} (scenario ${run.summary.scenario.name}, seed ${run.summary.seed}), ${o.start} to ${o.end}`,
      links: [{ href: "index.html", text: "The full report of this run" }],
      findings: noFinishLine(o),
      sections: rendered.sections,
      timeline: timeline(o).filter((t) => t.kind === "milestone"),
      footer: `airace ${run.manifest.tool?.version ?? toolVersion()}; results in ${dir}.`,
    }),
  );
  const html = reportHtml({
    links: [{ href: "no-finish-line.html", text: "For a class: the race has no finish line (one page)" }],
    title: run.summary.scenario.title,
    subtitle: `Scenario ${run.summary.scenario.name}, seed ${run.summary.seed}, ${o.start} to ${o.end}`,
    findings: findings(o),
    sections,
    timeline: timeline(o),
    footer: `airace ${run.manifest.tool?.version ?? toolVersion()} (model ${run.manifest.tool?.model ?? "?"}); results in ${dir}. Each chart is also an SVG file beside this page.`,
  });
  files.set("index.html", html);
  const out = await publishReport(dir, opts.out, files);
  print(`Report: ${join(out, "index.html")} (${charts.length} charts, also as SVG files in ${out}/)`);
}

/** Renders every chart to SVG: the files to write and the sections of the page. */
async function renderCharts(charts: readonly Chart[]): Promise<{ files: Map<string, string>; sections: ReportSection[] }> {
  const files = new Map<string, string>();
  const sections: ReportSection[] = [];
  for (const c of charts) {
    const svg = await renderSvg(c.spec);
    files.set(`${c.id}.svg`, svg);
    sections.push({ id: c.id, title: c.title, caption: c.caption, svg, ...(c.wide ? { wide: true } : {}), ...(c.table ? { table: c.table } : {}) });
  }
  return { files, sections };
}

/**
 * A report replaces only an earlier report (or an empty folder): it is written again each time
 * without asking, so it must never take the place of results (`report R --out R` deleted the
 * run's data and exited 0).
 */
function checkReportOutput(out: string): void {
  checkOutput(out);
  if (existsSync(out) && !isReportFolder(out)) throw new CliError(EXIT.input, [`${out} exists and is not an airace report folder (or holds more than its report): a report replaces only an earlier report; choose another --out. Nothing was written.`]);
}

/** Writes the report's files (and a manifest of their hashes) to a folder, atomically. */
async function publishReport(dir: string, outOpt: string | undefined, files: Map<string, string>): Promise<string> {
  const digest = (t: string) => createHash("sha256").update(t, "utf8").digest("hex");
  const manifest = { format: REPORT_FORMAT, source: dir, files: Object.fromEntries([...files].map(([n, t]) => [n, { sha256: digest(t), bytes: Buffer.byteLength(t) }])) };
  files.set("manifest.json", JSON.stringify(manifest, null, 2) + "\n");
  const out = outOpt ?? join(dir, "report");
  checkReportOutput(out);
  // a Ctrl-C while the charts were rendered (synchronous work) comes in here, not after
  await signalsDelivered();
  if (interrupted()) throw new CliError(EXIT.interrupted, ["interrupted before the report was written; no report was written."]);
  try {
    publishFolder(out, files, true);
  } catch (e) {
    if (e instanceof PublishError) throw new CliError(EXIT.input, [e.message]);
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new CliError(EXIT.input, [`cannot write the report to ${out}: ${code}`]);
    throw e;
  }
  return out;
}
