/**
 * From a path into the parsed (possibly merged) tree to a file position and a readable path.
 */
import { isRecord } from "../engine/path.js";
import type { Pos } from "./issues.js";
import { metaOf } from "./located.js";

export type TreePath = readonly (string | number)[];

/**
 * Position of the value at `path` (or of its key, with `key: true`). Where the path leaves
 * the tree, the position of the deepest existing container's entry.
 */
export function posOf(root: unknown, path: TreePath, fallback: Pos, key = false): Pos {
  let node: unknown = root;
  let pos = metaOf(root)?.self ?? fallback;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as string | number;
    const meta = metaOf(node);
    if (meta === undefined) return pos;
    if (Array.isArray(node) && typeof seg === "number") {
      const p = meta.items[seg];
      if (p === undefined) return pos;
      pos = p;
      node = node[seg];
    } else if (isRecord(node) && typeof seg === "string") {
      const entry = meta.keys.get(seg);
      if (entry === undefined) return pos;
      pos = key && i === path.length - 1 ? entry.key : entry.value;
      node = node[seg];
    } else {
      return pos;
    }
  }
  return pos;
}

/** `countries.CN.policy.fabSubsidy` for ["countries", 1, "policy", "fabSubsidy"]. */
export function displayPath(root: unknown, path: TreePath): string {
  let node: unknown = root;
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") {
      const el = Array.isArray(node) ? node[seg] : undefined;
      const id = isRecord(el) && typeof el["id"] === "string" ? el["id"] : undefined;
      out += id !== undefined && /^[A-Za-z][A-Za-z0-9]*$/.test(id) ? (out ? "." : "") + id : `[${seg}]`;
      node = el;
    } else {
      out += (out ? "." : "") + seg;
      node = isRecord(node) ? node[seg] : undefined;
    }
  }
  return out;
}

export function valueAt(root: unknown, path: TreePath): unknown {
  let node: unknown = root;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === "number") node = node[seg];
    else if (isRecord(node) && typeof seg === "string" && Object.prototype.hasOwnProperty.call(node, seg)) node = node[seg];
    else return undefined;
  }
  return node;
}

export function describeValue(v: unknown): string {
  if (v === null) return "null (an empty value)";
  if (v === undefined) return "nothing (the key is missing)";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v)}`;
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return `${typeof v} ${String(v)}`;
}
