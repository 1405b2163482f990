/** `npm start` builds only when a source is newer than the build's last output. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/scenarios.js";

const check = (root: string) => spawnSync(process.execPath, [join(ROOT, "scripts", "build-if-stale.mjs"), "--check", "--root", root], { encoding: "utf8" }).stdout.trim();

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "airace-build-"));
  for (const f of ["src/cli/main.ts", "scenarios/baseline.yaml", "package.json", "dist/cli/main.js", "dist/web/index.html"]) {
    mkdirSync(join(root, f, ".."), { recursive: true });
    writeFileSync(join(root, f), "x");
  }
  return root;
}
const at = (root: string, f: string, seconds: number) => utimesSync(join(root, f), seconds, seconds);

describe("build if stale", () => {
  it("is up to date when the outputs are newer than every input, and stale otherwise", () => {
    const root = tree();
    for (const f of ["src/cli/main.ts", "src/cli", "src", "scenarios/baseline.yaml", "scenarios", "package.json"]) at(root, f, 1000);
    for (const f of ["dist/cli/main.js", "dist/web/index.html"]) at(root, f, 2000);
    expect(check(root)).toBe("up to date");
    // a source edited after the build
    at(root, "src/cli/main.ts", 3000);
    expect(check(root)).toBe("stale");
    at(root, "src/cli/main.ts", 1000);
    // a scenario of the library (bundled into the explorer) edited after the build
    at(root, "scenarios/baseline.yaml", 2500);
    expect(check(root)).toBe("stale");
    at(root, "scenarios/baseline.yaml", 1000);
    // a build that stopped half-way: the explorer's page is missing
    expect(check(root)).toBe("up to date");
    const half = tree();
    for (const f of ["src/cli/main.ts", "src/cli", "src", "scenarios/baseline.yaml", "scenarios", "package.json"]) at(half, f, 1000);
    at(half, "dist/cli/main.js", 2000);
    rmSync(join(half, "dist/web/index.html"));
    expect(check(half)).toBe("stale");
  });
});
