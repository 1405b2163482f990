/**
 * The scenario library keeps the project's promise: every scenario loads, tells its own story
 * (name, title, description), and every number in it has a unit and a source.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { isRecord } from "../../src/engine/path.js";
import { computeRun } from "../../src/io/results.js";
import { ROOT, loadOk } from "../helpers/scenarios.js";

const DIR = join(ROOT, "scenarios");
const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml"));
const texts = Object.fromEntries(files.map((f) => [f, readFileSync(join(DIR, f), "utf8")]));

/** Numbers that are not inside a {value, unit, source} quantity or a sourced parameter or action. */
function unsourced(node: unknown, path: string, out: string[]): void {
  if (typeof node === "number") out.push(path);
  else if (Array.isArray(node)) node.forEach((el, i) => unsourced(el, `${path}[${i}]`, out));
  else if (isRecord(node)) {
    const sourced = typeof node["source"] === "string" && node["source"].length > 0;
    const quantity = sourced && typeof node["unit"] === "string";
    for (const [k, v] of Object.entries(node)) {
      if (quantity && k === "value") continue;
      if (sourced && path.includes(".actions[")) continue; // an action's value, ramp and duration
      if (path === "" && k === "seed") continue; // the default seed is not a quantity
      unsourced(v, path ? `${path}.${k}` : k, out);
    }
  }
}

describe("scenario library", () => {
  it("is not empty", () => expect(files).toContain("baseline.yaml"));

  it.each(files)("%s loads, has its own name, title and description, and sources every number", (file) => {
    const loaded = loadOk(texts, file);
    const raw = parse(texts[file]!) as Record<string, unknown>;
    expect(raw["name"]).toBe(file.replace(/\.yaml$/, ""));
    expect(typeof raw["title"]).toBe("string");
    expect(String(raw["description"]).length).toBeGreaterThan(80);
    expect(loaded.scenario.sources.length).toBeGreaterThan(0);
    const missing: string[] = [];
    unsourced(raw, "", missing);
    expect(missing, "numbers without unit and source").toEqual([]);
    for (const e of loaded.events) if (e.when) expect(e.when.text, "name numbers in conditions as parameters").not.toMatch(/(^|[^A-Za-z0-9_.])[0-9]/);
    for (const m of loaded.milestones) expect(m.when.text, "name numbers in conditions as parameters").not.toMatch(/(^|[^A-Za-z0-9_.])[0-9]/);
  });

  it.each(files)("%s runs, and capability still rises in its last year (no finish line)", (file) => {
    const summary = computeRun(loadOk(texts, file), 1).summary;
    expect(summary.frontierGrowthLastYear).toBeGreaterThan(0);
    for (const c of summary.countries) expect(c.computeShare).toBeLessThan(1);
  });
});
