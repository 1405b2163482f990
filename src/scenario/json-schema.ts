/** The scenario JSON Schema for editors (yaml-language-server, VS Code), from the zod schema. */
import * as z from "zod";
import { scenarioSchema } from "./schema.js";

export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", target: "draft-7" });
  return JSON.stringify(schema, null, 2) + "\n";
}
