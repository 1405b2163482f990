/**
 * The run's random numbers: an explicit generator object with plain-data state and
 * labelled sub-streams.
 *
 * Algorithm: Tyche-i (Neves & Araujo 2011, a ChaCha-quarter-round generator; 128-bit state,
 * period ~2^127) from the `seedrandom` package. It is among the fastest generators seedrandom
 * offers and its state is four 32-bit integers, so it serialises exactly as JSON.
 *
 * Streams: `fork(label)` derives a child whose seed is a hash of the parent's seed key and the
 * label. It does not depend on how many numbers the parent has drawn, so adding a stream (or
 * drawing more from one) never shifts any other stream.
 */
import seedrandom from "seedrandom";
import { hash53 } from "./hash.js";
import * as fm from "./fmath.js";

/** The generator's complete state: four 32-bit words plus the key its children derive from. */
export interface RngState {
  /** Seed key: "<master seed>" or "<parent key>/<label>"; children hash it with their label. */
  key: string;
  a: number;
  b: number;
  c: number;
  d: number;
}

type Tychei = ReturnType<typeof seedrandom.tychei>;

export class Rng {
  readonly key: string;
  private readonly gen: Tychei & { state(): { a: number; b: number; c: number; d: number } };

  private constructor(key: string, init: number | { a: number; b: number; c: number; d: number }) {
    this.key = key;
    const options = typeof init === "number" ? { state: true } : { state: init };
    // seedrandom's typings take a string seed; an integer seed is also supported at run time
    // and sets the 53 bits directly, without string mixing.
    const make = seedrandom.tychei as unknown as (seed: number | undefined, opts: object) => typeof this.gen;
    this.gen = make(typeof init === "number" ? init : undefined, options);
  }

  /** A root stream for a master seed (any safe integer). */
  static fromSeed(seed: number): Rng {
    const key = String(seed);
    return new Rng(key, hash53(key));
  }

  /** Restores a generator exactly as it was when `state()` was taken. */
  static fromState(state: RngState): Rng {
    return new Rng(state.key, { a: state.a, b: state.b, c: state.c, d: state.d });
  }

  /** The 53-bit seed a stream with this key starts from (recorded in manifests). */
  static seedOf(key: string): number {
    return hash53(key);
  }

  /** A child stream named `label`, independent of this stream's draws. */
  fork(label: string): Rng {
    const key = `${this.key}/${label}`;
    return new Rng(key, hash53(key));
  }

  state(): RngState {
    const s = this.gen.state();
    return { key: this.key, a: s.a, b: s.b, c: s.c, d: s.d };
  }

  /** Uniform on [0, 1), 32 bits of resolution. */
  next(): number {
    return this.gen();
  }

  /** Uniform on [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.gen();
  }

  /** Integer uniform on {0, ..., n-1}. */
  int(n: number): number {
    return Math.floor(this.gen() * n);
  }

  /** Standard normal by the Box-Muller transform (no cached spare, so state stays four words). */
  normal(mean = 0, sd = 1): number {
    let u = this.gen();
    while (u === 0) u = this.gen();
    const v = this.gen();
    return mean + sd * Math.sqrt(-2 * fm.log(u)) * fm.cosTurn(v);
  }

  /** Log-normal multiplier with median 1: exp(N(0, sigma)). */
  lognormalFactor(sigma: number): number {
    return sigma === 0 ? 1 : fm.exp(this.normal(0, sigma));
  }
}

/** A seed written as text (the command line, a page's address): a whole number from 0 to 2^53 - 1. */
export function seedFromText(text: string): number | undefined {
  return /^\d{1,16}$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
}
