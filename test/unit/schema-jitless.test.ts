/**
 * A process checks its first scenario without zod's compiled fast path (jitless) and later ones
 * with it (src/scenario/load.ts): both must give the same answer, the same normalised scenario
 * or the same issues, for every library scenario and every valid and invalid fixture.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileHost } from "../../src/io/host.js";
import { LIBRARY_DIR } from "../../src/io/package-info.js";
import { prepareScenario } from "../../src/scenario/load.js";
import { scenarioSchema } from "../../src/scenario/schema.js";
import { ROOT } from "../helpers/scenarios.js";

const files = [
  ...readdirSync(LIBRARY_DIR).filter((f) => f.endsWith(".yaml")).map((f) => join(LIBRARY_DIR, f)),
  ...["valid", "invalid"].flatMap((kind) => {
    const dir = join(ROOT, "test", "fixtures", kind);
    return readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => join(dir, f));
  }),
];

describe("the scenario schema, with and without its compiled fast path", () => {
  it("gives the same scenario or the same issues for every library scenario and fixture", () => {
    let compared = 0;
    let refused = 0;
    for (const file of files) {
      const prepared = prepareScenario(new FileHost(), file);
      if (!prepared.ok) continue; // a file that does not parse never reaches the schema
      const without = scenarioSchema.safeParse(prepared.value.tree, { jitless: true });
      const withFast = scenarioSchema.safeParse(prepared.value.tree, { jitless: false });
      expect(withFast.success, file).toBe(without.success);
      if (without.success) expect(withFast.data, file).toEqual(without.data);
      else expect(withFast.error?.issues, file).toEqual(without.error.issues);
      compared++;
      if (!without.success) refused++;
    }
    expect(compared).toBeGreaterThan(40);
    expect(refused).toBeGreaterThanOrEqual(10);
  });
});
