/**
 * A world reset in place (init.ts with an earlier run's world) starts exactly as a new one, so
 * a worker can allocate its world once and reuse it for every run it computes.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SeriesRecorder } from "../../src/engine/metrics.js";
import { Rng } from "../../src/engine/rng.js";
import { simulate } from "../../src/engine/run.js";
import { aiRaceModel } from "../../src/model/index.js";
import type { World } from "../../src/model/world.js";
import { toRunSpec } from "../../src/scenario/spec.js";
import { baseline, loadOk, tinyMarket, tinyScenario } from "../helpers/scenarios.js";

/** Another world of the baseline's shape: other parameters, events that fired, another seed. */
const OTHER = [
  "model.rivalryResponse=1",
  "model.leakRate=2",
  "market.priceSensitivity=20",
  "countries.CN.policy.fabSubsidy=0.5",
  "semiconductors.fabs.TSMCN4.availability=0.2",
  "firms.Mistral.backing=0",
  "firms.Mistral.initial.cash=0",
  // China's own HBM comes late and small: its stock runs out, and the shortage builds capacity
  "parameters.cxmtYear.value=2032",
  "parameters.cxmtHbm.value=50",
];

function dirtyWorld(sets: string[] = OTHER, seed = 99): World {
  return simulate(toRunSpec(baseline(sets), seed), new SeriesRecorder()).state.world as World;
}

function initial(loaded = baseline(), prev?: World): World {
  const spec = toRunSpec(loaded, 1);
  return aiRaceModel.init(spec.params, Rng.fromSeed(1), spec.clock, prev);
}

function series(loaded: ReturnType<typeof baseline>, seed: number, reuse?: World): Float64Array {
  const rec = new SeriesRecorder();
  simulate(toRunSpec(loaded, seed), rec, reuse);
  return rec.data;
}

/** Paths of every undefined value in a plain object tree. */
function undefinedPaths(value: unknown, path = "world"): string[] {
  if (value === undefined) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => undefinedPaths(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => undefinedPaths(v, `${path}.${k}`));
  return [];
}

describe("a world reset in place", () => {
  it("starts exactly as a new one, in the same objects, after a run of another scenario of the same shape", () => {
    const dirty = dirtyWorld();
    const lab = dirty.firms[0];
    const history = dirty.frontierHistory;
    // the dirty world really is dirty: a lab has left, stocks and histories have moved
    expect(dirty.firms.find((f) => f.id === "Mistral")!.active).toBe(false);
    const cn = dirty.countries.find((c) => c.id === "CN")!;
    expect(cn.hbmStock).toBe(0);
    expect(cn.hbmBuilt).toBeGreaterThan(0);
    const reset = initial(baseline(), dirty);
    expect(reset).toEqual(initial());
    expect(reset).toBe(dirty);
    expect(reset.firms[0]).toBe(lab);
    expect(reset.frontierHistory).toBe(history);
  });

  it("starts again with the inventory and licences of its scenario after a run that sold them", () => {
    const h200 = loadOk({ "h200-licensed.yaml": readFileSync(join(import.meta.dirname, "..", "..", "scenarios", "h200-licensed.yaml"), "utf8") }, "h200-licensed.yaml");
    const dirty = simulate(toRunSpec(h200, 7), new SeriesRecorder()).state.world as World;
    const d = dirty.semiconductors.designs.find((x) => x.id === "H200")!;
    expect(d.inventory).toBeLessThan(700);
    expect(dirty.countries.find((c) => c.id === "US")!.policy.exportControls.licensed).toBeGreaterThan(0);
    expect(initial(h200, dirty)).toEqual(initial(h200));
    expect(series(h200, 3, dirty)).toEqual(series(h200, 3));
  });

  it("leaves nothing undefined, new or reset", () => {
    expect(undefinedPaths(initial())).toEqual([]);
    expect(undefinedPaths(initial(baseline(), dirtyWorld()))).toEqual([]);
  });

  it("has every field a run ever sets already at the start", () => {
    const keys = (v: unknown, path = ""): string[] =>
      Array.isArray(v) ? v.flatMap((x, i) => keys(x, `${path}[${i}]`)) : v !== null && typeof v === "object" ? Object.entries(v).flatMap(([k, x]) => [`${path}.${k}`, ...keys(x, `${path}.${k}`)]) : [];
    const start = new Set(keys(initial()));
    const missing = keys(dirtyWorld([])).filter((k) => !start.has(k));
    expect(missing).toEqual([]);
  });

  it("gives the same runs as a new world, whatever ran in it before", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 0.5, max: 20, noNaN: true }), (seedA, seedB, leak, price) => {
        const a = baseline([`model.leakRate=${leak}`, `market.priceSensitivity=${price}`]);
        const b = baseline([`model.leakRate=${price / 10}`, "model.rivalryResponse=0.6"]);
        const dirty = simulate(toRunSpec(a, seedA), new SeriesRecorder()).state.world as World;
        expect(series(b, seedB, dirty)).toEqual(series(b, seedB));
      }),
      { numRuns: 8 },
    );
  });

  it("falls back to new objects when the earlier world has another shape", () => {
    const tiny = loadOk({ "t.yaml": tinyScenario(tinyMarket(200)) }, "t.yaml");
    const small = simulate(toRunSpec(tiny, 3), new SeriesRecorder()).state.world as World;
    expect(series(baseline(), 5, small)).toEqual(series(baseline(), 5));
    // and the other way round: a larger world reused for a smaller one
    expect(series(tiny, 4, dirtyWorld())).toEqual(series(tiny, 4));
  });
});
