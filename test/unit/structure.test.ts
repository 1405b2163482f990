/** The model's files form no import cycle: world.ts holds the state's types, init.ts builds it, each mechanism updates it. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/scenarios.js";

/** Import cycles among the .ts files of a folder (type-only imports included), as "a -> b -> a". */
function cycles(dir: string): string[] {
  const graph = new Map<string, string[]>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".ts"))) {
    const text = readFileSync(join(dir, f), "utf8");
    graph.set(f.replace(/\.ts$/, ""), [...new Set([...text.matchAll(/from "\.\/([A-Za-z0-9-]+)\.js"/g)].map((m) => m[1]!))]);
  }
  const found: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (n: string) => {
    const at = stack.indexOf(n);
    if (at >= 0) return void found.push([...stack.slice(at), n].join(" -> "));
    if (done.has(n)) return;
    stack.push(n);
    for (const m of graph.get(n) ?? []) visit(m);
    stack.pop();
    done.add(n);
  };
  for (const n of [...graph.keys()].sort()) visit(n);
  return found;
}

describe("structure", () => {
  it("src/model has no import cycle, and world.ts imports nothing from the mechanisms", () => {
    expect(cycles(join(ROOT, "src", "model"))).toEqual([]);
    expect(readFileSync(join(ROOT, "src", "model", "world.ts"), "utf8")).not.toMatch(/from "\.\//);
  });

  it("the cycle finder finds a cycle", () => {
    const dir = mkdtempSync(join(tmpdir(), "airace-cycle-"));
    writeFileSync(join(dir, "a.ts"), 'import type { B } from "./b.js";\nexport type A = B;\n');
    writeFileSync(join(dir, "b.ts"), 'import { c } from "./c.js";\nexport type B = number;\nexport const b = c;\n');
    writeFileSync(join(dir, "c.ts"), 'import type { A } from "./a.js";\nexport const c: A = 1;\n');
    expect(cycles(dir)).toEqual(["a -> b -> c -> a"]);
  });
});
