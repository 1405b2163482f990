import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MetricDef } from "../../src/engine/metrics.js";
import { makeLayout, metricSymbols, symbolSlot } from "../../src/engine/metrics.js";
import { METRICS } from "../../src/model/metrics.js";

// names with underscores on both sides, so that "a_b" + "_" + "c" and "a" + "_" + "b_c" collide
const part = fc.constantFrom("a", "b", "c", "a_b", "b_c", "x");
const kinds = ["global", "country", "firm"] as const;

describe("metric symbols", () => {
  it("symbolSlot finds every symbol where metricSymbols puts it, and nothing else", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: part, kind: fc.constantFrom(...kinds) }), { minLength: 1, maxLength: 8 }),
        fc.uniqueArray(part, { maxLength: 4 }),
        fc.uniqueArray(part, { maxLength: 4 }),
        fc.array(fc.tuple(part, part), { maxLength: 6 }),
        (metrics, countries, firms, probes) => {
          const defs: MetricDef[] = metrics.map((m) => ({ ...m, unit: "1", description: "" }));
          const layout = makeLayout(defs, { country: countries, firm: firms });
          const table = metricSymbols(layout);
          for (const [name, slot] of Object.entries(table)) expect(symbolSlot(layout, name)).toBe(slot);
          for (const [a, b] of probes) {
            for (const name of [a, `${a}_${b}`, `${a}_`, `_${b}`]) expect(symbolSlot(layout, name)).toBe(table[name]);
          }
        },
      ),
    );
  });

  it("agrees with the table on the model's own metrics", () => {
    const layout = makeLayout(METRICS, { country: ["US", "CN"], firm: ["OpenAI", "DeepSeek"], design: ["H100"], fab: ["TSMC_N4"] });
    const table = metricSymbols(layout);
    expect(Object.keys(table).length).toBeGreaterThan(100);
    for (const [name, slot] of Object.entries(table)) expect(symbolSlot(layout, name)).toBe(slot);
    expect(symbolSlot(layout, "capability_XX")).toBeUndefined();
    expect(symbolSlot(layout, "year")).toBeUndefined();
  });
});
