// Part of `npm run build`, after tsc (whose output, in dist/tsc, it uses): stores the parse of
// each library scenario beside the built tool (dist/scenario-store), so that commands reading
// them need not parse their YAML again (src/io/scenario-store.ts says how a stored parse is
// found and checked).
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { writeScenarioStore } = await import(join(root, "dist", "tsc", "io", "scenario-store.js"));
// where the bundled command line looks for it (dist/cli/../scenario-store)
const stored = writeScenarioStore(join(root, "scenarios"), join(root, "dist", "scenario-store"));
if (stored.length === 0) {
  process.stderr.write("store-scenarios: no library scenario could be stored\n");
  process.exit(1);
}
