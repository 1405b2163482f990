/** Capability per domain: each domain's drivers, hand-checked on the three-country world. */
import { describe, expect, it } from "vitest";
import { offsetOf } from "../../src/engine/metrics.js";
import { DOMAINS } from "../../src/model/domains.js";
import { baseline, loadOk, record, tinyScenario } from "../helpers/scenarios.js";

function run(sets: string[], seed = 3) {
  const { rec } = record(loadOk({ "tiny.yaml": tinyScenario() }, "tiny.yaml", sets), seed);
  const layout = rec.layout!;
  const ids = layout.entities["country"]!;
  const at = (name: string, id: string, s: number) => rec.at(s, offsetOf(layout, "country", name) + ids.indexOf(id));
  const global = (name: string, s: number) => rec.at(s, offsetOf(layout, "global", name));
  return { at, global, last: rec.recorded - 1 };
}

const quiet = ["model.breakthroughRate=0"];

describe("capability per domain", () => {
  it("adds each country's domain base to its frontier capability (no breakthroughs)", () => {
    const r = run([...quiet, "countries.Borealis.domains={embodied: 1.5, generative: -0.5}"]);
    // applications build on the best model a country can apply: its own or the open-weight frontier
    const base = (c: string, s: number) => Math.max(r.at("capability", c, s), r.global("open_frontier", s));
    for (const s of [0, 5, r.last]) {
      expect(r.at("capability_embodied", "Borealis", s)).toBeCloseTo(base("Borealis", s) + 1.5, 12);
      expect(r.at("capability_generative", "Borealis", s)).toBeCloseTo(base("Borealis", s) - 0.5, 12);
      expect(r.at("capability_medical", "Arcadia", s)).toBeCloseTo(base("Arcadia", s), 12);
    }
    // Cascadia has no lab: its applied domains stand on the open-weight frontier
    expect(r.at("capability_generative", "Cascadia", r.last)).toBeCloseTo(r.global("open_frontier", r.last), 12);
  });

  it("builds cloud capability on all of a country's compute", () => {
    const r = run(quiet);
    for (const s of [0, r.last]) {
      expect(r.at("capability_cloud", "Arcadia", s)).toBeCloseTo(r.at("knowledge", "Arcadia", s) + Math.log10(r.at("compute", "Arcadia", s)), 12);
    }
  });

  it("lets regulatory burden slow the deployment-bound domains only", () => {
    const r = run([...quiet, "countries.Arcadia.policy.regulatoryBurden=1"]);
    expect(r.at("capability_medical", "Arcadia", 0)).toBeCloseTo(r.at("capability", "Arcadia", 0) - 0.5, 12);
    expect(r.at("capability_driving", "Arcadia", 0)).toBeCloseTo(r.at("capability", "Arcadia", 0) - 0.5, 12);
    expect(r.at("capability_embodied", "Arcadia", 0)).toBeCloseTo(r.at("capability", "Arcadia", 0) - 0.5, 12);
    expect(r.at("capability_generative", "Arcadia", 0)).toBeCloseTo(r.at("capability", "Arcadia", 0), 12);
  });

  it("lets different countries lead different domains, each with its own months behind", () => {
    const r = run([...quiet, "countries.Borealis.domains={embodied: 2}"]);
    expect(r.at("months_behind", "Arcadia", 0)).toBe(0);
    expect(r.at("months_behind", "Borealis", 0)).toBeGreaterThan(0);
    expect(r.at("months_behind_embodied", "Borealis", 0)).toBe(0);
    expect(r.at("months_behind_embodied", "Arcadia", 0)).toBeGreaterThan(0);
    // the embodied leader's lead is the smallest lag among the others
    for (const s of [0, 4, r.last]) {
      const lags = ["Arcadia", "Borealis", "Cascadia"].map((c) => r.at("months_behind_embodied", c, s)).sort((a, b) => a - b);
      expect(lags[0]).toBe(0);
      expect(r.global("lead_months_embodied", s)).toBe(lags[1]);
    }
  });

  it("adds breakthroughs that only raise a domain, at about the set rate", () => {
    const calm = run(quiet, 8);
    const lively = run(["model.breakthroughRate=4", "model.breakthroughSize=0.1"], 8);
    let jumps = 0;
    for (const d of DOMAINS.filter((x) => x !== "cloud")) {
      const extra = lively.at(`capability_${d}`, "Cascadia", lively.last) - lively.at("capability", "Cascadia", lively.last);
      const base = calm.at(`capability_${d}`, "Cascadia", calm.last) - calm.at("capability", "Cascadia", calm.last);
      expect(extra).toBeGreaterThanOrEqual(base);
      jumps += Math.round((extra - base) / 0.1);
    }
    // 4 domains x 11 quarters x P(jump) = 1 - exp(-1) ~ 0.63: about 28 jumps
    expect(jumps).toBeGreaterThan(15);
    expect(jumps).toBeLessThan(40);
  });

  it("in the baseline, a different country leads embodied AI at the start (C5, ifr-2024)", () => {
    const { rec } = record(baseline(), 42);
    const layout = rec.layout!;
    const ids = layout.entities["country"]!;
    const leader = (name: string) => {
      const o = offsetOf(layout, "country", name);
      let best = 0;
      for (let i = 1; i < ids.length; i++) if (rec.at(0, o + i) > rec.at(0, o + best)) best = i;
      return ids[best];
    };
    expect(leader("capability")).toBe("US");
    expect(leader("capability_embodied")).toBe("CN");
  });

  it("records each lab's capability per domain with its home country's drivers", () => {
    const sets = [...quiet, "countries.Borealis.domains={embodied: 1.5}"];
    const { rec } = record(loadOk({ "tiny.yaml": tinyScenario() }, "tiny.yaml", sets), 3);
    const layout = rec.layout!;
    const lab = (name: string, s: number) => rec.at(s, offsetOf(layout, "firm", name) + layout.entities["firm"]!.indexOf("Beta"));
    const open = (s: number) => rec.at(s, offsetOf(layout, "global", "open_frontier"));
    for (const s of [0, 6]) {
      expect(lab("capability_embodied", s)).toBeCloseTo(Math.max(lab("capability", s), open(s)) + 1.5, 12);
      expect(lab("capability_cloud", s)).toBeCloseTo(lab("knowledge", s) + Math.log10(lab("compute", s)), 12);
    }
  });

  it("lets a lab's talent density scale its research", () => {
    const k = (sets: string[]) => {
      const { rec } = record(loadOk({ "tiny.yaml": tinyScenario() }, "tiny.yaml", [...quiet, "mechanisms={diffusion: false, leakage: false}", ...sets]), 3);
      const layout = rec.layout!;
      const at = (s: number) => rec.at(s, offsetOf(layout, "firm", "knowledge") + layout.entities["firm"]!.indexOf("Alpha"));
      return at(1) - at(0);
    };
    // one quarter of research only: twice the talent, twice the progress (same draws)
    expect(k(["firms.Alpha.talent=2"])).toBeCloseTo(2 * k([]), 12);
  });
});
