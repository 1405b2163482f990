/** Each mechanism can be switched off, and switching it off has the effect it should. */
import { describe, expect, it } from "vitest";
import { offsetOf } from "../../src/engine/metrics.js";
import { baseline, record } from "../helpers/scenarios.js";

function run(sets: string[]) {
  const { rec } = record(baseline(sets), 11);
  const layout = rec.layout!;
  const last = rec.recorded - 1;
  const at = (kind: string, name: string, id: string, s: number) =>
    rec.at(s, offsetOf(layout, kind, name) + (layout.entities[kind] ?? []).indexOf(id));
  return { at, last };
}

describe("ablation switches", () => {
  const on = run([]);
  const gap = (r: ReturnType<typeof run>, s: number) => r.at("firm", "knowledge", "GoogleDeepMind", s) - r.at("firm", "knowledge", "Mistral", s);

  it("without diffusion, followers fall further behind in knowledge by 2030 (and further still without leakage)", () => {
    const noDiffusion = run(["mechanisms={diffusion: false}"]);
    const closed = run(["mechanisms={diffusion: false, leakage: false}"]);
    // 2030Q4; by 2040 knowledge converges whatever the switches: a follower's research finds
    // the easier ideas below the frontier (the difficulty term of knowledge.ts)
    const s = 21;
    expect(gap(noDiffusion, s)).toBeGreaterThan(gap(on, s) + 0.1);
    expect(gap(closed, s)).toBeGreaterThan(gap(noDiffusion, s) + 0.1);
  });

  it("without macro, budget growth or compute, those stocks stay at their starting level", () => {
    const r = run(["mechanisms={macro: false, budgetGrowth: false, compute: false}"]);
    expect(r.at("country", "gdp", "US", r.last)).toBe(r.at("country", "gdp", "US", 0));
    expect(r.at("firm", "budget", "OpenAI", r.last)).toBe(r.at("firm", "budget", "OpenAI", 0));
    expect(r.at("firm", "compute", "OpenAI", r.last)).toBe(r.at("firm", "compute", "OpenAI", 0));
    expect(on.at("firm", "compute", "OpenAI", on.last)).toBeGreaterThan(on.at("firm", "compute", "OpenAI", 0));
  });

  it("without research, the best knowledge in the world does not rise", () => {
    const r = run(["mechanisms={research: false}"]);
    expect(r.at("country", "knowledge", "US", r.last)).toBeCloseTo(r.at("country", "knowledge", "US", 0), 12);
    expect(on.at("country", "knowledge", "US", on.last)).toBeGreaterThan(on.at("country", "knowledge", "US", 0) + 1);
  });

  it("leaves the random draws of the other mechanisms unchanged (common random numbers)", () => {
    const a = record(baseline([]), 11).run.streams.map((s) => s.state());
    const b = record(baseline(["mechanisms={diffusion: false}"]), 11).run.streams.map((s) => s.state());
    expect(b).toEqual(a);
  });
});
