/**
 * Reports opened in a real browser: headless Chromium (Debian's `chromium`, which .ci/run
 * installs) driven by playwright-core. Every chart must render with a size and marks, and the
 * console must stay free of errors. Without a Chromium on this machine the tests are skipped,
 * and say so.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS, warnIfNoChromium } from "./chromium.js";
import { airace, tempDir } from "./cli.js";

const executable = CHROMIUM;
warnIfNoChromium("browser tests of reports");

async function open(html: string, screenshot: string) {
  const browser = await chromium.launch({ executablePath: executable!, args: CHROMIUM_ARGS });
  try {
    const errors: string[] = [];
    const out: { figures: { id: string; width: number; height: number; marks: number }[]; errors: string[] } = { figures: [], errors };
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
      out.figures = await page.$$eval("figure", (fs) =>
        fs.map((f) => {
          const svg = f.querySelector("svg");
          const box = svg?.getBoundingClientRect();
          return { id: f.id, width: box?.width ?? 0, height: box?.height ?? 0, marks: svg?.querySelectorAll("path, line, text").length ?? 0 };
        }),
      );
      await page.screenshot({ path: `${screenshot}-${viewport.width}.png`, fullPage: true });
      await page.close();
    }
    return out;
  } finally {
    await browser.close();
  }
}

describe.skipIf(executable === undefined)("reports in a browser", () => {
  it("renders every chart of a run report, at laptop and projector sizes, without console errors", async () => {
    const cwd = tempDir();
    expect(airace(["run", "baseline", "--seed", "5", "--out", "run", "--report", "-q"], cwd).code).toBe(0);
    mkdirSync(join(cwd, "shots"));
    const r = await open(join(cwd, "run", "report", "index.html"), join(cwd, "shots", "run"));
    expect(r.errors).toEqual([]);
    expect(r.figures).toHaveLength(20);
    for (const f of r.figures) {
      expect(f.width, f.id).toBeGreaterThan(300);
      expect(f.height, f.id).toBeGreaterThan(150);
      expect(f.marks, f.id).toBeGreaterThan(10);
    }
    expect(existsSync(join(cwd, "shots", "run-1366.png"))).toBe(true);
    const lesson = await open(join(cwd, "run", "report", "no-finish-line.html"), join(cwd, "shots", "lesson"));
    expect(lesson.errors).toEqual([]);
    expect(lesson.figures.map((f) => f.id)).toEqual(["capability", "domain-leaders", "months-behind"]);
    for (const f of lesson.figures) expect(f.width * f.height, f.id).toBeGreaterThan(300 * 100);
  });

  it("renders a comparison report", async () => {
    const cwd = tempDir();
    expect(airace(["compare", "baseline", "export-controls-tightened", "-r", "3", "--out", "cmp", "-q"], cwd).code).toBe(0);
    expect(airace(["report", "cmp"], cwd).code).toBe(0);
    const r = await open(join(cwd, "cmp", "report", "index.html"), join(cwd, "cmp-shot"));
    expect(r.errors).toEqual([]);
    expect(r.figures.map((f) => f.id)).toEqual(["effects", "differences-over-time", "capability", "months-behind", "compute", "domestic-chip-share"]);
    for (const f of r.figures) expect(f.width * f.height, f.id).toBeGreaterThan(300 * 150);
  });
});
