/**
 * Loading a scenario: parse -> extends -> overrides -> validate -> check -> compile.
 * Returns the normalised scenario with everything the engine needs, or the list of issues.
 * Pure: files are reached through a `SourceHost`, so the same code runs in Node and in a
 * browser.
 */
import { makeClock } from "../engine/clock.js";
import { parseQuarter } from "../engine/clock.js";
import type { Clock } from "../engine/clock.js";
import type { EventSpec, MilestoneSpec } from "../engine/events.js";
import { findById, isRecord, parsePath } from "../engine/path.js";
import type { Issue, Pos, Result } from "./issues.js";
import { didYouMean } from "./issues.js";
import { FORBIDDEN_KEYS, metaOf, parseLocated, restoreParse, setMeta } from "./located.js";
import { mergeValues } from "./merge.js";
import type { Scenario } from "./schema.js";
import { scenarioSchema } from "./schema.js";
import { convertZodIssues, expectsList, knownKeys } from "./zod-issues.js";
import { checkScenario } from "./check.js";
import { checkSources } from "./sources.js";

/** Where scenario files come from. Implemented over the file system in src/io. */
export interface SourceHost {
  /** Resolves a reference written in a file (or on the command line when `from` is null). */
  resolve(ref: string, from: string | null): { id: string; display: string } | { error: string };
  /**
   * The file's text, or why it cannot be read (with where in it, for text that does not
   * decode); with `stored`, a parse of that text kept from before (restoreParse checks it).
   */
  read(id: string): { text: string; stored?: unknown } | { error: string; line?: number; col?: number };
}

export interface LoadedScenario {
  /** The validated, normalised scenario (quantities reduced to numbers). */
  readonly scenario: Scenario;
  /** The scenario after `extends` and `--set`, as written (quantities and sources kept). */
  readonly resolved: Record<string, unknown>;
  /** Files read, entry first. */
  readonly files: readonly string[];
  readonly clock: Clock;
  readonly events: readonly EventSpec[];
  readonly milestones: readonly MilestoneSpec[];
  readonly constants: Readonly<Record<string, number>>;
}

export const MAX_EXTENDS_DEPTH = 8;
/** At most this many files in one extends list, and in all (so fan-out cannot explode). */
export const MAX_EXTENDS_LIST = 8;
export const MAX_FILES = 64;

export function loadScenario(host: SourceHost, entry: string, sets: readonly string[] = []): Result<LoadedScenario> {
  const prepared = prepareScenario(host, entry);
  if (!prepared.ok) return prepared;
  return applySets(prepared.value, sets);
}

/**
 * A prepared scenario with `--set` overrides applied, validated and compiled: what
 * `loadScenario` does after reading the files, for callers that load one scenario once and
 * try many overrides on it (the explorer's sliders).
 */
export function applySets(template: ScenarioTemplate, sets: readonly string[]): Result<LoadedScenario> {
  let tree = template.tree;
  const issues: Issue[] = [];
  sets.forEach((s, i) => (tree = applySet(tree, s, i + 1, issues)));
  if (issues.length > 0) return { ok: false, issues };
  return finishScenario(template, tree);
}

/**
 * A scenario parsed and merged (extends resolved, leftover removals checked) but not yet
 * validated: the part of loading that reads files and parses YAML, done once when many
 * variants of one scenario are run (experiments), each finished with `finishScenario`.
 */
export interface ScenarioTemplate {
  /** The merged tree, positions attached. Never mutated: variants copy what they change. */
  readonly tree: Record<string, unknown>;
  readonly files: readonly string[];
  /** The entry file as shown in messages. */
  readonly display: string;
}

export function prepareScenario(host: SourceHost, entry: string): Result<ScenarioTemplate> {
  const issues: Issue[] = [];
  const files: string[] = [];
  const cli: Pos = { file: "<command line>", line: 1, col: 1 };
  const first = host.resolve(entry, null);
  if ("error" in first) return { ok: false, issues: [{ pos: cli, path: "", message: first.error }] };
  const tree = loadTree(host, first.id, first.display, [], issues, files);
  if (tree === undefined || issues.length > 0) return { ok: false, issues };
  leftoverRemovals(tree, issues, first.display);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, warnings: [], value: { tree, files, display: first.display } };
}

let checks = 0;

/**
 * Validates, checks and compiles a (possibly modified) template tree. Reads no files.
 * `checkSourcesToo: false` skips the check of source strings, for variants whose sources were
 * all checked before (the points of an experiment).
 */
export function finishScenario(template: ScenarioTemplate, tree: Record<string, unknown>, checkSourcesToo = true): Result<LoadedScenario> {
  const fallback: Pos = { file: template.display, line: 1, col: 1 };
  // zod compiles a faster parser for each object schema (new Function) when first asked: that
  // costs more than it saves on a scenario checked once (airace run, validate), so the first
  // check of a process goes without it, and the many of an experiment's points use it
  const parsed = scenarioSchema.safeParse(tree, { jitless: checks++ === 0 });
  if (!parsed.success) {
    return { ok: false, issues: sortIssues(convertZodIssues(scenarioSchema, tree, parsed.error.issues, fallback)) };
  }
  const checked = checkScenario(parsed.data, tree, fallback);
  const sourceIssues = checkSourcesToo ? checkSources(tree, fallback) : [];
  if (!checked.ok || sourceIssues.length > 0) {
    return { ok: false, issues: sortIssues([...(checked.ok ? [] : checked.issues), ...sourceIssues]) };
  }
  return {
    ok: true,
    warnings: [],
    value: {
      scenario: parsed.data,
      resolved: tree,
      files: template.files,
      clock: makeClock(parseQuarter(parsed.data.start) as number, parseQuarter(parsed.data.end) as number),
      ...checked.value,
    },
  };
}

function sortIssues(issues: Issue[]): Issue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => a.issue.pos.line - b.issue.pos.line || a.issue.pos.col - b.issue.pos.col || a.i - b.i)
    .map((x) => x.issue);
}

function loadTree(
  host: SourceHost,
  id: string,
  display: string,
  stack: readonly string[],
  issues: Issue[],
  files: string[],
): Record<string, unknown> | undefined {
  const read = host.read(id);
  if ("error" in read) {
    issues.push({ pos: { file: display, line: read.line ?? 1, col: read.col ?? 1 }, path: "", message: read.error });
    return undefined;
  }
  files.push(display);
  const parsed = (read.stored === undefined ? undefined : restoreParse(read.stored, display)) ?? parseLocated(read.text, display);
  issues.push(...parsed.issues);
  if (parsed.issues.length > 0) return undefined;
  const top = parsed.value;
  if (!isRecord(top)) {
    issues.push({ pos: { file: display, line: 1, col: 1 }, path: "", message: "a scenario file must be a map of keys (name:, title:, ...)" });
    return undefined;
  }
  const ext = top["extends"];
  if (ext === undefined) return top;
  const extPos = metaOf(top)?.keys.get("extends")?.value ?? { file: display, line: 1, col: 1 };
  const refs = typeof ext === "string" ? [ext] : Array.isArray(ext) && ext.every((e) => typeof e === "string") ? (ext as string[]) : undefined;
  if (refs === undefined) {
    issues.push({ pos: extPos, path: "extends", message: "extends takes a scenario name or path, or a list of them" });
    return undefined;
  }
  if (refs.length > MAX_EXTENDS_LIST) {
    issues.push({ pos: extPos, path: "extends", message: `extends lists ${refs.length} files; at most ${MAX_EXTENDS_LIST} are allowed` });
    return undefined;
  }
  if (stack.length + 1 >= MAX_EXTENDS_DEPTH) {
    issues.push({ pos: extPos, path: "extends", message: `extends chain is deeper than ${MAX_EXTENDS_DEPTH} files` });
    return undefined;
  }
  let base: unknown;
  for (const ref of refs) {
    const r = host.resolve(ref, id);
    if ("error" in r) {
      issues.push({ pos: extPos, path: "extends", message: r.error });
      return undefined;
    }
    if (r.id === id || stack.includes(r.id)) {
      issues.push({ pos: extPos, path: "extends", message: `extends cycle: ${[...stack, id, r.id].map((s) => s.split("/").pop()).join(" -> ")}` });
      return undefined;
    }
    if (files.length >= MAX_FILES) {
      issues.push({ pos: extPos, path: "extends", message: `the extends chain loads more than ${MAX_FILES} files` });
      return undefined;
    }
    const sub = loadTree(host, r.id, r.display, [...stack, id], issues, files);
    if (sub === undefined) return undefined;
    base = base === undefined ? sub : mergeValues(base, sub, "", issues);
  }
  const own: Record<string, unknown> = {};
  const meta = metaOf(top);
  const keys = new Map(meta?.keys ?? []);
  keys.delete("extends");
  for (const [k, v] of Object.entries(top)) if (k !== "extends") own[k] = v;
  setMeta(own, { self: meta?.self ?? extPos, keys, items: [] });
  return mergeValues(base, own, "", issues) as Record<string, unknown>;
}

const AGENT_LISTS = ["countries", "firms", "events", "milestones", "sources", "semiconductors.designs", "semiconductors.fabs"] as const;

function leftoverRemovals(tree: Record<string, unknown>, issues: Issue[], file: string): void {
  for (const list of AGENT_LISTS) {
    let items: unknown = tree;
    for (const key of list.split(".")) items = isRecord(items) ? items[key] : undefined;
    if (!Array.isArray(items)) continue;
    items.forEach((el, i) => {
      if (isRecord(el) && el["remove"] === true) {
        const pos = metaOf(items)?.items[i] ?? { file, line: 1, col: 1 };
        issues.push({ pos, path: `${list}.${String(el["id"])}`, message: "remove: true deletes an inherited item, but this scenario inherits none with that id" });
      }
    });
  }
}

/** Applies one `--set path=value`; `n` numbers the option for positions (--set:n:col). */
function applySet(tree: Record<string, unknown>, text: string, n: number, issues: Issue[]): Record<string, unknown> {
  const at = (col: number): Pos => ({ file: "--set", line: n, col });
  const eq = text.indexOf("=");
  if (eq <= 0) {
    issues.push({ pos: at(1), path: "", message: `expected path=value, e.g. countries.CN.policy.fabSubsidy=0.3; got "${text}"` });
    return tree;
  }
  const pathText = text.slice(0, eq);
  const valueText = text.slice(eq + 1);
  // Parse the value where it stands (line n, after "path="), so positions inside it are exact.
  const parsed =
    valueText.trim() === ""
      ? { value: undefined, issues: [{ pos: at(eq + 2), path: pathText, message: "missing value after =" }] }
      : parseLocated("\n".repeat(n - 1) + " ".repeat(eq + 1) + valueText, "--set");
  const pathIssue = checkSetPath(pathText, at(1), "the command line");
  if (pathIssue !== undefined) {
    issues.push(pathIssue);
    return tree;
  }
  if (parsed.issues.length > 0) {
    issues.push(...parsed.issues.map((i) => ({ ...i, path: i.path ? `${pathText}.${i.path}` : pathText })));
    return tree;
  }
  return setPath(tree, pathText, parsed.value, (i) => at(pathText.split(".").slice(0, i).join(".").length + (i > 0 ? 2 : 1)), at(eq + 2), issues);
}

/** Why a path cannot be set (bad syntax, a forbidden key, extends), or undefined. */
export function checkSetPath(pathText: string, pos: Pos, what: string): Issue | undefined {
  const path = parsePath(pathText);
  const forbidden = path?.find((seg) => FORBIDDEN_KEYS.has(seg));
  if (forbidden !== undefined) return { pos, path: pathText, message: `the key "${forbidden}" is not allowed` };
  if (path !== undefined && path[0] === "extends") {
    return { pos, path: pathText, message: `extends cannot be changed from ${what}: write a scenario file that extends the others` };
  }
  if (path === undefined) return { pos, path: pathText, message: "a path is names separated by dots; list items are named by their id (countries.CN.gdp)" };
  return undefined;
}

/**
 * Sets the value at a path (map keys and list ids joined by dots) and returns the new tree.
 * Copy on write: the tree given is never changed; the maps and lists along the path are
 * copied (positions kept), everything else is shared. `segPos(i)` is the position to report
 * for a problem at segment i, `valuePos` where the new value was written. An optional section
 * the tree leaves out (mechanisms) is started empty.
 */
export function setPath(
  tree: Record<string, unknown>,
  pathText: string,
  value: unknown,
  segPos: (segment: number) => Pos,
  valuePos: Pos,
  issues: Issue[],
): Record<string, unknown> {
  const path = parsePath(pathText);
  if (path === undefined) {
    issues.push({ pos: segPos(0), path: pathText, message: "a path is names separated by dots; list items are named by their id (countries.CN.gdp)" });
    return tree;
  }
  const walked: (string | number)[] = [];
  const fail = (i: number, message: string) => {
    issues.push({ pos: segPos(i), path: pathText, message });
    return undefined;
  };
  const rec = (node: unknown, i: number): unknown => {
    const seg = path[i] as string;
    const last = i === path.length - 1;
    if (Array.isArray(node)) {
      const idx = findById(node, seg);
      if (idx < 0 && last && isRecord(value) && knownKeys(scenarioSchema, [...walked, 0]).includes("id")) {
        // a new id in a list of agents adds an item (an event from the command line)
        if (value["id"] !== undefined && value["id"] !== seg) return fail(i, `the new item's id is "${seg}" (from the path); its "id" says ${JSON.stringify(value["id"])}`);
        const item: Record<string, unknown> = { id: seg, ...value };
        const itemMeta = metaOf(value);
        setMeta(item, { self: valuePos, keys: new Map([["id", { key: segPos(i), value: segPos(i) }], ...(itemMeta?.keys ?? [])]), items: [] });
        const copy = [...node, item];
        const meta = metaOf(node);
        setMeta(copy, { self: meta?.self ?? segPos(i), keys: new Map(), items: [...(meta?.items ?? []), valuePos] });
        return copy;
      }
      if (idx < 0) {
        const ids = node.filter(isRecord).map((el) => String(el["id"]));
        const adding = last && knownKeys(scenarioSchema, [...walked, 0]).includes("id") ? `; to add one, give a map: ${walked.join(".")}.${seg}={...}` : "";
        return fail(i, `no item with id "${seg}" in ${walked.join(".") || "the list"}${didYouMean(seg, ids)}${adding}`);
      }
      if (last) return fail(i, "a path changes a value, not a whole list item: name a field of it (countries.CN.gdp)");
      walked.push(idx);
      const child = rec(node[idx], i + 1);
      if (child === undefined) return undefined;
      const copy = node.slice();
      copy[idx] = child;
      const meta = metaOf(node);
      if (meta) setMeta(copy, meta);
      return copy;
    }
    if (isRecord(node)) {
      const meta = metaOf(node);
      const copy: Record<string, unknown> = { ...node };
      const keys = new Map(meta?.keys ?? []);
      setMeta(copy, { self: meta?.self ?? segPos(i), keys, items: [] });
      if (last) {
        keys.set(seg, { key: segPos(i), value: valuePos });
        copy[seg] = value;
        return copy;
      }
      let childNode: unknown;
      if (Object.prototype.hasOwnProperty.call(node, seg)) {
        childNode = node[seg];
      } else {
        const schemaKeys = knownKeys(scenarioSchema, walked);
        if (!schemaKeys.includes(seg)) {
          const known = [...new Set([...Object.keys(node), ...schemaKeys])];
          return fail(i, `no key "${seg}" here${didYouMean(seg, known)}`);
        }
        // an optional section the file leaves out (mechanisms, events): start it empty
        childNode = expectsList(scenarioSchema, [...walked, seg]) ? [] : {};
        setMeta(childNode as object, { self: segPos(i), keys: new Map(), items: [] });
        keys.set(seg, { key: segPos(i), value: segPos(i) });
      }
      walked.push(seg);
      const child = rec(childNode, i + 1);
      if (child === undefined) return undefined;
      copy[seg] = child;
      return copy;
    }
    return fail(i, `${walked.join(".")} is a single value; it has no "${seg}"`);
  };
  const out = rec(tree, 0);
  return out === undefined ? tree : (out as Record<string, unknown>);
}
