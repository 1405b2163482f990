import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CALIBRATION_ROWS, checkSource } from "../../src/scenario/sources.js";
import { ROOT } from "../helpers/scenarios.js";

describe("sources", () => {
  it("knows exactly the rows of docs/calibration.md", () => {
    const doc = readFileSync(join(ROOT, "docs", "calibration.md"), "utf8");
    const rows = [...doc.matchAll(/^\| ([a-z0-9][a-z0-9-]*[a-z0-9]) \|/gm)].map((m) => m[1]).filter((id) => id !== "id" && id !== "date" && !/^\d/.test(id!));
    expect([...CALIBRATION_ROWS]).toEqual(rows);
  });

  it("accepts calibration rows, declared ids, citations and reasoned assumptions", () => {
    const declared = ["imf-weo-2025-04"];
    for (const ok of [
      "calibration.md#compute-share",
      "calibration.md#ascend-910c, #b200",
      "calibration.md#private-investment (US $109.1B); split: assumption",
      "imf-weo-2025-04",
      "imf-weo-2025-04 (world minus the others)",
      "assumption: a round number",
      "Nvidia B200 specifications",
      "https://example.org/report",
    ]) {
      expect(checkSource(ok, declared), ok).toBeUndefined();
    }
  });

  it("rejects typos with a suggestion, and assumptions without a reason", () => {
    expect(checkSource("calibration.md#compute-shar", [])).toMatch(/no row "compute-shar" \(did you mean "compute-share"\?\)/);
    expect(checkSource("imf-weo-2025", ["imf-weo-2025-04"])).toMatch(/unknown source "imf-weo-2025" \(did you mean "imf-weo-2025-04"\?\)/);
    expect(checkSource("assumption", [])).toMatch(/needs its reason/);
  });
});
