/**
 * Expressions in scenario files: event conditions, milestones, event values and derived
 * parameters. Parsed by mathjs (>= 15.2.0) in a locked-down instance, then accepted only if
 * every node of the parse tree is on an allowlist, and every symbol is declared. Typed: a
 * condition must be boolean, a value must be numeric.
 *
 * The checked tree is compiled here into plain closures, not by mathjs: evaluation then runs
 * no mathjs code at all (nothing to escape from), allocates nothing, and checks every
 * intermediate number: a NaN or an infinity (0/0, sqrt(-1), 2^1024) is an error that names
 * the expression, never a silent false. Comparisons are exact IEEE comparisons.
 *
 * Allowed: numbers, true/false, declared symbols, parentheses, `a ? b : c`, the operators
 * + - * / ^ % (binary and unary), < <= > >= == !=, and or xor not, and the functions in
 * FUNCTIONS. Everything else (assignment, function definition, property access, indexing,
 * matrices, ranges, strings, units, implicit multiplication, `random()`) is rejected.
 */
import type { MathNode } from "mathjs";
import { mathjs } from "./mathjs.js";
import { didYouMean } from "./issues.js";
import * as fm from "../engine/fmath.js";

// a new instance (of every function, each made when first used) with the default configuration
const math = mathjs.create();
const disabled = (name: string) => () => {
  throw new Error(`${name} is disabled`);
};
/** What an expression could use to escape the sandbox, disabled (as the mathjs security page recommends). */
const LOCKED = {
  import: disabled("import"),
  createUnit: disabled("createUnit"),
  reviver: disabled("reviver"),
  evaluate: disabled("evaluate"),
  parse: disabled("parse"),
  simplify: disabled("simplify"),
  derivative: disabled("derivative"),
  resolve: disabled("resolve"),
  compile: disabled("compile"),
  chain: disabled("chain"),
  // a new instance, whose functions would not be disabled
  create: disabled("create"),
};
// Before the parser is made, the functions to disable are set aside (assigning a name of the
// instance replaces a function not yet made, as import does): math.import would first make
// each one it replaces, to see whether it is typed, at more cost than the parser. Only parse,
// which is kept, and import, which does the disabling, are made. And units go,
// which expressions do not admit (in mathjs an undeclared `s` or `day` is one): the parser's
// symbol nodes would otherwise make the whole unit system, two thirds of the parser's making,
// to tell a unit from a name when evaluated, which mathjs never does here. The trees are the same.
const instance = math as unknown as Record<string, unknown>;
for (const name of ["Unit", ...Object.keys(LOCKED).filter((n) => n !== "import" && n !== "parse" && n !== "create")]) instance[name] = undefined;
// keep the parser, then disable
const parse = math.parse.bind(math);
math.import(LOCKED, { override: true });

/** The mathjs instance expressions are parsed with, locked down as above: for its tests. */
export const parserMath = math;

export const MAX_EXPRESSION_LENGTH = 500;
export const MAX_EXPRESSION_DEPTH = 24;

const ARITHMETIC = new Set(["add", "subtract", "multiply", "divide", "pow", "mod", "unaryMinus", "unaryPlus"]);
const RELATIONAL = new Set(["smaller", "smallerEq", "larger", "largerEq", "equal", "unequal"]);
const LOGICAL = new Set(["and", "or", "xor", "not"]);

/** Functions an expression may call, with their arity range. All numeric -> numeric. */
export const FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = {
  min: [1, 16],
  max: [1, 16],
  abs: [1, 1],
  sqrt: [1, 1],
  exp: [1, 1],
  log: [1, 2],
  log10: [1, 1],
  floor: [1, 1],
  ceil: [1, 1],
  round: [1, 1],
};

type ExprType = "number" | "boolean";

export interface CompiledExpression {
  readonly text: string;
  readonly type: ExprType;
  readonly symbols: readonly string[];
  /** Throws ExpressionError when an intermediate value is not finite. */
  evaluate(scope: Record<string, number>): number | boolean;
}

export type CompileResult = { ok: true; expr: CompiledExpression } | { ok: false; message: string };

class Reject extends Error {}

/** A number that is not finite, met while evaluating an expression. */
export class ExpressionError extends Error {}

type Scope = Record<string, number>;
type Fn = (scope: Scope) => number | boolean;

function finite(v: number, what: string): number {
  if (v - v !== 0) throw new ExpressionError(`${what} gave ${String(v)}`);
  return v;
}

const FUNCTION_IMPLS: Readonly<Record<string, (args: number[]) => number>> = {
  min: (a) => Math.min(...a),
  max: (a) => Math.max(...a),
  abs: (a) => Math.abs(a[0]!),
  sqrt: (a) => Math.sqrt(a[0]!),
  exp: (a) => fm.exp(a[0]!),
  log: (a) => (a.length === 2 ? fm.log(a[0]!) / fm.log(a[1]!) : fm.log(a[0]!)),
  log10: (a) => fm.log10(a[0]!),
  floor: (a) => Math.floor(a[0]!),
  ceil: (a) => Math.ceil(a[0]!),
  // half away from zero, as mathjs rounds
  round: (a) => Math.sign(a[0]!) * Math.round(Math.abs(a[0]!)),
};

/** Compiles a checked tree into closures. Only the node kinds `check` accepts reach here. */
function build(node: MathNode): Fn {
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case "ConstantNode": {
      const v = n["value"] as number | boolean;
      return () => v;
    }
    case "SymbolNode": {
      const name = n["name"] as string;
      return (scope) => scope[name] as number;
    }
    case "ParenthesisNode":
      return build(n["content"] as MathNode);
    case "ConditionalNode": {
      const c = build(n["condition"] as MathNode);
      const t = build(n["trueExpr"] as MathNode);
      const f = build(n["falseExpr"] as MathNode);
      return (scope) => (c(scope) ? t(scope) : f(scope));
    }
    case "FunctionNode": {
      const name = (n["fn"] as MathNode & { name: string }).name;
      const impl = FUNCTION_IMPLS[name]!;
      const args = (n["args"] as MathNode[]).map(build);
      const values = new Array<number>(args.length).fill(0);
      return (scope) => {
        for (let i = 0; i < args.length; i++) values[i] = args[i]!(scope) as number;
        return finite(impl(values), `${name}(...)`);
      };
    }
    default: {
      const fn = n["fn"] as string;
      const op = n["op"] as string;
      const args = (n["args"] as MathNode[]).map(build);
      const a = args[0]!;
      if (args.length === 1) {
        if (fn === "unaryMinus") return (scope) => -(a(scope) as number);
        if (fn === "unaryPlus") return a;
        return (scope) => !a(scope); // not
      }
      const b = args[1]!;
      const num = (f: (x: number, y: number) => number): Fn => (scope) => finite(f(a(scope) as number, b(scope) as number), `"${op}"`);
      switch (fn) {
        case "add":
          return num((x, y) => x + y);
        case "subtract":
          return num((x, y) => x - y);
        case "multiply":
          return num((x, y) => x * y);
        case "divide":
          return num((x, y) => x / y);
        case "pow":
          return num((x, y) => fm.pow(x, y));
        case "mod":
          // mathjs: the result has the sign of the divisor
          return num((x, y) => x - y * Math.floor(x / y));
        case "smaller":
          return (scope) => (a(scope) as number) < (b(scope) as number);
        case "smallerEq":
          return (scope) => (a(scope) as number) <= (b(scope) as number);
        case "larger":
          return (scope) => (a(scope) as number) > (b(scope) as number);
        case "largerEq":
          return (scope) => (a(scope) as number) >= (b(scope) as number);
        case "equal":
          return (scope) => a(scope) === b(scope);
        case "unequal":
          return (scope) => a(scope) !== b(scope);
        case "and":
          return (scope) => Boolean(a(scope)) && Boolean(b(scope));
        case "or":
          return (scope) => Boolean(a(scope)) || Boolean(b(scope));
        default:
          return (scope) => Boolean(a(scope)) !== Boolean(b(scope)); // xor
      }
    }
  }
}

/**
 * Parses and checks an expression. `symbols` are the names it may read; `want` the type it
 * must have.
 */
export function compileExpression(text: string, symbols: ReadonlySet<string>, want: ExprType): CompileResult {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, message: `expression longer than ${MAX_EXPRESSION_LENGTH} characters` };
  }
  let root: MathNode;
  try {
    root = parse(text);
  } catch (e) {
    return { ok: false, message: `cannot parse expression "${text}": ${(e as Error).message}` };
  }
  const used = new Set<string>();
  let type: ExprType;
  try {
    type = check(root, 0, symbols, used);
  } catch (e) {
    if (e instanceof Reject) return { ok: false, message: `expression "${text}": ${e.message}` };
    throw e;
  }
  if (type !== want) {
    return {
      ok: false,
      message:
        want === "boolean"
          ? `expression "${text}" is a number; a condition must be true or false (use a comparison such as > or <)`
          : `expression "${text}" is true/false; a number is needed here`,
    };
  }
  const code = build(root);
  return { ok: true, expr: { text, type, symbols: [...used].sort(), evaluate: code } };
}

function check(node: MathNode, depth: number, symbols: ReadonlySet<string>, used: Set<string>): ExprType {
  if (depth > MAX_EXPRESSION_DEPTH) throw new Reject(`nested deeper than ${MAX_EXPRESSION_DEPTH} levels`);
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case "ConstantNode": {
      const v = n["value"];
      if (typeof v === "number" && Number.isFinite(v)) return "number";
      if (typeof v === "boolean") return "boolean";
      throw new Reject(`constant ${typeof v === "string" ? JSON.stringify(v) : String(v)} is not allowed (only finite numbers, true and false)`);
    }
    case "SymbolNode": {
      const name = n["name"] as string;
      if (!symbols.has(name)) {
        throw new Reject(`unknown symbol "${name}"${didYouMean(name, [...symbols])}`);
      }
      used.add(name);
      return "number";
    }
    case "ParenthesisNode":
      return check(n["content"] as MathNode, depth + 1, symbols, used);
    case "ConditionalNode": {
      const c = check(n["condition"] as MathNode, depth + 1, symbols, used);
      if (c !== "boolean") throw new Reject("the condition of a ? b : c must be true or false");
      const a = check(n["trueExpr"] as MathNode, depth + 1, symbols, used);
      const b = check(n["falseExpr"] as MathNode, depth + 1, symbols, used);
      if (a !== b) throw new Reject("both branches of a ? b : c must have the same type");
      return a;
    }
    case "OperatorNode": {
      const fn = n["fn"] as string;
      const op = n["op"] as string;
      if (n["implicit"] === true) throw new Reject("implicit multiplication is not allowed: write * explicitly");
      const args = (n["args"] as MathNode[]).map((a) => check(a, depth + 1, symbols, used));
      if (ARITHMETIC.has(fn)) {
        if (args.some((t) => t !== "number")) throw new Reject(`operator ${op} needs numbers`);
        return "number";
      }
      if (RELATIONAL.has(fn)) {
        if (args.some((t) => t !== "number")) throw new Reject(`comparison ${op} needs numbers`);
        return "boolean";
      }
      if (LOGICAL.has(fn)) {
        if (args.some((t) => t !== "boolean")) throw new Reject(`operator ${op} needs true/false operands`);
        return "boolean";
      }
      throw new Reject(`operator ${op} is not allowed`);
    }
    case "FunctionNode": {
      const fnNode = n["fn"] as MathNode & Record<string, unknown>;
      const name = fnNode.type === "SymbolNode" ? (fnNode["name"] as string) : "";
      const arity = FUNCTIONS[name];
      if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, name) || arity === undefined) {
        throw new Reject(`function ${name || "call"} is not allowed${didYouMean(name, Object.keys(FUNCTIONS))}; allowed: ${Object.keys(FUNCTIONS).join(", ")}`);
      }
      const args = n["args"] as MathNode[];
      if (args.length < arity[0] || args.length > arity[1]) throw new Reject(`${name} takes ${arity[0]}..${arity[1]} arguments`);
      for (const a of args) if (check(a, depth + 1, symbols, used) !== "number") throw new Reject(`${name} needs numbers`);
      return "number";
    }
    default:
      throw new Reject(`${describeNode(node.type)} is not allowed`);
  }
}

function describeNode(type: string): string {
  const names: Record<string, string> = {
    AssignmentNode: "assignment",
    FunctionAssignmentNode: "function definition",
    AccessorNode: "property access or indexing",
    IndexNode: "indexing",
    ArrayNode: "a matrix or list",
    ObjectNode: "an object",
    RangeNode: "a range",
    BlockNode: "a block of several expressions",
    RelationalNode: "a chained comparison (write a < b and b < c)",
  };
  return names[type] ?? `a ${type}`;
}
