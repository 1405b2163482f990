import { describe, expect, it } from "vitest";
import { offsetOf } from "../../src/engine/metrics.js";
import { monthsBehind } from "../../src/model/capability.js";
import type { World } from "../../src/model/world.js";
import { baseline, record } from "../helpers/scenarios.js";

describe("the first model", () => {
  const loaded = baseline();
  const { rec } = record(loaded, 42);
  const layout = rec.layout!;
  const last = rec.recorded - 1;
  const country = (name: string, id: string, s: number) => rec.at(s, offsetOf(layout, "country", name) + layout.entities["country"]!.indexOf(id));
  const global = (name: string, s: number) => rec.at(s, offsetOf(layout, "global", name));

  it("starts from the calibrated compute shares (calibration.md#compute-share)", () => {
    expect(country("compute_share", "US", 0)).toBeCloseTo(0.75, 2);
    expect(country("compute_share", "CN", 0)).toBeCloseTo(0.15, 2);
    expect(country("compute_share", "EU", 0)).toBeCloseTo(0.06, 2);
  });

  it("starts with the US ahead and China months, not years, behind (C1, calibration.md#china-us-lag)", () => {
    expect(country("months_behind", "US", 0)).toBe(0);
    const lag = country("months_behind", "CN", 0);
    expect(lag).toBeGreaterThanOrEqual(4);
    expect(lag).toBeLessThanOrEqual(14);
  });

  it("has no finish line: frontier capability rises in every year of the run (C5)", () => {
    for (let s = 4; s <= last; s += 4) expect(global("frontier_capability", s)).toBeGreaterThan(global("frontier_capability", s - 4));
  });

  it("diffuses knowledge: followers' knowledge gap to the leader closes (C2, C3)", () => {
    // the weakest lab starts 0.3 OOM behind the best; absorption of the open pool and leakage
    // bring it within a few hundredths by the end
    const firm = (name: string, id: string, s: number) => rec.at(s, offsetOf(layout, "firm", name) + layout.entities["firm"]!.indexOf(id));
    const gap = (s: number) => firm("knowledge", "GoogleDeepMind", s) - firm("knowledge", "Mistral", s);
    expect(gap(0)).toBeCloseTo(0.3, 12);
    expect(Math.abs(gap(last))).toBeLessThan(0.1);
  });

  it("records each country's lab budgets as the sum of its labs' budgets, every quarter", () => {
    const firm = (id: string, s: number) => rec.at(s, offsetOf(layout, "firm", "budget") + layout.entities["firm"]!.indexOf(id));
    for (let s = 0; s <= last; s++) {
      const us = ["OpenAI", "GoogleDeepMind", "Anthropic", "xAI", "Meta"].reduce((sum, id) => sum + firm(id, s), 0);
      expect(country("ai_budget", "US", s)).toBeCloseTo(us, 9);
    }
  });

  it("reports concentration every step (C12)", () => {
    for (let s = 0; s <= last; s++) {
      const h = global("compute_hhi", s);
      expect(h).toBeGreaterThan(0);
      expect(h).toBeLessThanOrEqual(1);
    }
  });

  it("measures months behind against the running frontier", () => {
    const world = { frontierHistory: [0, 1, 2, 3, 4], model: { initialFrontierPace: 2 } } as unknown as World;
    expect(monthsBehind(world, 4, 4)).toBe(0);
    expect(monthsBehind(world, 4, 3)).toBe(3);
    expect(monthsBehind(world, 4, 2.5)).toBeCloseTo(4.5, 12);
    expect(monthsBehind(world, 4, 0)).toBe(12);
    expect(monthsBehind(world, 4, -1)).toBe(12 + 6);
  });
});
