/**
 * The experiment file format (docs/experiments.md): one zod schema, the single source for
 * validation, for the types the planner reads, and for the JSON Schema editors use
 * (`airace schema --experiment`).
 */
import * as z from "zod";
import { quarter, SOURCE_HINT } from "../scenario/schema.js";

const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const COLUMN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const columnId = z
  .string()
  .regex(COLUMN, { error: "an id is a letter followed by up to 63 letters, digits or underscores (it becomes a CSV column)" })
  .meta({ description: "identifier, unique in its list; the column name in runs.csv" });
const scenarioPath = z
  .string()
  .min(1)
  .max(256)
  .meta({ description: "a path into the scenario as --set writes it: map keys and list ids joined by dots (countries.CN.policy.fabSubsidy)" });
const finite = z.number().refine(Number.isFinite, { error: "must be a finite number" });

const common = {
  id: columnId,
  path: scenarioPath,
  unit: z.string().min(1).meta({ description: 'the unit of the values, which must equal the field\'s unit ("1/yr", "USD bn/yr"; "1" for a share)' }),
  source: z.string().min(1).meta({ description: `why this range: ${SOURCE_HINT}` }),
  description: z.string().optional().meta({ description: "free text for tables and reports" }),
};

export const uncertaintySchema = z.discriminatedUnion("distribution", [
  z.strictObject({ ...common, distribution: z.literal("uniform"), min: finite, max: finite }).meta({ description: "every value in [min, max] equally likely" }),
  z
    .strictObject({ ...common, distribution: z.literal("log-uniform"), min: finite.refine((v) => v > 0, { error: "must be greater than 0" }), max: finite })
    .meta({ description: "the logarithm uniform in [log min, log max] (for rates spanning orders of magnitude)" }),
  z.strictObject({ ...common, distribution: z.literal("normal"), mean: finite, sd: finite.refine((v) => v > 0, { error: "must be greater than 0" }) }).meta({ description: "normal with mean and standard deviation" }),
  z
    .strictObject({ ...common, distribution: z.literal("truncated-normal"), mean: finite, sd: finite.refine((v) => v > 0, { error: "must be greater than 0" }), min: finite, max: finite })
    .meta({ description: "normal with mean and standard deviation, cut to [min, max]" }),
  z.strictObject({ ...common, distribution: z.literal("triangular"), min: finite, mode: finite, max: finite }).meta({ description: "triangular on [min, max] peaking at mode" }),
  z
    .strictObject({ ...common, distribution: z.literal("discrete"), values: z.array(finite).min(1).max(1000) })
    .meta({ description: "one of the listed values, each equally likely (a grid takes every one)" }),
]);

const overrides = z
  .record(z.string(), z.unknown())
  .meta({ description: "scenario values to change, by path (model.leakRate: 0.3, or {value, unit, source})" });
const overlay = z
  .record(z.string(), z.unknown())
  .meta({ description: "a partial scenario merged into the base as `extends` merges (lists by id): add events, change agents" });

export const policySchema = z.strictObject({
  id: columnId,
  title: z.string().optional().meta({ description: "a readable name for tables and reports" }),
  set: overrides.optional(),
  overlay: overlay.optional(),
});

const count = (max: number, what: string) =>
  z
    .number()
    .int({ error: "must be a whole number" })
    .min(1)
    .max(max)
    .meta({ description: what });

export const designSchema = z.discriminatedUnion("type", [
  z
    .strictObject({
      type: z.literal("grid"),
      levels: z
        .union([count(1000, "levels for every uncertainty"), z.record(z.string(), count(1000, "levels of this uncertainty"))])
        .meta({ description: "levels per uncertainty, evenly spaced in probability from 0 to 1 (a discrete one takes its values); a number for all, or a map by id" }),
    })
    .meta({ description: "every combination of levels" }),
  z.strictObject({ type: z.literal("random"), samples: count(10_000_000, "number of points") }).meta({ description: "independent random points" }),
  z.strictObject({ type: z.literal("lhs"), samples: count(10_000_000, "number of points") }).meta({ description: "a Latin hypercube: each uncertainty's range cut into `samples` strata, one point in each" }),
  z
    .strictObject({
      type: z.literal("sobol"),
      samples: count(2 ** 20, "base sample size N (a power of 2 keeps the Sobol sequence balanced); the design has N (k + 2) points"),
      resamples: count(10_000, "bootstrap resamples for the confidence intervals (default 200)").optional(),
    })
    .meta({ description: "Saltelli's design for first- and total-order Sobol indices" }),
  z
    .strictObject({
      type: z.literal("morris"),
      trajectories: count(100_000, "number of trajectories r; the design has r (k + 1) points").refine((v) => v >= 2, { error: "needs at least 2 trajectories" }),
      levels: count(100, "grid levels p (even; default 4)").optional(),
    })
    .meta({ description: "Morris elementary-effects screening" }),
  z
    .strictObject({ type: z.literal("csv"), file: z.string().min(1).meta({ description: "a CSV file beside the experiment, one column per uncertainty id, one row per point, values in the uncertainty's unit" }) })
    .meta({ description: "explicit points from a CSV file" }),
]);

export const AGGREGATES = ["final", "at", "mean", "min", "max", "change", "first-crossing"] as const;

export const outcomeSchema = z.strictObject({
  id: columnId,
  metric: z
    .string()
    .min(1)
    .meta({ description: "an output symbol as conditions write it: a global metric (lead_months) or metric_entity (months_behind_CN, capability_US)" }),
  aggregate: z
    .enum(AGGREGATES)
    .meta({
      description:
        "final: the last value; at: the value at `date`; mean/min/max: over the run or from..to; change: last minus first of the window; first-crossing: the decimal year (end of quarter) the metric first reaches `threshold` in `direction`, empty if never",
    }),
  date: quarter.optional().meta({ description: "for at: the quarter" }),
  from: quarter.optional().meta({ description: "for mean, min, max, change: the first quarter of the window (default: the start)" }),
  to: quarter.optional().meta({ description: "for mean, min, max, change: the last quarter of the window (default: the end)" }),
  threshold: finite.optional().meta({ description: "for first-crossing: the level, in the metric's unit" }),
  direction: z.enum(["above", "below"]).optional().meta({ description: "for first-crossing: reach at least (above, default) or at most (below) the threshold" }),
  description: z.string().optional().meta({ description: "free text for tables and reports" }),
});

export const timeseriesSchema = z.union([
  z.enum(["none", "all"]).meta({ description: "none (default): outcomes only; all: every metric of every run" }),
  z.strictObject({
    runs: z
      .union([z.literal("all"), count(1_000_000, "this many runs, evenly spread over the run list")])
      .optional()
      .meta({ description: "which runs: all, or a number spread evenly over the runs (default all)" }),
    metrics: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta({ description: "which series: metric names (capability: every entity) or symbols (capability_US); default all" }),
  }),
]);

export const experimentSchema = z.strictObject({
  $schema: z.string().optional().meta({ description: "path or URL of this JSON Schema, for editors" }),
  name: z.string().regex(NAME, { error: "a name is lowercase letters, digits and dashes (it names the results folder)" }).meta({ description: "short name; results go to results/<name>/" }),
  title: z.string().min(1).meta({ description: "one-line title" }),
  description: z.string().optional().meta({ description: "what the experiment asks" }),
  scenario: z.string().min(1).meta({ description: "the base scenario: a library name (baseline) or a path relative to this file" }),
  set: overrides.optional(),
  overlay: overlay.optional(),
  seed: z.number().int({ error: "must be a whole number" }).min(0).max(Number.MAX_SAFE_INTEGER).meta({ description: "master seed; each run's seed is derived from it, the scenario and the run's point" }),
  seeds: z
    .enum(["independent", "common"])
    .optional()
    .meta({
      description:
        "independent: each point draws its own seeds from its values; common: every point uses the same seed for replication r, so differences between points come from the parameters alone (default common for sobol and morris designs, whose estimators need it, independent otherwise)",
    }),
  replications: count(100_000, "runs per point and policy, each with its own seed (default 1)").optional(),
  uncertainties: z.array(uncertaintySchema).max(64).optional().meta({ description: "uncertain parameters and their distributions (EMA Workbench's uncertainties)" }),
  policies: z.array(policySchema).min(1).max(100).optional().meta({ description: "named scenario variants crossed with every point, with common random numbers (EMA Workbench's levers); default: the base alone" }),
  design: designSchema.optional().meta({ description: "how points are chosen; required with uncertainties" }),
  outcomes: z.array(outcomeSchema).min(1).max(200).meta({ description: "what is measured in every run" }),
  timeseries: timeseriesSchema.optional().meta({ description: "which time series to keep (default none: they are large)" }),
});

export type ExperimentFile = z.infer<typeof experimentSchema>;
export type UncertaintyFile = z.infer<typeof uncertaintySchema>;
export type OutcomeFile = z.infer<typeof outcomeSchema>;
export type DesignFile = z.infer<typeof designSchema>;
