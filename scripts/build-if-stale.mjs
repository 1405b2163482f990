/* global process */
// `npm start` builds only when something the build reads is newer than its last output, so a
// second `npm start`, or one right after `npm install` (which builds once), runs at once.
// The build's last output is the explorer's page (dist/web/index.html): a build that stopped
// half-way removed it with the rest of dist/, so it counts as stale.
// --check only says "up to date" or "stale" (exit 0 or 1); --root DIR looks at another tree.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const at = args.indexOf("--root");
const root = at >= 0 ? args[at + 1] : join(dirname(fileURLToPath(import.meta.url)), "..");
const INPUTS = ["src", "scenarios", "package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "tsconfig.explorer.json", "vite.cli.config.ts", "vite.explorer.config.ts", "scripts/store-scenarios.mjs"];
const OUTPUTS = ["dist/cli/main.js", "dist/web/index.html"];

/** The newest modification time under a file or folder (0 if it does not exist). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const entry of readdirSync(path)) t = Math.max(t, newest(join(path, entry)));
  return t;
}

const built = Math.min(...OUTPUTS.map((f) => (existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0)));
const changed = Math.max(...INPUTS.map((f) => newest(join(root, f))));
const stale = !(built > 0 && built >= changed);
if (args.includes("--check")) {
  process.stdout.write(stale ? "stale\n" : "up to date\n");
  process.exit(stale ? 1 : 0);
}
if (!stale) process.exit(0);
const r = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
