/** Cloud compute on hand-computed cases (src/model/cloud.ts). */
import { describe, expect, it } from "vitest";
import { offsetOf } from "../../src/engine/metrics.js";
import { formatIssue } from "../../src/scenario/issues.js";
import { baseline, load, loadOk, record, tinyMarket, tinyScenario } from "../helpers/scenarios.js";

const CLOUD = "  cloudGrowth: 3\n  cloudExpectation: 1\n  cloudHorizon: 2\n";
/** Arcadia's and Borealis's clouds at the start [EFLOP/s]. */
const CLOUDS = ["countries.Arcadia.initial.cloudCompute=40", "countries.Borealis.initial.cloudCompute=8"];

function run(opts: { cloud?: boolean; market?: string; sets?: string[]; seed?: number } = {}) {
  const text = tinyScenario(tinyMarket(0) + (opts.cloud === false ? "" : CLOUD) + (opts.market ?? ""));
  const { rec, run } = record(loadOk({ "c.yaml": text }, "c.yaml", [...(opts.cloud === false ? [] : CLOUDS), ...(opts.sets ?? [])]), opts.seed ?? 3);
  const layout = rec.layout!;
  const at = (kind: string, name: string, id: string, s: number) => rec.at(s, offsetOf(layout, kind, name) + (kind === "global" ? 0 : layout.entities[kind]!.indexOf(id)));
  return { at, last: rec.recorded - 1, world: run.state.world };
}

// the tiny world buys compute at the world price (no supply chain): p(t) = 0.05 x 2^(-t/2) x phi
const DT = 0.25;
const KEEP = Math.exp(-0.2 * DT);
const price = (s: number, phi: number) => 0.05 * Math.pow(2, -(s * DT) / 2) * phi;

describe("cloud compute", () => {
  it("starts on its providers' path: they spend (delta + ln G0) times what they own at the start's price", () => {
    const r = run();
    for (const [c, v0, phi] of [["Arcadia", 40, 1], ["Borealis", 8, 1.5]] as const) {
      expect(r.at("country", "cloud_compute", c, 0)).toBe(v0);
      const m0 = (0.2 + Math.log(3)) * v0 * 0.05 * phi;
      // Borealis's fab subsidy lowers the price its buyers pay, as for its labs
      const paid = price(1, phi) * (c === "Borealis" ? 1 - 0.2 : 1);
      expect(r.at("country", "cloud_compute", c, 1)).toBeCloseTo(v0 * KEEP + (m0 * DT) / paid, 9);
    }
    // a country with no cloud builds none
    for (const s of [0, 1, r.last]) expect(r.at("country", "cloud_compute", "Cascadia", s)).toBe(0);
  });

  it("follows spending on AI services: expected growth moves toward the observed growth, and spending is (delta + g) kappa D exp(g H)", () => {
    const r = run();
    const c = "Arcadia";
    const D = (s: number) => r.at("country", "ai_demand", c, s);
    const V = (s: number) => r.at("country", "cloud_compute", c, s);
    const w0 = 40 * 0.05;
    let g = Math.log(3);
    const kappa = w0 / (D(0) * Math.exp(g * 2));
    const pull = 1 - Math.exp(-1 * DT);
    for (let s = 1; s < r.last; s++) {
      g += pull * (Math.log(D(s) / D(s - 1)) / DT - g);
      const m = Math.max(0, 0.2 + g) * kappa * D(s) * Math.exp(g * 2);
      // what was spent in quarter s + 1, read back from the stock
      const spent = ((V(s + 1) - V(s) * KEEP) * price(s + 1, 1)) / DT;
      expect(spent).toBeCloseTo(m, 9);
    }
    // the demand grows more slowly than the providers expected at the start, so their expectation falls
    expect(g).toBeLessThan(Math.log(3));
  });

  it("trains no lab's model: with compute at the world price, a cloud changes no lab, no capability and no lab or public compute, and counts in the world's stock", () => {
    const withCloud = run();
    const without = run({ cloud: false });
    for (const s of [1, 5, withCloud.last]) {
      for (const c of ["Arcadia", "Borealis", "Cascadia"]) {
        expect(withCloud.at("country", "capability", c, s)).toBe(without.at("country", "capability", c, s));
        expect(withCloud.at("country", "compute", c, s)).toBe(without.at("country", "compute", c, s));
      }
      for (const f of ["Alpha", "Beta"]) expect(withCloud.at("firm", "compute", f, s)).toBe(without.at("firm", "compute", f, s));
      let cloud = 0;
      for (const c of ["Arcadia", "Borealis", "Cascadia"]) cloud += withCloud.at("country", "cloud_compute", c, s);
      expect(withCloud.at("global", "compute_total", "", s)).toBeCloseTo(without.at("global", "compute_total", "", s) + cloud, 9);
    }
    // cloud deployment at scale uses it
    expect(withCloud.at("country", "capability_cloud", "Arcadia", withCloud.last)).toBeGreaterThan(without.at("country", "capability_cloud", "Arcadia", without.last));
  });

  it("stops buying when providers expect spending to shrink faster than their compute retires", () => {
    // Arcadia's GDP, and so its spending on AI services, halves in 2031Q1; providers who revise
    // their expectation at once expect it to keep shrinking
    const cut = "events:\n  - { id: Cut, title: Cut, at: 2031Q1, actions: [{ target: countries.Arcadia.gdp, scale: 0.5 }] }\n";
    const r = run({ market: cut, sets: ["market.cloudExpectation=100"] });
    const s = 4; // 2031Q1
    expect(r.at("country", "ai_demand", "Arcadia", s)).toBeLessThan(0.6 * r.at("country", "ai_demand", "Arcadia", s - 1));
    // the quarter after: nothing bought, the cloud only retires
    expect(r.at("country", "cloud_compute", "Arcadia", s + 1)).toBeCloseTo(r.at("country", "cloud_compute", "Arcadia", s) * KEEP, 9);
  });

  it("takes the growth providers expect at the start only once: an event cannot change it", () => {
    const event = "events:\n  - { id: G, title: G, at: 2031Q1, actions: [{ target: market.cloudGrowth, set: 5 }] }\n";
    const r = load({ "c.yaml": tinyScenario(tinyMarket(0) + CLOUD + event) }, "c.yaml", CLOUDS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map(formatIssue).join("\n")).toMatch(/market\.cloudGrowth is read only when the run starts/);
  });

  it("keeps the start's spending when the market is switched off", () => {
    const r = run({ sets: ["mechanisms.market=false"] });
    const m0 = (0.2 + Math.log(3)) * 40 * 0.05;
    for (let s = 0; s < r.last; s++) {
      const spent = ((r.at("country", "cloud_compute", "Arcadia", s + 1) - r.at("country", "cloud_compute", "Arcadia", s) * KEEP) * price(s + 1, 1)) / DT;
      expect(spent).toBeCloseTo(m0, 9);
    }
  });

  it("needs to know how providers invest", () => {
    const errors = (market: string, sets: string[]) => {
      const r = load({ "c.yaml": tinyScenario(tinyMarket(0) + market) }, "c.yaml", sets);
      return r.ok ? "" : r.issues.map(formatIssue).join("\n");
    };
    expect(errors("", CLOUDS)).toMatch(/countries\.Arcadia\.initial\.cloudCompute: Arcadia has cloud compute, so the market needs cloudGrowth, cloudExpectation and cloudHorizon/);
    expect(errors("  cloudGrowth: 3\n", CLOUDS)).toMatch(/market: give all three of cloudGrowth, cloudExpectation and cloudHorizon, or none/);
    expect(errors(CLOUD, CLOUDS)).toBe("");
  });

  it("in the baseline, carries most of the world's compute at the start while the countries' shares of lab and public compute stay as measured", () => {
    const { rec } = record(baseline(), 7);
    const layout = rec.layout!;
    const at = (name: string, id: string, s: number) => rec.at(s, offsetOf(layout, "country", name) + layout.entities["country"]!.indexOf(id));
    let cloud = 0;
    let labs = 0;
    for (const c of layout.entities["country"]!) {
      cloud += at("cloud_compute", c, 0);
      labs += at("compute", c, 0);
    }
    expect(cloud).toBeGreaterThan(2 * labs);
    expect(rec.at(0, offsetOf(layout, "global", "compute_total"))).toBeCloseTo(cloud + labs, 6);
    // its chips draw power from the start: at least the most efficient system's 0.9 MW per EFLOP/s
    // (GB200 NVL72: 145 kW for 72 chips of 2.5 PFLOP/s at 0.9) for every EFLOP/s, the cloud's included
    expect((1000 * rec.at(0, offsetOf(layout, "global", "ai_power_total"))) / (cloud + labs)).toBeGreaterThan(145 / (72 * 2.5 * 0.9) - 1e-9);
    expect(at("compute_share", "US", 0)).toBeCloseTo(at("compute", "US", 0) / labs, 12);
  });
});
