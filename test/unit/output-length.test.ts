/**
 * timeseries.csv is made as one string, so a run whose file would be longer than a string can
 * be is refused as it starts (timeseriesLengthBound), rather than failing after it is computed.
 * The bound holds for every library scenario's run and is not far above what they write.
 */
import { describe, expect, it } from "vitest";
import { SeriesRecorder } from "../../src/engine/metrics.js";
import { startRun } from "../../src/engine/run.js";
import { computeRun, OutputTooLarge, outputLengthProblem } from "../../src/io/results.js";
import { MAX_TEXT_LENGTH, timeseriesLengthBound } from "../../src/report/outputs.js";
import { toRunSpec } from "../../src/scenario/spec.js";
import { FileHost, libraryNames } from "../../src/io/host.js";
import { LIBRARY_DIR } from "../../src/io/package-info.js";
import type { LoadedScenario } from "../../src/scenario/load.js";
import { loadScenario } from "../../src/scenario/load.js";

function loadLibrary(name: string): LoadedScenario {
  const r = loadScenario(new FileHost(), name);
  if (!r.ok) throw new Error(`${name} does not load`);
  return r.value;
}

describe("the length of timeseries.csv", () => {
  it("is at most its bound, known as the run starts, and more than half of it, for every library scenario", () => {
    for (const name of libraryNames(LIBRARY_DIR)) {
      const loaded = loadLibrary(name);
      const written = computeRun(loaded, 7).files.get("timeseries.csv")!.length;
      const rec = new SeriesRecorder();
      startRun(toRunSpec(loaded, 7), rec);
      const bound = timeseriesLengthBound(rec.layout!, loaded.clock);
      expect(written, name).toBeLessThanOrEqual(bound);
      expect(written, name).toBeGreaterThan(bound / 2);
      // known from the scenario alone, before any run
      expect(outputLengthProblem(loaded), name).toBeUndefined();
    }
  });

  it("refuses, before computing it, a run whose file would be longer than one string", () => {
    const loaded = loadLibrary("baseline");
    const rec = new SeriesRecorder();
    startRun(toRunSpec(loaded, 1), rec);
    const bound = timeseriesLengthBound(rec.layout!, loaded.clock);
    // the same world over a clock with as many more quarters as would take it past the limit
    const quarters = Math.ceil(MAX_TEXT_LENGTH / (bound / loaded.clock.labels.length)) + 1;
    const labels = Array.from({ length: quarters }, (_, i) => loaded.clock.labels[i % loaded.clock.labels.length]!);
    const long = { ...loaded, clock: { ...loaded.clock, labels } };
    expect(timeseriesLengthBound(rec.layout!, long.clock)).toBeGreaterThan(MAX_TEXT_LENGTH);
    expect(() => computeRun(long, 1)).toThrow(OutputTooLarge);
    expect(outputLengthProblem(long)).toMatch(/could take up to/);
    expect(() => computeRun(long, 1)).toThrow(/timeseries\.csv could take up to [0-9,]+ MB \([0-9,]+ values a quarter over [0-9,]+ quarters\), more than airace can write as one file/);
  });
});
