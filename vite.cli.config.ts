// Bundles the command line (as tsc built it in dist/) so that a command loads a few files rather
// than hundreds: airace's own modules, zod's, yaml's and commander's. Loading them one by one
// took a tenth of `airace run baseline` (README, "Performance"). dist/cli/main.js and the sweep's
// worker are rewritten in place, each command's code in a file of its own, loaded when the
// command runs; they stay in dist/cli, where the paths they take from their own location
// (./sweep-worker.js, ./main.js, ../web/) lead. Left outside: piscina (which starts its workers
// from its own folder), vega and vega-lite (loaded for reports only), and mathjs's single file,
// which Node loads with require (src/scenario/mathjs.ts).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const dist = (path: string) => fileURLToPath(new URL(`dist/${path}`, import.meta.url));

export default defineConfig({
  logLevel: "warn",
  build: {
    ssr: true,
    outDir: dist("cli"),
    emptyOutDir: false,
    target: "node20",
    minify: false,
    sourcemap: true,
    reportCompressedSize: false,
    rolldownOptions: {
      input: { main: dist("cli/main.js"), "sweep-worker": dist("cli/sweep-worker.js") },
      output: { format: "es", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" },
      checks: { bundlerTimings: false },
    },
  },
  ssr: { target: "node", noExternal: true, external: ["piscina", "vega", "vega-lite", "mathjs/lib/browser/math.js"] },
});
