/**
 * The open-weight frontier when no lab releases open weights: the open pool run on public
 * compute, with the same training-run term R(t) as any lab (docs/model.md 7.6).
 */
import { describe, expect, it } from "vitest";
import { offsetOf } from "../../src/engine/metrics.js";
import { baseline, record } from "../helpers/scenarios.js";

function reader(sets: string[], seed = 3) {
  const { rec } = record(baseline(sets), seed);
  const layout = rec.layout!;
  const g = (name: string, s: number) => rec.at(s, offsetOf(layout, "global", name));
  const c = (name: string, id: string, s: number) => rec.at(s, offsetOf(layout, "country", name) + layout.entities["country"]!.indexOf(id));
  return { rec, g, c, countries: layout.entities["country"]! };
}

describe("the open frontier when every lab is closed", () => {
  it("without labs, every country runs the open pool on its public compute, so the open frontier is the frontier", () => {
    const r = reader(["firms=[]"]);
    for (let s = 0; s < r.rec.recorded; s++) expect(r.g("open_frontier", s)).toBe(r.g("frontier_capability", s));
  });

  it("with every lab closed, the open frontier is at least the capability of each country without labs, and each country's open capability is its open-pool path", () => {
    const closed = ["OpenAI", "GoogleDeepMind", "Anthropic", "xAI", "Meta", "DeepSeek", "Alibaba", "Moonshot", "Zhipu", "Mistral"].map((f) => `firms.${f}.allocation.open=0`);
    const r = reader(closed);
    const labless = ["TW", "JPKR", "ROW"];
    for (let s = 0; s < r.rec.recorded; s++) {
      const best = Math.max(...r.countries.map((id) => r.c("open_capability", id, s)));
      expect(r.g("open_frontier", s)).toBe(best);
      // a country without labs: its capability is its open-pool path, which counts for the open frontier
      for (const id of labless) {
        expect(r.c("open_capability", id, s)).toBe(r.c("capability", id, s));
        expect(r.g("open_frontier", s)).toBeGreaterThanOrEqual(r.c("capability", id, s));
      }
    }
  });
});
