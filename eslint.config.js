// ESLint flat config: typescript-eslint's recommended rules, plus the purity rules that keep
// the engine, model, scenario, experiment, report and explorer code runnable unchanged in a browser and reproducible.
// (src/explorer/app is the page itself: the DOM, timers and the worker live there.)
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const pure = ["src/engine/**/*.ts", "src/model/**/*.ts", "src/scenario/**/*.ts", "src/experiment/**/*.ts", "src/evaluation/**/*.ts", "src/report/**/*.ts", "src/explorer/*.ts"];

export default tseslint.config(
  { ignores: ["dist/", "dist-bench/", "node_modules/", "results/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: pure,
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["node:*", "fs", "path", "os", "crypto", "child_process"], message: "pure code: file and process I/O lives in src/io and src/cli" }] }],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "pure code: no process access outside src/io and src/cli" },
        { name: "Date", message: "no dates or clocks inside the engine and model (reproducibility)" },
        { name: "setTimeout", message: "no timers inside the engine and model" },
        { name: "setInterval", message: "no timers inside the engine and model" },
        { name: "performance", message: "no clocks inside the engine and model" },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Math", property: "random", message: "use the run's Rng (reproducibility)" },
        // engines round these differently (Node and Chromium disagree in the last bit)
        ...["exp", "expm1", "log", "log10", "log1p", "log2", "pow", "cos", "sin", "tan", "acos", "asin", "atan", "atan2", "cosh", "sinh", "tanh", "acosh", "asinh", "atanh", "cbrt", "hypot"].map((property) => ({
          object: "Math",
          property,
          message: "use src/engine/fmath.ts: Math's transcendental functions differ between JavaScript engines",
        })),
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "BinaryExpression[operator='**']:not([left.type='Literal'][right.type='Literal'])", message: "use fm.pow from src/engine/fmath.ts: ** differs between JavaScript engines" },
        { selector: "AssignmentExpression[operator='**=']", message: "use fm.pow from src/engine/fmath.ts: ** differs between JavaScript engines" },
      ],
      "no-console": "error",
    },
  },
);
