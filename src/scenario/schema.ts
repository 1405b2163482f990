/**
 * The scenario file format: one zod schema in which every field has a description and every
 * number a unit. It is the single source for validation, for the normalised types the model
 * reads, and for the JSON Schema that editors use (`airace schema`).
 *
 * A number may be written bare (`gdp: 29.2`, in the field's unit) or as a quantity that
 * carries its provenance: `gdp: { value: 29.2, unit: USD tn/yr, source: "..." }`. The unit of
 * a quantity must equal the field's unit, which catches unit slips (USD bn for USD tn).
 */
import * as z from "zod";

export interface NumberOptions {
  min?: number;
  max?: number;
  /** Exclusive lower bound. */
  gt?: number;
  int?: boolean;
}

function bounded(opts: NumberOptions): z.ZodNumber {
  let n = opts.int ? z.number().int() : z.number();
  if (opts.min !== undefined) n = n.min(opts.min);
  if (opts.gt !== undefined) n = n.gt(opts.gt);
  if (opts.max !== undefined) n = n.max(opts.max);
  return n;
}

export const SOURCE_HINT =
  'a row of calibration.md ("calibration.md#compute-share"), a citation, or "assumption: <reason>"';

/** A number in `unit`, bare or as `{ value, unit, source }`; normalises to the number. */
export function quantity(unit: string, description: string, opts: NumberOptions = {}) {
  const n = bounded(opts);
  const q = z.strictObject({
    value: n.meta({ description: `the value, in ${unit}` }),
    unit: z
      .literal(unit, { error: () => `unit must be "${unit}" for this field` })
      .meta({ description: "must equal the field's unit" }),
    source: z.string().min(1).meta({ description: `where the number comes from: ${SOURCE_HINT}` }),
    note: z.string().optional().meta({ description: "free text" }),
  });
  return z
    .union([n, q])
    .transform((v) => (typeof v === "number" ? v : v.value))
    .meta({ description: `${description} [${unit}]`, unit });
}

const ID = /^[A-Za-z][A-Za-z0-9]{0,31}$/;
export const agentId = z
  .string()
  .regex(ID, { error: "an id is a letter followed by up to 31 letters or digits (no spaces, dots or underscores)" })
  .meta({ description: "identifier, unique in its list; used in paths (countries.CN.gdp) and expression symbols" });

const QUARTER = /^\d{4}Q[1-4]$/;
export const quarter = z
  .string()
  .regex(QUARTER, { error: 'a date is a quarter written like "2025Q3"' })
  .meta({ description: "a calendar quarter, e.g. 2025Q3" });

const expression = z
  .string()
  .min(1)
  .max(500)
  .meta({ description: "a mathjs expression over declared symbols (see docs/scenario-format.md)" });

const removeFlag = z
  .literal(true)
  .optional()
  .meta({ description: "in a file that extends another: remove the inherited agent with this id" });

export const sourceEntry = z.strictObject({
  id: z.string().min(1).max(80).meta({ description: "short key, e.g. calibration.md#compute-share" }),
  citation: z.string().min(1).meta({ description: "the full reference" }),
  url: z.string().optional().meta({ description: "where to read it" }),
  remove: removeFlag,
});

export const modelParams = z
  .strictObject({
    hardwareDoublingTime: quantity("yr", "time for compute per dollar to double", { min: 0.25, max: 100 }),
    computePrice: quantity("USD bn per EFLOP/s", "all-in price of AI compute at the start (chips, networking, facilities)", { min: 1e-6, max: 1e6 }),
    depreciationRate: quantity("1/yr", "share of the compute stock retired per year", { min: 0, max: 4 }),
    algorithmicProgress: quantity("OOM/yr", "growth of algorithmic efficiency of a lab spending the reference R&D budget", { min: 0, max: 10 }),
    referenceRnd: quantity("USD bn/yr", "R&D spending at which a lab progresses at algorithmicProgress", { min: 1e-3, max: 1e6 }),
    researchDifficulty: quantity("1/OOM", "ideas get harder to find: research output falls by 10^-phi for each OOM of knowledge already gained", { min: 0, max: 5 }),
    rndReturns: quantity("1", "elasticity of research progress with respect to R&D spending (diminishing returns below 1)", { min: 0, max: 2 }),
    researchNoise: quantity("1", "standard deviation of the log of each quarter's research outcome", { min: 0, max: 3 }),
    openWorkEfficiency: quantity("1", "how much of a lab's open-source spending also advances its own knowledge, relative to R&D", { min: 0, max: 1 }),
    absorptionRate: quantity("1/yr", "rate at which a lab closes its gap to the open pool, at full absorptive capacity", { min: 0, max: 50 }),
    absorptionHalfRnd: quantity("USD bn/yr", "R&D spending that gives half the full absorptive capacity", { gt: 0 }),
    communityProgress: quantity("OOM/yr", "growth of the open pool from open work worth the reference R&D budget", { min: 0, max: 10 }),
    releasePull: quantity("1/yr", "rate at which releases pull the open pool toward the releasing lab's knowledge, at full release intensity", { min: 0, max: 50 }),
    releaseHalfSpend: quantity("USD bn/yr", "open-source spending that gives half the full release intensity", { gt: 0 }),
    leakRate: quantity("1/yr", "rate at which closed knowledge leaks to every lab (talent mobility, reverse engineering)", { min: 0, max: 50 }),
    budgetGrowthPersistence: quantity("yr", "e-folding time over which labs' fast budget growth fades toward zero", { gt: 0, max: 1000 }),
    maxAiGdpShare: quantity("1", "ceiling on a country's AI lab budgets as a share of its GDP", { gt: 0, max: 1 }),
    initialOpenPool: quantity("OOM", "knowledge level of the best open-weight models at the start, relative to the frontier", { min: -10, max: 10 }),
    regulationPenalty: quantity("OOM", "capability lost in deployment-bound domains (medical, driving, embodied) at full regulatory burden", { min: 0, max: 10 }),
    breakthroughRate: quantity("1/yr", "chance per year of a breakthrough in each application domain of each country", { min: 0, max: 4 }),
    breakthroughSize: quantity("OOM", "capability a breakthrough adds to its domain in its country, for good", { min: 0, max: 5 }),
    initialFrontierPace: quantity("OOM/yr", "pace of the frontier before the start, used to measure lags older than the run", { gt: 0, max: 10 }),
  })
  .meta({ description: "model-wide parameters (see the parameter catalogue in docs/model.md)" });

const switchOn = (description: string) => z.boolean().optional().meta({ description: `${description} (default true)` });

export const mechanisms = z
  .strictObject({
    macro: switchOn("GDP grows at each country's growth rate"),
    budgetGrowth: switchOn("lab budgets grow toward the GDP ceiling; off: they stay at their starting level"),
    compute: switchOn("labs and governments buy compute and retire old compute; off: stocks stay at their starting level"),
    research: switchOn("R&D and open work raise knowledge"),
    diffusion: switchOn("open releases feed the open pool and labs absorb it"),
    leakage: switchOn("closed knowledge leaks slowly to every lab"),
  })
  .meta({ description: "switch mechanisms off for ablation studies; all are on unless set to false" });

export const countryPolicy = z
  .strictObject({
    fabSubsidy: quantity("1", "share of the price of domestic AI compute paid by the state", { min: 0, max: 0.95 }),
    openScienceFunding: quantity("USD bn/yr", "public funding of open research and open models, added to the open pool", { min: 0, max: 1e5 }),
    publicComputeSpend: quantity("USD bn/yr", "public spending on compute for research and public services", { min: 0, max: 1e5 }),
    regulatoryBurden: quantity("1", "how much regulation slows deployment in the physical world (0 none, 1 heavy); default 0", { min: 0, max: 1 }).optional(),
  })
  .meta({ description: "policy levers of a country" });

const advantage = (what: string) =>
  quantity("OOM", `${what}; default 0`, { min: -5, max: 5 }).optional();

/** Application domains beyond the frontier, each with its own country-level driver. */
export const domainBases = z
  .strictObject({
    cloud: advantage("cloud deployment base (hyperscale data centres, cloud market) relative to the reference country"),
    medical: advantage("medical AI base (health data, clinical market) relative to the reference country"),
    driving: advantage("autonomous-driving base (test fleets, road data, car market) relative to the reference country"),
    generative: advantage("generative AI base (consumer market, content and app ecosystem) relative to the reference country"),
    embodied: advantage("embodied AI base (manufacturing and robotics) relative to the reference country"),
  })
  .meta({ description: "a country's advantage in each application domain, in OOM of effective compute (0 = the reference)" });

export const country = z
  .strictObject({
    id: agentId,
    name: z.string().min(1).meta({ description: "display name" }),
    gdp: quantity("USD tn/yr", "gross domestic product at the start", { gt: 0, max: 1e4 }),
    gdpGrowth: quantity("1/yr", "real GDP growth rate", { min: -0.5, max: 0.5 }),
    computePriceFactor: quantity("1", "price of AI compute for this country relative to the world price (export controls, domestic chips)", { gt: 0, max: 100 }),
    policy: countryPolicy,
    domains: domainBases.optional(),
    initial: z
      .strictObject({
        publicCompute: quantity("EFLOP/s", "public and academic AI compute at the start (dense BF16)", { min: 0, max: 1e9 }),
      })
      .meta({ description: "initial conditions (events cannot change these)" }),
    remove: removeFlag,
  })
  .meta({ description: "a country or bloc" });

export const firm = z
  .strictObject({
    id: agentId,
    name: z.string().min(1).meta({ description: "display name" }),
    country: agentId.meta({ description: "id of the home country" }),
    budgetGrowth: quantity("x/yr", "factor by which the lab's budget would grow per year without the GDP ceiling", { gt: 0, max: 100 }),
    allocation: z
      .strictObject({
        rnd: quantity("1", "weight of proprietary R&D in the budget split", { min: 0 }),
        open: quantity("1", "weight of open-source work and releases", { min: 0 }),
        compute: quantity("1", "weight of compute purchases", { min: 0 }),
      })
      .meta({ description: "budget split; weights are normalised to sum to 1" }),
    initial: z
      .strictObject({
        budget: quantity("USD bn/yr", "AI budget at the start", { gt: 0, max: 1e5 }),
        compute: quantity("EFLOP/s", "compute stock at the start (dense BF16)", { gt: 0, max: 1e9 }),
        knowledge: quantity("OOM", "algorithmic efficiency relative to the mid-2025 frontier (0 = frontier, -1 = needs 10x the compute)", { min: -10, max: 10 }),
      })
      .meta({ description: "initial conditions (events cannot change these)" }),
    remove: removeFlag,
  })
  .meta({ description: "an AI lab" });

const valueOrExpression = z
  .union([z.number(), expression])
  .meta({ description: "a number, or an expression over the scenario's parameters" });

export const action = z
  .strictObject({
    target: z.string().min(1).meta({ description: "path of a numeric parameter, e.g. countries.CN.policy.fabSubsidy" }),
    set: valueOrExpression.optional().meta({ description: "new value (in the target's unit)" }),
    scale: valueOrExpression.optional().meta({ description: "factor to multiply the current value by" }),
    add: valueOrExpression.optional().meta({ description: "amount to add (in the target's unit)" }),
    ramp: z.number().int().min(0).max(400).optional().meta({ description: "phase the change in linearly over this many quarters", unit: "quarters" }),
    duration: z.number().int().min(1).max(400).optional().meta({ description: "restore the prior value this many quarters after firing", unit: "quarters" }),
    source: z.string().min(1).optional().meta({ description: `where the value comes from: ${SOURCE_HINT}` }),
  })
  .meta({ description: "one change to one parameter: exactly one of set, scale, add" });

export const event = z
  .strictObject({
    id: agentId,
    title: z.string().min(1).meta({ description: "what happens, in words" }),
    at: quarter.optional().meta({ description: "fire at the start of this quarter" }),
    when: expression.optional().meta({ description: "fire when this condition holds at the end of a quarter" }),
    repeat: z.enum(["once", "every"]).optional().meta({ description: "for `when`: fire the first time only (default) or every quarter it holds" }),
    actions: z.array(action).min(1).max(50),
    remove: removeFlag,
  })
  .meta({ description: "an intervention: exactly one of at, when" });

export const milestone = z
  .strictObject({
    id: agentId,
    title: z.string().min(1).meta({ description: "what is declared, in words" }),
    when: expression.meta({ description: "recorded the first quarter this condition holds; changes nothing by itself" }),
    remove: removeFlag,
  })
  .meta({ description: "a declared milestone, recorded when first reached" });

export const namedParameter = z
  .strictObject({
    value: z.number().optional().meta({ description: "a constant" }),
    expr: expression.optional().meta({ description: "or an expression over parameters declared before it" }),
    unit: z.string().min(1).meta({ description: "unit of the value" }),
    source: z.string().min(1).meta({ description: SOURCE_HINT }),
    description: z.string().optional(),
  })
  .meta({ description: "a named constant for expressions: exactly one of value, expr" });

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: "path or URL of this JSON Schema, for editors" }),
    extends: z
      .union([z.string(), z.array(z.string()).max(8)])
      .optional()
      .meta({ description: "scenario(s) this one builds on: a library name (baseline) or a relative path" }),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: "a name is lower-case letters, digits and dashes, e.g. export-controls-2026" })
      .meta({ description: "short name, used for the results folder" }),
    title: z.string().min(1).meta({ description: "one-line title" }),
    description: z.string().min(1).meta({ description: "the narrative: what the scenario represents, what it changes and why" }),
    sources: z.array(sourceEntry).min(1).meta({ description: "references for the numbers in the scenario" }),
    start: quarter.meta({ description: "first quarter (the initial state)" }),
    end: quarter.meta({ description: "last quarter simulated" }),
    seed: z.number().int().min(0).optional().meta({ description: "default master seed when --seed is not given" }),
    parameters: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/), namedParameter).optional().meta({ description: "named constants for expressions" }),
    model: modelParams,
    mechanisms: mechanisms.optional(),
    countries: z.array(country).min(1).max(64),
    firms: z.array(firm).max(1000),
    events: z.array(event).max(200).optional(),
    milestones: z.array(milestone).max(200).optional(),
  })
  .meta({ title: "airace scenario", description: "An airace scenario: agents, parameters, events and milestones." });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ModelParams = Scenario["model"];
export type CountryParams = Scenario["countries"][number];
export type FirmParams = Scenario["firms"][number];
