// Builds the classroom explorer (src/explorer/app) into dist/web: a static page and its
// web worker, with the model, the scenario library and the chart libraries bundled in, so
// nothing is fetched from the network when it runs. `airace serve` serves the result.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL("src/explorer/app", import.meta.url)),
  base: "./",
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // vega, vega-lite, mathjs and the model make one large bundle, served locally
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
    // the licences of the libraries bundled into the page and its worker, served beside it
    license: { fileName: "THIRD-PARTY-LICENSES.md" },
    // no "[PLUGIN_TIMINGS]" warnings on a slow machine: they read as problems and are not
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  // one file for the worker: mathjs, which the scenario code imports dynamically in a browser
  // (src/scenario/mathjs.ts), is loaded before the worker reads its first message
  worker: { format: "es", rolldownOptions: { output: { codeSplitting: false }, checks: { bundlerTimings: false } } },
});
