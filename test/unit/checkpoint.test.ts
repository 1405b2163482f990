import { describe, expect, it } from "vitest";
import { SeriesRecorder } from "../../src/engine/metrics.js";
import { checkpoint, resumeRun, runToEnd, startRun, step } from "../../src/engine/run.js";
import { toRunSpec } from "../../src/scenario/spec.js";
import { baseline, loadOk, tinyScenario } from "../helpers/scenarios.js";

describe("checkpoint and resume", () => {
  it.each([1, 10, 37, 60])("continues from a JSON checkpoint after step %i with identical results", (k) => {
    const spec = toRunSpec(baseline(), 42);
    const full = new SeriesRecorder();
    const whole = runToEnd(startRun(spec, full), full);

    const first = new SeriesRecorder();
    const run = startRun(spec, first);
    for (let i = 0; i < k; i++) step(run, first);
    const saved = JSON.stringify(checkpoint(run));
    // the checkpoint is plain data: it survives a trip through text
    const second = new SeriesRecorder();
    const resumed = runToEnd(resumeRun(spec, JSON.parse(saved), second), second);

    const size = full.layout!.size;
    expect(Array.from(second.data.subarray((k + 1) * size))).toEqual(Array.from(full.data.subarray((k + 1) * size)));
    expect(resumed.state.world).toEqual(whole.state.world);
    expect(resumed.state.milestones).toEqual(whole.state.milestones);
  });

  it("evaluates conditions on the restored state after a resume", () => {
    const loaded = loadOk(
      {
        "tiny.yaml": tinyScenario(`events:
  - { id: C, title: c, when: "capability_Arcadia > capability_Borealis", repeat: every, actions: [{ target: countries.Borealis.policy.fabSubsidy, add: 0.01 }] }`),
      },
      "tiny.yaml",
    );
    const spec = toRunSpec(loaded, 4);
    const full = new SeriesRecorder();
    const whole = runToEnd(startRun(spec, full), full);
    expect(whole.state.log.length).toBeGreaterThan(2);
    for (let k = 1; k < spec.clock.steps; k++) {
      const rec = new SeriesRecorder();
      const run = startRun(spec, rec);
      for (let i = 0; i < k; i++) step(run, rec);
      const resumed = runToEnd(resumeRun(spec, JSON.parse(JSON.stringify(checkpoint(run))), rec), rec);
      expect(resumed.state.log).toEqual(whole.state.log);
    }
  });

  it("keeps event ramps and reverts across a checkpoint", () => {
    const loaded = loadOk(
      {
        "tiny.yaml": tinyScenario(`events:
  - { id: R, title: r, at: 2030Q2, actions: [{ target: model.leakRate, scale: 3, ramp: 3, duration: 5 }] }`),
      },
      "tiny.yaml",
    );
    const spec = toRunSpec(loaded, 9);
    const full = new SeriesRecorder();
    const whole = runToEnd(startRun(spec, full), full);
    const rec = new SeriesRecorder();
    const run = startRun(spec, rec);
    step(run, rec);
    step(run, rec);
    const resumed = runToEnd(resumeRun(spec, checkpoint(run), rec), rec);
    expect(resumed.state.log).toEqual(whole.state.log);
    expect(Array.from(rec.data)).toEqual(Array.from(full.data));
  });
});
