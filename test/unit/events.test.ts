import { describe, expect, it } from "vitest";
import { readSlot, resolveSlot } from "../../src/engine/path.js";
import { loadOk, record, tinyScenario } from "../helpers/scenarios.js";
import type { LoadedScenario } from "../../src/scenario/load.js";
import { SeriesRecorder } from "../../src/engine/metrics.js";
import { startRun, step } from "../../src/engine/run.js";
import { toRunSpec } from "../../src/scenario/spec.js";

function withEvents(yaml: string): LoadedScenario {
  return loadOk({ "tiny.yaml": tinyScenario(yaml) }, "tiny.yaml");
}

/** The value of a parameter path in the world after each step. */
function trace(loaded: LoadedScenario, path: string[]): number[] {
  const rec = new SeriesRecorder();
  const run = startRun(toRunSpec(loaded, 1), rec);
  const values = [readSlot(resolveSlot(run.state.world, path)!) as number];
  while (step(run, rec)) values.push(readSlot(resolveSlot(run.state.world, path)!) as number);
  return values;
}

const SUBSIDY = ["countries", "Borealis", "policy", "fabSubsidy"];

describe("events", () => {
  it("sets a parameter at a date and records the firing", () => {
    const s = withEvents(`events:
  - id: Subsidy
    title: Borealis subsidises compute
    at: 2030Q3
    actions: [{ target: countries.Borealis.policy.fabSubsidy, set: 0.5 }]`);
    expect(trace(s, SUBSIDY)).toEqual([0.2, 0.2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    const { run } = record(s, 1);
    expect(run.state.log).toEqual([
      { step: 2, date: "2030Q3", event: "Subsidy", title: "Borealis subsidises compute", kind: "fire", changes: [{ target: "countries.Borealis.policy.fabSubsidy", from: 0.2, to: 0.5 }] },
    ]);
  });

  it("ramps over quarters, holds for a duration, then reverts", () => {
    const s = withEvents(`events:
  - id: Ramp
    title: ramp
    at: 2030Q2
    actions: [{ target: countries.Borealis.policy.fabSubsidy, add: 0.4, ramp: 4, duration: 6 }]`);
    const v = trace(s, SUBSIDY).map((x) => Math.round(x * 1000) / 1000);
    expect(v).toEqual([0.2, 0.3, 0.4, 0.5, 0.6, 0.6, 0.6, 0.2, 0.2, 0.2, 0.2, 0.2]);
    const { run } = record(s, 1);
    expect(run.state.log.map((r) => `${r.date} ${r.kind}`)).toEqual(["2030Q2 fire", "2031Q4 revert"]);
  });

  it("scales a parameter with a value computed from named parameters", () => {
    const s = withEvents(`parameters:
  shock: { value: 0.5, unit: "1", source: test }
  factor: { expr: "1 - shock", unit: "1", source: test }
events:
  - id: Shock
    title: GDP shock
    at: 2031Q1
    actions: [{ target: countries.Arcadia.gdp, scale: factor }]`);
    const v = trace(s, ["countries", "Arcadia", "gdp"]);
    expect(v[4]! / v[3]!).toBeCloseTo(0.5 * Math.pow(1.02, 0.25), 12);
  });

  it("fires on a condition once, or every quarter it holds", () => {
    const once = withEvents(`events:
  - id: Catchup
    title: catch-up push
    when: "year >= 2030.5"
    actions: [{ target: countries.Borealis.policy.fabSubsidy, add: 0.1 }]`);
    const v1 = trace(once, SUBSIDY).map((x) => Math.round(x * 100) / 100);
    // the condition holds at the end of 2030Q3 (year 2030.5); the event fires at the start of 2030Q4
    expect(v1).toEqual([0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]);
    const every = withEvents(`events:
  - id: Catchup
    title: catch-up push
    when: "year >= 2031.5"
    repeat: every
    actions: [{ target: countries.Borealis.policy.fabSubsidy, add: 0.1 }]`);
    const v2 = trace(every, SUBSIDY).map((x) => Math.round(x * 100) / 100);
    expect(v2).toEqual([0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });

  it("keeps parameters in their valid range: checked when loading, and when firing", () => {
    const load = (action: string) =>
      loadOk({ "tiny.yaml": tinyScenario(`events:\n  - { id: E, title: e, at: 2030Q3, actions: [${action}] }`) }, "tiny.yaml");
    expect(() => load("{ target: countries.Borealis.policy.fabSubsidy, set: 33 }")).toThrow(
      /events.E.actions\[0\].set: 33 is outside the range of countries.Borealis.policy.fabSubsidy: at least 0 and at most 0.95/,
    );
    expect(() => load("{ target: countries.Borealis.policy.fabSubsidy, scale: -5 }")).toThrow(/scale -5 would give -1 \(from 0.2\), which is outside the range/);
    expect(() => load("{ target: model.hardwareDoublingTime, set: 0 }")).toThrow(/at least 0.25 and at most 100 \(in yr\)/);
    expect(() => load("{ target: countries.Arcadia.gdp, scale: 0 }")).toThrow(/greater than 0/);
    // a repeated addition passes the load-time check but leaves the range at run time
    const every = loadOk(
      {
        "tiny.yaml": tinyScenario(`events:
  - { id: Push, title: push, when: "year > 2030", repeat: every, actions: [{ target: countries.Borealis.policy.fabSubsidy, add: 0.3 }] }`),
      },
      "tiny.yaml",
    );
    expect(() => record(every, 1)).toThrow(/2031Q1 \(step 4\): event Push would set countries.Borealis.policy.fabSubsidy from 0.8 to 1.1.*outside its range \[0, 0.95\]/);
  });

  it("composes events that change the same parameter: a revert takes back only its own change", () => {
    const s = withEvents(`events:
  - { id: A, title: a, at: 2030Q2, actions: [{ target: countries.Borealis.policy.fabSubsidy, add: 0.1, duration: 4 }] }
  - { id: B, title: b, at: 2030Q3, actions: [{ target: countries.Borealis.policy.fabSubsidy, add: 0.3, duration: 4 }] }`);
    const v = trace(s, SUBSIDY).map((x) => Math.round(x * 1000) / 1000);
    expect(v).toEqual([0.2, 0.3, 0.6, 0.6, 0.6, 0.5, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]);
  });

  it("runs every ramp and revert before any firing, whatever the order of the events", () => {
    const a = `  - { id: A, title: a, at: 2030Q4, actions: [{ target: countries.Borealis.policy.fabSubsidy, set: 0.7 }] }`;
    const b = `  - { id: B, title: b, at: 2030Q2, actions: [{ target: countries.Borealis.policy.fabSubsidy, set: 0.4, duration: 2 }] }`;
    const ab = trace(withEvents(`events:\n${a}\n${b}`), SUBSIDY);
    const ba = trace(withEvents(`events:\n${b}\n${a}`), SUBSIDY);
    expect(ab).toEqual(ba);
    // B is undone at 2030Q4 (0.4 -> 0.2), then A sets 0.7
    expect(ab.map((x) => Math.round(x * 1000) / 1000)).toEqual([0.2, 0.4, 0.4, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7]);
  });

  it("ramps a scale in equal factors", () => {
    const s = withEvents(`events:
  - { id: S, title: s, at: 2030Q2, actions: [{ target: countries.Borealis.policy.fabSubsidy, scale: 4, ramp: 2, duration: 3 }] }`);
    expect(trace(s, SUBSIDY).slice(0, 6).map((x) => Math.round(x * 1000) / 1000)).toEqual([0.2, 0.4, 0.8, 0.8, 0.2, 0.2]);
  });

  it("rejects an event that changes the same parameter twice, and start-only targets", () => {
    expect(() =>
      withEvents(`events:
  - { id: T, title: t, at: 2030Q2, actions: [{ target: model.leakRate, set: 0.1 }, { target: model.leakRate, add: 0.1 }] }`),
    ).toThrow(/events.T.actions\[1\].target: this event already changes model.leakRate/);
    expect(() => withEvents(`events:\n  - { id: P, title: p, at: 2030Q2, actions: [{ target: model.initialOpenPool, set: 0 }] }`)).toThrow(
      /read only when the run starts/,
    );
  });

  it("fails the run when a condition meets NaN or infinity, naming the rule", () => {
    const s = withEvents(`milestones:
  - { id: Bad, title: bad, when: "sqrt(lead_months - 1000) > 1" }`);
    expect(() => record(s, 1)).toThrow(/2030Q1 \(step 0\): milestone Bad: condition "sqrt\(lead_months - 1000\) > 1": sqrt\(...\) gave NaN/);
  });

  it("records milestones when first reached, and they change nothing", () => {
    const base = tinyScenario();
    const plain = loadOk({ "tiny.yaml": base }, "tiny.yaml");
    const marked = withEvents(`milestones:
  - { id: Big, title: "big", when: "capability_Arcadia > 0" }`);
    const a = record(plain, 5);
    const b = record(marked, 5);
    expect(b.run.state.milestones).toHaveLength(1);
    expect(b.run.state.milestones[0]).toMatchObject({ id: "Big", step: 0, date: "2030Q1" });
    expect(Array.from(b.rec.data)).toEqual(Array.from(a.rec.data));
  });
});
