/**
 * Paths into plain-data trees, as scenario files and `--set` write them:
 * `countries.CN.policy.fabSubsidy`. A segment selects an object key, or in a list of agents
 * the element whose `id` equals the segment (a plain index is not accepted, because list order
 * is not part of a scenario's meaning).
 */

export type PathSegment = string;

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Splits `a.b.c`; returns undefined when a segment is empty or has other characters. */
export function parsePath(text: string): PathSegment[] | undefined {
  if (text.length === 0 || text.length > 256) return undefined;
  const parts = text.split(".");
  return parts.every((p) => SEGMENT.test(p)) ? parts : undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Finds the element with `id === key` in a list of agents. */
export function findById(list: readonly unknown[], id: string): number {
  for (let i = 0; i < list.length; i++) {
    const el = list[i];
    if (isRecord(el) && el["id"] === id) return i;
  }
  return -1;
}

export interface Slot {
  /** The object or list holding the value. */
  holder: Record<string, unknown> | unknown[];
  key: string | number;
}

/** Resolves a path to the slot holding its value, or undefined where a segment is missing. */
export function resolveSlot(root: unknown, path: readonly PathSegment[]): Slot | undefined {
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as string;
    let holder: Record<string, unknown> | unknown[];
    let key: string | number;
    if (Array.isArray(node)) {
      const idx = findById(node, seg);
      if (idx < 0) return undefined;
      holder = node;
      key = idx;
    } else if (isRecord(node) && Object.prototype.hasOwnProperty.call(node, seg)) {
      holder = node;
      key = seg;
    } else {
      return undefined;
    }
    if (i === path.length - 1) return { holder, key };
    node = (holder as Record<string | number, unknown>)[key];
  }
  return undefined;
}

export function readSlot(slot: Slot): unknown {
  return (slot.holder as Record<string | number, unknown>)[slot.key];
}

export function writeSlot(slot: Slot, value: unknown): void {
  (slot.holder as Record<string | number, unknown>)[slot.key] = value;
}
