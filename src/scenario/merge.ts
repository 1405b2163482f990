/**
 * Merge rules for `extends` (documented in docs/scenario-format.md):
 * - maps merge key by key, recursively;
 * - lists whose items all have an `id` (countries, firms, events, milestones, sources) merge by
 *   id: an item with a known id merges into the inherited one, a new id is appended, and an
 *   item with `remove: true` deletes the inherited one;
 * - any other value (scalars, other lists) replaces the inherited one.
 * Parsed input is never merged into an existing object: every merge builds new objects (so a
 * `__proto__` key could not pollute a prototype even if the parser let one through).
 */
import { findById, isRecord } from "../engine/path.js";
import type { Issue, Pos } from "./issues.js";
import type { Meta } from "./located.js";
import { metaOf, setMeta } from "./located.js";

function isAgentList(v: unknown): v is Record<string, unknown>[] {
  return Array.isArray(v) && v.every((el) => isRecord(el) && typeof el["id"] === "string");
}

const NOWHERE: Pos = { file: "?", line: 1, col: 1 };

export function mergeValues(base: unknown, over: unknown, path: string, issues: Issue[]): unknown {
  if (isRecord(base) && isRecord(over)) return mergeMaps(base, over, path, issues);
  if (isAgentList(base) && isAgentList(over)) return mergeLists(base, over, path, issues);
  return over;
}

function mergeMaps(base: Record<string, unknown>, over: Record<string, unknown>, path: string, issues: Issue[]) {
  const bm = metaOf(base);
  const om = metaOf(over);
  const out: Record<string, unknown> = {};
  const keys = new Map<string, { key: Pos; value: Pos }>();
  for (const [k, v] of Object.entries(base)) {
    out[k] = v;
    const p = bm?.keys.get(k);
    if (p) keys.set(k, p);
  }
  for (const [k, v] of Object.entries(over)) {
    const sub = path ? `${path}.${k}` : k;
    out[k] = Object.prototype.hasOwnProperty.call(base, k) ? mergeValues(base[k], v, sub, issues) : v;
    const p = om?.keys.get(k);
    if (p) keys.set(k, p);
  }
  setMeta(out, { self: om?.self ?? bm?.self ?? NOWHERE, keys, items: [] });
  return out;
}

function mergeLists(base: Record<string, unknown>[], over: Record<string, unknown>[], path: string, issues: Issue[]) {
  const bm = metaOf(base);
  const om = metaOf(over);
  const out: unknown[] = [...base];
  const items: Pos[] = base.map((_, i) => bm?.items[i] ?? bm?.self ?? NOWHERE);
  const seen = new Set<string>();
  over.forEach((el, i) => {
    const id = el["id"] as string;
    const pos = om?.items[i] ?? om?.self ?? NOWHERE;
    if (seen.has(id)) {
      const idPos = metaOf(el)?.keys.get("id")?.value ?? pos;
      issues.push({ pos: idPos, path: `${path}.${id}.id`, message: `duplicate id "${id}" in this list` });
      return;
    }
    seen.add(id);
    const idx = findById(out, id);
    if (el["remove"] === true) {
      if (idx < 0) {
        issues.push({ pos, path: `${path}.${id}`, message: `remove: there is no inherited item with id "${id}" to remove` });
      } else {
        out.splice(idx, 1);
        items.splice(idx, 1);
      }
    } else if (idx < 0) {
      out.push(el);
      items.push(pos);
    } else {
      out[idx] = mergeValues(out[idx], el, `${path}.${id}`, issues);
      items[idx] = pos;
    }
  });
  const meta: Meta = { self: om?.self ?? bm?.self ?? NOWHERE, keys: new Map(), items };
  setMeta(out, meta);
  return out;
}
