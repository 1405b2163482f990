/**
 * What the explorer shares: the page's address (scenario, seed, slider positions and other
 * overrides after the `#`), and the `airace run` command that gives the same numbers.
 *
 *   #scenario=baseline&seed=42&ec.threshold=0.1&tw.severity=0.9&set=model.leakRate%3D0.1
 *
 * A scenario loaded from a file travels in the address too (`file=<name>&yaml=<text>`, the
 * text compressed by the page), so a link reproduces it without the file.
 */
import { seedFromText } from "../engine/rng.js";

export interface PageState {
  /** A library scenario by name. */
  scenario?: string;
  /** A scenario loaded from a file: its name and its text, as the page encoded it. */
  file?: { name: string; data: string };
  seed?: number;
  /** Slider positions that differ from the scenario's (lever id -> value). */
  levers: Record<string, number>;
  /** Further `--set` overrides, applied after the sliders'. */
  sets: string[];
}

const RESERVED = new Set(["scenario", "file", "yaml", "seed", "set"]);

export function formatState(state: PageState): string {
  const q = new URLSearchParams();
  if (state.file !== undefined) {
    q.set("file", state.file.name);
    q.set("yaml", state.file.data);
  } else if (state.scenario !== undefined) q.set("scenario", state.scenario);
  if (state.seed !== undefined) q.set("seed", String(state.seed));
  for (const [id, v] of Object.entries(state.levers)) q.set(id, String(v));
  for (const s of state.sets) q.append("set", s);
  return q.toString();
}

/** Reads an address fragment (with or without its `#`); problems are listed, never thrown. */
export function parseState(hash: string): { state: PageState; problems: string[] } {
  const q = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  const problems: string[] = [];
  const state: PageState = { levers: Object.create(null) as Record<string, number>, sets: q.getAll("set") };
  const scenario = q.get("scenario");
  const file = q.get("file");
  const yaml = q.get("yaml");
  if (file !== null && yaml !== null) state.file = { name: file, data: yaml };
  else if (file !== null || yaml !== null) problems.push("the address names a scenario file without its text (or the reverse); showing the library's first scenario");
  else if (scenario !== null) state.scenario = scenario;
  const seed = q.get("seed");
  if (seed !== null) {
    const n = seedFromText(seed);
    if (n === undefined) problems.push(`seed "${seed}" is not a whole number from 0 to ${Number.MAX_SAFE_INTEGER}; using the scenario's`);
    else state.seed = n;
  }
  for (const [key, value] of q) {
    if (RESERVED.has(key)) continue;
    const v = value.trim() === "" ? NaN : Number(value);
    if (!Number.isFinite(v)) problems.push(`${key}=${value}: not a number; the slider keeps the scenario's value`);
    else state.levers[key] = v;
  }
  return { state, problems };
}

/** One shell word: left as it is when it is safe, else in single quotes. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9._/:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command that runs what the page runs: `airace run <scenario> --seed N --set ...`. */
export function runCommand(scenario: string, seed: number, sets: readonly string[]): string {
  return ["airace", "run", shellQuote(scenario), "--seed", String(seed), ...sets.flatMap((s) => ["--set", shellQuote(s)])].join(" ");
}
