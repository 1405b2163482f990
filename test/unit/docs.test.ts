/**
 * The reference documents keep up with the code: every parameter with a unit is in the
 * parameter catalogue of docs/model.md, and every metric is in docs/output.md.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { METRICS } from "../../src/model/metrics.js";
import { MODEL_VERSION } from "../../src/model/index.js";
import { DOMAINS } from "../../src/model/domains.js";
import { ROOT } from "../helpers/scenarios.js";

const schema = JSON.parse(readFileSync(join(ROOT, "schema", "scenario.schema.json"), "utf8")) as { definitions: { scenario: { properties: Record<string, Node> } } };
type Node = { unit?: string; properties?: Record<string, Node>; anyOf?: Node[]; items?: Node; type?: string };

/** Dotted paths of every field with a unit under `node`. */
function unitFields(node: Node, prefix: string): string[] {
  const out: string[] = [];
  for (const [k, n] of Object.entries(node.properties ?? {})) {
    if (n.unit) out.push(`${prefix}${k}`);
    else if (n.properties) out.push(...unitFields(n, `${prefix}${k}.`));
    else if (n.anyOf && !n.anyOf.some((x) => x.type === "number")) {
      const obj = n.anyOf.find((x) => x.properties);
      if (obj) out.push(...unitFields(obj, `${prefix}${k}.`));
    }
  }
  return out;
}

describe("reference documents", () => {
  const model = readFileSync(join(ROOT, "docs", "model.md"), "utf8");
  const output = readFileSync(join(ROOT, "docs", "output.md"), "utf8");
  const p = schema.definitions.scenario.properties;
  const sections: [string, Node][] = [
    ["model", p["model"]!],
    ["semiconductors", p["semiconductors"]!],
    ["market", p["market"]!],
    ["deployment", p["deployment"]!],
    ["countries", p["countries"]!.items!],
    ["firms", p["firms"]!.items!],
    ["designs", (p["semiconductors"]!.properties!["designs"] as Node).items!],
    ["fabs", (p["semiconductors"]!.properties!["fabs"] as Node).items!],
  ];

  it.each(sections)("docs/model.md catalogues every %s parameter", (_name, node) => {
    const fields = unitFields(node, "");
    expect(fields.length).toBeGreaterThan(3);
    const missing = fields.filter((f) => !model.includes(`| \`${f}\` |`));
    expect(missing).toEqual([]);
  });

  it("docs/output.md lists every metric with its unit", () => {
    const missing = METRICS.filter((m) => {
      const name = DOMAINS.some((d) => m.name.endsWith(`_${d}`)) ? m.name.replace(/_[a-z]+$/, "_<domain>") : m.name;
      return !output.includes(`| ${m.kind} | \`${name}\` | ${m.unit} |`);
    }).map((m) => `${m.kind}.${m.name}`);
    expect(missing).toEqual([]);
  });
});

describe("versions", () => {
  it("are in step: package.json, its lock, CITATION.cff and the CHANGELOG's newest section", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { version: string; packages: Record<string, { version?: string }> };
    expect(lock.version).toBe(pkg.version);
    expect(lock.packages[""]!.version).toBe(pkg.version);
    expect(readFileSync(join(ROOT, "CITATION.cff"), "utf8")).toMatch(new RegExp(`^version: ${pkg.version.replace(/\./g, "\\.")}$`, "m"));
    const newest = /^## (.*)$/m.exec(readFileSync(join(ROOT, "CHANGELOG.md"), "utf8"))![1]!;
    expect(newest).toContain(`airace ${pkg.version}`);
    expect(newest).toContain(`model ${MODEL_VERSION}`);
  });

  it("give the project's address in all three places or in none: package.json's repository and homepage, and CITATION.cff", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { repository?: string | { url: string }; homepage?: string };
    const cff = /^repository-code: "?([^"\n]+)"?$/m.exec(readFileSync(join(ROOT, "CITATION.cff"), "utf8"))?.[1];
    const repository = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url.replace(/^git\+/, "").replace(/\.git$/, "");
    const given = [repository, pkg.homepage, cff].filter((x) => x !== undefined);
    if (given.length > 0) {
      expect(given).toHaveLength(3);
      for (const address of given) expect(address).toMatch(/^https:\/\//);
      expect(new Set(given.map((a) => a!.replace(/#.*$/, "")))).toEqual(new Set([cff]));
    }
  });
});
