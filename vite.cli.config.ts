// Bundles the command line (as tsc built it in dist/tsc/, which the build then removes) so that a
// command loads a few files rather than hundreds: airace's own modules, zod's, yaml's and
// commander's. Loading them one by one took a tenth of `airace run baseline` (README,
// "Performance"). The bundle is dist/cli/main.js and the sweep's worker, each command's code in
// a file of its own, loaded when the command runs; they are in dist/cli, where the paths they
// take from their own location (./sweep-worker.js, ./main.js, ../web/, ../scenario-store/) lead. Left outside: piscina (which starts its workers
// from its own folder), vega and vega-lite (loaded for reports only), and mathjs's single file,
// which Node loads with require (src/scenario/mathjs.ts).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { defineConfig } from "vite";

const dist = (path: string) => fileURLToPath(new URL(`dist/${path}`, import.meta.url));

/**
 * Each of tsc's files with its source map, so that the bundle's maps lead to src/*.ts rather
 * than to dist/tsc, which is removed after the build.
 */
const tscSourceMaps: Plugin = {
  name: "airace-tsc-source-maps",
  load(id) {
    if (!id.startsWith(dist("tsc/")) || !id.endsWith(".js") || !existsSync(`${id}.map`)) return null;
    return { code: readFileSync(id, "utf8"), map: readFileSync(`${id}.map`, "utf8") };
  },
};

export default defineConfig({
  plugins: [tscSourceMaps],
  logLevel: "warn",
  build: {
    ssr: true,
    outDir: dist("cli"),
    emptyOutDir: false,
    target: "node20",
    minify: false,
    sourcemap: true,
    reportCompressedSize: false,
    // the licences of the libraries copied into the bundle, beside it
    license: { fileName: "THIRD-PARTY-LICENSES.md" },
    rolldownOptions: {
      input: {
        main: dist("tsc/cli/main.js"),
        "sweep-worker": dist("tsc/cli/sweep-worker.js"),
        // the command line's two halves, at names of their own, for a test that installs the
        // handler of signals and then runs a command, as main.js does, with a signal between
        app: dist("tsc/cli/app.js"),
        interrupt: dist("tsc/cli/interrupt.js"),
      },
      output: { format: "es", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" },
      checks: { bundlerTimings: false },
    },
  },
  ssr: { target: "node", noExternal: true, external: ["piscina", "vega", "vega-lite", "mathjs/lib/browser/math.js"] },
});
