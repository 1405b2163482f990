/**
 * Roles: the suite's checks are written for the baseline's countries (the US, China, the EU...).
 * A scenario of invented countries can still be held to the checks that do not rest on the real
 * world (invariances, ablations, the claims' directions) by saying which of its countries plays
 * each part: `--as US=Arcadia,CN=Borealis,EU=Cascadia`. The checks' measures, the variants'
 * changes and the countries they split or merge labs in are then read with the scenario's ids.
 * Checks on measurements of the real world stay not applicable; so do variants made of a library
 * scenario's changes, which name the baseline's agents.
 */
import type { CheckDef, FlipDef, GapDef, VariantDef } from "./suite.js";

/** Pairs of a suite country and the scenario country that plays it, in the order given. */
export type Roles = readonly (readonly [string, string])[];

/** The countries the suite's checks and variants name. */
export const SUITE_COUNTRIES = ["US", "CN", "EU", "JPKR", "TW", "ROW"] as const;

const ID = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

/** `US=Arcadia,CN=Borealis` as pairs, or why it cannot be read. */
export function parseRoles(text: string): { ok: true; roles: Roles } | { ok: false; message: string } {
  const roles: [string, string][] = [];
  for (const part of text.split(",")) {
    const m = /^\s*([^=\s]+)\s*=\s*([^=\s]+)\s*$/.exec(part);
    if (m === null) return { ok: false, message: `"${part.trim()}" is not ROLE=COUNTRY (for example US=Arcadia)` };
    const [, role, id] = m as unknown as [string, string, string];
    if (!(SUITE_COUNTRIES as readonly string[]).includes(role)) return { ok: false, message: `${role} is not a country of the suite; roles are ${SUITE_COUNTRIES.join(", ")}` };
    if (!ID.test(id)) return { ok: false, message: `"${id}" is not a country id` };
    if (roles.some(([r]) => r === role)) return { ok: false, message: `${role} is given twice` };
    if (roles.some(([, c]) => c === id)) return { ok: false, message: `${id} plays two roles; give each country one` };
    roles.push([role, id]);
  }
  return { ok: true, roles };
}

/** Why the roles do not fit the scenario's countries, or undefined. */
export function checkRoles(roles: Roles, countries: readonly string[]): string | undefined {
  for (const [role, id] of roles) {
    if (countries.includes(role)) return `the scenario has a country ${role} of its own; roles are for worlds of invented countries`;
    if (!countries.includes(id)) return `${role}=${id}: the scenario has no country ${id} (it has ${countries.join(", ")})`;
  }
  return undefined;
}

/** The text with every role id that stands alone (not inside a longer id) replaced by its country. */
function swap(text: string, roles: Roles): string {
  if (roles.length === 0) return text;
  const map = new Map(roles);
  const re = new RegExp(`(?<![A-Za-z0-9])(${roles.map(([r]) => r).join("|")})(?![A-Za-z0-9])`, "g");
  return text.replace(re, (r) => map.get(r) ?? r);
}

/** A plain-data value with every string cast. */
function castValue<T>(v: T, roles: Roles): T {
  if (typeof v === "string") return swap(v, roles) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => castValue(x, roles)) as T;
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, castValue(x, roles)])) as T;
  return v;
}

/** Any plain-data value (a measure, a path, a list of outcomes) with the scenario's countries. */
export function castValueOf<T>(v: T, roles: Roles): T {
  return castValue(v, roles);
}

/** A check read with the scenario's countries: its measure and the country its expectation names. */
export function castCheck(def: CheckDef, roles: Roles): CheckDef {
  if (roles.length === 0) return def;
  return { ...def, measure: castValue(def.measure, roles), expect: castValue(def.expect, roles), ...(def.needs !== undefined ? { needs: swap(def.needs, roles) } : {}) };
}

/** A variant that sets fields or splits and merges labs, with the scenario's countries. */
export function castVariant(v: VariantDef, roles: Roles): VariantDef {
  if (roles.length === 0) return v;
  return {
    ...v,
    ...(v.set !== undefined ? { set: v.set.map(([path, value]) => [swap(path, roles), value] as const) } : {}),
    ...(v.transform !== undefined ? { transform: castValue(v.transform, roles) } : {}),
  };
}

export function castFlip(def: FlipDef, roles: Roles): FlipDef {
  return roles.length === 0 ? def : { ...def, measure: castValue(def.measure, roles), axes: castValue(def.axes, roles) };
}

export function castGap(def: GapDef, roles: Roles): GapDef {
  return roles.length === 0 ? def : { ...def, country: swap(def.country, roles) };
}

/** The roles in words, for documents: "US is Arcadia, CN is Borealis". */
export function rolesText(roles: Roles): string {
  return roles.map(([r, c]) => `${r} is ${c}`).join(", ");
}

/** The roles as the command line takes them. */
export function rolesOption(roles: Roles): string {
  return roles.map(([r, c]) => `${r}=${c}`).join(",");
}
