/**
 * `airace report <results-dir>`: a self-contained HTML report of a run, with its charts as SVG
 * files beside it, written to <results-dir>/report/ (or --out). The charts are Vega-Lite
 * specifications (src/report/charts.ts) rendered by vega in this process.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import type { EventRecord } from "../engine/events.js";
import type { MilestoneRecord } from "../engine/run.js";
import { PublishError, publishFolder, REPORT_FORMAT } from "../io/files.js";
import { toolVersion } from "../io/package-info.js";
import type { RunSummary } from "../model/summary.js";
import type { Marker } from "../report/charts.js";
import { runCharts } from "../report/charts.js";
import type { TimelineEntry } from "../report/html.js";
import { reportHtml } from "../report/html.js";
import { renderSvg } from "../report/render.js";
import { parseTimeseries } from "../report/series.js";
import { CliError, EXIT } from "./exit.js";

interface RunFolder {
  manifest: { format?: string; scenario?: { name?: string; title?: string }; seed?: { master?: number }; tool?: { version?: string; model?: string } };
  summary: { scenario: { name: string; title: string }; seed: number; outcomes: RunSummary };
  timeseries: string;
}

function readRunFolder(dir: string): RunFolder {
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) throw new CliError(EXIT.input, [`${dir} is not a results folder (no manifest.json)`]);
  let manifest: RunFolder["manifest"];
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as RunFolder["manifest"];
  } catch (e) {
    throw new CliError(EXIT.input, [`${manifestPath}:1:1: not valid JSON (${(e as Error).message})`]);
  }
  if (manifest.format !== "airace-run-manifest/1") {
    throw new CliError(EXIT.input, [`${dir} is not the folder of a single run (its manifest is ${String(manifest.format)}); airace report reads folders written by airace run`]);
  }
  for (const f of ["summary.json", "timeseries.csv"]) if (!existsSync(join(dir, f))) throw new CliError(EXIT.input, [`${join(dir, f)}: not found; the results folder is incomplete`]);
  return {
    manifest,
    summary: JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as RunFolder["summary"],
    timeseries: readFileSync(join(dir, "timeseries.csv"), "utf8"),
  };
}

const yearOf = (label: string) => Number(label.slice(0, 4)) + (Number(label.slice(5)) - 1) / 4;
const fixed = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : "n/a");

function milestoneText(m: MilestoneRecord): string {
  const by = Object.entries(m.by)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return `${m.title}: reached in ${m.date}${by ? ` (at the front: ${by})` : ""}, and the race went on.`;
}

export function findings(o: RunSummary): string[] {
  const out: string[] = [];
  const rising = o.frontierGrowthLastYear > 0;
  out.push(
    `Frontier capability rose from ${fixed(o.frontierCapability.start, 2)} to ${fixed(o.frontierCapability.end, 2)} OOM between ${o.start} and ${o.end}, and was ${rising ? "still rising" : "not rising"} at ${fixed(o.frontierGrowthLastYear, 2)} OOM a year at the end: there is no finish line.`,
  );
  out.push(`${o.leader} leads at the end, ${fixed(o.leadMonths, 1)} months ahead of the next country; the lead changed hands ${o.leadershipChanges} time${o.leadershipChanges === 1 ? "" : "s"}.`);
  const byDomain = o.domains.map((d) => `${d.domain}: ${d.leader}`).join(", ");
  if (byDomain) out.push(`Leaders by domain at the end: ${byDomain}.`);
  for (const m of o.milestones) out.push(milestoneText(m));
  for (const m of o.milestonesNotReached) out.push(`${m.title}: not reached by ${o.end}.`);
  out.push(`The best open-weight model trails the frontier by ${fixed(o.openClosedLag, 1)} months at the end.`);
  return out;
}

export function timeline(o: RunSummary): TimelineEntry[] {
  const events = (o.events as EventRecord[]).map((e): TimelineEntry => ({ date: e.date, kind: "event", text: `${e.kind === "revert" ? "ends: " : ""}${e.title}` }));
  const milestones = o.milestones.map((m): TimelineEntry => ({ date: m.date, kind: "milestone", text: milestoneText(m) }));
  return [...events, ...milestones].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export async function reportCommand(dir: string, opts: { out?: string }, print: (text: string) => void): Promise<void> {
  const run = readRunFolder(dir);
  let series;
  try {
    series = parseTimeseries(run.timeseries);
  } catch (e) {
    throw new CliError(EXIT.input, [`${join(dir, "timeseries.csv")}: ${(e as Error).message}`]);
  }
  const o = run.summary.outcomes;
  const markers: Marker[] = o.milestones.map((m) => ({ year: yearOf(m.date), label: m.id }));
  const charts = runCharts(series, markers);
  const files = new Map<string, string>();
  const sections = [];
  for (const c of charts) {
    const svg = await renderSvg(c.spec);
    files.set(`${c.id}.svg`, svg);
    sections.push({ id: c.id, title: c.title, caption: c.caption, svg });
  }
  const html = reportHtml({
    title: run.summary.scenario.title,
    subtitle: `Scenario ${run.summary.scenario.name}, seed ${run.summary.seed}, ${o.start} to ${o.end}`,
    findings: findings(o),
    sections,
    timeline: timeline(o),
    footer: `airace ${run.manifest.tool?.version ?? toolVersion()} (model ${run.manifest.tool?.model ?? "?"}); results in ${dir}. Each chart is also an SVG file beside this page.`,
  });
  files.set("index.html", html);
  const digest = (t: string) => createHash("sha256").update(t, "utf8").digest("hex");
  const manifest = { format: REPORT_FORMAT, source: dir, files: Object.fromEntries([...files].map(([n, t]) => [n, { sha256: digest(t), bytes: Buffer.byteLength(t) }])) };
  files.set("manifest.json", JSON.stringify(manifest, null, 2) + "\n");
  const out = opts.out ?? join(dir, "report");
  try {
    publishFolder(out, files, true);
  } catch (e) {
    if (e instanceof PublishError) throw new CliError(EXIT.input, [e.message]);
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new CliError(EXIT.input, [`cannot write the report to ${out}: ${code}`]);
    throw e;
  }
  print(`Report: ${join(out, "index.html")} (${charts.length} charts, also as SVG files in ${out}/)`);
}
