/**
 * Non-regression of a sweep: the data digest of a small experiment run by the built CLI on two
 * worker threads, under the Node that runs the tests. CI runs test/noreg under Node 20, 22 and 24
 * (.ci/run installs the last two from the npm registry), so the same digest pins the same bytes
 * on each. Update it with the model's snapshots (npx vitest run test/noreg -u), saying why.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { airace, tempDir } from "../e2e/cli.js";

describe("non-regression", () => {
  it("us-power-growth (63 runs on 2 workers): data digest", () => {
    const cwd = tempDir("airace-noreg-");
    const r = airace(["sweep", "us-power-growth", "--workers", "2", "--out", "sweep", "-q"], cwd);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(cwd, "sweep", "manifest.json"), "utf8")) as { dataDigest: string };
    expect(manifest.dataDigest).toMatchSnapshot();
  }, 180_000);
});
