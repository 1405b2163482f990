/**
 * The scenario and experiment JSON Schemas for editors (yaml-language-server, VS Code), from the zod schemas.
 *
 * A scenario file that extends others is an overlay: it is merged over them (merge.ts), so it
 * may leave out anything they give, and an entry of a list merged by id may give only its id
 * and what it changes. Only the merged scenario has the full form. The scenario schema
 * therefore holds two forms derived from the one zod schema, `scenario` (the full form) and
 * `overlay`, and a file is checked against the overlay form when it extends another file and
 * against the full form otherwise.
 */
import * as z from "zod";
import { experimentSchema } from "../experiment/schema.js";
import { isRecord } from "../engine/path.js";
import { scenarioSchema } from "./schema.js";

type Node = Record<string, unknown>;

export function scenarioJsonSchema(): string {
  const { $schema, title, description, ...full } = z.toJSONSchema(scenarioSchema, { io: "input", target: "draft-7" }) as Node;
  const schema = {
    $schema,
    title,
    description,
    // `extends: []` extends nothing: such a file is loaded as a full scenario
    if: { type: "object", required: ["extends"], properties: { extends: { not: { type: "array", maxItems: 0 } } } },
    then: { $ref: "#/definitions/overlay" },
    else: { $ref: "#/definitions/scenario" },
    definitions: {
      scenario: { title, description: "a scenario that extends nothing: every required key is given", ...full },
      overlay: {
        title: `${String(title)} overlay`,
        description: "a scenario that extends others: it gives what it changes; entries of lists merged by id need only their id",
        ...overlayOf(full),
        required: ["extends"],
      },
    },
  };
  return JSON.stringify(schema, null, 2) + "\n";
}

export function experimentJsonSchema(): string {
  const schema = z.toJSONSchema(experimentSchema, { io: "input", target: "draft-7" });
  return JSON.stringify(schema, null, 2) + "\n";
}

/**
 * What an overlay may write where the full form expects `node`, as merge.ts merges it: a map
 * merges key by key, so none of its keys is required (at any depth, quantities and named
 * parameters included); a list of items with an `id` merges by id, so an item needs only its
 * id and the list's length bounds apply to the merged list, not to the file; any other list
 * and every scalar replace what is inherited, so they keep the full form. Unknown keys and
 * wrong types are refused as in the full form.
 */
function overlayOf(node: Node): Node {
  const out: Node = { ...node };
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const branches = node[key];
    if (Array.isArray(branches)) out[key] = branches.map((b) => (isRecord(b) ? overlayOf(b) : b));
  }
  if (node["type"] === "object") {
    delete out["required"];
    const props = node["properties"];
    if (isRecord(props)) out["properties"] = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, isRecord(v) ? overlayOf(v) : v]));
    if (isRecord(node["additionalProperties"])) out["additionalProperties"] = overlayOf(node["additionalProperties"]);
  }
  const items = node["items"];
  if (node["type"] === "array" && isRecord(items) && isRecord(items["properties"]) && "id" in items["properties"]) {
    delete out["minItems"];
    delete out["maxItems"];
    out["items"] = { ...overlayOf(items), required: ["id"] };
  }
  return out;
}
