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

// made once, not once per quantity (a schema is immutable): the scenario's 144 quantities each
// made six zod objects for these two fields at every start, a third of the schema's making
const quantitySource = z.string().min(1).meta({ description: `where the number comes from: ${SOURCE_HINT}` });
const quantityNote = z.string().optional().meta({ description: "free text" });

/** A number in `unit`, bare or as `{ value, unit, source }`; normalises to the number. */
export function quantity(unit: string, description: string, opts: NumberOptions = {}) {
  const n = bounded(opts);
  const q = z.strictObject({
    value: n.meta({ description: `the value, in ${unit}` }),
    unit: z
      .literal(unit, { error: () => `unit must be "${unit}" for this field` })
      .meta({ description: "must equal the field's unit" }),
    source: quantitySource,
    note: quantityNote,
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
    rndReturns: quantity("1", "elasticity of research progress with respect to R&D spending (diminishing returns below 1)", { gt: 0, max: 2 }),
    researchNoise: quantity("1", "standard deviation of the log of each quarter's research outcome", { min: 0, max: 3 }),
    openWorkEfficiency: quantity("1", "how much of a lab's open-source spending also advances its own knowledge, relative to R&D", { min: 0, max: 1 }),
    absorptionRate: quantity("1/yr", "rate at which a lab closes its gap to the open pool, at full absorptive capacity", { min: 0, max: 50 }),
    absorptionHalfShare: quantity("1", "effective research spending, as a share of the largest lab's, that gives half the full absorptive capacity", { gt: 0, max: 100 }),
    communityProgress: quantity("OOM/yr", "growth of the open pool from open work worth the reference R&D budget", { min: 0, max: 10 }),
    releaseRate: quantity("1/yr", "rate at which a fully open lab's released models catch up with what it knows (1 / the mean release lag)", { min: 0, max: 50 }),
    opennessHalfShare: quantity("1", "open share of a lab's budget at which the lab is half open (how much it releases and how soon)", { gt: 0, max: 1 }),
    releaseDiscount: quantity("OOM", "how far below the lab's own capability the open models of a lab with little open work are (they are smaller); a fully open lab's are not", { min: 0, max: 10 }),
    leakRate: quantity("1/yr", "rate at which closed knowledge leaks to every lab (talent mobility, reverse engineering)", { min: 0, max: 50 }),
    budgetGrowthPersistence: quantity("yr", "e-folding time over which labs' fast budget growth fades toward zero", { gt: 0, max: 1000 }),
    maxAiGdpShare: quantity("1", "ceiling on a country's AI lab budgets as a share of its GDP", { gt: 0, max: 1 }),
    initialOpenPool: quantity("OOM", "knowledge level of the best open-weight models at the start, relative to the frontier", { min: -10, max: 10 }),
    breakthroughRate: quantity("1/yr", "chance per year of a breakthrough in each application domain of a country whose AI research effort (its labs' R&D and open-science funding) is referenceRnd; it grows with effort as effort^rndReturns", { min: 0, max: 4 }),
    breakthroughDiffusion: quantity("1/yr", "rate at which other countries close their gap to the most breakthroughs in a domain (absent: never)", { min: 0, max: 50 }).optional(),
    breakthroughSize: quantity("OOM", "capability a breakthrough adds to its domain in its country, for good (others catch up at breakthroughDiffusion)", { min: 0, max: 5 }),
    rivalryResponse: quantity("1/yr per OOM", "extra budget growth of a country's labs for each OOM its total effective compute trails the leading country's (reacting to rivals); default 0", { min: 0, max: 10 }).optional(),
    nationalResponse: quantity("1/yr per OOM", "growth of a country's public AI spending (public compute, open science, fab investment) for each OOM its total effective compute trails the leading country's (states reacting to rivals); default 0", { min: 0, max: 10 }).optional(),
    allocationLearning: quantity("1/yr", "speed at which labs shift their budget between R&D and compute toward the better observed return; default 0 (a fixed split)", { min: 0, max: 20 }).optional(),
    planningHorizon: quantity("yr", "horizon over which labs value faster research against more compute now", { gt: 0, max: 50 }).optional(),
    runShareStart: quantity("1", "share of a lab's compute going into its frontier training run at the start (a year of the fleet = 1); default: no change over time", { gt: 0, max: 1 }).optional(),
    runShareMax: quantity("1", "share of a lab's compute its frontier run can reach (the rest serves users and experiments)", { gt: 0, max: 1 }).optional(),
    runShareGrowth: quantity("1/yr", "logistic growth rate of the frontier-run share toward runShareMax", { min: 0, max: 20 }).optional(),
    initialFrontierPace: quantity("OOM/yr", "pace of the frontier before the start, used to measure lags older than the run", { gt: 0, max: 10 }),
  })
  .meta({ description: "model-wide parameters (see the parameter catalogue in docs/model.md)" });

const switchOn = (description: string) => z.boolean().optional().meta({ description: `${description} (default true)` });

export const mechanisms = z
  .strictObject({
    macro: switchOn("GDP grows at each country's growth rate"),
    budgetGrowth: switchOn("lab budgets grow toward the GDP ceiling, as far as their financing allows; off: they stay at their starting level"),
    compute: switchOn("labs and governments buy compute and retire old compute; off: stocks stay at their starting level"),
    research: switchOn("R&D and open work raise knowledge"),
    diffusion: switchOn("open releases feed the open pool and labs absorb it"),
    leakage: switchOn("closed knowledge leaks slowly to every lab"),
    adaptation: switchOn("labs and states adapt: budgets and public levers respond to how far the country trails in total effective compute, and the R&D/compute split follows observed returns; off: fixed rules"),
    market: switchOn("the market for AI services: revenue, funding, exit and entry (needs a market section)"),
    learningByDoing: switchOn("deployment in each domain accumulates experience that raises the domain's capability (needs a deployment section); off: it adds nothing"),
    semiconductors: switchOn("compute comes from chip designs made in fabs, under export controls; off: it is bought at the world price without supply limits"),
  })
  .meta({ description: "switch mechanisms off for ablation studies; all are on unless set to false" });

export const exportControls = z
  .strictObject({
    targets: z.array(agentId).max(64).meta({ description: "ids of the countries the rules apply to" }),
    threshold: quantity("PFLOP/s", "chips designed in this country with a dense BF16 performance per chip above this cannot be sold to the targets (a very large value lifts the rule)", { min: 0, max: 1e9 }),
    equipment: quantity("1", "strength of controls on chipmaking equipment sold to the targets: the share of the leading node's yearly progress their fabs cannot follow, which widens their process lag (semiconductors.catchUp closes it), and the share by which their fabs' yield learning slows (0 none, 1 halts both)", { min: 0, max: 1 }),
    foreignProductRule: quantity("1", "how far the threshold also covers chips designed in third countries but made with this country's technology, in fabs outside the targets (the foreign direct product rule): 0 not at all, 1 fully; default 0", { min: 0, max: 1 }).optional(),
    licensed: quantity("k chips/yr", "controlled chips the rule licenses for sale to its targets each year, at most (shared among the targets in proportion to the licensable chips they want, bought before any are smuggled, at list price plus licenceFee); default 0", { min: 0, max: 1e7 }).optional(),
    licensedDesigns: z.array(agentId).min(1).max(64).optional().meta({ description: "ids of the designs the licences cover (the H200 under the rule of January 2026); other controlled designs stay withheld, and the demand withheld from them may turn to these. A design the rule does not control (below its threshold, or out of its reach) needs no licence, so naming it changes nothing. Default: every design the rule controls" }),
    licenceFee: quantity("1", "share of the maker's price (the design's price x vendorShare) that the rule's government takes on each licensed chip, paid by the buyer (the 25% on the H200); it makes licensed chips dearer, so buyers want fewer of them, and its proceeds are the licence_revenue metric; default 0", { min: 0, max: 10 }).optional(),
    smuggling: quantity("k chips/yr", "controlled chips that reach the rule's targets each year despite it, at most: what enforcement lets through (smuggling and diversion through third countries; shared among the targets in proportion to the controlled chips they still want, at semiconductors.smugglingPremium times the list price); default 0", { min: 0, max: 1e7 }).optional(),
    memory: quantity("1", "share of the high-bandwidth memory (HBM) the targets' chip designers need that the rule withholds: that share must come from the target's own stock and domestic output (countries.<c>.hbmPerWafer, initial.hbmStock), and its designs are made only as far as they allow (0 none, 1 all HBM controlled); default 0", { min: 0, max: 1 }).optional(),
  })
  .meta({ description: "export-control rules this country imposes (on chips designed here and on chipmaking equipment)" });

export const countryPolicy = z
  .strictObject({
    fabSubsidy: quantity("1", "share of the price of chips from domestic fabs paid by the state (without a supply chain: of all compute the country buys)", { min: 0, max: 0.95 }),
    openScienceFunding: quantity("USD bn/yr", "public funding of open research and open models, added to the open pool", { min: 0, max: 1e5 }),
    publicComputeSpend: quantity("USD bn/yr", "public spending on compute for research and public services", { min: 0, max: 1e5 }),
    regulatoryBurden: quantity("1", "how much regulation slows deployment in the physical world and the adoption of AI services (0 none, 1 heavy); default 0. The burden at the start is already in what the country had deployed then (countries.<c>.deployment), so only a change by an event moves its own operators' deployment; foreign operators entering it (deployment.entry) meet its burden against their own from the start", { min: 0, max: 1 }).optional(),
    fabInvestment: quantity("USD bn/yr", "public investment in the capacity of domestic fabs (CHIPS Act grants, Big Fund); default 0", { min: 0, max: 1e5 }).optional(),
    domesticChipPreference: quantity("1", "extra weight buyers give chips designed at home (procurement guidance, 'buy domestic'); 0 none, 1 doubles their appeal; default 0", { min: 0, max: 100 }).optional(),
    exportControls: exportControls.optional(),
    foreignAiBarrier: quantity("1", "share of the appeal of foreign AI services that rules at home take away (licensing, blocked services); 0 open, 1 closed; default 0", { min: 0, max: 1 }).optional(),
    operatorBarrier: quantity("1", "share of the driverless fleets foreign operators would bring into the country (deployment.entry) that rules at home bar; 0 open, 1 closed; default 0. It applies to operators from every country alike; fleets already in place withdraw at the entry rate", { min: 0, max: 1 }).optional(),
    aiPowerShare: quantity("1", "share of the generating capacity the country's power sector adds each year (powerAdditions) that new AI data centres can connect to: grid priority, permitting, on-site generation; default 1 (only with powerAdditions)", { min: 0, max: 1 }).optional(),
    governance: quantity("1", "governance and trust: rights, transparency, standards (0 none, 1 exemplary); raises the appeal of the country's AI abroad (C11); default 0.5", { min: 0, max: 1 }).optional(),
    talentOpenness: quantity("1", "talent and visa policy: how freely researchers move in (0 closed, 1 open); scales the foreign researchers' contribution (foreignTalent) and the leakage of closed knowledge into the country's labs; default 1", { min: 0, max: 1 }).optional(),
  })
  .meta({ description: "policy levers of a country" });

const advantage = (what: string) =>
  quantity("OOM", `${what}; default 0`, { min: -5, max: 5 }).optional();

/** Application domains beyond the frontier, each with its own country-level driver. */
export const domainBases = z
  .strictObject({
    cloud: advantage("cloud deployment base (hyperscale data centres, cloud market) relative to the reference country"),
    medical: advantage("medical AI advantage beyond what deployment teaches (health data, clinical market)"),
    driving: advantage("autonomous-driving advantage beyond what deployment teaches (road data, car market)"),
    generative: advantage("generative AI advantage beyond what the use of AI services teaches (content and app ecosystem)"),
    embodied: advantage("embodied AI advantage beyond what deployment teaches (manufacturing skills, robot makers)"),
  })
  .meta({ description: "a country's advantage in each application domain beyond what its deployment teaches, in OOM of effective compute (0 = none)" });

/** What a country has deployed in each deployment-bound domain at the start (learning by doing). */
export const domainDeployment = z
  .strictObject({
    medical: quantity("devices", "AI-enabled medical devices authorised for clinical use (cumulative approvals); default 0", { min: 0, max: 1e9 }).optional(),
    driving: quantity("vehicles", "driverless vehicles (no safety driver) in commercial service; default 0", { min: 0, max: 1e9 }).optional(),
    embodied: quantity("k robots", "industrial robots in operation; default 0", { min: 0, max: 1e7 }).optional(),
  })
  .meta({ description: "what the country has deployed in each domain that acts in the physical world at the start; its deployment then grows with its spending on AI services, at the elasticity observed before the start, and falls as its regulatory burden rises, and the experience it accumulates raises its capability in the domain (the deployment section); a country with none at the start gains none. In generative AI the deployment is the spending on AI services itself" });

export const country = z
  .strictObject({
    id: agentId,
    name: z.string().min(1).meta({ description: "display name" }),
    gdp: quantity("USD tn/yr", "gross domestic product at the start", { gt: 0, max: 1e4 }),
    gdpGrowth: quantity("1/yr", "real GDP growth rate", { min: -0.5, max: 0.5 }),
    computePriceFactor: quantity("1", "price of AI compute for this country relative to the world price (facilities, tariffs; and without a semiconductor supply chain, export controls)", { gt: 0, max: 100 }),
    energyPrice: quantity("USD/MWh", "price of electricity for data centres; default semiconductors.energyPrice", { gt: 0, max: 1e4 }).optional(),
    powerAdditions: quantity("GW/yr", "generating capacity the country's power sector adds in a year at the start (all sources, nameplate); policy.aiPowerShare of it is what its AI data centres can add to the power their chips draw in a year. Absent: no limit on the power for AI chips", { min: 0, max: 1e5 }).optional(),
    powerAdditionsGrowth: quantity("x/yr", "growth of powerAdditions a year; default 1", { gt: 0, max: 10 }).optional(),
    foreignTalent: quantity("1", "share of the country's top AI researchers who came from abroad; their work depends on talent policy (policy.talentOpenness); default 0", { min: 0, max: 1 }).optional(),
    policy: countryPolicy,
    domains: domainBases.optional(),
    deployment: domainDeployment.optional(),
    hbmPerWafer: quantity("stacks/wafer", "high-bandwidth memory (HBM) the country makes at home a year, per wafer a year of the capacity of the AI-chip fabs located in it: domestic memory expands with the logic fabs it serves (the same investment builds both). It matters only where a rule withholds HBM from the country (policy.exportControls.memory); default 0", { min: 0, max: 1e6 }).optional(),
    initial: z
      .strictObject({
        publicCompute: quantity("EFLOP/s", "public and academic AI compute at the start (dense BF16)", { min: 0, max: 1e9 }),
        processLag: quantity("yr", "how many years the most advanced process the country's fabs make chips on trails the leading node (the year the leading foundry reached the same node, before the start); with semiconductors.catchUp it sets how fast the country closes the lag; default 0", { min: 0, max: 50 }).optional(),
        hbmStock: quantity("M stacks", "high-bandwidth memory stacks the country holds at the start for its chip designers, bought before a rule withheld them; drawn down where the rule binds (policy.exportControls.memory); default 0", { min: 0, max: 1e6 }).optional(),
        cloudCompute: quantity("EFLOP/s", "AI compute at the start owned by cloud providers and other users outside the modelled labs and public programmes (dense BF16): it serves users and counts in the world's stock, its power and the country's chips by origin, but not in the country's compute, and trains none of the labs' models; default 0", { min: 0, max: 1e9 }).optional(),
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
    budgetGrowth: quantity("x/yr", "factor by which the lab plans to grow its budget a year at the start (the plan fades with model.budgetGrowthPersistence); it grows that fast only while gross profit, backers and investors finance it and the country is below its GDP ceiling", { gt: 0, max: 100 }),
    backing: quantity("1", "share of the lab's budget a parent company or state pays whatever its revenue (used with a market); default 0", { min: 0, max: 1 }).optional(),
    talent: quantity("1", "research productivity of the lab's researchers relative to the reference lab (talent density); default 1", { gt: 0, max: 10 }).optional(),
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
        cash: quantity("USD bn", "cash at the start (used with a market); default: one year of budget", { min: 0, max: 1e6 }).optional(),
      })
      .meta({ description: "initial conditions (events cannot change these)" }),
    remove: removeFlag,
  })
  .meta({ description: "an AI lab" });

export const chipDesign = z
  .strictObject({
    id: agentId,
    name: z.string().min(1).meta({ description: "display name" }),
    designer: z.string().min(1).meta({ description: "the company that designs the chip (Nvidia, AMD, Huawei)" }),
    country: agentId.meta({ description: "id of the designer's home country: its export controls apply to the chip" }),
    fabs: z.array(agentId).min(1).max(16).meta({ description: "ids of the fabs that make the chip (a second source, such as a US site, can start with no capacity)" }),
    node: quantity("nm", "process node the chip is made on", { gt: 0, max: 1e3 }),
    performance: quantity("PFLOP/s", "dense BF16 performance per chip at the start; it then grows along the roadmap, and an event scales the current value", { gt: 0, max: 1e6 }),
    performanceGrowth: quantity("x/yr", "growth of per-chip performance along the design's roadmap (its successor generations); a widening process lag of its fabs' countries moves it back along this roadmap and a closing one forward (a design with growth 1 is not moved)", { gt: 0, max: 10 }),
    power: quantity("kW", "power drawn by one chip (descriptive: the model uses the system's power)", { gt: 0, max: 1e3 }),
    memory: quantity("GB", "high-bandwidth memory per chip", { min: 0, max: 1e6 }),
    hbmStacks: quantity("stacks/chip", "stacks of high-bandwidth memory (HBM) packaged with each chip: a design from a country whose HBM imports a rule withholds (policy.exportControls.memory) is made only as far as the country's HBM stock and domestic output allow; default 0 (no HBM needed)", { min: 0, max: 1000 }).optional(),
    price: quantity("USD k", "all-in price of one deployed chip (with its share of the system, networking and facility)", { gt: 0, max: 1e6 }),
    software: quantity("1", "appeal of the chip's software ecosystem relative to the reference (CUDA = 1): buyers weigh cost per unit of compute by it; default 1", { gt: 0, max: 100 }).optional(),
    vendorShare: quantity("1", "share of the all-in price (price) that the design's maker is paid: the chip with its board and its share of the system; the rest pays for networking, power and the building. The design's sales (the `sales` metric) and a licence fee (a share of the maker's price) use it; default 1", { gt: 0, max: 1 }).optional(),
    chipsPerWafer: quantity("chips/wafer", "chips per wafer at full yield", { gt: 0, max: 1e5 }),
    markets: z.array(agentId).min(1).max(64).optional().meta({ description: "ids of the only countries whose buyers are offered the design (a chip made for one market, such as the H20 or the H200 line for China); export controls still apply. Default: every country" }),
    system: z
      .strictObject({
        chips: quantity("chips", "chips in one system (rack or supernode)", { min: 1, max: 1e6 }),
        power: quantity("kW", "power of the whole system, with networking and optics", { gt: 0, max: 1e7 }),
        efficiency: quantity("1", "share of the chips' summed peak the system delivers in large training runs when it is the size of semiconductors.referenceSystem (with scaleOutLoss, larger systems deliver more and smaller ones less: chips.ts)", { gt: 0, max: 1 }),
      })
      .meta({ description: "how the chip is deployed: scale-up (few strong chips) or scale-out (many weaker ones)" }),
    initial: z
      .strictObject({
        fabShare: quantity("1", "weight of this design in the output of each of its fabs at the start (normalised among a fab's designs)", { min: 0 }),
        inventory: quantity("k chips", "chips made before the start and not yet sold (Nvidia's H200s in December 2025), at the design's performance at the start: offered beside each quarter's output, they meet the demand the output does not, until none are left; they keep the price from rising while they last, and do not lower it; default 0", { min: 0, max: 1e7 }).optional(),
      })
      .meta({ description: "initial conditions (events cannot change these)" }),
    remove: removeFlag,
  })
  .meta({ description: "an AI chip design" });

export const fab = z
  .strictObject({
    id: agentId,
    name: z.string().min(1).meta({ description: "display name" }),
    operator: z.string().min(1).meta({ description: "the company that runs the fab (TSMC, Samsung, Intel, SMIC)" }),
    country: agentId.meta({ description: "id of the country where the fab is" }),
    node: quantity("nm", "process node", { gt: 0, max: 1e3 }),
    availability: quantity("1", "share of the fab's capacity that can run and ship (1 normally; a blockade lowers it)", { min: 0, max: 1 }),
    yieldTarget: quantity("1", "yield the process approaches as it matures", { gt: 0, max: 1 }),
    yieldLearning: quantity("1/yr", "rate at which yield closes its gap to the target", { min: 0, max: 50 }),
    leadTime: quantity("yr", "time from an investment decision to new capacity (read at the start)", { min: 0.25, max: 20 }),
    capacityCost: quantity("USD bn per kwafer/yr", "investment needed for one thousand more AI-chip wafers a year", { gt: 0, max: 1e4 }),
    reinvestment: quantity("1", "share of the chip sales made on this fab reinvested in its capacity", { min: 0, max: 1 }),
    retirement: quantity("1/yr", "share of the fab's AI-chip capacity that ages out each year (tools worn out or outdated, lines turned to other products); the capacity under construction at the start replaces it as well as growing at capacityGrowth; default 0", { min: 0, max: 10 }).optional(),
    initial: z
      .strictObject({
        capacity: quantity("kwafer/yr", "wafers a year available to AI chips at the start", { min: 0, max: 1e6 }),
        yield: quantity("1", "share of chips that work, at the start", { gt: 0, max: 1 }),
        capacityGrowth: quantity("x/yr", "growth of the capacity already under construction at the start (orders placed before the run), which arrives over the first lead time", { min: 1, max: 100 }),
      })
      .meta({ description: "initial conditions (events cannot change these)" }),
    remove: removeFlag,
  })
  .meta({ description: "a fab (or one node of a foundry at one location)" });

export const semiconductors = z
  .strictObject({
    exposureTo: agentId.meta({ description: "id of the country whose fabs the exposure metric measures dependence on (Taiwan in the baseline)" }),
    energyPrice: quantity("USD/MWh", "default price of electricity for data centres", { gt: 0, max: 1e4 }),
    smugglingPremium: quantity("1", "price of a smuggled chip as a multiple of its list price, which is all-in (chip, system and building: designs[].price), so only the smuggled hardware's markup counts (countries.<c>.policy.exportControls.smuggling); default 1", { min: 1, max: 100 }).optional(),
    inducedInvestment: quantity("1", "fab investment a country adds per dollar of its compute demand that export controls withhold from foreign chips (C8)", { min: 0, max: 10 }),
    priceAdjustment: quantity("1/yr", "speed at which chip prices move with the ratio of demand to supply", { min: 0, max: 50 }),
    choiceSensitivity: quantity("1", "how strongly buyers favour the chip with the lowest cost per unit of compute (logit exponent on cost)", { min: 0, max: 50 }),
    allocationAdjustment: quantity("1/yr", "speed at which a fab shifts its output toward the designs in demand", { min: 0, max: 50 }),
    substitution: quantity("1/yr", "how fast a country under equipment controls learns to make the controlled tools itself, per year and per unit of control: the share of them it still cannot make falls as exp(-substitution x E t), and the controls widen its process lag in proportion to that share (absent: 0, they bind for good)", { min: 0, max: 10 }).optional(),
    catchUp: quantity("1/yr", "how fast a country's process technology closes its lag behind the leading node, per year of lag, for a country that makes all of the world's investment in AI-chip fabs (it scales with the country's share of that investment; absent: 0, no country catches up and equipment controls slow its roadmap for good)", { min: 0, max: 10 }).optional(),
    scaleOutLoss: quantity("1", "share of delivered compute lost each time a training run must link twice as many systems (absent: 0, every design delivers its system.efficiency whatever the size of its systems)", { min: 0, max: 0.9 }).optional(),
    referenceSystem: quantity("PFLOP/s", "peak compute of the system on which a design delivers its system.efficiency at the start; it grows along model.hardwareDoublingTime, so a design that keeps pace with the hardware roadmap keeps its efficiency (needed with scaleOutLoss)", { gt: 0, max: 1e9 }).optional(),
    memory: z
      .strictObject({
        inducedInvestment: quantity("1", "investment in domestic HBM capacity per dollar of the country's chips not made for want of HBM (at list price)", { min: 0, max: 100 }),
        capacityCost: quantity("USD bn per M stacks/yr", "cost of a million stacks a year of new domestic high-bandwidth memory (HBM) capacity, front end and packaging", { gt: 0, max: 1e6 }),
        leadTime: quantity("yr", "time from the investment to HBM capacity in use, rounded to whole quarters; read when the run starts", { min: 0.25, max: 20 }),
      })
      .optional()
      .meta({ description: "how a country whose own chips lack the HBM a rule withholds builds its own: inducedInvestment dollars a year per dollar a year of chips not made (at list price) buy HBM capacity at capacityCost, in use leadTime later; absent: no such response" }),
    designs: z.array(chipDesign).max(200),
    fabs: z.array(fab).max(200),
  })
  .meta({ description: "the semiconductor supply chain: chip designs and the fabs that make them" });

/** Learning by doing in the application domains. */
export const deployment = z
  .strictObject({
    learning: quantity("OOM", "capability a tenfold larger share of the world's experience adds in a domain (experience: the deployment accumulated over time, countries.<c>.deployment)", { min: 0, max: 5 }),
    scale: quantity("1", "share of the world's experience in a domain below which a country's own adds little: the bonus is learning x log10(1 + experience / (scale x the world's, now))", { gt: 0, max: 1 }),
    regulation: quantity("1", "share of deployment in medical, driving and embodied AI that the heaviest regulatory burden (countries.<c>.policy.regulatoryBurden = 1) stops, relative to a country's burden at the start (which is in its deployment then)", { min: 0, max: 0.95 }),
    spendingGrowth: quantity("x/yr", "growth of spending on AI services before the start: with each domain's pastGrowth it gives the elasticity of deployment to spending, ln(pastGrowth) / ln(spendingGrowth), at most 4, and the experience of generative AI at the start", { gt: 1, max: 100 }),
    pastGrowth: z
      .strictObject({
        medical: quantity("x/yr", "growth of the world's AI medical devices before the start; a deployment that grew at G has accumulated deployment / ln G years of experience, and it grows with spending on AI at the elasticity ln G / ln spendingGrowth", { gt: 1, max: 100 }),
        driving: quantity("x/yr", "growth of driverless fleets before the start", { gt: 1, max: 100 }),
        embodied: quantity("x/yr", "growth of the world's stock of industrial robots before the start", { gt: 1, max: 100 }),
      })
      .meta({ description: "how fast each domain's deployment grew before the start: it sets the experience accumulated by then" }),
    entry: z
      .strictObject({
        driving: quantity("1/yr", "how fast operators of driverless fleets enter other countries; default 0 (AI medical devices and robots need no entry: countries.<c>.deployment counts them where they are in use, whoever made them)", { min: 0, max: 100 }).optional(),
      })
      .optional()
      .meta({ description: "entry into other countries: each quarter a country's operators close the share 1 - exp(-rate / 4) of the gap between their fleet in another country and that country's share of their fleet at home, as its share of the world's spending on AI services, scaled by trust in their country's governance, by the host's policy.operatorBarrier and by its regulatory burden against theirs. The fleet counts in the host's deployment; its experience goes to the operators' country. Absent: no country deploys abroad" }),
  })
  .meta({ description: "learning by doing: deployment in each domain accumulates experience that raises the domain's capability" });

export const market = z
  .strictObject({
    initialDemand: quantity("1", "spending on AI services as a share of GDP at the start, in every country", { gt: 0, max: 1 }),
    demandElasticity: quantity("1/OOM", "OOM growth of the spending that the capability on offer in a country justifies, per OOM of that capability", { min: 0, max: 5 }),
    maxDemand: quantity("1", "ceiling on spending on AI services as a share of GDP", { gt: 0, max: 1 }),
    adoptionRate: quantity("1/yr", "how fast spending on AI services moves toward what the capability on offer justifies: the share 1 - exp(-adoptionRate) of the gap closes in a year (absent: at once); with spending at the start set by initialDemand, a slower rate means more spending held back at the start, which is spent later", { gt: 0, max: 100 }).optional(),
    regulationDrag: quantity("1", "share of the speed of adoption lost at full regulatory burden (countries.<c>.policy.regulatoryBurden = 1); default 0; below 1, so that spending always moves", { min: 0, max: 0.95 }).optional(),
    qualitySensitivity: quantity("1/OOM", "how strongly users favour capability: attractiveness grows by e for each 1/qualitySensitivity OOM", { min: 0, max: 100 }),
    priceSensitivity: quantity("1", "elasticity of a firm's attractiveness to its price; it also sets the labs' margin over serving cost, 1 / (1 + priceSensitivity x (1 - their share of the markets they sell in))", { min: 0, max: 100 }),
    homeBias: quantity("1", "extra attractiveness of domestic firms (language, data rules, procurement); 1 doubles it", { min: 0, max: 100 }),
    trustEffect: quantity("1", "extra attractiveness abroad per unit of the home country's governance score (C11)", { min: 0, max: 20 }),
    servingCost: quantity("USD per Mtok", "cost of serving a million tokens at the start", { gt: 0, max: 1e6 }),
    distillation: quantity("1", "serving a capability level one OOM below a firm's own costs 10^-distillation as much (smaller, distilled models)", { min: 0, max: 5 }),
    investorMultiple: quantity("1", "investors' money a year per dollar of a frontier lab's gross profit (its revenue less the cost of serving it)", { min: 0, max: 100 }),
    fundingGap: quantity("OOM", "investors' funding falls by e for each this many OOM a lab's knowledge trails the best lab's", { gt: 0, max: 100 }),
    distressCut: quantity("1/yr", "fastest rate at which a lab that cannot finance its budget cuts it (meanwhile it spends its cash; it leaves the race when the cash is gone)", { min: 0, max: 20 }),
    entryRate: quantity("1/yr per USD tn", "new firms a year per USD tn of AI spending, when the open pool is at the frontier", { min: 0, max: 1e4 }),
    entrantBudget: quantity("USD bn/yr", "budget of a new firm", { gt: 0, max: 1e3 }),
    fringeVariety: quantity("1", "how the appeal of a country's small firms grows with their number n: as n^fringeVariety (0: one option whatever n; 1: each counts as a lab)", { min: 0, max: 1 }),
    fringeExit: quantity("1/yr", "exit rate of small firms whose revenue just covers their budgets", { min: 0, max: 20 }),
    gdpEffect: quantity("1/yr", "extra GDP growth per unit of AI spending as a share of GDP (AI's contribution to growth)", { min: 0, max: 10 }),
    cloudGrowth: quantity("x/yr", "growth of spending on AI services that cloud providers expect at the start; with their compute, it sets what they spend (needed with countries' initial.cloudCompute)", { gt: 0, max: 100 }).optional(),
    cloudExpectation: quantity("1/yr", "how fast the growth of spending on AI services that cloud providers expect follows the growth they observe (needed with countries' initial.cloudCompute)", { min: 0, max: 100 }).optional(),
    cloudHorizon: quantity("yr", "how far ahead cloud providers build for the spending on AI services they expect (needed with countries' initial.cloudCompute)", { min: 0, max: 20 }).optional(),
  })
  .meta({ description: "the market for AI services: demand, competition on capability and price, funding, entry and exit" });

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
    semiconductors: semiconductors.optional().meta({ description: "the semiconductor supply chain; without it, compute is bought at the world price (model.computePrice)" }),
    market: market.optional().meta({ description: "the market for AI services; without it, labs are funded by their budgets alone and never exit" }),
    deployment: deployment.optional().meta({ description: "learning by doing in the application domains; without it, a domain's capability comes from the frontier, the country's base and breakthroughs only" }),
    events: z.array(event).max(200).optional(),
    milestones: z.array(milestone).max(200).optional(),
  })
  .meta({ title: "airace scenario", description: "An airace scenario: agents, parameters, events and milestones." });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ModelParams = Scenario["model"];
export type CountryParams = Scenario["countries"][number];
export type FirmParams = Scenario["firms"][number];
export type MarketParams = NonNullable<Scenario["market"]>;
export type DeploymentParams = NonNullable<Scenario["deployment"]>;
export type SemiconductorParams = NonNullable<Scenario["semiconductors"]>;
export type DesignParams = SemiconductorParams["designs"][number];
export type FabParams = SemiconductorParams["fabs"][number];
