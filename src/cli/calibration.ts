/** `airace calibration [scenario]`: the model's trends beside the calibration targets. */
import { SeriesRecorder } from "../engine/metrics.js";
import { simulate } from "../engine/run.js";
import { calibrationReport } from "../model/calibration.js";
import { toRunSpec } from "../scenario/spec.js";
import { CliError, EXIT } from "./exit.js";
import { loadOrFail, parseSeed } from "./load.js";

export interface CalibrationOptions {
  seed?: string;
  years: string;
  leader: string;
  follower: string;
  set: string[];
}

export function calibrationCommand(scenarioRef: string, opts: CalibrationOptions, print: (text: string) => void): void {
  const loaded = loadOrFail(scenarioRef, opts.set);
  const seed = opts.seed !== undefined ? parseSeed(opts.seed) : (loaded.scenario.seed ?? 0);
  const years = Number(opts.years);
  if (!(years >= 0.25 && years <= loaded.clock.steps / 4)) {
    throw new CliError(EXIT.input, [`--years: expected a number of years from 0.25 to ${loaded.clock.steps / 4}, got "${opts.years}"`]);
  }
  const ids = loaded.scenario.countries.map((c) => c.id);
  for (const [flag, id] of [["--leader", opts.leader], ["--follower", opts.follower]] as const) {
    if (!ids.includes(id)) throw new CliError(EXIT.input, [`${flag}: no country "${id}" in ${loaded.scenario.name}; countries: ${ids.join(", ")}`]);
  }
  const rec = new SeriesRecorder();
  simulate(toRunSpec(loaded, seed), rec);
  const rows = calibrationReport(rec, { leader: opts.leader, follower: opts.follower, years, start: loaded.clock.start, pace: loaded.scenario.model.initialFrontierPace });
  print(`${loaded.scenario.title} [${loaded.scenario.name}, seed ${seed}], first ${years} years, against docs/calibration.md`);
  print("");
  const width = Math.max(8, ...rows.map((r) => r.quantity.length)) + 2;
  print(`${"".padEnd(5)}${"row".padEnd(26)}${"quantity".padEnd(width)}${"model".padStart(8)}  target`);
  for (const r of rows) {
    const mark = r.ok === null ? "  - " : r.ok ? "  ok" : " OFF";
    const model = r.model === null ? "n/a" : r.model.toFixed(2);
    const target = r.target === null ? "" : `${r.target.low}-${r.target.high} ${r.unit}`;
    print(`${mark} ${r.id.padEnd(26)}${r.quantity.padEnd(width)}${model.padStart(8)}  ${target}${r.note ? `  (${r.note})` : ""}`);
  }
  const off = rows.filter((r) => r.ok === false).length;
  const na = rows.filter((r) => r.ok === null).length;
  print("");
  print(`${rows.length - off - na} of ${rows.length} rows within target, ${off} off target, ${na} not applicable to this scenario.`);
}
