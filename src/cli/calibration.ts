/** `airace calibration [scenario]`: the model's trends beside the calibration targets. */
import { SeriesRecorder } from "../engine/metrics.js";
import { simulate } from "../engine/run.js";
import { calibrationReport, countriesByCapability } from "../model/calibration.js";
import { toRunSpec } from "../scenario/spec.js";
import { CliError, EXIT } from "./exit.js";
import { loadOrFail, parseSeed } from "./load.js";

export interface CalibrationOptions {
  seed?: string;
  years: string;
  /** Default: US, else the country of highest capability at the start. */
  leader?: string;
  /** Default: CN, else the next country by capability at the start. */
  follower?: string;
  set: string[];
}

export function calibrationCommand(scenarioRef: string, opts: CalibrationOptions, print: (text: string) => void): void {
  const loaded = loadOrFail(scenarioRef, opts.set);
  const seed = opts.seed !== undefined ? parseSeed(opts.seed) : (loaded.scenario.seed ?? 0);
  const years = Number(opts.years);
  if (!(years >= 0.25 && years <= loaded.clock.steps / 4)) {
    throw new CliError(EXIT.input, [`--years: expected a number of years from 0.25 to ${loaded.clock.steps / 4}, got "${opts.years}"`]);
  }
  const name = loaded.scenario.name;
  const ids = loaded.scenario.countries.map((c) => c.id);
  for (const [flag, id] of [["--leader", opts.leader], ["--follower", opts.follower]] as const) {
    if (id !== undefined && !ids.includes(id)) throw new CliError(EXIT.input, [`${flag} ${id}: no country "${id}" in ${name}; its countries: ${ids.join(", ")}`]);
  }
  if (opts.leader !== undefined && opts.leader === opts.follower) throw new CliError(EXIT.input, [`--leader and --follower name the same country (${opts.leader}): the follower's lag is measured behind the leader`]);
  if (ids.length < 2) throw new CliError(EXIT.input, [`${name} has one country (${ids.join("")}): the calibration sets a follower beside a leader, so it needs two`]);
  const rec = new SeriesRecorder();
  simulate(toRunSpec(loaded, seed), rec);
  // the targets are the US's and China's: where the scenario has neither, the countries that
  // play their parts are its first two by capability at the start, unless chosen
  const ranked = countriesByCapability(rec);
  const leader = opts.leader ?? (ids.includes("US") ? "US" : ranked[0]!);
  const follower = opts.follower ?? (ids.includes("CN") && leader !== "CN" ? "CN" : ranked.find((id) => id !== leader)!);
  const picked = [
    ...(opts.leader === undefined && leader !== "US" ? [{ id: "US", role: "leader", is: leader, flag: "--leader" }] : []),
    ...(opts.follower === undefined && follower !== "CN" ? [{ id: "CN", role: "follower", is: follower, flag: "--follower" }] : []),
  ];
  const rows = calibrationReport(rec, { leader, follower, years, start: loaded.clock.start, pace: loaded.scenario.model.initialFrontierPace });
  print(`${loaded.scenario.title} [${name}, seed ${seed}], first ${years} years, against docs/calibration.md`);
  if (picked.length > 0) {
    const roles = picked.map((p, i) => `the ${p.role}${i === 0 ? " is" : ""} ${p.is}`).join(" and ");
    const flags = picked.map((p) => p.flag).join(" and ");
    print(`${name} has no ${picked.map((p) => p.id).join(" or ")}: ${roles}, by capability at the start; ${flags} ${picked.length === 1 ? "chooses another" : "choose others"}.`);
  }
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
