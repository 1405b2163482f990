/**
 * A loaded scenario plus a seed -> the engine's run specification for the AI-race model.
 */
import type { RunSpec } from "../engine/run.js";
import { aiRaceModel } from "../model/index.js";
import type { ModelInput, World } from "../model/index.js";
import type { LoadedScenario } from "./load.js";

export type AiRaceSpec = RunSpec<World, ModelInput>;

export function toRunSpec(loaded: LoadedScenario, seed: number): AiRaceSpec {
  const { scenario } = loaded;
  return {
    model: aiRaceModel,
    params: { model: scenario.model, countries: scenario.countries, firms: scenario.firms, mechanisms: scenario.mechanisms, semiconductors: scenario.semiconductors, market: scenario.market, deployment: scenario.deployment },
    clock: loaded.clock,
    seed,
    events: loaded.events,
    milestones: loaded.milestones,
    constants: loaded.constants,
  };
}
