/**
 * YAML (or JSON) text -> plain data that remembers where every key and value came from.
 *
 * Positions live in a WeakMap beside the data, so the data stays plain and can be merged,
 * validated and serialised as usual; merges copy positions key by key, so an error in a
 * merged scenario points at the file and line that supplied the offending value.
 *
 * Guards (reliability.md): duplicate keys, unknown tags (the yaml package only warns: we
 * treat warnings as errors), alias bombs, deep nesting, `__proto__`/`constructor`/`prototype`
 * keys, NaN and Infinity, integers beyond 2^53, empty files, non-string keys, aliases to no
 * anchor, NUL and the other characters YAML does not allow.
 */
import type { Node as YamlNode } from "yaml";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Issue, Pos } from "./issues.js";
import { firstNonPrintable, nonPrintable } from "./text.js";

export interface Meta {
  /** Where the collection itself starts. */
  readonly self: Pos;
  /** For maps: where each key and its value start. */
  readonly keys: Map<string, { key: Pos; value: Pos }>;
  /** For lists: where each item starts. */
  readonly items: Pos[];
}

const positions = new WeakMap<object, Meta>();

export function metaOf(value: unknown): Meta | undefined {
  return typeof value === "object" && value !== null ? positions.get(value) : undefined;
}

export function setMeta(value: object, meta: Meta): void {
  positions.set(value, meta);
}

export const MAX_DEPTH = 32;
export const MAX_NODES = 200_000;
export const MAX_ALIASES = 100;
export const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export interface LocatedParse {
  value: unknown;
  issues: Issue[];
}

/** Parses one YAML or JSON document. `file` is the name shown in messages. */
export function parseLocated(text: string, file: string): LocatedParse {
  const lineCounter = new LineCounter();
  const issues: Issue[] = [];
  const at = (offset: number): Pos => {
    const lp = lineCounter.linePos(offset);
    return { file, line: lp.line, col: lp.col };
  };
  if (text.trim().length === 0) {
    return { value: undefined, issues: [{ pos: { file, line: 1, col: 1 }, path: "", message: "the file is empty" }] };
  }
  // the yaml package accepts NUL and other control characters that YAML forbids, and they
  // would reach the results files (text from --set and links arrives here without decodeText)
  const bad = nonPrintable(text);
  if (bad !== undefined) return { value: undefined, issues: [{ pos: { file, line: bad.line, col: bad.col }, path: "", message: bad.error }] };
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, {
      lineCounter,
      uniqueKeys: true,
      intAsBigInt: true,
      prettyErrors: false,
      strict: true,
      merge: false,
    });
  } catch (e) {
    // should the parser not catch its own stack overflow: the same answer as when it does
    if (e instanceof RangeError) return { value: undefined, issues: [{ pos: { file, line: 1, col: 1 }, path: "", message: `input too large or too deep: nested deeper than ${MAX_DEPTH} levels` }] };
    throw e;
  }
  for (const e of [...doc.errors, ...doc.warnings]) {
    const message = e.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? e.message;
    // the parser descends into flow collections ([ and {) recursively, and catches the stack
    // overflow of 100,000 of them nested: said once, in the words of the depth limit below
    if (message.includes("Maximum call stack size exceeded")) {
      if (!issues.some((i) => i.message.startsWith("input too large or too deep"))) issues.push({ pos: at(e.pos[0]), path: "", message: `input too large or too deep: nested deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    const source = /^[^:\n]{0,60}/.exec(text.slice(e.pos[0]))?.[0].trim() ?? "";
    issues.push({ pos: at(e.pos[0]), path: "", message: yamlMessage(e.code, message, source) });
  }
  if (issues.length > 0) return { value: undefined, issues };
  if (doc.contents === null) {
    return { value: undefined, issues: [{ pos: { file, line: 1, col: 1 }, path: "", message: "the file has no content (only comments?)" }] };
  }

  let nodes = 0;
  let aliases = 0;
  const convert = (node: unknown, depth: number, path: string): unknown => {
    if (++nodes > MAX_NODES) throw new LimitError(`more than ${MAX_NODES} values`, node);
    if (depth > MAX_DEPTH) throw new LimitError(`nested deeper than ${MAX_DEPTH} levels`, node);
    if (isAlias(node)) {
      if (++aliases > MAX_ALIASES) throw new LimitError(`more than ${MAX_ALIASES} alias uses`, node);
      // the yaml package leaves an alias to an anchor defined nowhere before it unresolved, silently
      const target = node.resolve(doc);
      if (target === undefined) {
        issues.push({ pos: at(node.range?.[0] ?? 0), path, message: `the alias *${node.source} refers to no anchor &${node.source} defined before it` });
        return null;
      }
      return convert(target, depth, path);
    }
    const start = at((node as YamlNode).range?.[0] ?? 0);
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const keys = new Map<string, { key: Pos; value: Pos }>();
      for (const pair of node.items) {
        const keyNode = pair.key;
        const keyPos = at((keyNode as YamlNode | null)?.range?.[0] ?? node.range?.[0] ?? 0);
        if (!isScalar(keyNode) || typeof keyNode.value !== "string") {
          issues.push({ pos: keyPos, path, message: "keys must be plain strings" });
          continue;
        }
        const key = keyNode.value;
        const badKey = firstNonPrintable(key);
        if (badKey !== undefined) {
          issues.push({ pos: keyPos, path, message: `the key holds ${badKey.name} (written as an escape), which is not allowed` });
          continue;
        }
        const sub = path ? `${path}.${key}` : key;
        if (FORBIDDEN_KEYS.has(key)) {
          issues.push({ pos: keyPos, path: sub, message: `the key "${key}" is not allowed` });
          continue;
        }
        const valueNode = pair.value;
        const valuePos = valueNode ? at((valueNode as YamlNode).range?.[0] ?? 0) : keyPos;
        keys.set(key, { key: keyPos, value: valuePos });
        out[key] = valueNode === null ? null : convert(valueNode, depth + 1, sub);
      }
      positions.set(out, { self: start, keys, items: [] });
      return out;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      const items: Pos[] = [];
      node.items.forEach((item, i) => {
        items.push(item ? at((item as YamlNode).range?.[0] ?? 0) : start);
        // name list items by id where they have one, as scenario paths do (countries.CN)
        const id = isMap(item) ? item.get("id") : undefined;
        const sub = typeof id === "string" && /^[A-Za-z][A-Za-z0-9]*$/.test(id) ? `${path}.${id}` : `${path}[${i}]`;
        out.push(item === null ? null : convert(item, depth + 1, sub));
      });
      positions.set(out, { self: start, keys: new Map(), items });
      return out;
    }
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === "bigint") {
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(-Number.MAX_SAFE_INTEGER)) {
          issues.push({ pos: start, path, message: `the integer ${v} is beyond 2^53 and cannot be represented exactly` });
          return 0;
        }
        return Number(v);
      }
      if (typeof v === "number" && !Number.isFinite(v)) {
        issues.push({ pos: start, path, message: `${String(v)} is not allowed: numbers must be finite` });
        return 0;
      }
      if (typeof v === "string") {
        // escapes in quoted scalars ("\0", "\x1b", "\e") make the characters the raw text may not hold
        const bad = firstNonPrintable(v);
        if (bad !== undefined) issues.push({ pos: start, path, message: `the value holds ${bad.name} (written as an escape), which is not allowed` });
        return v;
      }
      if (v === null || typeof v === "number" || typeof v === "boolean") return v;
      issues.push({ pos: start, path, message: `unsupported value of type ${typeof v}` });
      return null;
    }
    issues.push({ pos: start, path, message: "unsupported YAML node" });
    return null;
  };

  try {
    const value = convert(doc.contents, 0, "");
    return { value, issues };
  } catch (e) {
    if (e instanceof LimitError) {
      const range = (e.node as YamlNode | undefined)?.range;
      return { value: undefined, issues: [{ pos: at(range?.[0] ?? 0), path: "", message: `input too large or too deep: ${e.message}` }] };
    }
    throw e;
  }
}

class LimitError extends Error {
  constructor(
    message: string,
    readonly node: unknown,
  ) {
    super(message);
  }
}

function yamlMessage(code: string, message: string, source: string): string {
  if (code === "DUPLICATE_KEY") return `duplicate key "${source}": each key may appear only once in a map`;
  if (code === "TAG_RESOLVE_FAILED") return `${message} (custom YAML tags are not allowed)`;
  if (code === "ALIAS_PROPS" || message.includes("alias")) return `${message} (aliases are limited to ${MAX_ALIASES})`;
  return message;
}

/**
 * A parse kept for later: the value as JSON-ready data and, beside it, every position the
 * parse recorded, without the file's name (given back when it is restored). Made only of a
 * parse without issues whose value JSON gives back exactly (no -0), so that restoring it gives
 * what parseLocated would: the same value, key order and positions.
 */
export interface StoredParse {
  readonly format: typeof STORED_PARSE_FORMAT;
  readonly value: unknown;
  readonly meta: StoredMeta;
}

export const STORED_PARSE_FORMAT = 1;

/** Where a collection starts (line, column) and, for each key or item, where it and its value start. */
type StoredMeta =
  | { readonly at: readonly [number, number]; readonly keys: readonly (readonly [string, number, number, number, number, StoredMeta | null])[] }
  | { readonly at: readonly [number, number]; readonly items: readonly (readonly [number, number, StoredMeta | null])[] };

/** The parse of a file in a form to keep (JSON), or undefined when it had issues or JSON would change its value. */
export function storeParse(parsed: LocatedParse): StoredParse | undefined {
  if (parsed.issues.length > 0 || typeof parsed.value !== "object" || parsed.value === null) return undefined;
  const metaTree = (value: object): StoredMeta | undefined => {
    const meta = positions.get(value);
    if (meta === undefined) return undefined;
    const at = [meta.self.line, meta.self.col] as const;
    if (Array.isArray(value)) {
      const items: (readonly [number, number, StoredMeta | null])[] = [];
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const p = meta.items[i];
        if (p === undefined || Object.is(item, -0)) return undefined;
        const sub = typeof item === "object" && item !== null ? metaTree(item) : null;
        if (sub === undefined) return undefined;
        items.push([p.line, p.col, sub]);
      }
      return { at, items };
    }
    const record = value as Record<string, unknown>;
    if (meta.keys.size !== Object.keys(record).length) return undefined;
    const keys: (readonly [string, number, number, number, number, StoredMeta | null])[] = [];
    for (const [key, p] of meta.keys) {
      const v = record[key];
      if (!Object.hasOwn(record, key) || Object.is(v, -0)) return undefined;
      const sub = typeof v === "object" && v !== null ? metaTree(v) : null;
      if (sub === undefined) return undefined;
      keys.push([key, p.key.line, p.key.col, p.value.line, p.value.col, sub]);
    }
    return { at, keys };
  };
  const meta = metaTree(parsed.value);
  return meta === undefined ? undefined : { format: STORED_PARSE_FORMAT, value: parsed.value, meta };
}

/**
 * A stored parse (storeParse, after a trip through JSON) as parseLocated gives it, its
 * positions in `file`; undefined if it is not one (another format, or damaged).
 */
export function restoreParse(stored: unknown, file: string): LocatedParse | undefined {
  if (typeof stored !== "object" || stored === null) return undefined;
  const s = stored as Partial<StoredParse>;
  if (s.format !== STORED_PARSE_FORMAT || typeof s.value !== "object" || s.value === null) return undefined;
  const pos = (line: unknown, col: unknown): Pos => {
    if (typeof line !== "number" || typeof col !== "number") throw new TypeError("not a position");
    return { file, line, col };
  };
  const restore = (value: unknown, m: unknown): void => {
    if (typeof value !== "object" || value === null || typeof m !== "object" || m === null) throw new TypeError("not a collection");
    const meta = m as { at?: unknown; keys?: unknown; items?: unknown };
    if (!Array.isArray(meta.at)) throw new TypeError("no start");
    const self = pos(meta.at[0], meta.at[1]);
    if (Array.isArray(value)) {
      if (!Array.isArray(meta.items) || meta.items.length !== value.length) throw new TypeError("items differ");
      const items: Pos[] = [];
      meta.items.forEach((entry: unknown, i) => {
        const [line, col, sub] = entry as [unknown, unknown, unknown];
        items.push(pos(line, col));
        restoreIn(value[i], sub);
      });
      positions.set(value, { self, keys: new Map(), items });
      return;
    }
    if (!Array.isArray(meta.keys)) throw new TypeError("not a map");
    const record = value as Record<string, unknown>;
    const keys = new Map<string, { key: Pos; value: Pos }>();
    for (const entry of meta.keys as unknown[]) {
      const [key, kl, kc, vl, vc, sub] = entry as [unknown, unknown, unknown, unknown, unknown, unknown];
      if (typeof key !== "string" || !Object.hasOwn(record, key)) throw new TypeError("keys differ");
      keys.set(key, { key: pos(kl, kc), value: pos(vl, vc) });
      restoreIn(record[key], sub);
    }
    if (keys.size !== Object.keys(record).length) throw new TypeError("keys differ");
    positions.set(value, { self, keys, items: [] });
  };
  // a collection has its positions; anything else has none
  const restoreIn = (value: unknown, sub: unknown): void => {
    if (sub !== null) restore(value, sub);
    else if (typeof value === "object" && value !== null) throw new TypeError("a collection without positions");
  };
  try {
    restore(s.value, s.meta);
  } catch {
    return undefined;
  }
  return { value: s.value, issues: [] };
}
