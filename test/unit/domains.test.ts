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

  /** Breakthroughs of country c in domain d at step s: its domain capability above what the rules without breakthroughs give (tiny: no bases, no burden). */
  const extra = (r: ReturnType<typeof run>, d: string, c: string, s: number) =>
    r.at(`capability_${d}`, c, s) - Math.max(r.at("capability", c, s), r.global("open_frontier", s));
  const applied = DOMAINS.filter((x) => x !== "cloud");

  it("draws breakthroughs that only raise a domain, at a rate that grows with research effort and falls as knowledge grows", () => {
    // Cascadia has no lab: its effort is its open-science funding, constant here
    const count = (funding: number) => {
      let n = 0;
      let mean = 0;
      let variance = 0;
      for (const seed of [1, 2, 3, 4, 5]) {
        const r = run(["model.breakthroughRate=2", "model.breakthroughSize=0.1", "model.researchDifficulty=1", `countries.Cascadia.policy.openScienceFunding=${funding}`], seed);
        for (const d of applied) {
          let before = 0;
          for (let s = 1; s <= r.last; s++) {
            const now = extra(r, d, "Cascadia", s);
            expect(now).toBeGreaterThanOrEqual(before - 1e-9);
            n += Math.round((now - before) / 0.1);
            before = now;
            // rate 2 (E / 1)^0.5 10^(-1 max(0, K)) a year, a quarter at a time
            const p = 1 - Math.exp(-2 * Math.sqrt(funding) * Math.pow(10, -Math.max(0, r.at("knowledge", "Cascadia", s))) * 0.25);
            mean += p;
            variance += p * (1 - p);
          }
        }
      }
      return { n, mean, sd: Math.sqrt(variance) };
    };
    const full = count(1);
    const quarter = count(0.25);
    for (const c of [full, quarter]) {
      expect(Math.abs(c.n - c.mean)).toBeLessThan(4 * c.sd);
    }
    // the difficulty matters: without it, full effort would give 5 x 4 x 11 x 0.39 = 86 jumps
    expect(full.mean + 4 * full.sd).toBeLessThan(86);
    expect(quarter.n).toBeLessThan(full.n - 10);
    expect(count(0).n).toBe(0);
  });

  it("spreads breakthroughs: each quarter others close a share of their gap to the country with the most", () => {
    const r = run(["model.breakthroughRate=2", "model.breakthroughSize=0.1", "model.breakthroughDiffusion=2", "countries.Cascadia.policy.openScienceFunding=0"], 4);
    const spread = 1 - Math.exp(-2 * 0.25);
    let gained = 0;
    for (const d of applied) {
      for (let s = 1; s <= r.last; s++) {
        const most = Math.max(...["Arcadia", "Borealis", "Cascadia"].map((c) => extra(r, d, c, s - 1)));
        const was = extra(r, d, "Cascadia", s - 1);
        // Cascadia makes none of its own (no effort): it only catches up
        expect(extra(r, d, "Cascadia", s)).toBeCloseTo(was + spread * (most - was), 9);
      }
      gained += extra(r, d, "Cascadia", r.last);
    }
    expect(gained).toBeGreaterThan(0.2);
    // without diffusion it never gains
    const alone = run(["model.breakthroughRate=2", "model.breakthroughSize=0.1", "countries.Cascadia.policy.openScienceFunding=0"], 4);
    for (const d of applied) expect(extra(alone, d, "Cascadia", alone.last)).toBeCloseTo(0, 12);
  });

  it("in the baseline, each domain's leader comes from its drivers, not a draw: the same in 27 of 30 seeds in 2030 and in 2040", () => {
    const loaded = baseline();
    const dates = ["2030Q4", "2040Q4"];
    const tally = new Map<string, Map<string, number>>();
    for (let seed = 1; seed <= 30; seed++) {
      const { rec } = record(loaded, seed);
      const layout = rec.layout!;
      const ids = layout.entities["country"]!;
      for (const date of dates) {
        const step = loaded.clock.labels.indexOf(date);
        for (const d of DOMAINS) {
          const o = offsetOf(layout, "country", `capability_${d}`);
          let best = 0;
          for (let i = 1; i < ids.length; i++) if (rec.at(step, o + i) > rec.at(step, o + best)) best = i;
          const key = `${d} ${date}`;
          const t = tally.get(key) ?? new Map<string, number>();
          t.set(ids[best]!, (t.get(ids[best]!) ?? 0) + 1);
          tally.set(key, t);
        }
      }
    }
    const mode = (key: string) => Math.max(...tally.get(key)!.values());
    for (const d of DOMAINS) expect(mode(`${d} 2030Q4`), `${d} 2030Q4`).toBeGreaterThanOrEqual(27);
    for (const d of DOMAINS) expect(mode(`${d} 2040Q4`), `${d} 2040Q4`).toBeGreaterThanOrEqual(27);
    // leaders differ across domains (C5)
    expect(new Set(DOMAINS.map((d) => [...tally.get(`${d} 2030Q4`)!].sort((a, b) => b[1] - a[1])[0]![0])).size).toBeGreaterThan(1);
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
