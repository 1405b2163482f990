/**
 * Checking where numbers come from. A `source` is one of:
 * - a row of docs/calibration.md: `calibration.md#<row>`, optionally followed by a comment;
 * - the id of an entry in the scenario's `sources` list (a single word such as imf-weo-2025-04),
 *   optionally followed by a comment;
 * - free text: a citation or "assumption: <reason>" (anything with a space or a colon).
 * A single word that is neither a calibration row nor a declared id is a typo, and an error.
 */
import { isRecord } from "../engine/path.js";
import type { Issue, Pos } from "./issues.js";
import { didYouMean } from "./issues.js";
import type { TreePath } from "./locate.js";
import { displayPath, posOf } from "./locate.js";

/** Row ids of docs/calibration.md (a test keeps this list equal to the document). */
export const CALIBRATION_ROWS = [
  "frontier-compute-growth",
  "china-compute-growth",
  "budget-growth",
  "run-cost-growth",
  "hw-price-performance",
  "algorithmic-efficiency",
  "open-closed-lag",
  "china-us-lag",
  "us-china-benchmark-gap",
  "inference-price-decline",
  "global-compute-growth",
  "compute-share",
  "private-investment",
  "notable-models",
  "taiwan-capacity",
  "tsmc-revenue-share",
  "smic-7nm",
  "fab-equipment-life",
  "china-node-lag",
  "china-equipment-imports",
  "china-tool-localisation",
  "china-chip-smuggling",
  "h200-licences",
  "ascend-output",
  "hbm-stockpile",
  "domestic-hbm",
  "hbm-fab",
  "b200",
  "h200",
  "ascend-910c",
  "rack-systems",
  "system-prices",
  "industrial-robots",
  "robotaxi-fleets",
  "robotaxi-abroad",
  "ai-medical-devices",
  "talent-origin",
  "talent-retention",
  "taiwan-shock",
  "world-compute-stock",
  "world-compute-stock-growth",
  "compute-owners",
  "leading-lab-fleet",
  "ai-revenue-growth",
  "hyperscaler-capex",
  "china-ai-capex",
  "ai-power",
  "us-ai-power",
  "power-additions",
  "dc-power-growth",
  "lab-exits",
  "china-us-lag-trend",
  "open-parity",
  "scale-out-loss",
  "fast-follow",
  "release-cadence",
  "firm-ai-use",
] as const;

const CALIBRATION = "calibration.md#";

/** Why a source string is not acceptable, or undefined. */
export function checkSource(source: string, declared: readonly string[]): string | undefined {
  const first = (source.trim().split(/\s+/)[0] ?? "").replace(/[,;:.)]+$/, "");
  if (first.startsWith(CALIBRATION)) {
    const row = first.slice(CALIBRATION.length);
    const rows: readonly string[] = CALIBRATION_ROWS;
    if (rows.includes(row)) return undefined;
    return `docs/calibration.md has no row "${row}"${didYouMean(row, rows)}`;
  }
  if (declared.includes(first)) return undefined;
  if (/^assumption:?$/i.test(source.trim())) return 'an assumption needs its reason: "assumption: <why this value>"';
  if (/\s|:/.test(source.trim())) return undefined;
  return `unknown source "${source}"${didYouMean(first, [...declared, ...CALIBRATION_ROWS.map((r) => CALIBRATION + r)])}: use an id from sources, calibration.md#<row>, a citation, or "assumption: <reason>"`;
}

/** Checks every `source:` in a scenario tree (quantities, parameters, actions). */
export function checkSources(tree: unknown, fallback: Pos): Issue[] {
  const declared: string[] = [];
  const list = isRecord(tree) ? tree["sources"] : undefined;
  if (Array.isArray(list)) for (const s of list) if (isRecord(s) && typeof s["id"] === "string") declared.push(s["id"]);
  const issues: Issue[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) node.forEach((el, i) => walk(el, [...path, i]));
    else if (isRecord(node)) {
      for (const [k, v] of Object.entries(node)) {
        const sub: TreePath = [...path, k];
        if (k === "source" && typeof v === "string" && !(path.length === 2 && path[0] === "sources")) {
          const why = checkSource(v, declared);
          if (why !== undefined) issues.push({ pos: posOf(tree, sub, fallback), path: displayPath(tree, sub), message: why });
        } else walk(v, [...path, k]);
      }
    }
  };
  walk(tree, []);
  return issues;
}
