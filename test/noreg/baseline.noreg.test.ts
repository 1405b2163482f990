/**
 * Non-regression: pinned digests of fixed-seed runs. These detect change, not correctness:
 * when a change to the model is intended, review the new numbers and update the snapshots
 * (npx vitest run test/noreg -u) in the same commit, saying why.
 */
import { describe, expect, it } from "vitest";
import { computeRun, sha256 } from "../../src/io/results.js";
import { baseline, loadOk, tinyScenario } from "../helpers/scenarios.js";

describe("non-regression", () => {
  it("baseline, seed 42: data file digests", () => {
    const r = computeRun(baseline(), 42);
    const digests = Object.fromEntries([...r.files].map(([name, text]) => [name, sha256(text)]));
    expect(digests).toMatchSnapshot();
  });

  it("baseline, seed 42: key outcomes", () => {
    const s = computeRun(baseline(), 42).summary;
    const round = (v: number) => Math.round(v * 1000) / 1000;
    expect({
      leader: s.leader,
      frontier: round(s.frontierCapability.end),
      months: Object.fromEntries(s.countries.map((c) => [c.id, round(c.monthsBehind)])),
      milestones: s.milestones.map((m) => `${m.date} ${m.id}`),
    }).toMatchSnapshot();
  });

  it("three fictional countries, seed 7: data file digests", () => {
    const r = computeRun(loadOk({ "tiny.yaml": tinyScenario() }, "tiny.yaml"), 7);
    expect(sha256(r.files.get("timeseries.csv")!)).toMatchSnapshot();
  });
});
