/**
 * The state of the simulated world: plain data of fixed shape.
 *
 * Scenario parameters are copied into the world under the same names and nesting as in the
 * scenario file, so an event's target path (`countries.CN.policy.fabSubsidy`) addresses the
 * value the model reads. State variables sit beside them. Initial conditions (`initial.*` in
 * the scenario) seed state variables and are not kept.
 */
import type { Clock } from "../engine/clock.js";
import type { CountryParams, FirmParams, ModelParams, Scenario } from "../scenario/schema.js";
import { DOMAINS } from "./domains.js";

/** The part of a scenario the model reads. */
export type ModelInput = Pick<Scenario, "model" | "countries" | "firms" | "mechanisms">;

/** Which mechanisms run (ablation switches); all on unless a scenario says otherwise. */
export interface Mechanisms {
  macro: boolean;
  budgetGrowth: boolean;
  compute: boolean;
  research: boolean;
  diffusion: boolean;
  leakage: boolean;
}

export interface Country {
  // parameters (event targets)
  id: string;
  name: string;
  gdp: number;
  gdpGrowth: number;
  computePriceFactor: number;
  policy: { fabSubsidy: number; openScienceFunding: number; publicComputeSpend: number; regulatoryBurden: number };
  /** Base advantage in each application domain [OOM] (see domains.ts). */
  domains: { cloud: number; medical: number; driving: number; generative: number; embodied: number };
  // state
  /** Public and academic compute stock [EFLOP/s]. */
  publicCompute: number;
  /** Sum of the budgets of the country's labs [USD bn/yr]. */
  aiBudget: number;
  /** Compute of labs plus public compute [EFLOP/s]. */
  compute: number;
  /** Best knowledge among the country's labs, or the open pool if higher [OOM]. */
  knowledge: number;
  /** Frontier capability of the country [OOM]. */
  capability: number;
  /** Months since the world frontier was at this country's capability [months]. */
  monthsBehind: number;
  /** Capability in each application domain, in DOMAINS order [OOM]. */
  domainCapability: number[];
  /** Accumulated breakthroughs in each application domain [OOM]. */
  domainBonus: number[];
  /** Months behind the leader in each application domain [months]. */
  domainMonthsBehind: number[];
}

export interface Firm {
  // parameters (event targets)
  id: string;
  name: string;
  country: string;
  budgetGrowth: number;
  allocation: { rnd: number; open: number; compute: number };
  // state
  /** Index of the home country in `World.countries` (resolved once, for the step loop). */
  home: number;
  budget: number;
  rndSpend: number;
  openSpend: number;
  computeSpend: number;
  compute: number;
  knowledge: number;
  /** Knowledge change computed this step, applied after all labs are computed. */
  knowledgeDelta: number;
  capability: number;
}

export interface World {
  model: ModelParams;
  mechanisms: Mechanisms;
  countries: Country[];
  firms: Firm[];
  /** Knowledge level of the open pool: the best openly available methods and weights [OOM]. */
  openPool: number;
  /** World frontier capability [OOM]. */
  frontier: number;
  /** Running maximum of the frontier at each step so far (for months-behind) [OOM]. */
  frontierHistory: number[];
  /** Number of steps `frontierHistory` holds. */
  historyLength: number;
  /** Months the leading country is ahead of the second [months]. */
  leadMonths: number;
  /** Index of the leading country. */
  leader: number;
  /** Running frontier of each application domain at each step so far [OOM]. */
  domainHistory: number[][];
  /** Index of the leading country in each application domain. */
  domainLeader: number[];
}

function makeCountry(c: CountryParams): Country {
  return {
    id: c.id,
    name: c.name,
    gdp: c.gdp,
    gdpGrowth: c.gdpGrowth,
    computePriceFactor: c.computePriceFactor,
    policy: {
      fabSubsidy: c.policy.fabSubsidy,
      openScienceFunding: c.policy.openScienceFunding,
      publicComputeSpend: c.policy.publicComputeSpend,
      regulatoryBurden: c.policy.regulatoryBurden ?? 0,
    },
    domains: {
      cloud: c.domains?.cloud ?? 0,
      medical: c.domains?.medical ?? 0,
      driving: c.domains?.driving ?? 0,
      generative: c.domains?.generative ?? 0,
      embodied: c.domains?.embodied ?? 0,
    },
    publicCompute: c.initial.publicCompute,
    aiBudget: 0,
    compute: 0,
    knowledge: 0,
    capability: 0,
    monthsBehind: 0,
    domainCapability: DOMAINS.map(() => 0),
    domainBonus: DOMAINS.map(() => 0),
    domainMonthsBehind: DOMAINS.map(() => 0),
  };
}

function makeFirm(f: FirmParams, home: number): Firm {
  return {
    id: f.id,
    name: f.name,
    country: f.country,
    budgetGrowth: f.budgetGrowth,
    allocation: { ...f.allocation },
    home,
    budget: f.initial.budget,
    rndSpend: 0,
    openSpend: 0,
    computeSpend: 0,
    compute: f.initial.compute,
    knowledge: f.initial.knowledge,
    knowledgeDelta: 0,
    capability: 0,
  };
}

/** Builds the world at the start quarter. Deep-copies everything it keeps. */
export function initWorld(input: ModelInput, clock: Clock): World {
  const countries = input.countries.map(makeCountry);
  const firms = input.firms.map((f) => makeFirm(f, countries.findIndex((c) => c.id === f.country)));
  return {
    model: { ...input.model },
    mechanisms: {
      macro: input.mechanisms?.macro ?? true,
      budgetGrowth: input.mechanisms?.budgetGrowth ?? true,
      compute: input.mechanisms?.compute ?? true,
      research: input.mechanisms?.research ?? true,
      diffusion: input.mechanisms?.diffusion ?? true,
      leakage: input.mechanisms?.leakage ?? true,
    },
    countries,
    firms,
    openPool: input.model.initialOpenPool,
    frontier: 0,
    frontierHistory: new Array<number>(clock.steps + 1).fill(0),
    historyLength: 0,
    leadMonths: 0,
    leader: 0,
    domainHistory: DOMAINS.map(() => new Array<number>(clock.steps + 1).fill(0)),
    domainLeader: DOMAINS.map(() => 0),
  };
}
