/**
 * Reports opened in a real browser: headless Chromium (Debian's `chromium`, which .ci/run
 * installs) driven by playwright-core, at laptop and projector sizes. Every chart must render
 * with a size and marks, fill the width of its card, and write no label over another; the
 * console must stay free of errors. Without a Chromium on this machine the tests are skipped,
 * and say so.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS, warnIfNoChromium } from "./chromium.js";
import { airace, tempDir } from "./cli.js";

const executable = CHROMIUM;
warnIfNoChromium("browser tests of reports");

interface Figure {
  id: string;
  width: number;
  height: number;
  marks: number;
  /** The width the chart has in its card: the card's, or its plot's beside a table. */
  room: number;
  /** Labels of marks (events, milestones, Morris ranks) written over one another. */
  overlaps: string[];
  /** Rows of a table beside the chart. */
  rows: number;
}

async function open(html: string, screenshot: string) {
  const browser = await chromium.launch({ executablePath: executable!, args: CHROMIUM_ARGS });
  try {
    const errors: string[] = [];
    const out: { views: { width: number; figures: Figure[] }[]; errors: string[] } = { views: [], errors };
    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      const page = await browser.newPage({ viewport });
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
      await page.goto(pathToFileURL(html).href);
      const figures = await page.$$eval("figure", (fs) =>
        fs.map((f) => {
          const svg = f.querySelector("svg");
          const box = svg?.getBoundingClientRect();
          const holder = (svg?.closest(".plot") ?? f) as HTMLElement;
          const style = getComputedStyle(holder);
          const room = holder.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          // the text of marks (not of axes, legends or titles): no two may overlap
          const labels = Array.from(svg?.querySelectorAll('[aria-roledescription="text mark"]') ?? []).map((t) => ({ text: t.textContent ?? "", r: t.getBoundingClientRect() })).filter((l) => l.r.width > 0);
          const overlaps: string[] = [];
          labels.forEach((a, i) =>
            labels.slice(i + 1).forEach((b) => {
              if (a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1 && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1) overlaps.push(`${a.text} / ${b.text}`);
            }),
          );
          return { id: f.id, width: box?.width ?? 0, height: box?.height ?? 0, marks: svg?.querySelectorAll("path, line, text").length ?? 0, room, overlaps, rows: f.querySelectorAll(".numbers tbody tr").length };
        }),
      );
      out.views.push({ width: viewport.width, figures });
      // the viewport only: a full-page screenshot of a long page can hang
      await page.screenshot({ path: `${screenshot}-${viewport.width}.png` });
      await page.close();
    }
    return out;
  } finally {
    await browser.close();
  }
}

/** Every chart rendered, as wide as the room its card gives it, with no label over another. */
function expectReadable(views: { width: number; figures: Figure[] }[], ids: string[]): void {
  for (const { width, figures } of views) {
    expect(figures.map((f) => f.id)).toEqual(ids);
    for (const f of figures) {
      const where = `${f.id} at ${width} px`;
      expect(f.width, where).toBeGreaterThan(300);
      expect(f.height, where).toBeGreaterThan(100);
      expect(f.marks, where).toBeGreaterThan(10);
      expect(f.width, where).toBeGreaterThan(f.room - 2);
      expect(f.overlaps, where).toEqual([]);
    }
  }
}

describe.skipIf(executable === undefined)("reports in a browser", () => {
  it("renders every chart of a run report, at laptop and projector sizes, each as wide as its card, without console errors", async () => {
    const cwd = tempDir();
    // a scenario with events (three firings) and a milestone to mark on every chart
    expect(airace(["run", "taiwan-blockade", "--seed", "5", "--out", "run", "--report", "-q"], cwd).code).toBe(0);
    mkdirSync(join(cwd, "shots"));
    const r = await open(join(cwd, "run", "report", "index.html"), join(cwd, "shots", "run"));
    expect(r.errors).toEqual([]);
    const ids = r.views[0]!.figures.map((f) => f.id);
    expect(ids).toHaveLength(20);
    expectReadable(r.views, ids);
    // two charts to a row on a laptop as on a projector: no chart drawn at half its card's width
    for (const v of r.views) for (const f of v.figures) expect(f.room, `${f.id} at ${v.width}`).toBeLessThan(v.width / 2);
    expect(existsSync(join(cwd, "shots", "run-1366.png"))).toBe(true);
    const lesson = await open(join(cwd, "run", "report", "no-finish-line.html"), join(cwd, "shots", "lesson"));
    expect(lesson.errors).toEqual([]);
    expectReadable(lesson.views, ["capability", "domain-leaders", "months-behind"]);
  });

  it("renders a comparison report, its small multiples a row wide", async () => {
    const cwd = tempDir();
    expect(airace(["compare", "baseline", "export-controls-tightened", "-r", "3", "--at", "2030Q4", "--out", "cmp", "-q"], cwd).code).toBe(0);
    expect(airace(["report", "cmp"], cwd).code).toBe(0);
    const r = await open(join(cwd, "cmp", "report", "index.html"), join(cwd, "cmp-shot"));
    expect(r.errors).toEqual([]);
    expectReadable(r.views, ["effects", "differences-over-time", "capability", "months-behind", "compute", "domestic-chip-share"]);
    for (const v of r.views) for (const f of v.figures) expect(f.room, `${f.id} at ${v.width}`).toBeGreaterThan(v.width * 0.65);
  });

  it("renders a Morris screening: numbers on the plots, not names over each other, and the ranked table beside them", async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, "morris.yaml"),
      `name: morris
title: "a small Morris screening"
scenario: baseline
set: { end: 2029Q4 }
seed: 4
uncertainties:
${(
  [
    ["depreciationRate", 0.1, 0.3, "1/yr"],
    ["algorithmicProgress", 0.225, 0.675, "OOM/yr"],
    ["referenceRnd", 2.5, 7.5, "USD bn/yr"],
    ["researchDifficulty", 0.225, 0.675, "1/OOM"],
    ["rndReturns", 0.25, 0.75, "1"],
    ["researchNoise", 0.15, 0.45, "1"],
    ["openWorkEfficiency", 0.25, 0.75, "1"],
    ["absorptionRate", 3, 9, "1/yr"],
  ] as const
)
  .map(([id, min, max, unit]) => `  - { id: ${id}, path: model.${id}, distribution: uniform, min: ${min}, max: ${max}, unit: "${unit}", source: "assumption: a test" }`)
  .join("\n")}
design: { type: morris, trajectories: 4, levels: 4 }
outcomes:
  - { id: gap, metric: months_behind_CN, aggregate: final }
  - { id: frontier, metric: frontier_capability, aggregate: final }
`,
    );
    const sw = airace(["sweep", "morris.yaml", "--out", "mor", "-q", "--workers", "1", "--report"], cwd);
    expect(sw.code, sw.stderr).toBe(0);
    const r = await open(join(cwd, "mor", "report", "index.html"), join(cwd, "mor-shot"));
    expect(r.errors).toEqual([]);
    const ids = r.views[0]!.figures.map((f) => f.id);
    expect(ids.slice(0, 2)).toEqual(["morris-gap", "morris-frontier"]);
    expectReadable(r.views, ids);
    for (const v of r.views) for (const f of v.figures.slice(0, 2)) expect(f.rows, f.id).toBe(8);
  });
});
