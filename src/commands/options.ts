/** Parsing of the flags every command shares; each bad value is a UserError naming its flag. */
import { UserError } from '../errors.js';
import { printable } from '../format.js';
import { jsonText } from '../io/json.js';
import type { Seed } from '../random/streams.js';
import { SAMPLING_METHODS, type SamplingMethod } from '../sampling/design.js';
import { availableParallelism } from 'node:os';

export const MAX_SAMPLES = 1e10;

/** What every sampling command takes, parsed once in cli.ts (withSamplingFlags, samplingOptions). */
export interface SamplingOptions {
  samples: number;
  seed: Seed;
  /** Speed only: results never depend on it. */
  threads: number;
  /** The sampling design: plain Monte Carlo, Latin hypercube or scrambled Sobol. */
  method?: SamplingMethod;
  json: boolean;
  /** Path of the HTML page, or false for none. */
  report: string | false;
  /** The command line as typed, for the page's "reproduce" section. */
  commandLine: string;
}

export function parseSamples(text: string, field = '--samples'): number {
  const cleaned = text.replace(/[_,]/g, '');
  const n = /^\d+(\.\d+)?(e\d+)?$/i.test(cleaned) ? Number(cleaned) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_SAMPLES) {
    throw new UserError(`'${text}' is not a valid sample count: give a whole number from 1 to ${MAX_SAMPLES.toExponential()} (1000000, 1e6 and 1_000_000 all work)`, { field });
  }
  return n;
}

/**
 * `--precision`: a relative half-width as a percentage ("1%", "0.5%") or a fraction ("0.01"),
 * strictly between 0 and 100%.
 */
export function parsePrecision(text: string): number {
  const match = /^\s*(\d+(?:\.\d*)?|\.\d+)(?:e(-?\d+))?\s*(%?)\s*$/i.exec(text);
  const value = match ? Number(`${match[1]}${match[2] !== undefined ? `e${match[2]}` : ''}`) / (match[3] ? 100 : 1) : NaN;
  if (!(value > 0 && value < 1)) {
    throw new UserError(
      `'${text}' is not a valid precision: give the 95% intervals' relative half-width as a percentage between 0% and 100%, exclusive, e.g. 1% or 0.5%`,
      { field: '--precision' },
    );
  }
  return value;
}

/** An integer stays a number (printed as such in JSON); anything else non-empty is a string seed. */
export function parseSeed(text: string): Seed {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new UserError(`'${text}' is too large for an integer seed: use at most ${Number.MAX_SAFE_INTEGER}, or quote any text as a string seed`, { field: '--seed' });
    return n;
  }
  if (text.trim() === '') throw new UserError('the seed is empty: give an integer or a non-empty string', { field: '--seed' });
  return text;
}

export function parseMethod(text: string | undefined): SamplingMethod {
  if (text === undefined) return 'mc';
  const method = SAMPLING_METHODS.find((m) => m === text.toLowerCase());
  if (!method) throw new UserError(`'${printable(text)}' is not a sampling method: give mc (plain Monte Carlo), lhs (Latin hypercube) or qmc (scrambled Sobol)`, { field: '--method' });
  return method;
}

export function parseThreads(text: string | undefined): number {
  if (text === undefined) return availableParallelism();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 256) {
    throw new UserError(`'${text}' is not a valid thread count: give a whole number from 1 to 256`, { field: '--threads' });
  }
  return n;
}

/**
 * The end of every sampling command: JSON alone, or the text then each output path written,
 * and a write that failed after sampling thrown only once the results are on screen.
 */
export function printResult(
  io: { stdout: NodeJS.WritableStream },
  json: boolean,
  result: unknown,
  text: () => string,
  written: readonly [label: string, path: string | false | undefined][],
  failure: UserError | undefined,
): void {
  if (json) io.stdout.write(jsonText(result));
  else {
    io.stdout.write(text());
    if (!failure) for (const [label, path] of written) if (path) io.stdout.write(`\n${label}: ${printable(path)}\n`);
  }
  if (failure) throw failure;
}
