/**
 * `--vary NAME=FROM:TO[:STEPS]`: which assumption a sweep moves and the values it takes,
 * checked against the assumption's domain before anything is loaded or sampled.
 */
import { UserError } from '../errors.js';
import { findAssumption, describeDomain, domainBounds } from '../model/assumptions.js';
import { unknownAssumption } from '../scenario/validate.js';

export const DEFAULT_STEPS = 11;
/** More points than this add run time, not insight: 101 is every 1% of a share. */
export const MAX_STEPS = 101;

export type Spacing = 'linear' | 'log';

export interface Vary {
  name: string;
  from: number;
  to: number;
  steps: number;
  spacing: Spacing;
}

const FIELD = '--vary';
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const FORM = `give NAME=FROM:TO or NAME=FROM:TO:STEPS, e.g. tiktok_ai_share=0:1:11`;

function number(text: string, what: string, arg: string): number {
  const cleaned = text.trim().replace(/_/g, '');
  const x = NUMBER.test(cleaned) ? Number(cleaned) : NaN;
  if (!Number.isFinite(x)) throw new UserError(`'${arg}': ${what} '${text}' is not a number; ${FORM}`, { field: FIELD });
  return x;
}

function inDomain(x: number, name: string): boolean {
  const { min, max, minOpen, maxOpen } = domainBounds(findAssumption(name)!.domain);
  return (minOpen ? x > min : x >= min) && (maxOpen ? x < max : x <= max);
}

/** Parses and checks `--vary`; every problem is a UserError naming the flag. */
export function parseVary(arg: string, spacing: Spacing = 'linear'): Vary {
  const eq = arg.indexOf('=');
  const name = eq < 0 ? '' : arg.slice(0, eq).trim();
  if (!name) throw new UserError(`'${arg}' is not NAME=FROM:TO[:STEPS]; ${FORM}`, { field: FIELD });
  if (!findAssumption(name)) throw new UserError(`'${arg}': ${unknownAssumption(name)}`, { field: FIELD });
  const parts = arg.slice(eq + 1).split(':');
  if (parts.length < 2 || parts.length > 3) throw new UserError(`'${arg}' is not NAME=FROM:TO[:STEPS]; ${FORM}`, { field: FIELD });
  const from = number(parts[0], 'FROM', arg);
  const to = number(parts[1], 'TO', arg);
  const steps = parts.length === 3 ? number(parts[2], 'STEPS', arg) : DEFAULT_STEPS;
  if (!Number.isInteger(steps) || steps < 2 || steps > MAX_STEPS) {
    throw new UserError(`'${arg}': STEPS must be a whole number from 2 to ${MAX_STEPS}, got ${parts[2]}`, { field: FIELD });
  }
  if (from === to) throw new UserError(`'${arg}': FROM and TO are both ${from}; give two different values`, { field: FIELD });
  const domain = findAssumption(name)!.domain;
  for (const [end, x] of [['FROM', from], ['TO', to]] as const) {
    if (!inDomain(x, name)) throw new UserError(`'${arg}': ${end} ${x} is outside ${name}'s domain: it must be ${describeDomain(domain)}`, { field: FIELD });
  }
  if (spacing === 'log' && !(from > 0 && to > 0)) {
    throw new UserError(`'${arg}': --log spaces points geometrically, so FROM and TO must be greater than 0`, { field: FIELD });
  }
  return { name, from, to, steps, spacing };
}

/**
 * The values a sweep takes, FROM and TO exactly at the ends. Inner values are rounded to 12
 * significant digits, so 0.1:1:10 gives 0.3, not 0.30000000000000004: the value printed is
 * the value sampled, and `run --set NAME=<printed value>` reproduces the point.
 */
export function sweepValues({ from, to, steps, spacing }: Vary): number[] {
  const last = steps - 1;
  return Array.from({ length: steps }, (_, i) => {
    if (i === 0) return from;
    if (i === last) return to;
    const x = spacing === 'log' ? from * (to / from) ** (i / last) : from + ((to - from) * i) / last;
    return Number(x.toPrecision(12));
  });
}
