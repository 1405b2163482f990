import { describe, expect, it } from "vitest";
import { makeClock, parseQuarter, quarterLabel, quarterYear } from "../../src/engine/clock.js";

describe("clock", () => {
  it("parses and labels quarters", () => {
    expect(parseQuarter("2025Q3")).toBe(2025 * 4 + 2);
    expect(quarterLabel(2025 * 4 + 2)).toBe("2025Q3");
    expect(quarterYear(parseQuarter("2025Q3")!)).toBe(2025.5);
    for (const bad of ["2025Q5", "2025Q0", "25Q1", "2025-Q1", "2025q1", ""]) expect(parseQuarter(bad)).toBeUndefined();
  });

  it("counts steps and labels each state", () => {
    const c = makeClock(parseQuarter("2025Q3")!, parseQuarter("2026Q2")!);
    expect(c.steps).toBe(3);
    expect(c.labels).toEqual(["2025Q3", "2025Q4", "2026Q1", "2026Q2"]);
    expect(c.dt).toBe(0.25);
  });
});
