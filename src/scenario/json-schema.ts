/** The scenario and experiment JSON Schemas for editors (yaml-language-server, VS Code), from the zod schemas. */
import * as z from "zod";
import { experimentSchema } from "../experiment/schema.js";
import { scenarioSchema } from "./schema.js";

export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", target: "draft-7" });
  return JSON.stringify(schema, null, 2) + "\n";
}

export function experimentJsonSchema(): string {
  const schema = z.toJSONSchema(experimentSchema, { io: "input", target: "draft-7" });
  return JSON.stringify(schema, null, 2) + "\n";
}
